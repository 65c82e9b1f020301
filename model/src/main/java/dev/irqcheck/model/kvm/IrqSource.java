package dev.irqcheck.model.kvm;

/** The irq_source_id a level write carries (include/linux/kvm_host.h). */
public enum IrqSource {
    /** KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID: every resample irqfd and the resampler's lower. */
    RESAMPLE,
    /** KVM_USERSPACE_IRQ_SOURCE_ID: plain irqfds and userspace KVM_IRQ_LINE. */
    USERSPACE
}
