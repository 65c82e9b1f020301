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
}
