package dev.irqcheck.model.system;

import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.device.DeviceFields;
import dev.irqcheck.model.guest.GuestFields;
import dev.irqcheck.model.host.HostFields;
import dev.irqcheck.model.kvm.KvmFields;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.vgic.DistributorFields;
import dev.irqcheck.model.vgic.ReworkFields;
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
    /** The x86 irqchips' own fields (IOAPIC, LAPICs, trapped accesses); null on arm64. */
    public final dev.irqcheck.model.x86.X86Fields x86;
    public final ReworkFields rework;

    /** Every field, at full width (for parsers that only need the names). */
    public InterruptLayout(Topology t) {
        this(t, true);
    }

    /** @param reworkedVgic whether the model runs the 6.19 VGIC fold (its own state takes bits only then) */
    public InterruptLayout(Topology t, boolean reworkedVgic) {
        StateLayout.Builder b = StateLayout.builder();
        device = new DeviceFields(b, t);
        host = new HostFields(b, t);
        kvm = new KvmFields(b, t);
        distributor = new DistributorFields(b, t);
        vcpu = new VcpuFields(b, t);
        guest = new GuestFields(b, t);
        x86 = t.x86() == null ? null : new dev.irqcheck.model.x86.X86Fields(b, t);
        rework = new ReworkFields(b, t, reworkedVgic);
        layout = b.build();
    }
}
