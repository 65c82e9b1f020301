package dev.irqcheck.specs.properties;

import static dev.irqcheck.specs.properties.Vgic619MutationTest.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.x86.X86Exit;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.mutants.Mutant;
import org.junit.jupiter.api.Test;

/**
 * Each part of disable_irq/enable_irq on the x86 guest matters: breaking it makes a property of
 * the bundled scenarios fail that holds on the unbroken model. Each mutation is the wrong effect
 * the kernel code it stands for prevents.
 */
class X86DisableEnableMutationTest {
    static final String LEVEL = "x86/disable-enable-level.yaml";
    static final String EDGE = "x86/disable-enable-edge.yaml";
    // Rows: kernel [6.2, 6.18] x guest_driver [normal-isr, oneshot-threaded, polling-isr].
    static final int LEVEL_618_NORMAL = 3;
    static final int LEVEL_618_ONESHOT = 4;
    static final int EDGE_NORMAL = 0;

    // handle_fasteoi_irq's disabled path: "desc->istate |= IRQS_PENDING; mask_irq(desc); goto out;".
    // Without the mask the EOI resamples a line the unserviced device still asserts, the IOAPIC
    // delivers it again at once, and the disabled IRQ is taken and EOI'd for ever.
    @Test
    void withoutTheMaskOnTheDisabledPathALevelIrqStorms() {
        InterruptSystem level = ScenarioModels.of(LEVEL, LEVEL_618_NORMAL);
        Mutant unmasked = new Mutant(level, "guest handle_fasteoi_irq: irqd_irq_disabled, mask_irq, no handler",
                (f, s, n) -> {
                    for (int v = 0; v < f.x86.exit.length; v++) {
                        f.x86.exit[v].set(n, f.x86.exit[v].get(s));
                        f.x86.exitPin[v].set(n, f.x86.exitPin[v].get(s));
                    }
                    for (int p = 0; p < f.guest.masked.length; p++) {
                        f.guest.masked[p].set(n, f.guest.masked[p].get(s));
                    }
                });
        assertEquals(Verdict.Kind.HOLDS, verdict(level, level, PropertyId.NO_STORM));
        assertEquals(Verdict.Kind.VIOLATED, verdict(unmasked, level, PropertyId.NO_STORM));
    }

    // handle_edge_irq's disabled path sets IRQS_PENDING before mask_ack_irq; check_irq_resend replays
    // only "if (desc->istate & IRQS_PENDING)". Without it the edge, already EOI'd, is never replayed:
    // the masked RTE dropped any later edge, and the device waits for ever.
    @Test
    void withoutIrqsPendingOnTheEdgeDisabledPathTheEdgeIsLost() {
        InterruptSystem edge = ScenarioModels.of(EDGE, EDGE_NORMAL);
        Mutant forgetful = new Mutant(edge, "guest handle_edge_irq: irqd_irq_disabled, IRQS_PENDING",
                (f, s, n) -> {
                    for (int p = 0; p < f.guest.replayPending.length; p++) {
                        f.guest.replayPending[p].set(n, f.guest.replayPending[p].get(s));
                    }
                });
        assertEquals(Verdict.Kind.HOLDS, verdict(edge, edge, PropertyId.NO_LOST_INTERRUPT));
        assertEquals(Verdict.Kind.VIOLATED, verdict(forgetful, edge, PropertyId.NO_LOST_INTERRUPT));
    }

    // enable_irq's replay is an IPI of the vector to the IRQ's CPU (apic_retrigger_irq); delivered as
    // a level (TMR set) it would leave a level vector with no remote_irr behind it, which
    // well-formed forbids; dropped, the edge is lost.
    @Test
    void theRetriggerIpiMustSetTheVectorEdgeTriggeredOnTheDestination() {
        InterruptSystem edge = ScenarioModels.of(EDGE, EDGE_NORMAL);
        Mutant level = new Mutant(edge, "kvm_apic_send_ipi", (f, s, n) -> {
            for (int v = 0; v < f.x86.lapic.tmr.length; v++) {
                for (int x = 0; x < f.x86.lapic.tmr[v].length; x++) {
                    if (f.x86.lapic.irr[v][x].get(n)) {
                        f.x86.lapic.tmr[v][x].set(n, true);
                    }
                }
            }
        });
        Mutant dropped = new Mutant(edge, "kvm_apic_send_ipi", (f, s, n) -> {
            for (int v = 0; v < f.x86.lapic.irr.length; v++) {
                for (int x = 0; x < f.x86.lapic.irr[v].length; x++) {
                    f.x86.lapic.irr[v][x].set(n, f.x86.lapic.irr[v][x].get(s));
                }
            }
        });
        assertEquals(Verdict.Kind.HOLDS, verdict(edge, edge, PropertyId.WELL_FORMED));
        assertEquals(Verdict.Kind.VIOLATED, verdict(level, edge, PropertyId.WELL_FORMED));
        assertEquals(Verdict.Kind.VIOLATED, verdict(dropped, edge, PropertyId.NO_LOST_INTERRUPT));
    }

    // Since 6.3 ioapic_write_indirect resamples a pending level pin on unmask (fef8f2b90edb):
    // "if (kvm_notify_irqfd_resampler(ioapic->kvm, KVM_IRQCHIP_IOAPIC, index)) ioapic->irr &= ~(1 <<
    // index); else ioapic_service(ioapic, index, false);". The mutation keeps the pre-6.3 effect on a
    // 6.18 model: the unmask re-services the pending irr, stale once the oneshot thread (or a driver
    // that disabled the IRQ while its thread ran, whose enable_irq then unmasks) serviced the device.
    @Test
    void anUnmaskWithoutThe63ResampleDeliversTheStaleIrr() {
        InterruptSystem oneshot = ScenarioModels.of(LEVEL, LEVEL_618_ONESHOT);
        Mutant noResample = new Mutant(oneshot, "ioapic_mmio_write -> ioapic_write_indirect: RTE unmask", (f, s, n) -> {
            for (int v = 0; v < f.x86.exit.length; v++) {
                if (!f.x86.exit[v].is(s, X86Exit.RTE_UNMASK)) {
                    continue;
                }
                int pin = f.x86.exitPin[v].get(s);
                if (!f.x86.ioapic.irr[pin].get(s) || f.x86.ioapic.irr[pin].get(n) || f.x86.ioapic.remoteIrr[pin].get(s)) {
                    continue;
                }
                // Undo the resample (the resamplefd signal and its effects): the state before, with the
                // RTE unmasked and the access completed, then ioapic_service's delivery to the pin's vCPU.
                System.arraycopy(s, 0, n, 0, s.length);
                f.x86.ioapic.mask[pin].set(n, false);
                f.x86.exit[v].set(n, X86Exit.NONE);
                f.x86.exitPin[v].set(n, 0);
                int dest = oneshot.topology().x86().pins().get(pin).destVcpu();
                f.x86.lapic.irr[dest][pin].set(n, true);
                f.x86.lapic.tmr[dest][pin].set(n, true);
                f.x86.ioapic.remoteIrr[pin].set(n, true);
                f.x86.ioapic.staleDelivery[pin].set(n, f.x86.ioapic.staleIrr[pin].get(s));
            }
        });
        assertEquals(Verdict.Kind.HOLDS, verdict(oneshot, oneshot, PropertyId.NO_SPURIOUS_INTERRUPT));
        assertEquals(Verdict.Kind.VIOLATED, verdict(noResample, oneshot, PropertyId.NO_SPURIOUS_INTERRUPT));
    }
}
