package dev.irqcheck.checker.properties;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.properties.RandomSystems.Blueprint;
import dev.irqcheck.checker.properties.RandomSystems.Model;
import dev.irqcheck.checker.properties.RandomSystems.Pick;
import dev.irqcheck.checker.properties.RandomSystems.SystemSpec;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.trace.Trace;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * (5) Liveness verdicts agree with brute-force references, and every lasso is a real,
 * goal-avoiding (and, under fairness, fair) behaviour.
 */
class LivenessProperties {

    @Provide
    Arbitrary<SystemSpec> systems() {
        return RandomSystems.systems();
    }

    @Provide
    Arbitrary<SystemSpec> smallSystems() {
        return RandomSystems.smallSystems();
    }

    @Provide
    Arbitrary<SystemSpec> hugeSystems() {
        return RandomSystems.hugeSystems();
    }

    @Provide
    Arbitrary<Pick> picks() {
        return RandomSystems.picks();
    }

    @Provide
    Arbitrary<Integer> fairMasks() {
        return Arbitraries.integers().between(0, 255);
    }

    /**
     * Eventually(goal) without fairness is violated exactly when, from a non-goal initial state,
     * a path through non-goal states reaches a state with no enabled rule or a cycle (the
     * reference peels acyclic states off, Kahn style). The lasso replays, consists of non-goal
     * states only, and closes its loop or stops where no rule is enabled.
     */
    @Property(tries = 200)
    void eventuallyWithoutFairness(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick goal) {
        Model m = new Model(spec.blueprint());
        Reference ref = Reference.explore(m.blueprint);
        Predicate<int[]> g = goal.equalsIn(m.blueprint);
        CheckReport report = Harness.check(m, 1, true,
                List.of(new Claim.Eventually("ev", m.lift(g), WeakFairness.none())));
        boolean expected = ref.avoidsGoalUnfairly(ref.initialIds, g);
        Verdict v = report.verdictOf("ev");
        Harness.checkEqual(expected ? Verdict.Kind.VIOLATED : Verdict.Kind.HOLDS, v.kind(), "Eventually(" + goal.describe(m.blueprint) + ")");
        if (expected) {
            Trace t = v.trace().orElseThrow();
            Harness.checkLasso(m, t, s -> true, g, List.of());
            for (int i = 0; i <= t.length(); i++) {
                Harness.check(!g.test(m.values(t.state(i).words())), "lasso state " + i + " is a goal state");
            }
        }
    }

    /** LeadsTo(trigger, goal) without fairness, against the same reference from every trigger state. */
    @Property(tries = 200)
    void leadsToWithoutFairness(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick trigger,
                                @ForAll("picks") Pick goal) {
        Model m = new Model(spec.blueprint());
        Reference ref = Reference.explore(m.blueprint);
        Predicate<int[]> p = trigger.equalsIn(m.blueprint);
        Predicate<int[]> q = goal.equalsIn(m.blueprint);
        CheckReport report = Harness.check(m, 1, true,
                List.of(new Claim.LeadsTo("lt", m.lift(p), m.lift(q), WeakFairness.none())));
        boolean expected = ref.avoidsGoalUnfairly(ref.where(p), q);
        Verdict v = report.verdictOf("lt");
        Harness.checkEqual(expected ? Verdict.Kind.VIOLATED : Verdict.Kind.HOLDS, v.kind(), "LeadsTo");
        if (expected) {
            Harness.checkLasso(m, v.trace().orElseThrow(), p, q, List.of());
        }
    }

    /**
     * Under weak fairness of a random subset of the rules, on systems of at most 256 states:
     * Eventually and LeadsTo agree with a quadratic reference (components from pairwise
     * reachability; a component is fair when it has an internal edge and each fair rule is taken
     * inside it or disabled in one of its states), and each lasso's loop is fair: every fair rule
     * is taken in the loop or disabled in one of the loop's states.
     */
    @Property(tries = 200)
    void livenessUnderWeakFairness(@ForAll("smallSystems") SystemSpec spec, @ForAll("picks") Pick trigger,
                                   @ForAll("picks") Pick goal, @ForAll("fairMasks") int mask) {
        Model m = new Model(spec.blueprint());
        Blueprint b = m.blueprint;
        Reference ref = Reference.explore(b);
        List<Rule> fair = new ArrayList<>();
        Set<Integer> fairIds = new HashSet<>();
        for (int r = 0; r < m.rules().size(); r++) {
            if ((mask >> r & 1) != 0) {
                fair.add(m.rules().get(r));
                fairIds.add(r);
            }
        }
        Predicate<int[]> p = trigger.equalsIn(b);
        Predicate<int[]> q = goal.equalsIn(b);
        CheckReport report = Harness.check(m, 1, true, List.of(
                new Claim.Eventually("ev", m.lift(q), WeakFairness.of(fair)),
                new Claim.LeadsTo("lt", m.lift(p), m.lift(q), WeakFairness.of(fair))));
        boolean ev = ref.avoidsGoalFairly(ref.initialIds, q, fairIds);
        boolean lt = ref.avoidsGoalFairly(ref.where(p), q, fairIds);
        Verdict e = report.verdictOf("ev");
        Verdict l = report.verdictOf("lt");
        Harness.checkEqual(ev ? Verdict.Kind.VIOLATED : Verdict.Kind.HOLDS, e.kind(), "Eventually under fairness " + fairIds);
        Harness.checkEqual(lt ? Verdict.Kind.VIOLATED : Verdict.Kind.HOLDS, l.kind(), "LeadsTo under fairness " + fairIds);
        if (ev) {
            Trace t = e.trace().orElseThrow();
            Harness.checkLasso(m, t, s -> true, q, fair);
            for (int i = 0; i <= t.length(); i++) {
                Harness.check(!q.test(m.values(t.state(i).words())), "lasso state " + i + " is a goal state");
            }
        }
        if (lt) {
            Harness.checkLasso(m, l.trace().orElseThrow(), p, q, fair);
        }
    }

