package dev.irqcheck.checker.properties;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.properties.RandomSystems.Blueprint;
import dev.irqcheck.checker.properties.RandomSystems.Model;
import dev.irqcheck.checker.properties.RandomSystems.Pick;
import dev.irqcheck.checker.properties.RandomSystems.SystemSpec;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.trace.Trace;
import java.util.List;
import java.util.function.Predicate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * (2) Safety verdicts agree with the reference, and every trace is a shortest real behaviour
 * ending in a deciding state.
 */
class SafetyProperties {

    @Provide
    Arbitrary<SystemSpec> systems() {
        return RandomSystems.systems();
    }

    @Provide
    Arbitrary<Pick> picks() {
        return RandomSystems.picks();
    }

    /**
     * For the invariant "f != v": Violated exactly when the reference reaches a state with
     * f == v, and then the trace replays on the model, ends in such a state, and is as long as the
     * reference's BFS distance to the nearest one (no shorter counterexample exists).
     */
    @Property(tries = 200)
    void invariantVerdictAndShortestTrace(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick bad) {
        Model m = new Model(spec.blueprint());
        Reference ref = Reference.explore(m.blueprint);
        Predicate<int[]> violating = bad.equalsIn(m.blueprint);
        CheckReport report = Harness.check(m, 1, true,
                List.of(new Claim.Always("inv", m.lift(violating.negate()))));
        checkSafety(m, report.verdictOf("inv"), ref.distanceTo(violating), violating, Verdict.Kind.VIOLATED);
    }

    /**
     * Always, Sometimes and AtQuiescence checked in one search (so some are decided on earlier
     * levels than others, and the search may stop once all are decided): each verdict agrees with
     * the reference and each trace is a shortest path to a deciding state. For AtQuiescence the
     * deciding states are the reachable states with no enabled rule that break the condition,
     * and the trace's last state must have no enabled rule.
     */
    @Property(tries = 200)
    void allSafetyFormsTogether(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick bad,
                                @ForAll("picks") Pick goal, @ForAll("picks") Pick quiet) {
        Model m = new Model(spec.blueprint());
        Blueprint b = m.blueprint;
        Reference ref = Reference.explore(b);
        Predicate<int[]> violating = bad.equalsIn(b);
        Predicate<int[]> reached = goal.equalsIn(b);
        Predicate<int[]> badEnd = quiet.equalsIn(b);
        CheckReport report = Harness.check(m, 1, true, List.of(
                new Claim.Always("inv", m.lift(violating.negate())),
                new Claim.Sometimes("reach", m.lift(reached)),
                new Claim.AtQuiescence("quiet", m.lift(badEnd.negate()))));
        checkSafety(m, report.verdictOf("inv"), ref.distanceTo(violating), violating, Verdict.Kind.VIOLATED);
        checkSafety(m, report.verdictOf("reach"), ref.distanceTo(reached), reached, Verdict.Kind.WITNESSED);
        Verdict q = report.verdictOf("quiet");
        checkSafety(m, q, ref.distanceToQuiescent(badEnd), badEnd, Verdict.Kind.VIOLATED);
        if (q.kind() == Verdict.Kind.VIOLATED) {
            Trace t = q.trace().orElseThrow();
            for (Rule r : m.rules()) {
                Harness.check(!r.enabled(t.last().words()), "quiescence trace ends where " + r.name() + " is enabled");
            }
        }
    }

    /**
     * A safety verdict against the reference distance {@code d} to the nearest deciding state
     * (-1 when none is reachable).
     */
    static void checkSafety(Model m, Verdict v, int d, Predicate<int[]> deciding, Verdict.Kind decidedKind) {
        Verdict.Kind undecided = decidedKind == Verdict.Kind.WITNESSED ? Verdict.Kind.NOT_WITNESSED : Verdict.Kind.HOLDS;
        if (d < 0) {
            Harness.checkEqual(undecided, v.kind(), "verdict (no deciding state is reachable)");
            return;
        }
        Harness.checkEqual(decidedKind, v.kind(), "verdict (a deciding state is at distance " + d + ")");
        Trace t = v.trace().orElseThrow();
        Harness.checkFiniteTrace(m, t, deciding, "trace");
        Harness.checkEqual(d, t.length(), "trace length (reference BFS distance)");
    }
}
