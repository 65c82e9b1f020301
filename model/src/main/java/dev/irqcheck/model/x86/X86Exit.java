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
 */
public enum X86Exit { NONE, RTE_MASK, RTE_UNMASK, EOI, ACK_LOWER, ACK_SIGNAL, RELOCK, EMULATED_ACCESS, RETRIGGER, PCI_COMMAND_WRITE }
