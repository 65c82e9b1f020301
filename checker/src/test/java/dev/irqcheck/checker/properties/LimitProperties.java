package dev.irqcheck.checker.properties;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.properties.RandomSystems.Blueprint;
import dev.irqcheck.checker.properties.RandomSystems.Model;
import dev.irqcheck.checker.properties.RandomSystems.Pick;
import dev.irqcheck.checker.properties.RandomSystems.SystemSpec;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** (6) The max-states limit: an interrupted search never claims more than it saw. */
class LimitProperties {

    @Provide
    Arbitrary<SystemSpec> systems() {
        return RandomSystems.systems();
    }

    @Provide
    Arbitrary<Pick> picks() {
        return RandomSystems.picks();
    }

    @Provide
    Arbitrary<Integer> fractions() {
        return Arbitraries.integers().between(0, 10_000);
    }

    @Provide
    Arbitrary<Integer> threads() {
        return Arbitraries.of(1, 2, 4);
    }

    /**
     * With {@code withMaxStates(k)} for k below the reachable count (and a never-decided claim,
     * so the search cannot end by deciding everything): the search stops by MAX_STATES having
     * stored exactly k states; no safety verdict is Holds or NotWitnessed; an Inconclusive names
     * MAX_STATES; a Violated or Witnessed trace is still a shortest real path to a deciding
     * state; and every claim decided by a state in a BFS level that was fully explored (all
     * levels before the first one that did not fit) is decided.
     */
    @Property(tries = 200)
    void limitedSearchIsInconclusiveOrDecided(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick bad,
                                              @ForAll("picks") Pick goal, @ForAll("picks") Pick quiet,
                                              @ForAll("fractions") int fraction, @ForAll("threads") int threads) {
        Model m = new Model(spec.blueprint());
        Blueprint b = m.blueprint;
        Reference ref = Reference.explore(b);
        if (ref.size() < 2) {
            return;
        }
        int k = 1 + fraction % (ref.size() - 1);
        Predicate<int[]> violating = bad.equalsIn(b);
        Predicate<int[]> reached = goal.equalsIn(b);
        Predicate<int[]> badEnd = quiet.equalsIn(b);
        List<Claim> claims = safetyClaims(m, violating, reached, badEnd);
        CheckReport report = new Explorer(Harness.config(threads, true).withMaxStates(k)).check(m, claims);
        Harness.checkEqual(Limit.MAX_STATES, report.stats().stoppedBy(), "stoppedBy with maxStates " + k
                + " of " + ref.size());
        Harness.checkEqual((long) k, report.stats().distinctStates(), "distinct states stored");
        Harness.check(!report.stats().exhaustive(), "a search cut by maxStates claims to be exhaustive");
        int explored = fullyExploredDepth(ref, k);
        checkLimited(m, report.verdictOf("inv"), ref.distanceTo(violating), violating, Verdict.Kind.VIOLATED,
                Limit.MAX_STATES, explored);
        checkLimited(m, report.verdictOf("reach"), ref.distanceTo(reached), reached, Verdict.Kind.WITNESSED,
                Limit.MAX_STATES, explored);
        checkLimited(m, report.verdictOf("quiet"), ref.distanceToQuiescent(badEnd), badEnd, Verdict.Kind.VIOLATED,
                Limit.MAX_STATES, explored);
        Harness.checkEqual(new Verdict.Inconclusive(Limit.MAX_STATES), report.verdictOf("true"), "never-decided claim");
    }

    /** A liveness claim is Inconclusive when the search hit the limit. */
    @Property(tries = 100)
    void limitedSearchLeavesLivenessInconclusive(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick goal,
                                                 @ForAll("fractions") int fraction) {
        Model m = new Model(spec.blueprint());
        Reference ref = Reference.explore(m.blueprint);
        if (ref.size() < 2) {
            return;
        }
        int k = 1 + fraction % (ref.size() - 1);
        CheckReport report = new Explorer(Harness.config(1, true).withMaxStates(k)).check(m, List.of(
                new Claim.Eventually("ev", m.lift(goal.equalsIn(m.blueprint)), WeakFairness.none())));
        Harness.checkEqual(Limit.MAX_STATES, report.stats().stoppedBy(), "stoppedBy");
        Harness.checkEqual(new Verdict.Inconclusive(Limit.MAX_STATES), report.verdictOf("ev"), "liveness verdict");
    }

