package dev.irqcheck.model.variant;

/**
 * The host hard-IRQ handler VFIO installs for the device, and how it masks and unmasks.
 *
 * <p>VFIO_PLATFORM_AUTOMASKED: drivers/vfio/platform/vfio_platform_irq.c
 * vfio_automasked_irq_handler: disable_irq_nosync, masked = 1, signal the trigger; unmask is
 * enable_irq and a still-high line re-fires.
 * <p>VFIO_PLATFORM_EDGE: vfio_irq_handler: signal only, no masking.
 * <p>VFIO_PCI_INTX_DISINTX: drivers/vfio/pci/vfio_pci_intrs.c with PCI 2.3 INTx masking
 * (pci_2_3): the handler masks with pci_check_and_mask_intx (sets DisINTx only if the status bit
 * is set) on a shared host IRQ; the unmask handler uses pci_check_and_unmask_intx, which refuses
 * while the device is still pending and then has the trigger re-signalled (from a work item on
 * the virqfd path, directly on the ioctl path).
 * <p>VFIO_PCI_INTX_EXCLUSIVE: the same file without PCI 2.3 masking: an exclusive host IRQ masked
 * with disable_irq_nosync (unconditionally, also when already masked) and unmasked with
 * enable_irq; its set-up sequence is the {@link ExclusiveSetup} variant.
 * <p>QEMU_EMULATED: not an assigned device: QEMU's device model drives its SPI with KVM_IRQ_LINE
 * (arch/arm64/kvm/arm.c kvm_vm_ioctl_irq_line -> kvm_vgic_inject_irq, owner NULL), raising it
 * when the device has a condition and lowering it when the guest's register access clears it.
 */
public enum HostHandlerKind {
    VFIO_PLATFORM_AUTOMASKED, VFIO_PLATFORM_EDGE, VFIO_PCI_INTX_DISINTX, VFIO_PCI_INTX_EXCLUSIVE, QEMU_EMULATED;

    /** Whether the handler masks the host line until an unmask (every VFIO level handler does). */
    public boolean automasks() {
        return this != VFIO_PLATFORM_EDGE && this != QEMU_EMULATED;
    }

    /** Whether the device reaches KVM through VFIO and an irqfd (or else through KVM_IRQ_LINE). */
    public boolean isVfio() {
        return this != QEMU_EMULATED;
    }

    public boolean isPci() {
        return this == VFIO_PCI_INTX_DISINTX || this == VFIO_PCI_INTX_EXCLUSIVE;
    }
}
