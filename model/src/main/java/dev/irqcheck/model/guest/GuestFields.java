package dev.irqcheck.model.guest;

import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.EnumField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.topology.Topology;

/**
 * The guest's own state, declared by the guest: per vCPU, its hard-interrupt context; per SPI, the
 * Linux irq descriptor's flags the model needs (IRQD_IRQ_DISABLED, IRQD_IRQ_MASKED), the oneshot
 * irq thread and the CPU it last ran on (its effective affinity then), and whether the guest owes
 * a GICD_ICACTIVER for an ISACTIVER it wrote, and IRQS_PENDING of an edge IRQ to replay; per vCPU, an
 * irq_set_affinity under way and an enable_irq that owes its resend; and the
 * budgets of what the guest may write in one run. desc->lock is not a field: every access the model
 * makes under it that traps (mask, unmask, affinity) holds it exactly while the access is in flight,
 * so it is derived from the vCPUs' in-flight accesses.
 */
public final class GuestFields {
    public final IntField[] handlingSpi;
    public final EnumField<HardIrqStage>[] hardIrq;
    public final EnumField<AffinityStep>[] affinityStep;
    public final IntField[] affinitySpi;
    public final IntField[] affinityTarget;
    public final IntField[] resendSpi;
    public final BoolField[] disabled;
    public final BoolField[] masked;
    public final EnumField<ThreadStage>[] thread;
    public final IntField[] threadVcpu;
    public final BoolField[] activatedByGuest;
    public final BoolField[] replayPending;
    public final IntField retargetsLeft;
    public final IntField distributorWritesLeft;
    public final IntField activeWritesLeft;
    public final IntField configWritesLeft;

    @SuppressWarnings("unchecked")
    public GuestFields(StateLayout.Builder b, Topology t) {
        int v = t.vcpus();
        int s = t.guestIrqs().size();
        handlingSpi = new IntField[v];
        hardIrq = new EnumField[v];
        affinityStep = new EnumField[v];
        affinitySpi = new IntField[v];
        affinityTarget = new IntField[v];
        resendSpi = new IntField[v];
        for (int i = 0; i < v; i++) {
            handlingSpi[i] = b.integer("guest[" + i + "].handling_spi", -1, Math.max(0, s - 1));
            hardIrq[i] = b.enumeration("guest[" + i + "].hardirq", HardIrqStage.class);
            affinityStep[i] = b.enumeration("guest[" + i + "].set_affinity", AffinityStep.class);
            affinitySpi[i] = b.integer("guest[" + i + "].set_affinity_spi", 0, Math.max(0, s - 1));
            affinityTarget[i] = b.integer("guest[" + i + "].set_affinity_target", 0, v - 1);
            // enable_irq's check_irq_resend, owed after its unmask completes (desc->lock held). The
            // lock is taken as free once KVM completed the retrigger, before the vCPU re-enters and
            // unlocks: another vCPU may take it a little early (the convention for every trapped access).
            resendSpi[i] = b.integer("guest[" + i + "].enable_irq_resend_spi", -1, Math.max(0, s - 1));
        }
        disabled = new BoolField[s];
        masked = new BoolField[s];
        thread = new EnumField[s];
        threadVcpu = new IntField[s];
        activatedByGuest = new BoolField[s];
        replayPending = new BoolField[s];
        for (int i = 0; i < s; i++) {
            String irq = "guest.irq[" + t.guestIrqs().get(i).label() + "]";
            disabled[i] = b.bool(irq + ".disabled");
            masked[i] = b.bool(irq + ".masked");
            thread[i] = b.enumeration(irq + ".thread", ThreadStage.class);
            threadVcpu[i] = b.integer(irq + ".thread_vcpu", 0, v - 1);
            activatedByGuest[i] = b.bool(irq + ".activated_by_guest");
            // IRQS_PENDING of an edge IRQ that arrived while disabled (a level one is never replayed).
            replayPending[i] = b.bool(irq + ".irqs_pending");
        }
        // The bounds on what the guest may do in one run.
        retargetsLeft = b.integer("guest.irouter_writes_left", 0, t.bounds().retargets());
        // On x86 the budget is disable_irq calls only (no distributor): named for what it counts.
        distributorWritesLeft = b.integer(t.x86() == null ? "guest.distributor_writes_left" : "guest.disable_irq_left",
                0, t.bounds().distributorWrites());
        activeWritesLeft = b.integer("guest.icactiver_writes_left", 0, t.bounds().activeWrites());
        configWritesLeft = b.integer("guest.icfgr_writes_left", 0, t.bounds().configWrites());
    }
}
