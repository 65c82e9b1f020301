package dev.irqcheck.checker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.checker.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Minimal tests for engine bugs found by the property suites ({@code checker/.../properties}),
 * kept as regression tests: the first two were fixed in ea9d177, the last two in d44821a.
 */
class ExplorerRegressionTest {

    /** Two counters 0..n-1, each incremented independently up to n-1: n^2 states, depth 2(n-1). */
    private static final class Grid implements TransitionSystem {
        final StateLayout layout;
        final IntField a;
        final IntField b;
        final List<Rule> rules;

        Grid(int n) {
            StateLayout.Builder builder = StateLayout.builder();
            a = builder.integer("a", 0, n - 1);
            b = builder.integer("b", 0, n - 1);
            layout = builder.build();
            rules = List.of(
                    Rule.of("inc a", s -> a.get(s) < n - 1, (s, t) -> a.set(t, a.get(s) + 1)),
                    Rule.of("inc b", s -> b.get(s) < n - 1, (s, t) -> b.set(t, b.get(s) + 1)));
        }

        @Override public StateLayout layout() { return layout; }
        @Override public List<State> initialStates() { return List.of(new State(layout, layout.newWords())); }
        @Override public List<Rule> rules() { return rules; }
    }

    /**
     * (Fixed in ea9d177.) With no claims, LevelSynchronousBfs.allDecided() was vacuously true (no claim is undecided),
     * so run() returned after expanding the initial states: 1 state, depth 0, yet stoppedBy null
     * and stats().complete() true. Expected: the full graph (16 states, 24 transitions).
     */
    @Test
    void emptyClaimListStillExploresEverything() {
        Grid m = new Grid(4);
        CheckReport report = new Explorer(SearchConfig.defaults().withThreads(1)).check(m, List.of());
        assertNull(report.stats().stoppedBy());
        assertEquals(16, report.stats().distinctStates());
        assertEquals(24, report.stats().transitions());
        assertEquals(6, report.stats().depth());
    }

    /**
     * (Fixed in ea9d177.) Every behaviour of the grid climbs to the corner (n-1, n-1) and stops there, so
     * Eventually(corner) holds. With 65536 states the fingerprint table's partitions grow during
     * a merge phase: runMerge kept the slot FingerprintSet.insert returned, a later insert into
     * the same partition grew (rehashed) it, and runNumber's setId(fp, staleSlot, id) wrote the
     * id at the old index. idOf then answered a wrong id (typically 0) for moved fingerprints,
     * buildGraph wired edges to the wrong states, and the finder reported a lasso that is no
     * behaviour of the model (its loop did not close; with other models replay threw
     * NondeterministicModelException, blaming the model). Only liveness claims were hit.
     */
    @Test
    void livenessOnAGraphLargeEnoughToGrowTheFingerprintTable() {
        int n = 256;
        Grid m = new Grid(n);
        CheckReport report = new Explorer(SearchConfig.defaults().withThreads(1)).check(m, List.of(
                new Claim.Eventually("reaches the corner", s -> m.a.get(s) == n - 1 && m.b.get(s) == n - 1,
                        WeakFairness.none())));
        assertEquals(n * n, report.stats().distinctStates());
        Verdict v = report.verdictOf("reaches the corner");
        assertEquals(Verdict.Kind.HOLDS, v.kind(), () -> {
            Trace t = v.trace().orElseThrow();
            return "lasso of " + t.length() + " steps, loop from state " + t.loopStart() + " " + t.state(t.loopStart())
                    + ", last state " + t.last();
        });
    }

    /**
     * (Fixed in d44821a.) Finitely with an empty rule list says "fair behaviours take none of these (no) rules
     * infinitely often", which always holds. Explorer passed the empty accepting list to
     * FairCycleFinder, whose needsAccepting was then false, so the finder fell back to the
     * eventually/leads-to search with an empty response set: any reachable terminal state (here
     * the corner (3,3), reported as a "lasso" that stops there) or any fair cycle was returned as a
     * violation. Expected: Holds, on a model that stops and on one that cycles.
     */
    @Test
    void finitelyWithNoRulesHolds() {
        Grid stops = new Grid(4);
        CheckReport report = new Explorer(SearchConfig.defaults().withThreads(1)).check(stops, List.of(
                new Claim.Finitely("no rule", List.of(), WeakFairness.none())));
        assertEquals(Verdict.Kind.HOLDS, report.verdictOf("no rule").kind(),
                () -> report.verdictOf("no rule").trace().map(Trace::toString).orElse(""));

        StateLayout.Builder builder = StateLayout.builder();
        IntField x = builder.integer("x", 0, 1);
        StateLayout layout = builder.build();
        List<Rule> flip = List.of(Rule.of("flip", s -> true, (s, t) -> x.set(t, 1 - x.get(s))));
        TransitionSystem cycles = new TransitionSystem() {
            @Override public StateLayout layout() { return layout; }
            @Override public List<State> initialStates() { return List.of(new State(layout, layout.newWords())); }
            @Override public List<Rule> rules() { return flip; }
        };
        CheckReport cyclic = new Explorer(SearchConfig.defaults().withThreads(1)).check(cycles, List.of(
                new Claim.Finitely("no rule", List.of(), WeakFairness.none()),
                new Claim.Finitely("flip", flip, WeakFairness.none())));
        assertEquals(Verdict.Kind.VIOLATED, cyclic.verdictOf("flip").kind());
        assertEquals(Verdict.Kind.HOLDS, cyclic.verdictOf("no rule").kind());
    }

    /**
     * (Fixed in d44821a.) With maxStates below the number of initial states, seedInitialStates
     * set stoppedBy = MAX_STATES and stored only k of them, but run() still expanded that level;
     * when it yielded no new state, the "winners == 0" branch set exhaustive = true. Expected: a search cut by a limit is never exhaustive.
     */
    @Test
    void aLimitAmongTheInitialStatesIsNotExhaustive() {
        StateLayout.Builder builder = StateLayout.builder();
        IntField x = builder.integer("x", 0, 1);
        StateLayout layout = builder.build();
        long[] one = layout.newWords();
        x.set(one, 1);
        TransitionSystem twoStatesNoRules = new TransitionSystem() {
            @Override public StateLayout layout() { return layout; }
            @Override public List<State> initialStates() {
                return List.of(new State(layout, layout.newWords()), new State(layout, one));
            }
            @Override public List<Rule> rules() { return List.of(); }
        };
        CheckReport report = new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(1))
                .check(twoStatesNoRules, List.of(new Claim.Always("true", s -> true)));
        assertEquals(Limit.MAX_STATES, report.stats().stoppedBy());
        assertEquals(1, report.stats().distinctStates());
        assertFalse(report.stats().exhaustive());
    }
}
