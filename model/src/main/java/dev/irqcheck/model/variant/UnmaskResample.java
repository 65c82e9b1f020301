package dev.irqcheck.model.variant;

/**
 * What the VGIC does when the guest re-enables (GICD_ISENABLER) a level SPI driven by a resample
 * irqfd whose line is still latched high.
 * ABSENT: arm64 today (vgic_mmio_write_senable): enabled := 1 and queue; only HW-mapped level IRQs
 * re-sample their line. PRESENT: a proposal modelled on (not a copy of) the x86 IOAPIC fix of Linux 6.3
 * (fef8f2b90edb, ioapic_write_indirect -> kvm_notify_irqfd_resampler): if the SPI is level, not
 * HW, has line_level and no pending latch, is not active and on no ap_list, and a resampler owns
 * its GSI, then lower line_level, set enabled without queueing, and after the lock signal every
 * resamplefd on the GSI, so the host re-samples the device instead of the guest taking a stale
 * level. Unlike x86, which clears the combined irr (dropping a level KVM_IRQ_LINE holds too),
 * under OR per source only the resample source is withdrawn. No such code exists for arm64.
 */
public enum UnmaskResample { ABSENT, PRESENT }