    /**
     * Finitely(accepting) under weak fairness, both random subsets of the rules (either may be
     * empty), on systems of at most 256 states: Violated exactly when the reachable graph has a
     * component with an internal accepting edge in which every fair rule is taken or disabled
     * somewhere; the lasso loops (never stops), takes an accepting rule in its loop, and is fair.
     * An Eventually claim checked in the same search (so the claims share the graph and their
     * slots differ) still agrees with its reference.
     */
    @Property(tries = 200)
    void finitelyUnderWeakFairness(@ForAll("smallSystems") SystemSpec spec, @ForAll("fairMasks") int acceptingMask,
                                   @ForAll("fairMasks") int fairMask, @ForAll("picks") Pick goal) {
        Model m = new Model(spec.blueprint());
        Reference ref = Reference.explore(m.blueprint);
        Set<Integer> acceptingIds = ruleIds(m, acceptingMask);
        List<Rule> accepting = rulesOf(m, acceptingIds);
        Set<Integer> fairIds = ruleIds(m, fairMask);
        List<Rule> fair = rulesOf(m, fairIds);
        Predicate<int[]> q = goal.equalsIn(m.blueprint);
        CheckReport report = Harness.check(m, 1, true, List.of(
                new Claim.Eventually("ev", m.lift(q), WeakFairness.of(fair)),
                new Claim.Finitely("fin", accepting, WeakFairness.of(fair))));
        boolean ev = ref.avoidsGoalFairly(ref.initialIds, q, fairIds);
        Harness.checkEqual(ev ? Verdict.Kind.VIOLATED : Verdict.Kind.HOLDS, report.verdictOf("ev").kind(),
                "Eventually beside Finitely");
        boolean expected = ref.takesAcceptingRulesForeverFairly(acceptingIds, fairIds);
        Verdict v = report.verdictOf("fin");
        Harness.checkEqual(expected ? Verdict.Kind.VIOLATED : Verdict.Kind.HOLDS, v.kind(),
                "Finitely(" + acceptingIds + ") under fairness " + fairIds);
        if (expected) {
            Harness.checkAcceptanceLasso(m, v.trace().orElseThrow(), accepting, fair);
        }
    }

