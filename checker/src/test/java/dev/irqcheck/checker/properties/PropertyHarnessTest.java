package dev.irqcheck.checker.properties;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.properties.RandomSystems.ActionSpec;
import dev.irqcheck.checker.properties.RandomSystems.AtomSpec;
import dev.irqcheck.checker.properties.RandomSystems.EffectKind;
import dev.irqcheck.checker.properties.RandomSystems.FieldSpec;
import dev.irqcheck.checker.properties.RandomSystems.GuardKind;
import dev.irqcheck.checker.properties.RandomSystems.Model;
import dev.irqcheck.checker.properties.RandomSystems.RuleSpec;
import dev.irqcheck.checker.properties.RandomSystems.SystemSpec;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.Simulator;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.checker.store.Fingerprints;
import dev.irqcheck.checker.trace.Step;
import dev.irqcheck.checker.trace.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The properties can fail: each check the suites rely on is shown to reject a deliberately
 * broken engine result, trace or reference answer, and to accept the correct one.
 */
class PropertyHarnessTest {

    /**
     * Two fields of four values (the second stored as -2..1, the first padded so the second
     * lives in word 1): "inc f0" always (wrapping 3 to 0), "inc f1" while f1 < f0, and "reset"
     * to (0,0) when f1 is 3.
     */
    static SystemSpec spec() {
        return new SystemSpec(
                List.of(new FieldSpec(3, 0), new FieldSpec(3, -2)),
                List.of(
                        new RuleSpec(List.of(), List.of(new ActionSpec(EffectKind.INC, 0, 0, 0))),
                        new RuleSpec(List.of(new AtomSpec(GuardKind.LT_FIELD, 1, 0, 0)),
                                List.of(new ActionSpec(EffectKind.INC, 1, 0, 0))),
                        new RuleSpec(List.of(new AtomSpec(GuardKind.EQ_CONST, 1, 0, 3)),
                                List.of(new ActionSpec(EffectKind.SET, 0, 0, 0), new ActionSpec(EffectKind.SET, 1, 0, 0)))),
                List.of(List.of(0, 0)), true);
    }

    @Test
    void theReferenceAgreesWithTheEngineOnTheSampleSystem() {
        Model m = new Model(spec().blueprint());
        Reference ref = Reference.explore(m.blueprint);
        Set<List<Integer>> seen = Harness.newConcurrentSet();
        CheckReport report = Harness.check(m, 1, true, List.of(Harness.collector(m, seen)));
        assertDoesNotThrow(() -> Harness.checkAgainstReference(ref, seen, report.stats()));
        assertTrue(ref.size() > 4, "the sample system should be non-trivial, has " + ref.size());
    }

    @Test
    void anEngineThatDropsOneStateIsCaught() {
        Model m = new Model(spec().blueprint());
        Reference ref = Reference.explore(m.blueprint);
        Set<List<Integer>> seen = Harness.newConcurrentSet();
        CheckReport report = Harness.check(m, 1, true, List.of(Harness.collector(m, seen)));
        Set<List<Integer>> dropped = new HashSet<>(seen);
        dropped.remove(Reference.key(ref.states.get(ref.size() - 1)));
        assertThrows(AssertionError.class, () -> Harness.checkAgainstReference(ref, dropped, report.stats()));
        SearchStats s = report.stats();
        SearchStats oneLess = new SearchStats(s.distinctStates() - 1, s.transitions(), s.depth(), s.elapsed(),
                s.storeBytes(), s.threads(), s.symmetryReduced(), s.ruleFirings(), s.ruleNames(),
                s.fingerprintCollisionOdds(), s.stoppedBy(), s.exhaustive());
        assertThrows(AssertionError.class, () -> Harness.checkAgainstReference(ref, seen, oneLess));
    }

