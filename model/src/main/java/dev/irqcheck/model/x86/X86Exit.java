package dev.irqcheck.model.x86;

/**
 * Why an x86 vCPU is out of guest mode, and how far KVM got with the access that trapped. The
 * guest instruction completes, and the vCPU re-enters, only when KVM finished: NONE.
 * RTE_MASK / RTE_UNMASK: the guest's IOAPIC redirection-entry write (ioapic_mmio_write ->
 * ioapic_write_indirect). EOI: a LAPIC EOI write of a vector KVM must see (apic_set_eoi ->
 * kvm_ioapic_send_eoi). The stages of kvm_ioapic_update_eoi_one with ioapic->lock dropped:
 * ACK_LOWER and ACK_SIGNAL are irqfd_resampler_ack's two halves (kvm_notify_acked_irq); RELOCK
 * re-takes the lock to clear remote_irr.
 * EMULATED_ACCESS: the guest's access to a QEMU-emulated device's registers, which QEMU completes
 * under the BQL (it is not made under desc->lock: handle_irq_event dropped it).
 * RETRIGGER: enable_irq's apic_retrigger_irq, the guest's ICR write sending the IRQ's vector as a
 * fixed IPI (kvm_apic_send_ipi), made under desc->lock.
 * PCI_COMMAND_WRITE: the driver's config-space write enabling INTx, which QEMU completes
 * (vfio_basic_config_write); not under desc->lock. Its device is X86Fields.exitDevice.
 * The 8259's port writes (picdev_write -> pic_ioport_write under pic->lock), with {@code pic:
 * unmasked}: PIC_MASK_ACK is mask_and_ack_8259A's IMR write, after which its specific EOI follows
 * (PIC_EOI); PIC_MASK / PIC_UNMASK are mask_8259A_irq / unmask_8259A_irq's IMR writes. PIC_EOI clears
 * the ISR bit and drops pic->lock in pic_clear_isr; PIC_ACK_LOWER and PIC_ACK_SIGNAL are
 * irqfd_resampler_ack's halves inside kvm_notify_acked_irq; PIC_RELOCK re-takes the lock for
 * pic_update_irq. PIC_EOI_CASCADE is a slave line's second EOI, to the master's IRQ 2;
 * PIC_SPURIOUS_EOI the same write after a spurious IRQ 15, which no line's desc->lock covers.
 */
public enum X86Exit {
    NONE, RTE_MASK, RTE_UNMASK, EOI, ACK_LOWER, ACK_SIGNAL, RELOCK, EMULATED_ACCESS,
    PIC_MASK_ACK, PIC_MASK, PIC_UNMASK, PIC_EOI, PIC_ACK_LOWER, PIC_ACK_SIGNAL, PIC_RELOCK, PIC_EOI_CASCADE,
    PIC_SPURIOUS_EOI, RETRIGGER, PCI_COMMAND_WRITE
}
