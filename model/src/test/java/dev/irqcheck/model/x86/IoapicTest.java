package dev.irqcheck.model.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.irqchip.ChipRoute;
import dev.irqcheck.model.irqchip.GsiRouting;
import dev.irqcheck.model.irqchip.IrqChipKind;
import dev.irqcheck.model.kvm.IrqSource;
import dev.irqcheck.model.topology.IoapicPinSpec;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.LineCombining;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.x86.ioapic.Ioapic;
import dev.irqcheck.model.x86.ioapic.IoapicBehaviour;
import dev.irqcheck.model.x86.ioapic.IoapicFields;
import dev.irqcheck.model.x86.ioapic.ResamplerHooks;
import dev.irqcheck.model.x86.lapic.Lapic;
import dev.irqcheck.model.x86.lapic.LapicFields;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-kernel IOAPIC's rules (x86/ioapic/Ioapic.java), each against the text of
 * arch/x86/kvm/ioapic.c it stands for (quoted in each test). One IOAPIC pin 5 on GSI 5, delivered
 * to vCPU 0's LAPIC.
 */
class IoapicTest {
    static final IoapicBehaviour LINUX_6_18 = new IoapicBehaviour(true, LineCombining.OR_PER_SOURCE, false);
    static final IoapicBehaviour LINUX_6_2 = new IoapicBehaviour(false, LineCombining.OR_PER_SOURCE, false);

    /** One IOAPIC with a level pin 5 (GSI 5) on a LAPIC, and a resampler stub that records its calls. */
    static final class Rig {
        final IoapicFields f;
        final LapicFields lf;
        final Lapic lapic;
        final Ioapic ioapic;
        final List<Integer> resamplerNotified = new ArrayList<>();
        boolean resamplerOwnsGsi = true;
        final long[] w;

        Rig(IoapicBehaviour behaviour, TriggerMode trigger) {
            StateLayout.Builder b = StateLayout.builder();
            List<IoapicPinSpec> pins = List.of(new IoapicPinSpec(5, trigger, false, 0, GuestDriver.ONESHOT_THREADED));
            f = new IoapicFields(b, pins);
            lf = new LapicFields(b, 1, 1, x -> "vector[" + x + "]");
            StateLayout layout = b.build();
            lapic = new Lapic(lf, 1);
            ResamplerHooks hooks = new ResamplerHooks() {
                @Override public boolean notifyIrqfdResampler(long[] n, int gsi) {
                    if (resamplerOwnsGsi) {
                        resamplerNotified.add(gsi);
                    }
                    return resamplerOwnsGsi;
                }

                @Override public boolean hasAckNotifier(long[] s, int gsi) {
                    return resamplerOwnsGsi;
                }
            };
            GsiRouting routing = new GsiRouting(List.of(new ChipRoute(5, IrqChipKind.IOAPIC, 5)));
            ioapic = new Ioapic(f, pins, lapic::acceptIrq, hooks, routing, behaviour);
            routing.plug(ioapic);
            w = layout.newWords();
            ioapic.initialise(w);
        }

        boolean delivered() {
            return lf.irr[0][0].get(w);
        }

        void consumeDelivery() {
            lf.irr[0][0].set(w, false);
        }
    }

    @Test
    void assertOnAnUnmaskedLevelPinSetsIrrDeliversAndSetsRemoteIrr() {
        // ioapic_set_irq: "old_irr = ioapic->irr; ioapic->irr |= mask; ... ret = ioapic_service(...)";
        // ioapic_service: "if (ret && irqe.trig_mode == IOAPIC_LEVEL_TRIG) entry->fields.remote_irr = 1;"
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        assertTrue(r.f.irr[0].get(r.w));
        assertTrue(r.f.remoteIrr[0].get(r.w));
        assertTrue(r.delivered());
        assertTrue(r.lf.tmr[0][0].get(r.w), "__apic_accept_irq sets the vector's TMR bit for a level interrupt");
    }

