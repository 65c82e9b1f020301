package dev.irqcheck.model.properties;

import dev.irqcheck.model.guest.ThreadStage;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.x86.X86Exit;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@link ContextDiscipline}'s clauses on the x86 irqchip, where a vCPU runs guest code exactly when
 * it has no trapped access in flight (its exit is NONE), judged from the fields a step changes:
 * <ul>
 * <li>1: a vCPU leaves guest mode only for an access the guest makes (an RTE write, a LAPIC EOI, an
 * ICR write, an emulated device's register, a PCI_COMMAND write), never straight into one of KVM's
 * later stages;</li>
 * <li>2: the guest's hard-interrupt state, and a LAPIC's ISR (the acknowledge), change only on a
 * vCPU in guest mode;</li>
 * <li>3: an IOAPIC pin's mask (the RTE the guest programs) changes only when KVM completes a
 * trapped RTE write to that pin;</li>
 * <li>4: desc->lock: at most one of the guest's accesses under it per pin is in flight;</li>
 * <li>5 and 7: ContextDiscipline's device clauses, judged with this chip's guest mode and completed
 * accesses ({@link #inGuest}, {@link #emulatedAccessCompletes}, {@link #pciCommandWriteCompletes});</li>
 * <li>6: a oneshot irq thread runs on the vCPU its pin's RTE names, in guest mode;</li>
 * <li>8 (x86 only): a vector becomes pending in a LAPIC only by the IOAPIC's delivery (remote_irr set
 * for a level pin, irr raised for an edge pin) or when KVM completes the guest's trapped retrigger
 * IPI for that pin, to the pin's destination.</li>
 * </ul>
 */
final class X86ContextDiscipline {
    private static final Set<X86Exit> GUEST_ISSUED =
            EnumSet.of(X86Exit.RTE_MASK, X86Exit.RTE_UNMASK, X86Exit.EOI, X86Exit.EMULATED_ACCESS, X86Exit.RETRIGGER,
                    X86Exit.PCI_COMMAND_WRITE);

    private final Topology t;
    private final InterruptLayout f;

    X86ContextDiscipline(Topology topology, InterruptLayout fields) {
        this.t = topology;
        this.f = fields;
    }

    boolean inGuest(long[] s, int v) {
        return f.x86.exit[v].is(s, X86Exit.NONE);
    }

    // KVM completed vCPU v's trapped access {@code op} to the pin in this transition.
    private boolean completes(long[] s, long[] n, int v, X86Exit op, int pin) {
        return f.x86.exit[v].is(s, op) && !f.x86.exit[v].is(n, op) && f.x86.exitPin[v].get(s) == pin;
    }

    private boolean completesAnywhere(long[] s, long[] n, X86Exit op, int pin) {
        for (int v = 0; v < t.vcpus(); v++) {
            if (completes(s, n, v, op, pin)) {
                return true;
            }
        }
        return false;
    }

    boolean emulatedAccessCompletes(long[] s, long[] n) {
        for (int p = 0; p < t.x86().pins().size(); p++) {
            if (completesAnywhere(s, n, X86Exit.EMULATED_ACCESS, p)) {
                return true;
            }
        }
        return false;
    }

    boolean pciCommandWriteCompletes(long[] s, long[] n, int device) {
        for (int v = 0; v < t.vcpus(); v++) {
            if (f.x86.exit[v].is(s, X86Exit.PCI_COMMAND_WRITE) && f.x86.exit[v].is(n, X86Exit.NONE)
                    && f.x86.exitDevice[v].get(s) == device) {
                return true;
            }
        }
        return false;
    }

    /** Clauses 1-4, 6 and 8 (the device clauses 5 and 7 are ContextDiscipline's, through this chip's accesses). */
    String chipClauseBroken(long[] s, long[] n) {
        int pins = t.x86().pins().size();
        for (int v = 0; v < t.vcpus(); v++) {
            X86Exit after = f.x86.exit[v].get(n);
            if (inGuest(s, v) && after != X86Exit.NONE && !GUEST_ISSUED.contains(after)) {
                return "1: vCPU " + v + " left guest mode straight into KVM's " + after;
            }
            boolean guestState = f.guest.handlingSpi[v].get(s) != f.guest.handlingSpi[v].get(n)
                    || f.guest.hardIrq[v].get(s) != f.guest.hardIrq[v].get(n);
            for (int p = 0; p < pins; p++) {
                guestState |= !f.x86.lapic.isr[v][p].get(s) && f.x86.lapic.isr[v][p].get(n);
            }
            if (guestState && !inGuest(s, v)) {
                return "2: vCPU " + v + "'s hard-interrupt state or LAPIC ISR changed outside guest mode";
            }
        }
        for (int p = 0; p < pins; p++) {
            String pin = "IOAPIC pin " + t.x86().pins().get(p).pin();
            if (f.x86.ioapic.mask[p].get(s) != f.x86.ioapic.mask[p].get(n)
                    && !completesAnywhere(s, n, X86Exit.RTE_MASK, p) && !completesAnywhere(s, n, X86Exit.RTE_UNMASK, p)) {
                return "3: " + pin + "'s mask changed with no trapped RTE write completing";
            }
            int locked = 0;
            for (int v = 0; v < t.vcpus(); v++) {
                X86Exit e = f.x86.exit[v].get(n);
                if (e != X86Exit.NONE && e != X86Exit.EMULATED_ACCESS && e != X86Exit.PCI_COMMAND_WRITE
                        && f.x86.exitPin[v].get(n) == p) {
                    locked++;
                }
            }
            if (locked > 1) {
                return "4: two accesses under " + pin + "'s desc->lock in flight";
            }
            if (f.guest.thread[p].is(s, ThreadStage.WOKEN) && f.guest.thread[p].is(n, ThreadStage.RAN)) {
                int runsOn = f.guest.threadVcpu[p].get(n);
                if (runsOn != t.x86().pins().get(p).destVcpu() || !inGuest(s, runsOn)) {
                    return "6: " + pin + "'s irq thread ran on vCPU " + runsOn + ", not on its affinity in guest mode";
                }
            }
            int dest = t.x86().pins().get(p).destVcpu();
            for (int v = 0; v < t.vcpus(); v++) {
                if (f.x86.lapic.irr[v][p].get(s) || !f.x86.lapic.irr[v][p].get(n)) {
                    continue;
                }
                boolean delivered = !f.x86.ioapic.remoteIrr[p].get(s) && f.x86.ioapic.remoteIrr[p].get(n)
                        || !f.x86.ioapic.irr[p].get(s) && f.x86.ioapic.irr[p].get(n);
                if (!delivered && !(v == dest && completesAnywhere(s, n, X86Exit.RETRIGGER, p))) {
                    return "8: " + pin + "'s vector became pending on vCPU " + v + " with no IOAPIC delivery or retrigger IPI";
                }
            }
        }
        return null;
    }
}
