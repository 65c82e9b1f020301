package dev.irqcheck.model.host;

import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.topology.Topology;

/**
 * The host side's own state, declared here: per device, the host GIC's edge latch, VFIO's
 * {@code masked}, a handler that masked and still owes eventfd_signal(trigger), the genirq disable
 * depth, and for PCI VFIO's virq_disabled (the guest's view of DisINTx), the virqfd inject work
 * item and the exclusive set-up's pending disable; for QEMU-emulated devices the device model's
 * output as last sent with KVM_IRQ_LINE.
 */
public final class HostFields {
    public final BoolField[] edgeLatched;
    public final BoolField[] hostMasked;
    public final BoolField[] hostSignalOwed;
    public final IntField[] hostDepth;
    public final BoolField[] virqDisabled;
    public final BoolField[] virqfdInjectQueued;
    public final BoolField[] setSignalPending;
    public final BoolField[] qemuLineHigh;

    public HostFields(StateLayout.Builder b, Topology t) {
        int d = t.devices().size();
        edgeLatched = new BoolField[d];
        hostMasked = new BoolField[d];
        hostSignalOwed = new BoolField[d];
        hostDepth = new IntField[d];
        virqDisabled = new BoolField[d];
        virqfdInjectQueued = new BoolField[d];
        setSignalPending = new BoolField[d];
        qemuLineHigh = new BoolField[d];
        for (int i = 0; i < d; i++) {
            String host = "host." + t.devices().get(i).name();
            edgeLatched[i] = b.bool(host + ".edge_latched");
            hostMasked[i] = b.bool(host + ".masked");
            // The handler masked under its lock and dropped the lock; eventfd_signal(trigger) is next.
            hostSignalOwed[i] = b.bool(host + ".signal_owed");
            // Depth 2 is representable so that a double disable is a state the checker can report.
            hostDepth[i] = b.integer(host + ".depth", 0, 2);
            virqDisabled[i] = b.bool(host + ".virq_disabled");
            virqfdInjectQueued[i] = b.bool(host + ".virqfd_inject_queued");
            setSignalPending[i] = b.bool(host + ".set_signal_pending");
            qemuLineHigh[i] = b.bool("qemu." + t.devices().get(i).name() + ".irq_line");
        }
    }
}