    /**
     * An "engine" that never expands one reachable state (it runs on a copy of the model whose
     * rules are all disabled there) is caught by the reference comparison of property (1).
     */
    @Test
    void anEngineThatSkipsTheSuccessorsOfOneStateIsCaught() {
        Model m = new Model(spec().blueprint());
        Reference ref = Reference.explore(m.blueprint);
        for (int[] skipped : ref.states) {
            List<Integer> key = Reference.key(skipped);
            TransitionSystem broken = withRulesDisabledAt(m, s -> Reference.key(m.values(s)).equals(key));
            Set<List<Integer>> seen = Harness.newConcurrentSet();
            CheckReport report = new Explorer(Harness.config(1, true)).check(broken, List.of(Harness.collector(m, seen)));
            boolean hasSuccessors = !ref.isTerminal(ref.idOf(skipped));
            if (hasSuccessors) {
                assertThrows(AssertionError.class, () -> Harness.checkAgainstReference(ref, seen, report.stats()),
                        "skipping " + key);
            }
        }
    }

    private static TransitionSystem withRulesDisabledAt(Model m, StatePredicate at) {
        List<Rule> rules = new ArrayList<>();
        for (Rule r : m.rules()) {
            rules.add(Rule.of(r.name(), s -> !at.test(s) && r.enabled(s), r::apply));
        }
        return new TransitionSystem() {
            @Override public StateLayout layout() { return m.layout(); }
            @Override public List<State> initialStates() { return m.initialStates(); }
            @Override public List<Rule> rules() { return rules; }
        };
    }

    @Test
    void aTamperedTraceIsCaught() {
        Model m = new Model(spec().blueprint());
        Reference ref = Reference.explore(m.blueprint);
        Predicate<int[]> bad = s -> s[0] == 3 && s[1] == 2;
        Verdict v = Harness.check(m, 1, true, List.of(new Claim.Always("inv", m.lift(bad.negate())))).verdictOf("inv");
        Trace t = v.trace().orElseThrow();
        int d = ref.distanceTo(bad);
        assertDoesNotThrow(() -> SafetyProperties.checkSafety(m, v, d, bad, Verdict.Kind.VIOLATED));
        // One step fewer: ends in a state that is not bad.
        Trace shorter = new Trace(t.initial(), t.steps().subList(0, t.length() - 1), -1);
        assertThrows(AssertionError.class, () -> Harness.checkFiniteTrace(m, shorter, bad, "shorter"));
        // A step labelled with another rule than the one that produces its target.
        List<Step> relabelled = new ArrayList<>(t.steps());
        Rule other = m.rules().stream().filter(r -> r != relabelled.get(0).rule()).findFirst().orElseThrow();
        relabelled.set(0, new Step(other, relabelled.get(0).target()));
        assertThrows(AssertionError.class, () -> Harness.checkReplays(m, new Trace(t.initial(), relabelled, -1)));
        // A longer (non-shortest) trace to the same bad state: the verdict check wants distance d.
        assertThrows(AssertionError.class, () -> SafetyProperties.checkSafety(m, v, d - 1, bad, Verdict.Kind.VIOLATED));
        // A verdict that disagrees with the reference.
        assertThrows(AssertionError.class,
                () -> SafetyProperties.checkSafety(m, new Verdict.Holds(), d, bad, Verdict.Kind.VIOLATED));
        assertThrows(AssertionError.class,
                () -> SafetyProperties.checkSafety(m, v, -1, bad, Verdict.Kind.VIOLATED));
    }

    @Test
    void aBrokenLassoIsCaught() {
        Model m = new Model(spec().blueprint());
        Predicate<int[]> never = s -> false;
        Verdict v = Harness.check(m, 1, true, List.of(
                new Claim.Eventually("ev", m.lift(never), WeakFairness.none()))).verdictOf("ev");
        Trace t = v.trace().orElseThrow();
        assertDoesNotThrow(() -> Harness.checkLasso(m, t, s -> true, never, List.of()));
        // The loop does not close on another start.
        for (int wrong = 0; wrong < t.length(); wrong++) {
            if (!t.state(wrong).equals(t.last())) {
                int w = wrong;
                assertThrows(AssertionError.class,
                        () -> Harness.checkLasso(m, new Trace(t.initial(), t.steps(), w), s -> true, never, List.of()));
            }
        }
        // "Stops here" where a rule is enabled.
        assertThrows(AssertionError.class, () -> Harness.checkLasso(m,
                new Trace(t.initial(), t.steps(), t.length()), s -> true, never, List.of()));
        // A goal state inside the lasso.
        Predicate<int[]> lastIsGoal = s -> java.util.Arrays.equals(s, m.values(t.last().words()));
        assertThrows(AssertionError.class, () -> Harness.checkLasso(m, t, s -> true, lastIsGoal, List.of()));
        // A loop that is unfair to a rule always enabled in it and never taken.
        Rule alwaysOn = Rule.of("always on", s -> true, (s, n) -> { });
        assertThrows(AssertionError.class, () -> Harness.checkLasso(m, t, s -> true, never, List.of(alwaysOn)));
    }

