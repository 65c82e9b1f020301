package dev.irqcheck.checker.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.fixtures.Peterson;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bitstate store and search: finds violations with real traces, never proves, says what it may have missed. */
class BitstateTest {
    private static SearchConfig bitstate(long bits, int hashes) {
        return SearchConfig.defaults().withThreads(1).withBitstate(new SearchConfig.Bitstate(bits, hashes));
    }

    @Test
    void findsTheViolationTheExhaustiveSearchFindsWithAReplayedTrace() {
        Peterson broken = new Peterson(Peterson.Variant.TURN_BEFORE_FLAG);
        StatePredicate mutex = broken.critical(0).and(broken.critical(1)).negate();
        List<Claim> claims = List.of(new Claim.Always("mutex", mutex));
        CheckReport exhaustive = new Explorer(SearchConfig.defaults().withThreads(1)).check(broken, claims);
        CheckReport bits = new Explorer(bitstate(1 << 20, 3)).check(broken, claims);
        assertEquals(Verdict.Kind.VIOLATED, exhaustive.verdictOf("mutex").kind());
        assertEquals(Verdict.Kind.VIOLATED, bits.verdictOf("mutex").kind());
        var trace = bits.verdictOf("mutex").trace().orElseThrow();
        assertTrue(!mutex.test(trace.last().words()), "the trace ends in a state that breaks the claim");
    }

    @Test
    void neverProvesAClaimAndReportsItsOmissionEstimate() {
        Peterson correct = new Peterson(Peterson.Variant.CORRECT);
        StatePredicate mutex = correct.critical(0).and(correct.critical(1)).negate();
        Claim safety = new Claim.Always("mutex", mutex);
        CheckReport r = new Explorer(bitstate(1 << 20, 3)).check(correct, List.of(safety));
        assertEquals(new Verdict.Inconclusive(Limit.BITSTATE), r.verdictOf("mutex"));
        assertEquals(20, r.stats().distinctStates(), "a roomy filter stores every one of SPIN's 20 states");
        assertTrue(!r.stats().exhaustive() && !r.stats().complete());
        var summary = r.bitstate().orElseThrow();
        assertEquals(1 << 20, summary.bits());
        assertTrue(summary.bitsSet() > 0 && summary.bitsSet() <= 3 * 20, summary.describe());
        assertTrue(summary.describe().startsWith("bitstate: not exhaustive"), summary.describe());
        assertEquals(Math.pow((double) summary.bitsSet() / (1 << 20), 3), summary.omittedFraction(), 1e-18);

        // A liveness claim that holds is not proved either; its own pass adds its states to the count.
        CheckReport both = new Explorer(bitstate(1 << 20, 3)).check(correct, List.of(safety,
                new Claim.Eventually("p0 critical", correct.critical(0), dev.irqcheck.checker.api.WeakFairness.of(correct.rules()))));
        assertEquals(new Verdict.Inconclusive(Limit.BITSTATE), both.verdictOf("mutex"));
        assertEquals(new Verdict.Inconclusive(Limit.BITSTATE), both.verdictOf("p0 critical"));
        assertTrue(both.stats().distinctStates() > 20, "the liveness pass counts: " + both.stats().distinctStates());
    }

    @Test
    void aFilterTooSmallOmitsStatesAndSaysSo() {
        Peterson correct = new Peterson(Peterson.Variant.CORRECT);
        CheckReport r = new Explorer(bitstate(64, 4)).check(correct,
                List.of(new Claim.Always("never", s -> true)));
        assertTrue(r.stats().distinctStates() < 20, "64 bits for 20 states must take some new state for seen");
        assertTrue(r.bitstate().orElseThrow().omittedFraction() > 0.01, r.bitstate().orElseThrow().describe());
    }

    @Test
    void badShapesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SearchConfig.Bitstate(8, 3));
        assertThrows(IllegalArgumentException.class, () -> new SearchConfig.Bitstate(1L << 40, 3));
        assertThrows(IllegalArgumentException.class, () -> new SearchConfig.Bitstate(1 << 20, 0));
    }
}
