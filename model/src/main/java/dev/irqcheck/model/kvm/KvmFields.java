package dev.irqcheck.model.kvm;

import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.topology.Topology;

/**
 * KVM's irqfd and routing state, declared here: per irqfd, its inject work item queued, a plain
 * irqfd's pulse half done, the resamplefd counter (non-zero) while its consumer has not run, and
 * for reconfiguration whether KVM_IRQFD assigned it and the trigger eventfd's count while nobody
 * consumes it; the VMM's reassign budget; and which listed reroutes KVM_SET_GSI_ROUTING applied.
 */
public final class KvmFields {
    public final BoolField[] injectQueued;
    public final BoolField[] pulseHigh;
    public final BoolField[] resamplefdCount;
    public final BoolField[] irqfdAssigned;
    public final BoolField[] triggerPending;
    public final IntField reassignsLeft;
    public final IntField reroutesApplied;

    public KvmFields(StateLayout.Builder b, Topology t) {
        int f = t.irqfds().size();
        injectQueued = new BoolField[f];
        pulseHigh = new BoolField[f];
        resamplefdCount = new BoolField[f];
        irqfdAssigned = new BoolField[f];
        triggerPending = new BoolField[f];
        for (int i = 0; i < f; i++) {
            String name = "irqfd[" + i + "]";
            injectQueued[i] = b.bool(name + ".inject_queued");
            pulseHigh[i] = b.bool(name + ".pulse_high");
            resamplefdCount[i] = b.bool(name + ".resamplefd_count");
            irqfdAssigned[i] = b.bool(name + ".assigned");
            triggerPending[i] = b.bool(name + ".trigger_count");
        }
        reassignsLeft = b.integer("vmm.irqfd_reassigns_left", 0, t.bounds().reassigns());
        reroutesApplied = b.integer("kvm.routing.reroutes_applied", 0, (1 << t.reroutes().size()) - 1);
    }
}
