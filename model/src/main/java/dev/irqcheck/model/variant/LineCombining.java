package dev.irqcheck.model.variant;

/**
 * How level writes from several sources to one interrupt combine.
 * LAST_WRITER_WINS: arm64 today: vgic_irqfd_set_irq and kvm_vm_ioctl_irq_line ignore the
 * irq_source_id and write the one line_level (kvm_vgic_inject_irq), so a 0 from any writer
 * clears another's 1. OR_PER_SOURCE: as the x86 IOAPIC does (kvm_ioapic_set_irq,
 * __kvm_irq_line_state): one level per source ID (KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID for resample
 * irqfds and the resampler; KVM_USERSPACE_IRQ_SOURCE_ID for plain irqfds and KVM_IRQ_LINE), and
 * the line is their OR.
 */
public enum LineCombining { LAST_WRITER_WINS, OR_PER_SOURCE }
