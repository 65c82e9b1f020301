package dev.irqcheck.model.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.irqchip.GsiRouting;
import dev.irqcheck.model.irqchip.IrqChipKind;
import dev.irqcheck.model.kvm.IrqSource;
import dev.irqcheck.model.topology.PicLineSpec;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.x86.pic.Pic;
import dev.irqcheck.model.x86.pic.PicFields;
import dev.irqcheck.model.variant.PicMutation;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The in-kernel 8259 pair's rules (x86/pic/Pic.java), each against the text of
 * arch/x86/kvm/i8259.c it stands for (quoted in each test), on KVM's default x86 routing (GSI n to
 * PIC irq n for n < 16). The mutation tests show each rule's check failing on a broken PIC.
 */
class PicTest {
    /** Level IRQ 5 and edge IRQ 3 on the master, level IRQ 10 on the slave (so the cascade line 2 too). */
    static final class Rig {
        final PicFields f;
        final Pic pic;
        final GsiRouting routing;
        final long[] w;
        static final int IRQ5 = 0;
        static final int IRQ3 = 1;
        static final int IRQ10 = 2;

        Rig(PicMutation mutation) {
            StateLayout.Builder b = StateLayout.builder();
            List<PicLineSpec> lines = List.of(new PicLineSpec(5, TriggerMode.LEVEL, GuestDriver.NORMAL_ISR),
                    new PicLineSpec(3, TriggerMode.EDGE, GuestDriver.NORMAL_ISR),
                    new PicLineSpec(10, TriggerMode.LEVEL, GuestDriver.NORMAL_ISR));
            f = new PicFields(b, lines);
            StateLayout layout = b.build();
            routing = new GsiRouting(GsiRouting.defaultX86());
            pic = new Pic(f, lines, routing, mutation);
            routing.plug(pic.chip(IrqChipKind.PIC_MASTER)).plug(pic.chip(IrqChipKind.PIC_SLAVE));
            w = layout.newWords();
            pic.initialise(w);
        }

        /** kvm_set_irq's PIC entry for the GSI (the IOAPIC entry is not plugged here). */
        void set(IrqSource source, int gsi, boolean level) {
            for (var r : routing.routesOf(gsi)) {
                if (r.chip() != IrqChipKind.IOAPIC) {
                    (r.chip() == IrqChipKind.PIC_MASTER ? pic.chip(IrqChipKind.PIC_MASTER) : pic.chip(IrqChipKind.PIC_SLAVE))
                            .set(w, source, r.pin(), level);
                }
            }
        }
    }

    @Test
    void levelLineFollowsTheOrOfItsSources() {
        // kvm_pic_set_irq: "irq_level = __kvm_irq_line_state(&s->irq_states[irq], irq_source_id, level);
        // ret = pic_set_irq1(&s->pics[irq >> 3], irq & 7, irq_level);"
        // pic_set_irq1, ELCR: "if (level) { ... s->irr |= mask; ... } else { s->irr &= ~mask; ..."
        Rig r = new Rig(PicMutation.NONE);
        r.set(IrqSource.USERSPACE, 5, true);
        r.set(IrqSource.RESAMPLE, 5, true);
        r.set(IrqSource.RESAMPLE, 5, false);
        assertTrue(r.pic.irr(r.w, Rig.IRQ5), "the userspace source still holds the line");
        assertTrue(r.pic.output(r.w));
        r.set(IrqSource.USERSPACE, 5, false);
        assertFalse(r.pic.irr(r.w, Rig.IRQ5));
        assertFalse(r.pic.output(r.w));
    }

    @Test
    void edgeLineLatchesOnlyARisingEdge() {
        // pic_set_irq1, edge: "if ((s->last_irr & mask) == 0) { ... s->irr |= mask; } s->last_irr |= mask;"
        // and "} else s->last_irr &= ~mask;"; pic_intack: "if (!(s->elcr & (1 << irq))) s->irr &= ~(1 << irq);"
        Rig r = new Rig(PicMutation.NONE);
        r.set(IrqSource.USERSPACE, 3, true);
        assertEquals(Rig.IRQ3, r.pic.readIrq(r.w));
        assertFalse(r.pic.irr(r.w, Rig.IRQ3), "intack clears an edge line's irr");
        r.set(IrqSource.USERSPACE, 3, true);
        assertFalse(r.pic.irr(r.w, Rig.IRQ3), "a level held at 1 is no new edge");
        r.set(IrqSource.USERSPACE, 3, false);
        assertFalse(r.pic.irr(r.w, Rig.IRQ3), "a falling edge does not clear a latched irr, nor set one");
        r.set(IrqSource.USERSPACE, 3, true);
        assertTrue(r.pic.irr(r.w, Rig.IRQ3));
    }

