package dev.irqcheck.model.x86.ioapic;

import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.topology.IoapicPinSpec;
import java.util.List;

/**
 * The in-kernel IOAPIC's state, declared by the IOAPIC (arch/x86/kvm/ioapic.h struct kvm_ioapic),
 * per pin the scenario uses: the {@code irr} bit, the redirection entry's {@code remote_irr},
 * {@code mask} and {@code trig_mode} (level when set), and {@code irq_states[pin]}'s two source
 * bits (KVM_USERSPACE_IRQ_SOURCE_ID, KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID). Observer bits, not
 * kernel state: the strict spurious-acknowledge marker, whether a set irr predates the service of
 * every device on the pin (stale), whether the last delivery to a LAPIC came from such an irr, and the
 * stale-acknowledge marker (as the VGIC's per SPI; the LAPIC carries a delivered vector on after irr changes).
 */
public final class IoapicFields {
    public final BoolField[] irr;
    public final BoolField[] remoteIrr;
    public final BoolField[] mask;
    public final BoolField[] levelTrig;
    public final BoolField[] userspaceSource;
    public final BoolField[] resampleSource;
    public final BoolField[] spuriousAck;
    public final BoolField[] staleIrr;
    public final BoolField[] staleAck;
    public final BoolField[] staleDelivery;

    public IoapicFields(StateLayout.Builder b, List<IoapicPinSpec> pins) {
        int p = pins.size();
        irr = new BoolField[p];
        remoteIrr = new BoolField[p];
        mask = new BoolField[p];
        levelTrig = new BoolField[p];
        userspaceSource = new BoolField[p];
        resampleSource = new BoolField[p];
        spuriousAck = new BoolField[p];
        staleIrr = new BoolField[p];
        staleAck = new BoolField[p];
        staleDelivery = new BoolField[p];
        for (int i = 0; i < p; i++) {
            String name = "ioapic.pin[" + pins.get(i).pin() + "]";
            irr[i] = b.bool(name + ".irr");
            remoteIrr[i] = b.bool(name + ".remote_irr");
            mask[i] = b.bool(name + ".mask");
            levelTrig[i] = b.bool(name + ".trig_level");
            userspaceSource[i] = b.bool(name + ".irq_states.userspace");
            resampleSource[i] = b.bool(name + ".irq_states.resample");
            spuriousAck[i] = b.bool(name + ".acked_with_no_condition");
            staleIrr[i] = b.bool(name + ".observer.irr_stale");
            staleAck[i] = b.bool(name + ".observer.acked_stale_irr");
            staleDelivery[i] = b.bool(name + ".observer.delivered_stale_irr");
        }
    }
}
