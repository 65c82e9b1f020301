package dev.irqcheck.model.device;

import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.topology.Topology;

/**
 * The devices' own state, declared by the device component: per device, the condition outstanding
 * (the line is high while it is, for a level device), the raises left in the bound, and, for PCI,
 * the command register's DisINTx bit. Other components reach it through {@link Devices}.
 */
public final class DeviceFields {
    public final BoolField[] deviceCondition;
    public final IntField[] raisesLeft;
    public final BoolField[] disIntx;

    public DeviceFields(StateLayout.Builder b, Topology t) {
        int d = t.devices().size();
        deviceCondition = new BoolField[d];
        raisesLeft = new IntField[d];
        disIntx = new BoolField[d];
        for (int i = 0; i < d; i++) {
            String dev = "device." + t.devices().get(i).name();
            deviceCondition[i] = b.bool(dev + ".condition");
            raisesLeft[i] = b.integer(dev + ".raises_left", 0, t.devices().get(i).raises());
            disIntx[i] = b.bool(dev + ".disintx");
        }
    }
}
