package dev.irqcheck.model.system;

import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.device.DeviceFields;
import dev.irqcheck.model.guest.GuestFields;
import dev.irqcheck.model.host.HostFields;
import dev.irqcheck.model.kvm.KvmFields;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.vgic.DistributorFields;
import dev.irqcheck.model.vgic.VcpuFields;

/**
 * The packed state of the interrupt path: each component declares its own fields (one component's
 * fields share words, first fit), and the assembler hands each component only its own. Kept
 * together here for the assembler, the invariant parser and white-box tests.
 */
public final class InterruptLayout {
    public final StateLayout layout;
    public final DeviceFields device;
    public final HostFields host;
    public final KvmFields kvm;
    public final DistributorFields distributor;
    public final VcpuFields vcpu;
    public final GuestFields guest;

    public InterruptLayout(Topology t) {
        StateLayout.Builder b = StateLayout.builder();
        device = new DeviceFields(b, t);
        host = new HostFields(b, t);
        kvm = new KvmFields(b, t);
        distributor = new DistributorFields(b, t);
        vcpu = new VcpuFields(b, t);
        guest = new GuestFields(b, t);
        layout = b.build();
    }
}