    /**
     * The bitstate search's fair cycles (Tarjan over a Bloom filter, one pass per claim) against the
     * same references, on systems of at most 256 states and a filter roomy enough to omit none
     * (fill^3 below 1e-10): Eventually, LeadsTo and Finitely under weak fairness of a random subset
     * of the rules are violated exactly when the reference says so, with a lasso that passes the
     * same checks as the exhaustive one's; otherwise inconclusive, never holds.
     */
    @Property(tries = 200)
    void bitstateFindsTheFairCyclesTheReferenceFinds(@ForAll("smallSystems") SystemSpec spec,
                                                     @ForAll("picks") Pick trigger, @ForAll("picks") Pick goal,
                                                     @ForAll("fairMasks") int fairMask,
                                                     @ForAll("fairMasks") int acceptingMask) {
        Model m = new Model(spec.blueprint());
        Blueprint b = m.blueprint;
        Reference ref = Reference.explore(b);
        Set<Integer> acceptingIds = ruleIds(m, acceptingMask);
        List<Rule> accepting = rulesOf(m, acceptingIds);
        Set<Integer> fairIds = ruleIds(m, fairMask);
        List<Rule> fair = rulesOf(m, fairIds);
        Predicate<int[]> p = trigger.equalsIn(b);
        Predicate<int[]> q = goal.equalsIn(b);
        CheckReport report = new dev.irqcheck.checker.search.Explorer(Harness.config(1, false)
                .withBitstate(new dev.irqcheck.checker.search.SearchConfig.Bitstate(1 << 24, 3)))
                .check(m, List.of(new Claim.Eventually("ev", m.lift(q), WeakFairness.of(fair)),
                        new Claim.LeadsTo("lt", m.lift(p), m.lift(q), WeakFairness.of(fair)),
                        new Claim.Finitely("fin", accepting, WeakFairness.of(fair))));
        Harness.check(report.bitstate().orElseThrow().omittedFraction() < 1e-10, report.bitstate().get().describe());
        boolean ev = ref.avoidsGoalFairly(ref.initialIds, q, fairIds);
        boolean lt = ref.avoidsGoalFairly(ref.where(p), q, fairIds);
        boolean fin = !acceptingIds.isEmpty() && ref.takesAcceptingRulesForeverFairly(acceptingIds, fairIds);
        Verdict.Inconclusive notFound = new Verdict.Inconclusive(dev.irqcheck.checker.result.Limit.BITSTATE);
        Harness.checkEqual(ev ? Verdict.Kind.VIOLATED : notFound, ev ? report.verdictOf("ev").kind()
                : report.verdictOf("ev"), "bitstate Eventually under fairness " + fairIds);
        Harness.checkEqual(lt ? Verdict.Kind.VIOLATED : notFound, lt ? report.verdictOf("lt").kind()
                : report.verdictOf("lt"), "bitstate LeadsTo under fairness " + fairIds);
        Harness.checkEqual(fin ? Verdict.Kind.VIOLATED : notFound, fin ? report.verdictOf("fin").kind()
                : report.verdictOf("fin"), "bitstate Finitely(" + acceptingIds + ") under fairness " + fairIds);
        if (ev) {
            Trace t = report.verdictOf("ev").trace().orElseThrow();
            Harness.checkLasso(m, t, s -> true, q, fair);
            for (int i = 0; i <= t.length(); i++) {
                Harness.check(!q.test(m.values(t.state(i).words())), "lasso state " + i + " is a goal state");
            }
        }
        if (lt) {
            Harness.checkLasso(m, report.verdictOf("lt").trace().orElseThrow(), p, q, fair);
        }
        if (fin) {
            Harness.checkAcceptanceLasso(m, report.verdictOf("fin").trace().orElseThrow(), accepting, fair);
        }
    }

    /**
     * Eventually and LeadsTo without fairness on graphs of 78125 states, large enough for the
     * engine's visited set to grow while a BFS level is merged and for levels to be split into
     * many chunks: verdicts agree with the reference and lassos are real. Shrinking is off
     * because every step of it re-explores a large graph twice; the reported sample is small to
     * read anyway (7 fixed counters and up to 3 extra rules).
     */
    @Property(tries = 4, shrinking = ShrinkingMode.OFF)
    void livenessOnLargeGraphs(@ForAll("hugeSystems") SystemSpec spec, @ForAll("picks") Pick trigger,
                               @ForAll("picks") Pick goal) {
        Model m = new Model(spec.blueprint());
        Reference ref = Reference.explore(m.blueprint);
        Predicate<int[]> p = trigger.equalsIn(m.blueprint);
        Predicate<int[]> q = goal.equalsIn(m.blueprint);
        CheckReport report = Harness.check(m, 4, true, List.of(
                new Claim.Eventually("ev", m.lift(q), WeakFairness.none()),
                new Claim.LeadsTo("lt", m.lift(p), m.lift(q), WeakFairness.none())));
        Harness.checkEqual((long) ref.size(), report.stats().distinctStates(), "distinct states");
        boolean ev = ref.avoidsGoalUnfairly(ref.initialIds, q);
        boolean lt = ref.avoidsGoalUnfairly(ref.where(p), q);
        Verdict e = report.verdictOf("ev");
        Verdict l = report.verdictOf("lt");
        if (ev && e.kind() == Verdict.Kind.VIOLATED) {
            Harness.checkLasso(m, e.trace().orElseThrow(), s -> true, q, List.of());
        }
        if (lt && l.kind() == Verdict.Kind.VIOLATED) {
            Harness.checkLasso(m, l.trace().orElseThrow(), p, q, List.of());
        }
        Harness.checkEqual(ev ? Verdict.Kind.VIOLATED : Verdict.Kind.HOLDS, e.kind(), "Eventually(" + goal.describe(m.blueprint) + ")");
        Harness.checkEqual(lt ? Verdict.Kind.VIOLATED : Verdict.Kind.HOLDS, l.kind(), "LeadsTo");
    }

    // The rule ordinals a mask picks (bit r for rule r), in order.
    private static Set<Integer> ruleIds(Model m, int mask) {
        Set<Integer> ids = new java.util.TreeSet<>();
        for (int r = 0; r < m.rules().size(); r++) {
            if ((mask >> r & 1) != 0) {
                ids.add(r);
            }
        }
        return ids;
    }

    private static List<Rule> rulesOf(Model m, Set<Integer> ids) {
        return ids.stream().map(m.rules()::get).toList();
    }
}
