package dev.irqcheck.model.x86.pic;

import dev.irqcheck.model.irqchip.GsiRouting;
import dev.irqcheck.model.irqchip.IrqChip;
import dev.irqcheck.model.irqchip.IrqChipKind;
import dev.irqcheck.model.kvm.IrqSource;
import dev.irqcheck.model.topology.PicLineSpec;
import dev.irqcheck.model.variant.PicMutation;
import dev.irqcheck.model.variant.TriggerMode;
import java.util.List;

/**
 * KVM's in-kernel 8259 pair (arch/x86/kvm/i8259.c, read at Kingxukai/linux@9b44fff6 and
 * torvalds/linux@020abf03): every operation here is one section under {@code pic->lock} on the
 * packed state it is given. Lines are indexed as in {@link PicFields}: the scenario's lines, then
 * the master's cascade line 2 when a slave line is used.
 *
 * <p>What Linux leaves constant and is therefore not state: {@code priority_add} 0 (no rotation
 * command), {@code special_fully_nested_mode} and {@code auto_eoi} 0 (init_8259A's ICW4 is
 * MASTER_ICW4_DEFAULT / SLAVE_ICW4_DEFAULT), {@code init_state} 0 (initialised before the run), the
 * ELCR (written at boot). Abstracted (docs/warts.md): the mask notifiers kvm_fire_mask_notifiers
 * calls on an IMR change (only the PIT registers one); {@code output} is derived, not stored: the
 * only vCPU that reads it (the BSP, the one accepting ExtINT) is itself in the trapped write during
 * pic_clear_isr's lock drop, the one section that ends without pic_update_irq. The acknowledge
 * reads {@code output} (kvm_cpu_has_extint, without the lock) and runs kvm_pic_read_irq in one
 * step; in the kernel a line lowered in between gives the master's spurious IRQ 7 ({@code irq = 7}
 * with no pic_intack), whose guest writes (mask_and_ack_8259A(7): the IMR as it is, a specific EOI
 * of an ISR bit that is clear, a notification of GSI 7's PIC pin) change no state while IRQ 7 is
 * not a device line, which PicLineSpec ensures: a stutter, not modelled. The slave's spurious IRQ
 * 15 changes state (the master's IRQ 2 goes in service) and is modelled: a master cascade irr
 * latched while the slave's request then went away is acknowledged with no slave line.
 */
public final class Pic {
    private final PicFields f;
    private final List<PicLineSpec> lines;
    private final int cascade;
    private final int[] irqOf;
    private final int[] indexOfIrq = new int[16];
    private final boolean[] level;
    private final GsiRouting routing;
    private final PicMutation mutation;

    public Pic(PicFields fields, List<PicLineSpec> lines, GsiRouting routing, PicMutation mutation) {
        this.f = fields;
        this.lines = List.copyOf(lines);
        this.routing = routing;
        this.mutation = mutation;
        boolean anySlave = lines.stream().anyMatch(PicLineSpec::onSlave);
        int n = lines.size() + (anySlave ? 1 : 0);
        this.cascade = anySlave ? lines.size() : -1;
        irqOf = new int[n];
        level = new boolean[n];
        java.util.Arrays.fill(indexOfIrq, -1);
        for (int i = 0; i < n; i++) {
            irqOf[i] = i == cascade ? 2 : lines.get(i).irq();
            // The cascade is edge: elcr_mask 0xf8 keeps the master's ELCR bit 2 clear.
            level[i] = i != cascade && lines.get(i).trigger() == TriggerMode.LEVEL;
            indexOfIrq[irqOf[i]] = i;
        }
    }

    /** The IrqChip a routing entry of {@code kind} calls: kvm_pic_set_irq with e->irqchip.pin (the slave's + 8). */
    public IrqChip chip(IrqChipKind kind) {
        if (kind != IrqChipKind.PIC_MASTER && kind != IrqChipKind.PIC_SLAVE) {
            throw new IllegalArgumentException("not a PIC: " + kind);
        }
        int offset = kind == IrqChipKind.PIC_SLAVE ? 8 : 0;
        return new IrqChip() {
            @Override public IrqChipKind kind() { return kind; }

            @Override public void set(long[] next, IrqSource source, int pin, boolean lvl) {
                setIrq(next, source, pin + offset, lvl);
            }
        };
    }