    @Test
    void theLivenessReferencesTellCyclesFromTerminationAndHonourFairness() {
        // f0 counts 0..3 and wraps ("inc f0"); "stop" moves f1 to 1, where nothing is enabled.
        SystemSpec spin = new SystemSpec(List.of(new FieldSpec(3, 0), new FieldSpec(1, 0)),
                List.of(new RuleSpec(List.of(new AtomSpec(GuardKind.EQ_CONST, 1, 0, 0)),
                                List.of(new ActionSpec(EffectKind.INC, 0, 0, 0))),
                        new RuleSpec(List.of(new AtomSpec(GuardKind.EQ_CONST, 1, 0, 0)),
                                List.of(new ActionSpec(EffectKind.SET, 1, 0, 1)))),
                List.of(List.of(0, 0)), false);
        Reference ref = Reference.explore(spin.blueprint());
        Predicate<int[]> stopped = s -> s[1] == 1;
        Predicate<int[]> f0is3 = s -> s[0] == 3;
        // Spinning on f0 avoids "stopped" unless "stop" is fair.
        assertTrue(ref.avoidsGoalUnfairly(ref.initialIds, stopped));
        assertTrue(ref.avoidsGoalFairly(ref.initialIds, stopped, Set.of()));
        assertFalse(ref.avoidsGoalFairly(ref.initialIds, stopped, Set.of(1)));
        // Stopping early avoids "f0 is 3" whatever is fair: a terminal non-goal state.
        assertTrue(ref.avoidsGoalUnfairly(ref.initialIds, f0is3));
        assertTrue(ref.avoidsGoalFairly(ref.initialIds, f0is3, Set.of(0, 1)));
        // Every behaviour reaches "f0 is 0" at once.
        assertFalse(ref.avoidsGoalUnfairly(ref.initialIds, s -> s[0] == 0));
        Model m = new Model(spin.blueprint());
        CheckReport r = Harness.check(m, 1, true, List.of(
                new Claim.Eventually("stops, unfair", m.lift(stopped), WeakFairness.none()),
                new Claim.Eventually("stops, fair", m.lift(stopped), WeakFairness.of(List.of(m.rules().get(1))))));
        assertEquals(Verdict.Kind.VIOLATED, r.verdictOf("stops, unfair").kind());
        assertEquals(Verdict.Kind.HOLDS, r.verdictOf("stops, fair").kind());
    }

    @Test
    void aSimulatorVisitOutsideTheReachableStatesIsCaught() {
        Model m = new Model(spec().blueprint());
        Set<Long> reached = new HashSet<>();
        new Explorer(Harness.config(1, false)).check(m, List.of(new Claim.Always("collect", s -> {
            reached.add(Fingerprints.of(s));
            return true;
        })));
        List<Long> visited = new ArrayList<>();
        new Simulator(m).run(List.of(), 5, 20, 1L, s -> visited.add(Fingerprints.of(s)));
        assertDoesNotThrow(() -> Harness.checkVisitedReached(reached, visited));
        // The initial state with its padding field changed: never reachable.
        long[] w = m.initialStates().get(0).words();
        m.layout().field("pad0").orElseThrow().setRaw(w, 0);
        visited.add(Fingerprints.of(w));
        assertThrows(AssertionError.class, () -> Harness.checkVisitedReached(reached, visited));
    }
}
