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
            for (int l = 0; l < f.vcpu.lrUsed[0].length; l++) {
                if (f.vcpu.lrUsed[0][l].get(n) && !f.distributor.active[f.vcpu.lrSpi[0][l].get(s)].get(s)) {
                    f.vcpu.lrUsed[0][l].set(n, false);
                    f.vcpu.lrEoi[0][l].set(n, false);
                }
            }
        });
        assertEquals(Verdict.Kind.HOLDS, verdict(fixed, fixed, PropertyId.NO_STORM), "the fix holds");
        assertEquals(Verdict.Kind.VIOLATED, verdict(gated, fixed, PropertyId.NO_STORM), "without the notification it storms");
    }

    // vgic_queue_irq_unlock's atomic_fetch_inc is what sets ICH_HCR_EL2.TDIR when no active
    // interrupt is outside the LRs (vgic_v3_configure_hcr: ... || atomic_read(&active_spis)), so
    // that a deactivation on another vCPU traps. No bundled property fails without it (a Linux
    // guest deactivates on the vCPU that acknowledged, and an interrupt outside the LRs sets TDIR
    // anyway): the mutation shows the rule's effect on the trap bit instead.
    @Test
    void withoutTheQueueIncrementTdirIsSetOnlyForActivesOutsideTheLrs() {
        InterruptSystem eoiMode1 = ScenarioModels.of("overflow/two-vcpus-eoi-mode.yaml", 1);
        Claim byCount = new Claim.Sometimes("TDIR set by active_spis alone",
                s -> eoiMode1.fields().rework.tdir[1].get(s) && !eoiMode1.fields().rework.lrenpie[1].get(s));
        Mutant uncounted = new Mutant(eoiMode1, "vfio_automasked_irq_handler: eventfd_signal",
                (f, s, n) -> f.rework.activeSpis.set(n, f.rework.activeSpis.get(s)));
        assertEquals(Verdict.Kind.WITNESSED, check(eoiMode1, byCount));
        assertEquals(Verdict.Kind.NOT_WITNESSED, check(uncounted, byCount));
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

    // vgic_v3_deactivate on the ICC_DIR_EL1 trap (taken for an interrupt the 6.19 sort left outside
    // the LRs): an EOImode-1 guest's deactivation is lost without it.
    @Test
    void aDirTrapThatDeactivatesNothingLosesTheEoiMode1Deactivation() {
        InterruptSystem eoiMode1 = ScenarioModels.of("overflow/two-vcpus-eoi-mode.yaml", 1);
        Mutant idle = new Mutant(eoiMode1, "access_gic_dir", Vgic619MutationTest::undoDeactivation);
        assertEquals(Verdict.Kind.HOLDS, verdict(eoiMode1, eoiMode1, PropertyId.NO_STUCK_MASK));
        assertEquals(Verdict.Kind.VIOLATED, verdict(idle, eoiMode1, PropertyId.NO_STUCK_MASK));
    }

    // The wrong effect: whatever the rule deactivated is active again, with no notification owed.
    static void undoDeactivation(dev.irqcheck.model.system.InterruptLayout f, long[] s, long[] n) {
        for (int spi = 0; spi < f.distributor.active.length; spi++) {
            if (f.distributor.active[spi].get(s) && !f.distributor.active[spi].get(n)) {
                f.distributor.active[spi].set(n, true);
                f.rework.activeSpis.set(n, f.rework.activeSpis.get(s));
                for (int v = 0; v < f.rework.replayAckSpi.length; v++) {
                    f.rework.replayAckSpi[v].set(n, -1);
                }
            }
        }
    }
}
