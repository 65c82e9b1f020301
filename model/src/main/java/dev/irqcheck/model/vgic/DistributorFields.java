package dev.irqcheck.model.vgic;

import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.topology.Topology;

/**
 * The VGIC distributor's per-SPI state, declared here: {@code enabled, line_level, pending_latch,
 * active}, the ap_list owner ({@code irq->vcpu}, -1 for none), the configuration (GICD_ICFGR) and
 * target (GICD_IROUTER, which the guest may rewrite), the per-source levels only the OR-per-source
 * variant writes (x86's irq_states bitmap), and observer bits that are not kernel state: the
 * strict spurious-acknowledge marker, whether the latched line_level predates the service of every
 * device on the SPI (stale), and the stale-acknowledge marker (reference notes section 5, item 3).
 */
public final class DistributorFields {
    public final BoolField[] spiEnabled;
    public final BoolField[] lineLevel;
    public final BoolField[] pendingLatch;
    public final BoolField[] active;
    public final IntField[] apListOwner;
    public final BoolField[] spuriousAck;
    public final BoolField[] staleLevel;
    public final BoolField[] resampleSourceLevel;
    public final BoolField[] userspaceSourceLevel;
    public final BoolField[] staleAck;
    public final BoolField[] spiEdge;
    public final IntField[] spiTarget;

    public DistributorFields(StateLayout.Builder b, Topology t) {
        int s = t.spis().size();
        spiEnabled = new BoolField[s];
        lineLevel = new BoolField[s];
        pendingLatch = new BoolField[s];
        active = new BoolField[s];
        apListOwner = new IntField[s];
        spuriousAck = new BoolField[s];
        staleLevel = new BoolField[s];
        resampleSourceLevel = new BoolField[s];
        userspaceSourceLevel = new BoolField[s];
        staleAck = new BoolField[s];
        spiEdge = new BoolField[s];
        spiTarget = new IntField[s];
        for (int i = 0; i < s; i++) {
            String name = "vgic.spi[" + t.spis().get(i).intid() + "]";
            spiEnabled[i] = b.bool(name + ".enabled");
            lineLevel[i] = b.bool(name + ".line_level");
            pendingLatch[i] = b.bool(name + ".pending_latch");
            active[i] = b.bool(name + ".active");
            apListOwner[i] = b.integer(name + ".vcpu", -1, t.vcpus() - 1);
            spuriousAck[i] = b.bool(name + ".acked_with_no_condition");
            staleLevel[i] = b.bool(name + ".observer.level_stale");
            resampleSourceLevel[i] = b.bool(name + ".source.resample");
            userspaceSourceLevel[i] = b.bool(name + ".source.userspace");
            staleAck[i] = b.bool(name + ".observer.acked_stale_level");
            spiEdge[i] = b.bool(name + ".config_edge");
            spiTarget[i] = b.integer(name + ".target_vcpu", 0, t.vcpus() - 1);
        }
    }
}