    public int lineCount() { return irqOf.length; }
    public int irqOf(int line) { return irqOf[line]; }
    public boolean levelTriggered(int line) { return level[line]; }
    /** The line index of a PIC irq 0..15, or -1 when the scenario does not use it. */
    public int indexOfIrq(int irq) { return irq >= 0 && irq < 16 ? indexOfIrq[irq] : -1; }

    /** The guest's IRQs at the start: every declared line unmasked (request_irq's startup -> enable_8259A_irq). */
    public void initialise(long[] w) {
        for (int i = 0; i < irqOf.length; i++) {
            f.imr[i].set(w, false);
        }
    }

    /**
     * kvm_pic_set_irq: under pic_lock, {@code irq_level = __kvm_irq_line_state(&s->irq_states[irq],
     * irq_source_id, level); ret = pic_set_irq1(&s->pics[irq >> 3], irq & 7, irq_level);
     * pic_update_irq(s);}.
     */
    public void setIrq(long[] n, IrqSource source, int irq, boolean lvl) {
        int i = indexOfIrq(irq);
        if (i < 0 || i == cascade) {
            throw new IllegalStateException("PIC irq " + irq + " is routed but not declared");
        }
        (source == IrqSource.RESAMPLE ? f.resampleSource : f.userspaceSource)[i].set(n, lvl);
        // Observer: a new sample of the line is never stale.
        f.staleIrr[i].set(n, false);
        setIrq1(n, i, f.resampleSource[i].get(n) || f.userspaceSource[i].get(n));
        updateIrq(n);
    }

    /**
     * pic_set_irq1: an ELCR (level) line's irr follows the level ({@code s->irr |= mask} /
     * {@code s->irr &= ~mask}, last_irr alike); an edge line sets irr only on a rising edge of
     * last_irr ({@code if ((s->last_irr & mask) == 0) s->irr |= mask; s->last_irr |= mask;}, and
     * {@code s->last_irr &= ~mask} for 0). The IMR does not stop irr from being set.
     */
    void setIrq1(long[] n, int i, boolean lvl) {
        if (level[i]) {
            f.irr[i].set(n, lvl);
            return;
        }
        if (lvl) {
            if (!f.lastIrr[i].get(n)) {
                f.irr[i].set(n, true);
            }
            f.lastIrr[i].set(n, true);
        } else {
            f.lastIrr[i].set(n, false);
        }
    }

    /**
     * pic_get_irq for one chip: the highest-priority (lowest-numbered, priority_add 0) line with
     * {@code irr & ~imr}, and only if it is of higher priority than every line in service ({@code if
     * (priority < cur_priority)}); -1 otherwise. Returns the line index.
     */
    int getIrq(long[] s, boolean slave) {
        int best = -1;
        int inService = 16;
        for (int i = 0; i < irqOf.length; i++) {
            if ((irqOf[i] >= 8) != slave) {
                continue;
            }
            if (f.isr[i].get(s)) {
                inService = Math.min(inService, irqOf[i]);
            }
            if (f.irr[i].get(s) && !f.imr[i].get(s) && (best < 0 || irqOf[i] < irqOf[best])) {
                best = i;
            }
        }
        return best >= 0 && irqOf[best] < inService ? best : -1;
    }

    /**
     * pic_update_irq: a request on the slave signals the master's cascade line ({@code
     * pic_set_irq1(&s->pics[0], 2, 1); pic_set_irq1(&s->pics[0], 2, 0);}: an edge on line 2, so irr
     * |= 1 and last_irr ends 0); then output = master pic_get_irq >= 0 (derived, see {@link #output}).
     */
    void updateIrq(long[] n) {
        if (cascade >= 0 && getIrq(n, true) >= 0) {
            f.irr[cascade].set(n, true);
        }
    }

    /** kvm_pic's {@code output} as pic_update_irq leaves it: {@code pic_irq_request(kvm, irq >= 0)} for the master. */
    public boolean output(long[] s) {
        return getIrq(s, false) >= 0;
    }