    @Test
    void maskedLineKeepsIrrButHasNoOutput() {
        // pic_set_irq1: "return (s->imr & mask) ? -1 : ret;" (irr is set all the same);
        // pic_get_irq: "mask = s->irr & ~s->imr;"; OCW1: "s->imr = val; ... pic_update_irq(s->pics_state);"
        Rig r = new Rig(PicMutation.NONE);
        r.pic.writeImr(r.w, Rig.IRQ5, true);
        r.set(IrqSource.RESAMPLE, 5, true);
        assertTrue(r.pic.irr(r.w, Rig.IRQ5));
        assertFalse(r.pic.output(r.w));
        r.pic.writeImr(r.w, Rig.IRQ5, false);
        assertTrue(r.pic.output(r.w), "the unmask's pic_update_irq raises the output at once: no resample");
    }

    @Test
    void intackSetsIsrAndKeepsALevelLinesIrr() {
        Rig r = new Rig(PicMutation.NONE);
        assertTrue(intackKeepsLevelIrr(r));
    }

    // pic_intack: "s->isr |= 1 << irq; /* We don't clear a level sensitive interrupt here */"
    private static boolean intackKeepsLevelIrr(Rig r) {
        r.set(IrqSource.RESAMPLE, 5, true);
        int line = r.pic.readIrq(r.w);
        return line == Rig.IRQ5 && r.pic.isr(r.w, Rig.IRQ5) && r.pic.irr(r.w, Rig.IRQ5);
    }

    @Test
    void aLineInServiceBlocksItselfAndLowerPriorities() {
        // pic_get_irq: "mask = s->isr; ... cur_priority = get_priority(s, mask); if (priority < cur_priority) ...
        // return (priority + s->priority_add) & 7; else return -1;"
        Rig r = new Rig(PicMutation.NONE);
        r.set(IrqSource.RESAMPLE, 5, true);
        r.pic.readIrq(r.w);
        assertFalse(r.pic.output(r.w), "IRQ 5 in service, still pending: not delivered again");
        r.set(IrqSource.USERSPACE, 3, true);
        assertEquals(Rig.IRQ3, r.pic.deliverable(r.w), "IRQ 3 has the higher priority");
    }

    @Test
    void specificEoiClearsIsrBeforeTheLockIsDropped() {
        Rig r = new Rig(PicMutation.NONE);
        assertTrue(isrClearWhileNotifiersRun(r));
    }

    // pic_clear_isr: "s->isr &= ~(1 << irq); ... pic_unlock(s->pics_state);
    // kvm_notify_acked_irq(s->pics_state->kvm, SELECT_PIC(irq), irq); pic_lock(s->pics_state);"
    private static boolean isrClearWhileNotifiersRun(Rig r) {
        r.set(IrqSource.RESAMPLE, 5, true);
        r.pic.readIrq(r.w);
        r.pic.writeImr(r.w, Rig.IRQ5, true);
        int gsi = r.pic.eoiBeforeNotifiers(r.w, Rig.IRQ5);
        boolean clearWhileDropped = !r.pic.isr(r.w, Rig.IRQ5);
        r.pic.eoiAfterNotifiers(r.w, Rig.IRQ5);
        return gsi == 5 && clearWhileDropped && !r.pic.isr(r.w, Rig.IRQ5);
    }

    @Test
    void aSlaveRequestGoesThroughTheCascade() {
        // pic_update_irq: "irq2 = pic_get_irq(&s->pics[1]); if (irq2 >= 0) { pic_set_irq1(&s->pics[0], 2, 1);
        // pic_set_irq1(&s->pics[0], 2, 0); }"; kvm_pic_read_irq: "if (irq == 2) { irq2 =
        // pic_get_irq(&s->pics[1]); if (irq2 >= 0) pic_intack(&s->pics[1], irq2); ..."
        Rig r = new Rig(PicMutation.NONE);
        r.set(IrqSource.RESAMPLE, 10, true);
        int cascade = r.pic.cascadeLine();
        assertTrue(r.pic.irr(r.w, cascade), "the master's IRQ 2 latched");
        assertEquals(Rig.IRQ10, r.pic.readIrq(r.w));
        assertTrue(r.pic.isr(r.w, cascade));
        assertFalse(r.pic.irr(r.w, cascade), "the cascade is an edge line (elcr_mask 0xf8)");
        assertTrue(r.pic.isr(r.w, Rig.IRQ10));
        r.set(IrqSource.USERSPACE, 5, true);
        assertFalse(r.pic.output(r.w), "IRQ 5 has a lower priority than the cascade in service");
    }

