package dev.irqcheck.model.x86.ioapic;

/** What the IOAPIC calls in virt/kvm/eventfd.c for a GSI, without knowing the irqfds. */
public interface ResamplerHooks {
    /**
     * kvm_notify_irqfd_resampler (Linux 6.3+): if a resampler owns the GSI, signal all its
     * resamplefds (irqfd_resampler_notify, synchronous consumers run inside eventfd_signal) and
     * return true; else false. It does not lower the resample source.
     */
    boolean notifyIrqfdResampler(long[] next, int gsi);

    /** Whether kvm_notify_acked_irq for the GSI reaches an ack notifier (a resampler). */
    boolean hasAckNotifier(long[] state, int gsi);
}