    /**
     * A limit equal to the reachable count (or above it) does not cut the search: it completes,
     * with the same report as an unlimited search.
     */
    @Property(tries = 150)
    void limitAtTheReachableCountIsComplete(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick bad,
                                            @ForAll("picks") Pick goal, @ForAll("picks") Pick quiet,
                                            @ForAll("fractions") int extra) {
        Model m = new Model(spec.blueprint());
        Reference ref = Reference.explore(m.blueprint);
        List<Claim> claims = ThreadDeterminismProperties.safetyClaims(m, bad, goal, quiet);
        String unlimited = Harness.describe(Harness.check(m, 1, true, claims));
        for (int k : new int[] {ref.size(), ref.size() + extra % 3}) {
            CheckReport limited = new Explorer(Harness.config(1, true).withMaxStates(k)).check(m, claims);
            Harness.checkEqual(unlimited, Harness.describe(limited), "report with maxStates " + k
                    + " = reachable count " + ref.size());
        }
    }

    /**
     * A memory budget from nothing up to a little above what the engine's initial tables take:
     * either the search completes and every verdict is the reference search's, or it stops by
     * MEMORY and every verdict is Inconclusive(MEMORY) or decided as the reference says, with a
     * shortest real trace.
     */
    @Property(tries = 100)
    void memoryBudgetIsInconclusiveOrComplete(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick bad,
                                              @ForAll("picks") Pick goal, @ForAll("picks") Pick quiet,
                                              @ForAll("budgets") long budget, @ForAll("threads") int threads) {
        Model m = new Model(spec.blueprint());
        Blueprint b = m.blueprint;
        Reference ref = Reference.explore(b);
        Predicate<int[]> violating = bad.equalsIn(b);
        Predicate<int[]> reached = goal.equalsIn(b);
        Predicate<int[]> badEnd = quiet.equalsIn(b);
        List<Claim> claims = safetyClaims(m, violating, reached, badEnd);
        CheckReport report = new Explorer(Harness.config(threads, true).withMemoryBudget(budget)).check(m, claims);
        if (report.stats().stoppedBy() == null) {
            // Complete: every verdict is the reference's, with a shortest trace.
            SafetyProperties.checkSafety(m, report.verdictOf("inv"), ref.distanceTo(violating), violating, Verdict.Kind.VIOLATED);
            SafetyProperties.checkSafety(m, report.verdictOf("reach"), ref.distanceTo(reached), reached, Verdict.Kind.WITNESSED);
            SafetyProperties.checkSafety(m, report.verdictOf("quiet"), ref.distanceToQuiescent(badEnd), badEnd,
                    Verdict.Kind.VIOLATED);
            Harness.checkEqual(Verdict.Kind.HOLDS, report.verdictOf("true").kind(), "never-violated claim, complete search");
            return;
        }
        Harness.checkEqual(Limit.MEMORY, report.stats().stoppedBy(), "stoppedBy with memory budget " + budget);
        Harness.check(!report.stats().exhaustive(), "a search cut by the memory budget claims to be exhaustive");
        checkLimited(m, report.verdictOf("inv"), ref.distanceTo(violating), violating, Verdict.Kind.VIOLATED,
                Limit.MEMORY, -1);
        checkLimited(m, report.verdictOf("reach"), ref.distanceTo(reached), reached, Verdict.Kind.WITNESSED,
                Limit.MEMORY, -1);
        checkLimited(m, report.verdictOf("quiet"), ref.distanceToQuiescent(badEnd), badEnd, Verdict.Kind.VIOLATED,
                Limit.MEMORY, -1);
        Harness.checkEqual(new Verdict.Inconclusive(Limit.MEMORY), report.verdictOf("true"), "never-decided claim");
    }

