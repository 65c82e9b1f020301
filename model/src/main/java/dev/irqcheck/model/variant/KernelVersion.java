package dev.irqcheck.model.variant;

/**
 * The Linux release modelled, where the arm64 interrupt path changed between releases. Each value
 * names the behaviours that differ and the change that made them differ.
 *
 * <ul>
 * <li>{@code 5.8}: the last release before "KVM: arm64: Allow in-atomic injection of SPIs" (Marc
 * Zyngier, merged for 5.9). {@code kvm_arch_set_irq_inatomic} accepted only MSIs with an ITS, so
 * {@code irqfd_wakeup} always deferred an SPI to the {@code irqfd_inject} work item: a plain irqfd
 * pulses the line 1 then 0, a resample irqfd asserts it on KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID. The
 * GICv3 fold calls {@code kvm_notify_acked_irq} for every EOI'd level LR.</li>
 * <li>{@code 6.2}: x86 only differs: the last release before "KVM: x86/ioapic: Resample the pending
 * state of an IRQ when unmasking" (fef8f2b90edb, in 6.3): {@code ioapic_write_indirect} re-injects a
 * pending level pin on any RTE write ({@code ioapic_service}) instead of asking the resampler. On
 * arm64 6.2 is 6.18's path (inline injection since 5.9, the fold before 6.19).</li>
 * <li>{@code 6.18}: since 5.9 {@code irqfd_wakeup} calls {@code kvm_arch_set_irq_inatomic}, which for
 * an IRQCHIP route injects level 1 at once ({@code vgic_irqfd_set_irq} -> {@code
 * kvm_vgic_inject_irq}, source KVM_USERSPACE_IRQ_SOURCE_ID, plain and resample irqfds alike); the
 * work item runs only when that returns -EWOULDBLOCK (and from {@code kvm_irqfd_assign} for an
 * eventfd already signalled). A plain irqfd never lowers a level SPI. The fold is 5.8's.</li>
 * <li>{@code 6.19}: 6.18's injection, and the VGIC list-register rework ("KVM: arm64: GICv3: Add SPI
 * tracking to handle asymmetric deactivation", pulled for 6.19-rc1): {@code vgic_v3_fold_lr}
 * notifies only when {@code deactivated = irq->active && !(LR.active)} (docs/findings.md,
 * finding 1). The newest release read, and the default.</li>
 * </ul>
 * On x86 every release resamples on unmask from 6.3 on; 5.8 and 6.2 do not. x86 injection through
 * an IRQCHIP route never changed: {@code kvm_arch_set_irq_inatomic} returns -EWOULDBLOCK for it, so
 * {@code irqfd_inject} always runs from the work item.
 * <ul>
 * </ul>
 */
public enum KernelVersion implements Spelled {
    V5_8("5.8", false, AckNotifyPoint.BEFORE_FOLD_ALWAYS, false),
    V6_2("6.2", true, AckNotifyPoint.BEFORE_FOLD_ALWAYS, false),
    V6_18("6.18", true, AckNotifyPoint.BEFORE_FOLD_ALWAYS, true),
    V6_19("6.19", true, AckNotifyPoint.AFTER_FOLD_IF_DEACTIVATED, true);

    /** Linux as it is: the newest release modelled. */
    public static final KernelVersion NEWEST = V6_19;

    private final String spelling;
    private final boolean injectsSpisInline;
    private final AckNotifyPoint ackNotify;
    private final boolean ioapicResamplesOnUnmask;

    KernelVersion(String spelling, boolean injectsSpisInline, AckNotifyPoint ackNotify, boolean ioapicResamplesOnUnmask) {
        this.spelling = spelling;
        this.injectsSpisInline = injectsSpisInline;
        this.ackNotify = ackNotify;
        this.ioapicResamplesOnUnmask = ioapicResamplesOnUnmask;
    }

    /** x86: ioapic_write_indirect resamples a pending level pin through kvm_notify_irqfd_resampler (6.3+, fef8f2b90edb). */
    public boolean ioapicResamplesOnUnmask() { return ioapicResamplesOnUnmask; }

    @Override public String spelling() { return spelling; }

    /** irqfd_wakeup injects an SPI in the signaller's context instead of queueing irqfd_inject. */
    public boolean injectsSpisInline() { return injectsSpisInline; }

    /**
     * The late-2025 VGIC rework: active_spis and the TDIR trap, the maintenance-interrupt summary
     * (NPIE, LRENPIE, UIE), pending-before-active ap_list sort and the EOIcount replay.
     */
    public boolean reworkedVgic() { return this == V6_19; }

    /** Where this release's GICv3 fold notifies the resampler. */
    public AckNotifyPoint ackNotify() { return ackNotify; }
}
