package dev.irqcheck.model.variant;

/**
 * Which LRs the reworked (6.19) GICv3 fold passes to kvm_notify_acked_irq, and so to the irqfd
 * resampler. Only the fold that notifies after its lock section ({@link AckNotifyPoint#AFTER_FOLD_IF_DEACTIVATED})
 * has the choice; up to 6.18 every EOI'd LR is notified.
 *
 * <ul>
 * <li>{@code deactivated}: the kernel as read (vgic_v3_fold_lr in swamiljain/linux-next@34092b7d,
 * arch/arm64/kvm/vgic/vgic-v3.c; from "KVM: arm64: GICv3: Add SPI tracking to handle asymmetric
 * deactivation", 6.19-rc1): {@code if (deactivated && lr_signals_eoi_mi(val) && vgic_valid_spi(..))}
 * notify and {@code atomic_dec_if_positive(&active_spis)}, where {@code deactivated = irq->active
 * && !(val & ICH_LR_ACTIVE_BIT)}. An SPI that entered the LR pending only and was acknowledged and
 * EOI'd in one run is not notified (docs/upstream/vgic-v3-fold-resample.md).</li>
 * <li>{@code eoi-signalled}: the proposed fix: notify whenever {@code lr_signals_eoi_mi(val) &&
 * vgic_valid_spi(..)} (the pre-6.19 condition), and keep {@code deactivated} only for the
 * {@code active_spis} decrement. Not in any tree read.</li>
 * </ul>
 */
public enum FoldNotify implements Spelled {
    DEACTIVATED("deactivated"),
    EOI_SIGNALLED("eoi-signalled");

    private final String spelling;

    FoldNotify(String spelling) {
        this.spelling = spelling;
    }

    @Override public String spelling() { return spelling; }
}