    @Test
    void levelPinWithRemoteIrrKeepsIrrAndDeliversNothing() {
        // ioapic_service: "if (entry->fields.mask || (entry->fields.trig_mode == IOAPIC_LEVEL_TRIG &&
        // entry->fields.remote_irr)) return -1;"
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.consumeDelivery();
        r.ioapic.set(r.w, IrqSource.USERSPACE, 5, true);
        assertTrue(r.f.irr[0].get(r.w));
        assertFalse(r.delivered(), "remote_irr blocks a second delivery until the EOI");
    }

    @Test
    void maskedPinLatchesIrrWithoutDeliveryOrRemoteIrr() {
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.ioapic.writeRedirectionEntry(r.w, 0, true, true);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        assertTrue(r.f.irr[0].get(r.w));
        assertFalse(r.f.remoteIrr[0].get(r.w));
        assertFalse(r.delivered());
    }

    @Test
    void levelZeroClearsIrrAndLeavesRemoteIrr() {
        // ioapic_set_irq: "if (!irq_level) { ioapic->irr &= ~mask; ret = 1; goto out; }"
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, false);
        assertFalse(r.f.irr[0].get(r.w));
        assertTrue(r.f.remoteIrr[0].get(r.w), "remote_irr waits for the EOI whatever the line does");
    }

    @Test
    void irqStatesAreOredPerSource() {
        // __kvm_irq_line_state: "Logical OR for level trig interrupt": a plain irqfd's 0 on
        // KVM_USERSPACE_IRQ_SOURCE_ID does not lower what the resampler source holds.
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.ioapic.set(r.w, IrqSource.USERSPACE, 5, true);
        r.ioapic.set(r.w, IrqSource.USERSPACE, 5, false);
        assertTrue(r.f.irr[0].get(r.w));
        assertTrue(r.f.resampleSource[0].get(r.w));
        assertFalse(r.f.userspaceSource[0].get(r.w));
    }

    @Test
    void droppingTheOrPerSourceLetsAnotherSourcesZeroClearIrr() {
        // The mutation: without __kvm_irq_line_state, the last writer's level is the line.
        Rig r = new Rig(new IoapicBehaviour(true, LineCombining.LAST_WRITER_WINS, false), TriggerMode.LEVEL);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.ioapic.set(r.w, IrqSource.USERSPACE, 5, false);
        assertFalse(r.f.irr[0].get(r.w));
    }

    @Test
    void edgePinWithIrrAlreadySetIsCoalesced() {
        // ioapic_set_irq: "if (edge) { ... if (old_irr == ioapic->irr) { ret = 0; goto out; } }"
        Rig r = new Rig(LINUX_6_18, TriggerMode.EDGE);
        r.ioapic.set(r.w, IrqSource.USERSPACE, 5, true);
        assertTrue(r.delivered());
        assertFalse(r.f.remoteIrr[0].get(r.w), "an edge delivery sets no remote_irr");
        r.consumeDelivery();
        r.ioapic.set(r.w, IrqSource.USERSPACE, 5, true);
        assertFalse(r.delivered(), "coalesced: irr was already set");
    }

    @Test
    void eoiAfterTheNotifiersClearsRemoteIrrAndReservicesAPendingUnmaskedPin() {
        // kvm_ioapic_update_eoi_one, after spin_lock: "ent->fields.remote_irr = 0; if
        // (!ent->fields.mask && (ioapic->irr & (1 << pin))) { ... ioapic_service(ioapic, pin, false); }"
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.consumeDelivery();
        r.ioapic.eoiBeforeNotifiers(r.w, 0, true);
        assertTrue(r.f.remoteIrr[0].get(r.w), "remote_irr is cleared only after the notifiers");
        r.ioapic.eoiAfterNotifiers(r.w, 0, true);
        assertTrue(r.delivered(), "irr still set: re-serviced");
        assertTrue(r.f.remoteIrr[0].get(r.w), "and remote_irr set again by that delivery");
    }

    @Test
    void eoiOfAMaskedPinClearsRemoteIrrOnly() {
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.consumeDelivery();
        r.f.mask[0].set(r.w, true);
        r.ioapic.eoiAfterNotifiers(r.w, 0, true);
        assertFalse(r.f.remoteIrr[0].get(r.w));
        assertFalse(r.delivered());
        assertTrue(r.f.irr[0].get(r.w));
    }

    @Test
    void eoiOfAnEdgeVectorLeavesRemoteIrr() {
        // "if (trigger_mode != IOAPIC_LEVEL_TRIG || ...) return;" (the trigger mode is the TMR bit)
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.ioapic.eoiAfterNotifiers(r.w, 0, false);
        assertTrue(r.f.remoteIrr[0].get(r.w));
    }

    @Test
    void mutationClearsRemoteIrrBeforeTheNotifiers() {
        Rig r = new Rig(new IoapicBehaviour(true, LineCombining.OR_PER_SOURCE, true), TriggerMode.LEVEL);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.consumeDelivery();
        r.ioapic.eoiBeforeNotifiers(r.w, 0, true);
        assertTrue(r.delivered(), "re-serviced from the irr the resampler has not lowered yet");
        r.consumeDelivery();
        r.ioapic.eoiAfterNotifiers(r.w, 0, true);
        assertFalse(r.delivered(), "nothing left for after the notifiers");
    }

    @Test
    void unmaskBefore63ReinjectsAPendingLevelPin() {
        // Before fef8f2b90edb: "if (e->fields.trig_mode == IOAPIC_LEVEL_TRIG && ioapic->irr & (1 << index))
        // ioapic_service(ioapic, index, false);"
        Rig r = new Rig(LINUX_6_2, TriggerMode.LEVEL);
        r.ioapic.writeRedirectionEntry(r.w, 0, true, true);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.ioapic.writeRedirectionEntry(r.w, 0, false, true);
        assertTrue(r.delivered());
        assertEquals(List.of(), r.resamplerNotified);
    }

    @Test
    void unmaskSince63ResamplesAPendingLevelPinThroughTheResampler() {
        // Since 6.3: "if (kvm_notify_irqfd_resampler(ioapic->kvm, KVM_IRQCHIP_IOAPIC, index))
        // ioapic->irr &= ~(1 << index); else ioapic_service(ioapic, index, false);"
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.ioapic.writeRedirectionEntry(r.w, 0, true, true);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.ioapic.writeRedirectionEntry(r.w, 0, false, true);
        assertFalse(r.delivered());
        assertFalse(r.f.irr[0].get(r.w));
        assertTrue(r.f.resampleSource[0].get(r.w), "kvm_notify_irqfd_resampler does not lower the source");
        assertEquals(List.of(5), r.resamplerNotified);
    }

    @Test
    void unmaskSince63WithoutAResamplerStillInjects() {
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.resamplerOwnsGsi = false;
        r.ioapic.writeRedirectionEntry(r.w, 0, true, true);
        r.ioapic.set(r.w, IrqSource.USERSPACE, 5, true);
        r.ioapic.writeRedirectionEntry(r.w, 0, false, true);
        assertTrue(r.delivered());
    }

    @Test
    void unmaskSince63WithRemoteIrrSetDoesNothing() {
        // "... && !e->fields.mask && !e->fields.remote_irr)": the EOI will re-service instead.
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.consumeDelivery();
        r.ioapic.writeRedirectionEntry(r.w, 0, true, true);
        r.ioapic.writeRedirectionEntry(r.w, 0, false, true);
        assertFalse(r.delivered());
        assertTrue(r.f.irr[0].get(r.w));
        assertEquals(List.of(), r.resamplerNotified);
    }

    @Test
    void writingAnEdgeEntryClearsRemoteIrr() {
        // "if (e->fields.trig_mode == IOAPIC_EDGE_TRIG) e->fields.remote_irr = 0;"
        Rig r = new Rig(LINUX_6_18, TriggerMode.LEVEL);
        r.ioapic.set(r.w, IrqSource.RESAMPLE, 5, true);
        r.ioapic.writeRedirectionEntry(r.w, 0, false, false);
        assertFalse(r.f.remoteIrr[0].get(r.w));
    }
}
