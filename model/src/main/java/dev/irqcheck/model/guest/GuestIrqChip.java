package dev.irqcheck.model.guest;

/**
 * The interrupt controller as the guest's Linux uses it, the seam that lets one set of guest
 * execution contexts run on either architecture. IRQs are positions in Topology.guestIrqs().
 * Every register access the guest makes that traps leaves the vCPU out of guest mode until KVM
 * completed it (the vCPU's run loop does that part).
 *
 * <p>arm64 (GICv3, EOImode 0): acknowledge is ICV_IAR1 (a list register becomes active), the EOI
 * is ICV_EOIR1 and does not trap, mask/unmask are trapped GICD_IC/ISENABLER writes. x86: acknowledge
 * is the LAPIC's IRR -> ISR, the EOI is a LAPIC EOI write that traps for a vector KVM must see
 * (kvm_ioapic_send_eoi runs before the write completes), mask/unmask are trapped IOAPIC
 * redirection-entry writes.
 */
public interface GuestIrqChip {
    /** The vCPU runs guest code and nothing forces an exit before its next guest step. */
    boolean runsGuestCode(long[] s, int vcpu);

    /** Something is deliverable to the vCPU: its next acknowledge returns an IRQ. */
    boolean hasDeliverable(long[] s, int vcpu);

    /**
     * Takes the deliverable IRQ (ICV_IAR / the LAPIC's IRR -> ISR / the 8259's INTA) and returns it,
     * or -1 for a spurious interrupt that runs no handler and whose writes the chip issues itself
     * (the slave 8259's IRQ 15).
     */
    int acknowledge(long[] s, long[] n, int vcpu);

    /** The observer marks of an acknowledge of the IRQ while some device on it (does not) need service. */
    void observeAcknowledge(long[] s, long[] n, int irq, boolean deviceNeedsService);

    /** The end of interrupt for an IRQ this vCPU acknowledged (cond_unmask_eoi_irq -> irq_eoi). */
    void endOfInterrupt(long[] s, long[] n, int vcpu, int irq);

    /** mask_irq's chip write (it traps); the caller has set IRQD_IRQ_MASKED. */
    void mask(long[] n, int vcpu, int irq);

    /** unmask_irq's chip write (it traps); the caller has cleared IRQD_IRQ_MASKED. */
    void unmask(long[] n, int vcpu, int irq);

    /**
     * check_irq_resend -> try_retrigger for an edge IRQ that arrived while disabled (IRQS_PENDING):
     * the chip's irq_retrigger makes the interrupt pending again (it traps). GICv3: gic_retrigger
     * writes GICD_ISPENDR. x86: ioapic_chip's irq_chip_retrigger_hierarchy reaches the vector
     * domain's apic_retrigger_irq, an IPI of the IRQ's vector to apicd->cpu (its effective affinity).
     */
    void retrigger(long[] n, int vcpu, int irq);

    /**
     * The driver's PCI_COMMAND write enabling INTx (pci_intx): a config-space access, not an
     * interrupt-controller one, but trapped by the same vCPU run loop and completed by QEMU
     * (vfio_pci_write_config -> vfio_basic_config_write) before the vCPU re-enters. arm64: an MMIO
     * exit (ECAM); x86: a port I/O (0xCF8/0xCFC) or MMCONFIG exit.
     */
    void pciCommandWrite(long[] n, int vcpu, int device);

    /** Some vCPU's PCI_COMMAND write for the device is still in flight. */
    boolean pciCommandWriteInFlight(long[] s, int device);

    /** Some vCPU has a trapped access the guest issued under this IRQ's desc->lock still in flight. */
    boolean accessUnderDescLock(long[] s, int vcpu, int irq);

    /**
     * The IRQ's effective affinity: the CPU its thread runs on (one CPU on GICv3 and on the
     * IOAPIC), or -1 when it has none (the 8259's IRQs with noapic), and the thread may run anywhere.
     */
    int effectiveAffinity(long[] s, int irq);

    /** irq_thread_check_affinity's outcome: the IRQ's thread may run on the vCPU. */
    default boolean threadRunsOn(long[] s, int irq, int vcpu) {
        int cpu = effectiveAffinity(s, irq);
        return cpu < 0 || cpu == vcpu;
    }

    /** Devices whose interrupt reaches the IRQ (the devices its handler services). Callers must not modify the array. */
    int[] devicesOf(long[] s, int irq);

    /**
     * Every device on the IRQ was just serviced by the guest; {@code n} is the next state. A chip
     * whose access must go to a device model traps here (an emulated device); otherwise it marks a
     * level it still latches as stale (an observer).
     */
    void serviced(long[] s, long[] n, int vcpu, int irq);

    /** The guest configured the IRQ edge-triggered (the SPI's device-tree trigger; the IOAPIC pin's RTE). */
    boolean configuredEdge(int irq);

    /**
     * Linux handles the IRQ with handle_edge_irq rather than handle_fasteoi_irq: x86's edge IOAPIC
     * pins (mp_register_handler: fasteoi only for level). The GIC uses fasteoi for both triggers.
     */
    boolean edgeFlow(int irq);

    /**
     * Linux handles the IRQ with handle_level_irq: the 8259's lines (make_8259A_irq:
     * {@code irq_set_chip_and_handler(irq, &i8259A_chip, handle_level_irq)}), whichever their ELCR mode.
     */
    default boolean levelFlow(int irq) {
        return false;
    }

    /**
     * handle_level_irq's mask_ack_irq through the chip's irq_mask_ack (i8259A_chip's
     * mask_and_ack_8259A: the IMR write, then the specific EOI; each traps). The caller has set
     * IRQD_IRQ_MASKED. Only chips with a {@link #levelFlow} IRQ have it.
     */
    default void maskAck(long[] n, int vcpu, int irq) {
        throw new UnsupportedOperationException("no irq_mask_ack on this chip");
    }

    /** How traces name the acknowledge, e.g. "IAR (icv_iar_read)". */
    String acknowledgeName();

    /** How traces name the EOI, e.g. "EOIR (gic_eoi_irq -> icv_eoir_write)". */
    String eoiName();

    /** How traces name mask_irq's register write, e.g. "GICD_ICENABLER". */
    String maskName();

    /** How traces name unmask_irq's register write, e.g. "GICD_ISENABLER". */
    String unmaskName();

    /** How traces name irq_retrigger's access, e.g. "gic_retrigger (GICD_ISPENDR, traps)". */
    String retriggerName();
}