    /** The guest line the next kvm_pic_read_irq acknowledges, or -1 (nothing, or the cascade with no slave request: IRQ 15). */
    public int deliverable(long[] s) {
        int m = getIrq(s, false);
        if (m < 0) {
            return -1;
        }
        return m == cascade ? getIrq(s, true) : m;
    }

    /**
     * kvm_pic_read_irq (from kvm_cpu_get_interrupt -> kvm_cpu_get_extint): {@code irq =
     * pic_get_irq(&s->pics[0]); pic_intack(&s->pics[0], irq);} and for the cascade {@code irq2 =
     * pic_get_irq(&s->pics[1]); if (irq2 >= 0) pic_intack(&s->pics[1], irq2); else irq2 = 7;} ("spurious IRQ
     * on slave controller"); then pic_update_irq. Returns the guest line acknowledged,
     * or -1 for the slave's spurious IRQ 15 (the master's IRQ 2 is in service all the same).
     * Callers check {@link #output} first.
     */
    public int readIrq(long[] n) {
        int m = getIrq(n, false);
        intack(n, m);
        int line = m;
        if (m == cascade) {
            line = getIrq(n, true);
            if (line >= 0) {
                intack(n, line);
            }
        }
        updateIrq(n);
        return line;
    }

    /**
     * pic_intack: {@code s->isr |= 1 << irq;} and "We don't clear a level sensitive interrupt here":
     * {@code if (!(s->elcr & (1 << irq))) s->irr &= ~(1 << irq);}. auto_eoi is 0.
     */
    void intack(long[] n, int i) {
        f.isr[i].set(n, true);
        if (!level[i] || mutation == PicMutation.CLEAR_LEVEL_IRR_ON_INTACK) {
            f.irr[i].set(n, false);
        }
    }

    /**
     * OCW1 (pic_ioport_write, addr 1, init_state 0): {@code s->imr = val;} for the line's bit
     * (Linux writes its cached mask, whose other bits are what the IMR already holds), then
     * pic_update_irq. The mask notifiers for the changed bit are abstracted (only the PIT has one).
     */
    public void writeImr(long[] n, int line, boolean masked) {
        f.imr[line].set(n, masked);
        updateIrq(n);
    }

    /**
     * OCW2 specific EOI (pic_ioport_write, {@code case 3: irq = val & 7; pic_clear_isr(s, irq);}),
     * up to pic_clear_isr's lock drop: {@code s->isr &= ~(1 << irq); if (s != &s->pics_state->pics[0])
     * irq += 8; pic_unlock(s->pics_state);}. Returns the GSI kvm_notify_acked_irq(kvm,
     * SELECT_PIC(irq), irq) then maps to through the reverse map, or -1.
     */
    public int eoiBeforeNotifiers(long[] n, int line) {
        if (mutation != PicMutation.CLEAR_ISR_AFTER_NOTIFIERS) {
            f.isr[line].set(n, false);
        }
        return ackedGsi(line);
    }

    /**
     * pic_clear_isr's {@code pic_lock(s->pics_state)} after the notifiers, and the rest of the OCW2
     * case: {@code pic_update_irq(s->pics_state)}; the write's pic_unlock follows.
     */
    public void eoiAfterNotifiers(long[] n, int line) {
        if (mutation == PicMutation.CLEAR_ISR_AFTER_NOTIFIERS) {
            f.isr[line].set(n, false);
        }
        updateIrq(n);
    }

    /** The GSI an EOI of the line notifies: kvm_irq_map_chip_pin(SELECT_PIC(irq), irq) with the slave's irq + 8. */
    public int ackedGsi(int line) {
        int irq = irqOf[line];
        if (mutation == PicMutation.NO_SLAVE_OFFSET) {
            irq &= 7;
        }
        return routing.gsiOf(irq < 8 ? IrqChipKind.PIC_MASTER : IrqChipKind.PIC_SLAVE, irq);
    }

    /** The master's cascade line index, or -1 when no slave line is used. */
    public int cascadeLine() { return cascade; }

    public boolean irr(long[] s, int i) { return f.irr[i].get(s); }
    public boolean isr(long[] s, int i) { return f.isr[i].get(s); }
    public boolean imr(long[] s, int i) { return f.imr[i].get(s); }
    public PicFields fields() { return f; }
    public List<PicLineSpec> lines() { return lines; }
}
