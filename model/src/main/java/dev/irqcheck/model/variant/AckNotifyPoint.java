package dev.irqcheck.model.variant;

/**
 * Where the GICv3 fold calls kvm_notify_acked_irq for an EOI'd level SPI, which is the only way a
 * guest EOI reaches the irqfd resampler.
 *
 * <p>BEFORE_FOLD_ALWAYS: Linux up to 6.18 (vgic_v3_fold_lr_state, e.g. torvalds/linux@016cbbd2),
 * and the GICv2 fold: for each LR that lr_signals_eoi_mi (invalid, EOI, not HW) and is a valid
 * SPI, notify before taking the irq lock.
 *
 * <p>AFTER_FOLD_IF_DEACTIVATED: the 6.19 rework ("KVM: arm64: GICv3: Add SPI tracking to handle
 * asymmetric deactivation", as stored at gregkh/linux@cd28ca4c vgic_v3_fold_lr): notify after the
 * irq lock section, and only if {@code deactivated = irq->active && !(LR.active)}. irq->active is
 * set only by a fold, so a level SPI acknowledged and EOI'd within one guest run is not
 * "deactivated" and gets no notification. Read from stored sources; check current mainline
 * before reporting it upstream.
 */
public enum AckNotifyPoint { BEFORE_FOLD_ALWAYS, AFTER_FOLD_IF_DEACTIVATED }
