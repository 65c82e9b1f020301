package dev.irqcheck.model.variant;

/**
 * What the VMM does around a KVM_IRQFD deassign/re-assign (e.g. QEMU's vfio_intx_update on a
 * routing change, or switching INTx between the KVM and the userspace path).
 * KVM_ONLY: just the two ioctls. irqfd_shutdown lowers the GSI when the last resample irqfd goes
 * (irqfd_resampler_shutdown), which wipes an assertion the guest has not taken yet, while VFIO
 * keeps the host line masked. QEMU_UNMASK_AFTER: as QEMU's vfio_intx_enable_kvm ends ("Let'em
 * rip"), a VFIO_DEVICE_SET_IRQS unmask after the re-assign, so a still-pending device re-fires.
 */
public enum ReassignProtocol { KVM_ONLY, QEMU_UNMASK_AFTER }