    @Test
    void aCascadeLatchedWithoutASlaveRequestIsTheSlavesSpuriousIrq15() {
        // pic_update_irq latches the master's IRQ 2 for the slave's request; a plain irqfd's set(0)
        // then clears the slave's level irr but not the master's edge irr. kvm_pic_read_irq: "irq2 =
        // pic_get_irq(&s->pics[1]); if (irq2 >= 0) pic_intack(...); else /* spurious IRQ on slave
        // controller */ irq2 = 7;" -- the master's IRQ 2 goes in service, no slave line does.
        Rig r = new Rig(PicMutation.NONE);
        r.set(IrqSource.USERSPACE, 10, true);
        r.set(IrqSource.USERSPACE, 10, false);
        r.set(IrqSource.RESAMPLE, 5, true);
        int cascade = r.pic.cascadeLine();
        assertTrue(r.pic.output(r.w), "the latched IRQ 2 outranks IRQ 5");
        assertEquals(-1, r.pic.deliverable(r.w));
        assertEquals(-1, r.pic.readIrq(r.w), "spurious IRQ 15");
        assertTrue(r.pic.isr(r.w, cascade));
        assertFalse(r.pic.irr(r.w, cascade));
        assertFalse(r.pic.isr(r.w, Rig.IRQ10));
        assertFalse(r.pic.output(r.w), "IRQ 2 in service holds IRQ 5 back until the master's EOI of IRQ 2");
        r.pic.eoiBeforeNotifiers(r.w, cascade);
        r.pic.eoiAfterNotifiers(r.w, cascade);
        assertEquals(Rig.IRQ5, r.pic.deliverable(r.w));
    }

    @Test
    void aSlaveEoiNotifiesTheSlavesGsi() {
        Rig r = new Rig(PicMutation.NONE);
        assertTrue(slaveEoiNotifiesGsi10(r));
    }

    // pic_clear_isr: "if (s != &s->pics_state->pics[0]) irq += 8;" then SELECT_PIC(irq); the
    // routing stored the slave entry at pin + 8 (kvm_set_routing_entry: "e->irqchip.pin += PIC_NUM_PINS / 2").
    private static boolean slaveEoiNotifiesGsi10(Rig r) {
        return r.pic.ackedGsi(Rig.IRQ10) == 10;
    }

    @Test
    void mutationsAreCaught() {
        assertFalse(intackKeepsLevelIrr(new Rig(PicMutation.CLEAR_LEVEL_IRR_ON_INTACK)),
                "clearing a level line's irr at intack");
        assertFalse(isrClearWhileNotifiersRun(new Rig(PicMutation.CLEAR_ISR_AFTER_NOTIFIERS)),
                "clearing ISR after the notifiers");
        assertFalse(slaveEoiNotifiesGsi10(new Rig(PicMutation.NO_SLAVE_OFFSET)),
                "not applying the slave offset");
    }

    @Test
    void theReverseMapFilesTheSlaveAtPinPlusEight() {
        GsiRouting routing = new GsiRouting(GsiRouting.defaultX86());
        assertEquals(10, routing.gsiOf(IrqChipKind.PIC_SLAVE, 10));
        assertEquals(-1, routing.gsiOf(IrqChipKind.PIC_SLAVE, 2), "nothing is filed at the slave's bare pin");
        assertEquals(2, routing.gsiOf(IrqChipKind.PIC_MASTER, 2));
    }

    @Test
    void qemusTableRoutesGsi0ToIoapicPin2AndGsi2Nowhere() {
        // kvm_pc_setup_irq_routing: PIC master 0-7 except 2, slave 8-15 (pin i - 8), then
        // "if (i == 0) kvm_irqchip_add_irq_route(s, i, KVM_IRQCHIP_IOAPIC, 2); else if (i != 2) ...(s, i, KVM_IRQCHIP_IOAPIC, i);"
        GsiRouting routing = new GsiRouting(GsiRouting.qemuX86());
        assertEquals(0, routing.routesOf(2).length);
        var gsi0 = routing.routesOf(0);
        assertEquals(IrqChipKind.PIC_MASTER, gsi0[0].chip(), "the PIC entry is added first");
        assertEquals(IrqChipKind.IOAPIC, gsi0[1].chip());
        assertEquals(2, gsi0[1].pin());
        assertEquals(0, routing.gsiOf(IrqChipKind.IOAPIC, 2));
        assertEquals(11, routing.gsiOf(IrqChipKind.PIC_SLAVE, 11));
        assertEquals(1, routing.routesOf(20).length);
    }
}