    /**
     * Liveness under a memory budget, on systems small enough for the brute-force reference: each
     * verdict is the reference's (with a shortest trace for the invariant and a fair, goal-free
     * lasso for the liveness claim), or Inconclusive(MEMORY): the liveness claim also when the
     * search completed but the behaviour graph did not fit; safety verdicts of a complete search
     * are never given up. Inconclusive liveness verdicts are counted, and the property fails
     * unless at least {@link #MIN_DECIDED_LIVENESS}% of them are decided.
     */
    @Property(tries = 100)
    void livenessUnderAMemoryBudgetIsDecidedOrInconclusive(@ForAll("smallSystems") SystemSpec spec,
                                                           @ForAll("picks") Pick bad, @ForAll("picks") Pick goal,
                                                           @ForAll("livenessBudgets") long budget,
                                                           @ForAll("threads") int threads) {
        Model m = new Model(spec.blueprint());
        Blueprint b = m.blueprint;
        Reference ref = Reference.explore(b);
        Predicate<int[]> violating = bad.equalsIn(b);
        Predicate<int[]> reached = goal.equalsIn(b);
        Set<Integer> everyRule = new HashSet<>();
        for (int r = 0; r < m.rules().size(); r++) {
            everyRule.add(r);
        }
        List<Claim> claims = List.of(
                new Claim.Always("inv", m.lift(violating.negate())),
                new Claim.Eventually("eventually", m.lift(reached), WeakFairness.of(m.rules())));
        CheckReport report = new Explorer(Harness.config(threads, true).withMemoryBudget(budget)).check(m, claims);
        boolean complete = report.stats().stoppedBy() == null;
        Verdict inv = report.verdictOf("inv");
        if (complete) {
            SafetyProperties.checkSafety(m, inv, ref.distanceTo(violating), violating, Verdict.Kind.VIOLATED);
        } else {
            checkLimited(m, inv, ref.distanceTo(violating), violating, Verdict.Kind.VIOLATED, Limit.MEMORY, -1);
        }
        Verdict ev = report.verdictOf("eventually");
        boolean decided = !ev.equals(new Verdict.Inconclusive(Limit.MEMORY));
        Statistics.label("liveness under a memory budget").collect(decided ? "decided" : "inconclusive");
        Statistics.label("liveness under a memory budget").coverage(c -> c.check("decided").percentage(p -> p >= MIN_DECIDED_LIVENESS));
        if (decided) {
            boolean avoids = ref.avoidsGoalFairly(ref.initialIds, reached, everyRule);
            Harness.checkEqual(avoids ? Verdict.Kind.VIOLATED : Verdict.Kind.HOLDS, ev.kind(),
                    "eventually under a memory budget of " + budget + " (stopped by " + report.stats().stoppedBy() + ")");
            if (avoids) {
                Harness.checkLasso(m, ev.trace().orElseThrow(), s -> true, reached, m.rules());
            }
        }
    }

    /** Measured: about 85% of the liveness verdicts are decided with {@link #livenessBudgets}. */
    static final double MIN_DECIDED_LIVENESS = 50;

    // Half near the fixed cost (the search or its behaviour graph stops), half with room enough
    // for a small system's graph, so that decided liveness verdicts are compared too.
    @Provide
    Arbitrary<Long> livenessBudgets() {
        return Arbitraries.frequencyOf(Tuple.of(1, budgets()), Tuple.of(1, Arbitraries.longs().between(8L << 20, 64L << 20)));
    }

    @Provide
    Arbitrary<SystemSpec> smallSystems() {
        return RandomSystems.smallSystems();
    }

    // One claim of each safety kind, and one that no state decides (so a limited search cannot end
    // by deciding everything).
    private static List<Claim> safetyClaims(Model m, Predicate<int[]> violating, Predicate<int[]> reached,
                                            Predicate<int[]> badEnd) {
        return List.of(
                new Claim.Always("inv", m.lift(violating.negate())),
                new Claim.Sometimes("reach", m.lift(reached)),
                new Claim.AtQuiescence("quiet", m.lift(badEnd.negate())),
                new Claim.Always("true", s -> true));
    }

    // Mostly just above the fixed cost of an empty search (the fingerprint tables, 512 KiB, and
    // one chunk of the parent table, 6 MiB), where the search stops somewhere in the middle.
    @Provide
    Arbitrary<Long> budgets() {
        long fixed = 64 * 1024 * 8 + (1 << 20) * 6;
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.longs().between(0, 8L << 20)),
                Tuple.of(3, Arbitraries.longs().between(fixed - 500, fixed + 6_000)));
    }

    // The largest depth d such that all states of depth <= d fit in k (levels before the first
    // level that the limit cuts), or -1 when even the initial states do not all fit.
    static int fullyExploredDepth(Reference ref, int k) {
        int[] perLevel = new int[ref.depth + 1];
        for (int d : ref.distance) {
            perLevel[d]++;
        }
        int total = 0;
        for (int d = 0; d <= ref.depth; d++) {
            total += perLevel[d];
            if (total > k) {
                return d - 1;
            }
        }
        return ref.depth;
    }

    /**
     * A verdict of a search stopped by {@code limit}: decided correctly (as the reference says,
     * with a shortest trace) or Inconclusive naming the limit, and not Inconclusive when a
     * deciding state lies at a depth up to {@code explored} (-1 to skip that check).
     */
    static void checkLimited(Model m, Verdict v, int d, Predicate<int[]> deciding, Verdict.Kind decidedKind,
                             Limit limit, int explored) {
        if (v.kind() == Verdict.Kind.INCONCLUSIVE) {
            Harness.checkEqual(limit, ((Verdict.Inconclusive) v).limit(), "limit of an Inconclusive");
            Harness.check(d < 0 || d > explored, "Inconclusive although a deciding state lies at depth " + d
                    + " and depths up to " + explored + " were fully explored");
            return;
        }
        Harness.checkEqual(decidedKind, v.kind(), "verdict of a limited search");
        SafetyProperties.checkSafety(m, v, d, deciding, decidedKind);
    }
}
