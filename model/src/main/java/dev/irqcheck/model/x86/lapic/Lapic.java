package dev.irqcheck.model.x86.lapic;

/**
 * The local APICs' part of the level-interrupt path (arch/x86/kvm/lapic.c), one operation per
 * step's worth of work. Abstracted: priorities (one priority level, as the VGIC model: no
 * nesting; among several pending vectors the highest index goes first), APICv posting (a vector
 * in IRR is taken whenever the vCPU runs the guest), PV EOI and AVIC (neither applies to a vector
 * KVM must see the EOI of).
 */
public final class Lapic {
    private final LapicFields f;
    private final int vectors;

    public Lapic(LapicFields fields, int vectors) {
        this.f = fields;
        this.vectors = vectors;
    }

    /**
     * __apic_accept_irq, APIC_DM_FIXED, for an enabled LAPIC: result 1, the vector's TMR bit set to
     * the trigger mode, deliver_interrupt sets IRR (and kicks the vCPU, which takes it at its next
     * entry or by posting).
     */
    public int acceptIrq(long[] n, int vcpu, int vector, boolean levelTriggered) {
        f.tmr[vcpu][vector].set(n, levelTriggered);
        f.irr[vcpu][vector].set(n, true);
        return 1;
    }

    /** The vector the vCPU takes next (IRR set, nothing in service), or -1. */
    public int deliverable(long[] s, int vcpu) {
        for (int x = 0; x < vectors; x++) {
            if (f.isr[vcpu][x].get(s)) {
                return -1;
            }
        }
        for (int x = vectors - 1; x >= 0; x--) {
            if (f.irr[vcpu][x].get(s)) {
                return x;
            }
        }
        return -1;
    }

    /** kvm_cpu_get_interrupt -> kvm_apic_ack_interrupt (or APICv's virtual delivery): IRR -> ISR. */
    public void acknowledge(long[] n, int vcpu, int vector) {
        f.irr[vcpu][vector].set(n, false);
        f.isr[vcpu][vector].set(n, true);
    }

    /**
     * apic_set_eoi: vector = apic_find_highest_isr (-1: none), apic_clear_isr. Returns the vector,
     * whose TMR bit kvm_ioapic_send_eoi then reads as the trigger mode.
     */
    public int setEoi(long[] n, int vcpu) {
        for (int x = vectors - 1; x >= 0; x--) {
            if (f.isr[vcpu][x].get(n)) {
                f.isr[vcpu][x].set(n, false);
                return x;
            }
        }
        return -1;
    }

    public boolean levelTriggered(long[] s, int vcpu, int vector) {
        return f.tmr[vcpu][vector].get(s);
    }

    public boolean inService(long[] s, int vcpu, int vector) {
        return f.isr[vcpu][vector].get(s);
    }

    public boolean requested(long[] s, int vcpu, int vector) {
        return f.irr[vcpu][vector].get(s);
    }

    public LapicFields fields() { return f; }
}
