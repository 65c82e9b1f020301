package dev.irqcheck.checker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.result.SimulationReport;
import dev.irqcheck.checker.result.SimulationReport.Outcome;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.ExplorerSmokeTest.TwoCounters;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.checker.trace.NondeterministicModelException;
import dev.irqcheck.checker.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    // Every step of TwoCounters adds 1 to a + b, and every run stops at (3,3) after exactly 6 steps,
    // so the outcomes below hold whatever the random choices are.

    @Test
    void findsAViolationAtTheFirstRunAndStepThatBreaksTheInvariant() {
        TwoCounters m = new TwoCounters();
        SimulationReport r = new Simulator(m).run(List.of(
                new Claim.Always("sum below 3", s -> m.a.get(s) + m.b.get(s) < 3)), 50, 100, 7L, null);
        SimulationReport.ClaimResult c = r.resultOf("sum below 3");
        assertEquals(Outcome.VIOLATED, c.outcome());
        assertEquals(0, c.run());
        assertEquals(3, c.step());
        Trace t = c.trace().orElseThrow();
        assertEquals(3, t.length());
        assertEquals(3, m.a.get(t.last().words()) + m.b.get(t.last().words()));
        assertEquals(Verdict.Kind.VIOLATED, c.verdict().orElseThrow().kind());
        // The only safety claim is decided: the batch stops right there.
        assertEquals(1, r.runsDone());
        assertEquals(3, r.steps());
        assertEquals(50, r.runsRequested());
    }

    @Test
    void checksQuiescenceOnlyWhereNoRuleIsEnabled() {
        TwoCounters m = new TwoCounters();
        List<Claim> claims = List.of(
                new Claim.AtQuiescence("ends at 3,3", s -> m.a.get(s) == 3 && m.b.get(s) == 3),
                new Claim.AtQuiescence("ends with a below 3", s -> m.a.get(s) < 3),
                new Claim.Sometimes("both 3", s -> m.a.get(s) == 3 && m.b.get(s) == 3));
        SimulationReport r = new Simulator(m).run(claims, 20, 100, 1L, null);
        assertEquals(Outcome.NOT_FOUND, r.resultOf("ends at 3,3").outcome());
        assertTrue(r.resultOf("ends at 3,3").trace().isEmpty());
        assertTrue(r.resultOf("ends at 3,3").verdict().isEmpty());
        assertEquals(Outcome.VIOLATED, r.resultOf("ends with a below 3").outcome());
        assertEquals(6, r.resultOf("ends with a below 3").step());
        assertEquals(Outcome.WITNESSED, r.resultOf("both 3").outcome());
        assertEquals(Verdict.Kind.WITNESSED, r.resultOf("both 3").verdict().orElseThrow().kind());
        // "ends at 3,3" is never decided, so every run is walked to its quiescent end.
        assertEquals(20, r.runsDone());
        assertEquals(20 * 6, r.steps());
        assertEquals(20, r.runsEndedQuiescent());
    }

    @Test
    void aRunCutOffByTheStepLimitIsNotQuiescent() {
        TwoCounters m = new TwoCounters();
        SimulationReport r = new Simulator(m).run(List.of(
                new Claim.AtQuiescence("never quiescent", s -> false),
                new Claim.Sometimes("both 3", s -> m.a.get(s) == 3 && m.b.get(s) == 3)), 10, 5, 3L, null);
        assertEquals(Outcome.NOT_FOUND, r.resultOf("never quiescent").outcome());
        assertEquals(Outcome.NOT_FOUND, r.resultOf("both 3").outcome());
        assertEquals(10, r.runsDone());
        assertEquals(50, r.steps());
        assertEquals(0, r.runsEndedQuiescent());
    }

    @Test
    void zeroStepsChecksOnlyInitialStates() {
        TwoCounters m = new TwoCounters();
        List<long[]> seen = new ArrayList<>();
        SimulationReport r = new Simulator(m).run(List.of(new Claim.Always("a is 0", s -> m.a.get(s) == 0)),
                4, 0, 3L, s -> seen.add(s.clone()));
        assertEquals(Outcome.NOT_FOUND, r.resultOf("a is 0").outcome());
        assertEquals(4, seen.size());
        assertEquals(0, r.steps());
    }

    @Test
    void livenessClaimsAreNotCheckedAndDoNotStopTheBatch() {
        TwoCounters m = new TwoCounters();
        SimulationReport r = new Simulator(m).run(List.of(
                new Claim.Eventually("ev", s -> false, WeakFairness.none()),
                new Claim.LeadsTo("lt", s -> true, s -> false, WeakFairness.none())), 5, 100, 9L, null);
        for (SimulationReport.ClaimResult c : r.results()) {
            assertEquals(Outcome.NOT_CHECKED, c.outcome());
            assertTrue(c.trace().isEmpty());
            assertEquals(-1, c.run());
        }
        assertEquals(5, r.runsDone());
        assertEquals(30, r.steps());
    }

    @Test
    void sameSeedSameWalksAndDifferentSeedsDiffer() {
        Grid g = new Grid(16);
        List<String> first = visits(g.system, 42L);
        assertEquals(first, visits(g.system, 42L));
        assertNotEquals(first, visits(g.system, 43L));
        assertNotEquals(Simulator.runSeed(42L, 0), Simulator.runSeed(42L, 1));
        assertNotEquals(Simulator.runSeed(42L, 1), Simulator.runSeed(43L, 0));
    }

    @Test
    void eachRunCanBeReproducedAlone() {
        Grid g = new Grid(8);
        List<String> batch = visits(g.system, 5L);
        List<String> alone = new ArrayList<>();
        for (int run = 0; run < 10; run++) {
            Trace t = new Simulator(g.system).walk(5L, run, 20);
            for (int i = 0; i <= t.length(); i++) {
                alone.add(t.state(i).toString());
            }
        }
        assertEquals(batch, alone);
    }

    private static List<String> visits(TransitionSystem m, long seed) {
        List<String> seen = new ArrayList<>();
        new Simulator(m).run(List.of(), 10, 20, seed, s -> seen.add(new State(m.layout(), s).toString()));
        return seen;
    }

    @Test
    void choosesInitialStatesAndEnabledRulesUniformly() {
        StateLayout.Builder builder = StateLayout.builder();
        IntField x = builder.integer("x", 0, 3);
        StateLayout layout = builder.build();
        List<Rule> rules = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            int value = v;
            rules.add(Rule.of("to " + v, s -> true, (s, n) -> x.set(n, value)));
        }
        rules.add(Rule.of("to 3 (never enabled)", s -> false, (s, n) -> x.set(n, 3)));
        List<State> initial = new ArrayList<>();
        for (int v = 0; v < 3; v++) {
            long[] w = layout.newWords();
            x.set(w, v);
            initial.add(new State(layout, w));
        }
        TransitionSystem m = system(layout, initial, rules, null);
        int[] initialCounts = new int[4];
        new Simulator(m).run(List.of(), 30_000, 0, 11L, s -> initialCounts[x.get(s)]++);
        int[] stepCounts = new int[4];
        new Simulator(m).run(List.of(), 1, 30_000, 11L, s -> stepCounts[x.get(s)]++);
        for (int v = 0; v < 3; v++) {
            assertEquals(10_000, initialCounts[v], 400, "initial state " + v);
            assertEquals(10_000, stepCounts[v], 400, "state " + v);
        }
        assertEquals(0, initialCounts[3]);
        assertEquals(0, stepCounts[3]);
    }

    @Test
    void walksTheRealModelNotItsSymmetryRepresentatives() {
        StateLayout.Builder builder = StateLayout.builder();
        IntField p = builder.integer("p", 0, 1);
        IntField q = builder.integer("q", 0, 1);
        StateLayout layout = builder.build();
        // Only p is ever set; the canonical form would put the 1 into q.
        List<Rule> rules = List.of(Rule.of("set p", s -> p.get(s) == 0, (s, n) -> p.set(n, 1)));
        Symmetry sort = w -> {
            if (p.get(w) > q.get(w)) {
                int t = p.get(w);
                p.set(w, q.get(w));
                q.set(w, t);
            }
        };
        TransitionSystem m = system(layout, List.of(new State(layout, layout.newWords())), rules, sort);
        List<String> seen = new ArrayList<>();
        SimulationReport r = new Simulator(m).run(List.of(new Claim.Sometimes("p set", s -> p.get(s) == 1)),
                1, 5, 0L, s -> seen.add(new State(layout, s).toString()));
        assertEquals(List.of("{p=0, q=0}", "{p=1, q=0}"), seen);
        assertEquals("{p=1, q=0}", r.resultOf("p set").trace().orElseThrow().last().toString());
    }

    @Test
    void aModelThatIsNotAFunctionOfItsStateIsReported() {
        StateLayout.Builder builder = StateLayout.builder();
        IntField x = builder.integer("x", 0, 7);
        StateLayout layout = builder.build();
        AtomicInteger hidden = new AtomicInteger();
        List<Rule> rules = List.of(Rule.of("x := hidden counter", s -> true,
                (s, n) -> x.set(n, hidden.incrementAndGet() % 8)));
        TransitionSystem m = system(layout, List.of(new State(layout, layout.newWords())), rules, null);
        assertThrows(NondeterministicModelException.class, () -> new Simulator(m).run(
                List.of(new Claim.Always("x below 3", s -> x.get(s) < 3)), 1, 10, 0L, null));
    }

    @Test
    void noInitialStateMeansNoRun() {
        TwoCounters c = new TwoCounters();
        TransitionSystem m = system(c.layout, List.of(), c.rules, null);
        SimulationReport r = new Simulator(m).run(List.of(new Claim.Always("t", s -> true)), 5, 5, 0L, null);
        assertEquals(0, r.runsDone());
        assertEquals(0, r.steps());
        assertThrows(IllegalStateException.class, () -> new Simulator(m).walk(0L, 0, 5));
    }

    @Test
    void rejectsBadArguments() {
        Simulator s = new Simulator(new TwoCounters());
        assertThrows(IllegalArgumentException.class, () -> s.run(List.of(), -1, 5, 0L, null));
        assertThrows(IllegalArgumentException.class, () -> s.run(List.of(), 1, -5, 0L, null));
        assertThrows(IllegalArgumentException.class, () -> s.walk(0L, -1, 5));
        Claim claim = new Claim.Always("t", x -> true);
        assertThrows(IllegalArgumentException.class,
                () -> new SimulationReport.ClaimResult(claim, Outcome.NOT_FOUND, Optional.empty(), 0, 0));
        assertFalse(new SimulationReport.ClaimResult(claim, Outcome.NOT_FOUND, Optional.empty(), -1, -1)
                .verdict().isPresent());
    }

    static TransitionSystem system(StateLayout layout, List<State> initial, List<Rule> rules, Symmetry symmetry) {
        return new TransitionSystem() {
            @Override public StateLayout layout() { return layout; }
            @Override public List<State> initialStates() { return initial; }
            @Override public List<Rule> rules() { return rules; }
            @Override public Optional<Symmetry> symmetry() { return Optional.ofNullable(symmetry); }
        };
    }

    /** An n-by-n grid of two counters, each step incrementing one: many random paths. */
    static final class Grid {
        final TransitionSystem system;

        Grid(int n) {
            StateLayout.Builder builder = StateLayout.builder();
            IntField a = builder.integer("a", 0, n - 1);
            IntField b = builder.integer("b", 0, n - 1);
            StateLayout layout = builder.build();
            system = system(layout, List.of(new State(layout, layout.newWords())), List.of(
                    Rule.of("inc a", s -> a.get(s) < n - 1, (s, t) -> a.set(t, a.get(s) + 1)),
                    Rule.of("inc b", s -> b.get(s) < n - 1, (s, t) -> b.set(t, b.get(s) + 1))), null);
        }
    }
}
