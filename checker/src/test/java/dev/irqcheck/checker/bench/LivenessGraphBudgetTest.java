package dev.irqcheck.checker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.bench.HandshakeModel.Params;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A search that completes within its memory budget but has no room left for the behaviour graph
 * (several MB here, beyond what the search itself held at its peak) gives up its liveness claims
 * as Inconclusive(MEMORY) and keeps its safety verdicts.
 */
class LivenessGraphBudgetTest {
    private final HandshakeModel model = new HandshakeModel(Params.of(4, false));
    private final List<Claim> claims = claims();

    private List<Claim> claims() {
        List<Claim> list = new ArrayList<>(model.claims());
        list.add(new Claim.Eventually("eventually an acknowledge", s -> model.act[0].get(s),
                WeakFairness.of(model.rules())));
        return list;
    }

    private CheckReport check(long budget) {
        return new Explorer(SearchConfig.defaults().withThreads(1).withMemoryBudget(budget)).check(model, claims);
    }

    @Test
    void aCompleteSearchWithoutRoomForTheGraphLeavesOnlyLivenessUndecided() {
        CheckReport unlimited = new Explorer(SearchConfig.defaults().withThreads(1)).check(model, claims);
        // The smallest budget (to 4 KB) with which the search completes.
        long lo = 0;
        long hi = 1L << 30;
        while (hi - lo > 4096) {
            long mid = (lo + hi) / 2;
            if (check(mid).stats().stoppedBy() == null) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        CheckReport tight = check(hi);
        assertNull(tight.stats().stoppedBy());
        assertEquals(unlimited.stats().distinctStates(), tight.stats().distinctStates());
        assertEquals(new Verdict.Inconclusive(Limit.MEMORY), tight.verdictOf("eventually an acknowledge"));
        for (Claim c : model.claims()) {
            assertEquals(unlimited.verdictOf(c.name()).kind(), tight.verdictOf(c.name()).kind(), c.name());
        }
        CheckReport roomy = check(hi + (64L << 20));
        assertEquals(unlimited.verdictOf("eventually an acknowledge").kind(),
                roomy.verdictOf("eventually an acknowledge").kind());
        assertFalse(roomy.verdictOf("eventually an acknowledge") instanceof Verdict.Inconclusive);
    }
}
