package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.mutants.Mutant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each rule added for the 6.19 VGIC (issue 11) matters: breaking it makes a property of a bundled
 * scenario fail that holds on the unbroken model. Each mutation is the wrong effect the rule exists
 * to prevent.
 */
class Vgic619MutationTest {
    static final String FOLD_619 = "vgic_v3_fold_lr (6.19";

    static Verdict.Kind verdict(TransitionSystem system, InterruptSystem observed, PropertyId property) {
        Claim claim = property.claim(observed);
        if (system instanceof Mutant m) {
            claim = m.translate(claim);
        }
        return new Explorer(SearchConfig.defaults().withThreads(1)).check(system, List.of(claim)).verdictOf(claim.name()).kind();
    }

    // fold_notify: eoi-signalled keeps an EOI'd LR that was not `deactivated` for its
    // kvm_notify_acked_irq. The mutation frees it in the fold as the gate as read does.
    @Test
    void theFixesNotifyOfAnLrThatWasNotDeactivatedIsWhatStopsTheStorm() {
        InterruptSystem fixed = ScenarioModels.of("review/fold-notify-fix.yaml", 1);
        Mutant gated = new Mutant(fixed, FOLD_619, (f, s, n) -> {
            for (int l = 0; l < f.lrUsed[0].length; l++) {
                if (f.lrUsed[0][l].get(n) && !f.active[f.lrSpi[0][l].get(s)].get(s)) {
                    f.lrUsed[0][l].set(n, false);
                    f.lrEoi[0][l].set(n, false);
                }
            }
        });
        assertEquals(Verdict.Kind.HOLDS, verdict(fixed, fixed, PropertyId.NO_STORM), "the fix holds");
        assertEquals(Verdict.Kind.VIOLATED, verdict(gated, fixed, PropertyId.NO_STORM), "without the notification it storms");
    }

    // vgic_queue_irq_unlock's atomic_fetch_inc is what sets ICH_HCR_EL2.TDIR for an EOImode-1
    // guest (vgic_v3_configure_hcr: ... || atomic_read(&active_spis)): with it the guest's
    // ICC_DIR_EL1 write traps to vgic_v3_deactivate; without it the trap is never taken. ("Queued
    // implies counted" is no invariant of the kernel itself: the fold decrements before the prune,
    // findings 11.)
    @Test
    void withoutTheQueueIncrementTheDirTrapIsNeverTaken() {
        InterruptSystem eoiMode1 = ScenarioModels.of("review/eoi-mode.yaml", 3);
        Claim trapped = new Claim.Sometimes("a DIR write traps",
                s -> eoiMode1.fields().mmio[0].is(s, dev.irqcheck.model.vgic.MmioOp.DEACTIVATE));
        Mutant uncounted = new Mutant(eoiMode1, "vfio_automasked_irq_handler: eventfd_signal",
                (f, s, n) -> f.rework.activeSpis.set(n, f.rework.activeSpis.get(s)));
        assertEquals(Verdict.Kind.WITNESSED, check(eoiMode1, trapped));
        assertEquals(Verdict.Kind.NOT_WITNESSED, check(uncounted, trapped));
    }

    static Verdict.Kind check(TransitionSystem system, Claim claim) {
        return new Explorer(SearchConfig.defaults().withThreads(1)).check(system, List.of(claim)).verdictOf(claim.name()).kind();
    }

    // The guest's EOIR of an interrupt outside the LRs counts in EOIcount: without the count the
    // interrupt left outside the LRs by the 6.19 sort is never deactivated, and its VFIO line stays
    // masked.
    @Test
    void withoutEoicountTheInterruptEoidOutsideTheLrsStaysActive() {
        InterruptSystem overflow = ScenarioModels.of("overflow/two-lrs-shared-gsi.yaml", 1);
        Mutant uncounted = new Mutant(overflow, "guest EOIR",
                (f, s, n) -> f.rework.eoiCount[0].set(n, f.rework.eoiCount[0].get(s)));
        assertEquals(Verdict.Kind.HOLDS, verdict(overflow, overflow, PropertyId.NO_STUCK_MASK));
        assertEquals(Verdict.Kind.VIOLATED, verdict(uncounted, overflow, PropertyId.NO_STUCK_MASK));
    }

    // vgic_v3_fold_lr_state's replay deactivates the active entry: a replay that only consumes the
    // count leaves it active.
    @Test
    void aReplayThatDeactivatesNothingLeavesTheInterruptActive() {
        InterruptSystem overflow = ScenarioModels.of("overflow/two-lrs-shared-gsi.yaml", 1);
        Mutant idle = new Mutant(overflow, "vgic_v3_fold_lr_state: EOIcount replay", Vgic619MutationTest::undoDeactivation);
        assertEquals(Verdict.Kind.VIOLATED, verdict(idle, overflow, PropertyId.NO_STUCK_MASK));
    }

    // vgic_v3_deactivate on the ICC_DIR_EL1 trap: an EOImode-1 guest's deactivation is lost
    // without it (the fix's row, which holds every property).
    @Test
    void aDirTrapThatDeactivatesNothingLosesTheEoiMode1Deactivation() {
        InterruptSystem eoiMode1 = ScenarioModels.of("review/eoi-mode.yaml", 3);
        Mutant idle = new Mutant(eoiMode1, "access_gic_dir", Vgic619MutationTest::undoDeactivation);
        assertEquals(Verdict.Kind.HOLDS, verdict(eoiMode1, eoiMode1, PropertyId.NO_STUCK_MASK));
        assertEquals(Verdict.Kind.VIOLATED, verdict(idle, eoiMode1, PropertyId.NO_STUCK_MASK));
    }

    // The wrong effect: whatever the rule deactivated is active again, with no notification owed.
    static void undoDeactivation(dev.irqcheck.model.system.InterruptLayout f, long[] s, long[] n) {
        for (int spi = 0; spi < f.active.length; spi++) {
            if (f.active[spi].get(s) && !f.active[spi].get(n)) {
                f.active[spi].set(n, true);
                f.rework.activeSpis.set(n, f.rework.activeSpis.get(s));
                for (int v = 0; v < f.rework.replayAckSpi.length; v++) {
                    f.rework.replayAckSpi[v].set(n, -1);
                }
            }
        }
    }
}
