package dev.irqcheck.model.vgic;

/**
 * A trapped guest access to the distributor (or to an emulated device) that the vCPU thread handles after the exit's sync and
 * before re-entry (arch/arm64/kvm/vgic/vgic-mmio.c), or the resampler notification the
 * resample-on-unmask variant owes after the lock.
 */
public enum MmioOp {
    NONE, CLEAR_ENABLE, SET_ENABLE, NOTIFY_RESAMPLER, SET_PENDING, CLEAR_PENDING, SET_ACTIVE, CLEAR_ACTIVE, TOGGLE_CONFIG,
    /** A register access to a QEMU-emulated device (not the GIC): QEMU updates its line. */
    EMULATED_ACCESS,
    /** GICD_IROUTER: the guest's irq_set_affinity retargets the SPI to the vCPU the access carries. */
    SET_TARGET,
    /**
     * A write to a VFIO-PCI device's PCI_COMMAND (config space, emulated by QEMU): the access
     * carries the device; QEMU passes it to VFIO (vfio_basic_config_write) before re-entry.
     */
    PCI_COMMAND_WRITE,
    /**
     * GICD_ISPENDR written by gic_retrigger: enable_irq's check_irq_resend replaying an edge
     * interrupt that arrived while the IRQ was disabled; issued under desc->lock.
     */
    RETRIGGER;

    /** I{S,C}ACTIVER halt every vCPU (kvm_arm_halt_guest) while the write is handled. */
    public boolean haltsGuest() {
        return this == SET_ACTIVE || this == CLEAR_ACTIVE;
    }

    /**
     * The guest issues it under the irq descriptor's desc->lock (mask_irq, unmask_irq,
     * irq_set_affinity, check_irq_resend), which it holds until the access completes; the resampler notification
     * the resample-on-unmask variant owes is still part of the GICD_ISENABLER access.
     */
    public boolean underDescLock() {
        return this == CLEAR_ENABLE || this == SET_ENABLE || this == NOTIFY_RESAMPLER || this == SET_TARGET
                || this == RETRIGGER;
    }
}
