package dev.irqcheck.model.x86.pic;

import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.topology.PicLineSpec;
import java.util.List;

/**
 * The in-kernel 8259 pair's state, declared by the PIC (arch/x86/kvm/irq.h struct kvm_kpic_state,
 * struct kvm_pic), for the lines the scenario uses and, when a slave line is used, the master's
 * cascade line 2: per line the {@code irr}, {@code isr} and {@code imr} bits, {@code last_irr} (read
 * only for an edge line: a level line's equals its irr), and {@code irq_states[irq]}'s two source
 * bits. The ELCR is the guest's boot-time choice (a constant per line, not state); {@code output}
 * is derived (pic_update_irq recomputes it at the end of every section under pic->lock). Observer
 * bits, not kernel state: the strict spurious-acknowledge marker, whether a set irr predates the
 * service of every device on the line (stale), and the stale-acknowledge marker.
 */
public final class PicFields {
    public final BoolField[] irr;
    public final BoolField[] isr;
    public final BoolField[] imr;
    public final BoolField[] lastIrr;
    public final BoolField[] userspaceSource;
    public final BoolField[] resampleSource;
    public final BoolField[] spuriousAck;
    public final BoolField[] staleIrr;
    public final BoolField[] staleAck;

    /** Line i < lines.size() is lines.get(i); with a slave line, the last index is the master's cascade line 2. */
    public PicFields(StateLayout.Builder b, List<PicLineSpec> lines) {
        boolean cascade = lines.stream().anyMatch(PicLineSpec::onSlave);
        int n = lines.size() + (cascade ? 1 : 0);
        irr = new BoolField[n];
        isr = new BoolField[n];
        imr = new BoolField[n];
        lastIrr = new BoolField[n];
        userspaceSource = new BoolField[n];
        resampleSource = new BoolField[n];
        spuriousAck = new BoolField[n];
        staleIrr = new BoolField[n];
        staleAck = new BoolField[n];
        for (int i = 0; i < n; i++) {
            boolean isCascade = i == lines.size();
            String name = "pic.irq[" + (isCascade ? 2 : lines.get(i).irq()) + "]";
            irr[i] = b.bool(name + ".irr");
            isr[i] = b.bool(name + ".isr");
            if (isCascade) {
                // Linux never masks the cascade; no source drives it (pic_update_irq does).
                imr[i] = b.alwaysFalse(name + ".imr");
                lastIrr[i] = b.alwaysFalse(name + ".last_irr");
                userspaceSource[i] = b.alwaysFalse(name + ".irq_states.userspace");
                resampleSource[i] = b.alwaysFalse(name + ".irq_states.resample");
                spuriousAck[i] = b.alwaysFalse(name + ".acked_with_no_condition");
                staleIrr[i] = b.alwaysFalse(name + ".observer.irr_stale");
                staleAck[i] = b.alwaysFalse(name + ".observer.acked_stale_irr");
                continue;
            }
            imr[i] = b.bool(name + ".imr");
            boolean edge = lines.get(i).trigger() == dev.irqcheck.model.variant.TriggerMode.EDGE;
            lastIrr[i] = edge ? b.bool(name + ".last_irr") : b.alwaysFalse(name + ".last_irr");
            userspaceSource[i] = b.bool(name + ".irq_states.userspace");
            resampleSource[i] = b.bool(name + ".irq_states.resample");
            spuriousAck[i] = b.bool(name + ".acked_with_no_condition");
            staleIrr[i] = b.bool(name + ".observer.irr_stale");
            staleAck[i] = b.bool(name + ".observer.acked_stale_irr");
        }
    }
}
