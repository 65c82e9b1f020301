package dev.irqcheck.model.x86;

import dev.irqcheck.checker.state.EnumField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.x86.ioapic.IoapicFields;
import dev.irqcheck.model.x86.lapic.LapicFields;

/**
 * The x86 irqchip state, each part declared by its owner: the IOAPIC's, each vCPU's LAPIC, the
 * PICs' with {@code pic: unmasked} (null otherwise), and per vCPU the trapped access KVM is
 * completing (which IOAPIC pin, or with the PIC which guest line, it concerns).
 */
public final class X86Fields {
    public final IoapicFields ioapic;
    public final LapicFields lapic;
    public final dev.irqcheck.model.x86.pic.PicFields pic;
    public final EnumField<X86Exit>[] exit;
    public final IntField[] exitPin;
    /** The device of a PCI_COMMAND_WRITE exit (no bits unless some device starts with INTx off). */
    public final IntField[] exitDevice;

    @SuppressWarnings("unchecked")
    public X86Fields(StateLayout.Builder b, Topology t) {
        var pins = t.x86().pins();
        ioapic = new IoapicFields(b, pins);
        lapic = new LapicFields(b, t.vcpus(), pins.size(), x -> "vector[ioapic" + pins.get(x).pin() + "]");
        pic = t.x86().picServicesIrqs() ? new dev.irqcheck.model.x86.pic.PicFields(b, t.x86().picLines()) : null;
        int accessTargets = Math.max(pins.size(), t.x86().picLines().size());
        exit = new EnumField[t.vcpus()];
        exitPin = new IntField[t.vcpus()];
        exitDevice = new IntField[t.vcpus()];
        for (int v = 0; v < t.vcpus(); v++) {
            exit[v] = b.enumeration("vcpu[" + v + "].exit", X86Exit.class);
            exitPin[v] = b.integer("vcpu[" + v + "].exit_pin", 0, Math.max(0, accessTargets - 1));
            exitDevice[v] = b.integer("vcpu[" + v + "].exit_device", 0, t.anyDeviceStartsIntxOff() ? t.devices().size() - 1 : 0);
        }
    }
}
