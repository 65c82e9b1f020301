package dev.irqcheck.model.vgic;

/**
 * A trapped guest write to the distributor that the vCPU thread handles after the exit's sync and
 * before re-entry (arch/arm64/kvm/vgic/vgic-mmio.c), or the resampler notification the
 * resample-on-unmask variant owes after the lock.
 */
public enum MmioOp {
    NONE, CLEAR_ENABLE, SET_ENABLE, NOTIFY_RESAMPLER, SET_PENDING, CLEAR_PENDING, SET_ACTIVE, CLEAR_ACTIVE, TOGGLE_CONFIG,
    /** A register access to a QEMU-emulated device (not the GIC): QEMU updates its line. */
    EMULATED_ACCESS;

    /** I{S,C}ACTIVER halt every vCPU (kvm_arm_halt_guest) while the write is handled. */
    public boolean haltsGuest() {
        return this == SET_ACTIVE || this == CLEAR_ACTIVE;
    }
}
