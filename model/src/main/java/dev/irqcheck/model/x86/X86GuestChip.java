package dev.irqcheck.model.x86;

import dev.irqcheck.model.x86.ioapic.Ioapic;
import dev.irqcheck.model.x86.lapic.Lapic;

/**
 * The LAPIC and IOAPIC as a Linux guest uses them for a level IOAPIC interrupt
 * (arch/x86/kernel/apic/io_apic.c ioapic_chip). Acknowledge: the vCPU takes the vector from IRR into
 * ISR (kvm_cpu_get_interrupt at entry, or APICv). EOI: handle_fasteoi_irq's irq_eoi is
 * ioapic_ack_level -> apic_eoi, a LAPIC EOI write; for a vector in ioapic_handled_vectors it
 * traps and KVM's EOI processing (X86VcpuLoop) finishes before the instruction completes. With a
 * version 0x11 IOAPIC and the vector's TMR bit set, Linux writes no IOAPIC EOI (__eoi_ioapic_pin
 * runs only for TMR clear). mask_irq/unmask_irq: mask_ioapic_irq/unmask_ioapic_irq write the
 * redirection entry's low dword with the mask bit (IOREGSEL then IOWIN: one trapped access here;
 * the read-back io_apic_sync adds nothing KVM acts on). irq_retrigger: an IPI of the vector (see
 * {@link #retrigger}). Abstracted: interrupt remapping (ioapic_ir_chip), and affinity moves in
 * ioapic_ack_level (no retargets on x86 yet).
 */
final class X86GuestChip extends X86ChipBase {
    private final Lapic lapic;
    private final Ioapic ioapic;
    private final int[][] devicesOfPin;
    private final boolean[] pinHasEmulatedDevice;

    X86GuestChip(X86Fields fields, Lapic lapic, Ioapic ioapic, int[][] devicesOfPin, boolean[] pinHasEmulatedDevice) {
        super(fields);
        this.lapic = lapic;
        this.ioapic = ioapic;
        this.devicesOfPin = devicesOfPin;
        this.pinHasEmulatedDevice = pinHasEmulatedDevice;
    }

    @Override
    public boolean hasDeliverable(long[] s, int vcpu) {
        return lapic.deliverable(s, vcpu) >= 0;
    }

    @Override
    public int acknowledge(long[] s, long[] n, int vcpu) {
        int pin = lapic.deliverable(s, vcpu);
        lapic.acknowledge(n, vcpu, pin);
        return pin;
    }

    /** Observer: the strict marker, and the stale one when the vector came from a stale irr. */
    @Override
    public void observeAcknowledge(long[] s, long[] n, int pin, boolean deviceNeedsService) {
        if (!deviceNeedsService) {
            f.ioapic.spuriousAck[pin].set(n, true);
            if (f.ioapic.staleDelivery[pin].get(s)) {
                f.ioapic.staleAck[pin].set(n, true);
            }
        }
    }

    /** ioapic_ack_level -> apic_eoi: the LAPIC EOI write traps; KVM's kvm_ioapic_send_eoi comes next. */
    @Override
    public void endOfInterrupt(long[] s, long[] n, int vcpu, int pin) {
        trap(n, vcpu, X86Exit.EOI, pin);
    }

    @Override
    public void mask(long[] n, int vcpu, int pin) {
        trap(n, vcpu, X86Exit.RTE_MASK, pin);
    }

    @Override
    public void unmask(long[] n, int vcpu, int pin) {
        trap(n, vcpu, X86Exit.RTE_UNMASK, pin);
    }

    /**
     * check_irq_resend -> try_retrigger: ioapic_chip's irq_retrigger is irq_chip_retrigger_hierarchy,
     * which walks to the vector domain's lapic_controller: apic_retrigger_irq takes vector_lock and
     * sends the IRQ's vector to apicd->cpu ({@code __apic_send_IPI(apicd->cpu, apicd->vector)}, fixed
     * delivery, edge). The guest's ICR write traps (x2APIC MSR or xAPIC MMIO write); KVM completes it
     * in X86VcpuLoop. Abstracted: IPI virtualization (IPIv/AVIC send the IPI without an exit, with the
     * same effect on the target's IRR) and posted-MSI vectors.
     */
    @Override
    public void retrigger(long[] n, int vcpu, int pin) {
        trap(n, vcpu, X86Exit.RETRIGGER, pin);
    }

    /**
     * desc->lock is held across every trapped access the guest makes for the IRQ until KVM completed
     * it: mask_ioapic_irq and unmask_ioapic_irq, and the LAPIC EOI (cond_unmask_eoi_irq's irq_eoi and
     * handle_edge_irq's irq_ack both run under it), through kvm_ioapic_update_eoi's lock drop.
     */
    @Override
    public boolean accessUnderDescLock(long[] s, int vcpu, int pin) {
        X86Exit e = f.exit[vcpu].get(s);
        return e != X86Exit.NONE && e != X86Exit.EMULATED_ACCESS && e != X86Exit.PCI_COMMAND_WRITE
                && f.exitPin[vcpu].get(s) == pin;
    }

    @Override
    public boolean configuredEdge(int pin) {
        return ioapic.pins().get(pin).trigger() == dev.irqcheck.model.variant.TriggerMode.EDGE;
    }

    /** mp_register_handler: {@code hdl = fasteoi ? handle_fasteoi_irq : handle_edge_irq}, fasteoi for level pins only. */
    @Override
    public boolean edgeFlow(int pin) {
        return configuredEdge(pin);
    }

    /** apic_update_irq_cfg: the effective affinity is the one CPU the RTE's destination names. */
    @Override
    public int effectiveAffinity(long[] s, int pin) {
        return ioapic.pins().get(pin).destVcpu();
    }

    @Override
    public int[] devicesOf(long[] s, int pin) {
        return devicesOfPin[pin];
    }

    /**
     * Observer: every device on the pin was just serviced. An irr still set is a stale sample, and
     * so is a vector delivered from the pin and still waiting in a LAPIC's IRR: taking it now
     * acknowledges a sample from before the service (as a latched line_level on the VGIC).
     */
    @Override
    public void serviced(long[] s, long[] n, int vcpu, int pin) {
        if (pinHasEmulatedDevice[pin]) {
            // An emulated device's access traps; QEMU finishes the service (and this observer).
            trap(n, vcpu, X86Exit.EMULATED_ACCESS, pin);
            return;
        }
        markServiced(n, pin);
    }

    /** The stale observer after every device on the pin was serviced. */
    void markServiced(long[] n, int pin) {
        if (f.ioapic.irr[pin].get(n)) {
            f.ioapic.staleIrr[pin].set(n, true);
        }
        for (int v = 0; v < f.exit.length; v++) {
            if (lapic.requested(n, v, pin)) {
                f.ioapic.staleDelivery[pin].set(n, true);
            }
        }
    }

    @Override public String acknowledgeName() { return "LAPIC IRR -> ISR (kvm_apic_ack_interrupt)"; }
    @Override public String eoiName() { return "EOI (ioapic_ack_level -> apic_eoi, LAPIC EOI write traps)"; }
    @Override public String maskName() { return "mask_ioapic_irq: RTE write"; }
    @Override public String unmaskName() { return "unmask_ioapic_irq: RTE write"; }
    @Override public String retriggerName() { return "apic_retrigger_irq (IPI of the vector: ICR write, traps)"; }
}
