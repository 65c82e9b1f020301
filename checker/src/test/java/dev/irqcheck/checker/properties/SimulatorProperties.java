package dev.irqcheck.checker.properties;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.properties.RandomSystems.Blueprint;
import dev.irqcheck.checker.properties.RandomSystems.Model;
import dev.irqcheck.checker.properties.RandomSystems.Pick;
import dev.irqcheck.checker.properties.RandomSystems.SystemSpec;
import dev.irqcheck.checker.properties.RandomSystems.SymmetricSpec;
import dev.irqcheck.checker.result.SimulationReport;
import dev.irqcheck.checker.result.SimulationReport.Outcome;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.Simulator;
import dev.irqcheck.checker.store.Fingerprints;
import dev.irqcheck.checker.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * (7) The simulator walks the real model: it visits only reachable states, is a pure function of
 * its seed, reproduces each run alone, and reports the first deciding state in run then step
 * order with a trace that is a real behaviour.
 */
class SimulatorProperties {

    @Provide
    Arbitrary<SystemSpec> systems() {
        return RandomSystems.systems();
    }

    @Provide
    Arbitrary<SymmetricSpec> symmetricSystems() {
        return RandomSystems.symmetricSystems();
    }

    @Provide
    Arbitrary<Pick> picks() {
        return RandomSystems.picks();
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<Integer> runs() {
        return Arbitraries.integers().between(0, 12);
    }

    @Provide
    Arbitrary<Integer> steps() {
        return Arbitraries.integers().between(0, 40);
    }

    /**
     * Every state the simulator visits has the fingerprint of a state the exhaustive search
     * expanded (the engine's states are recorded by a never-decided invariant), and the number of
     * visits is runs plus steps.
     */
    @Property(tries = 200)
    void visitsOnlyStatesTheSearchReaches(@ForAll("systems") SystemSpec spec, @ForAll("seeds") long seed,
                                          @ForAll("runs") int runs, @ForAll("steps") int steps) {
        Model m = new Model(spec.blueprint());
        checkVisitsReachable(m, seed, runs, steps);
    }

    /**
     * The same on symmetric models, whose canonical form the simulator must not apply: it visits
     * real states, so every visited state is one the unreduced search reaches.
     */
    @Property(tries = 100)
    void walksTheRealModelNotTheQuotient(@ForAll("symmetricSystems") SymmetricSpec spec, @ForAll("seeds") long seed,
                                         @ForAll("runs") int runs, @ForAll("steps") int steps) {
        Model m = new Model(spec.blueprint());
        checkVisitsReachable(m, seed, runs, steps);
    }

    private static void checkVisitsReachable(Model m, long seed, int runs, int steps) {
        Set<Long> engine = ConcurrentHashMap.newKeySet();
        new Explorer(Harness.config(1, false)).check(m, List.of(new Claim.Always("collect", s -> {
            engine.add(Fingerprints.of(s));
            return true;
        })));
        List<Long> visited = new ArrayList<>();
        SimulationReport r = new Simulator(m).run(List.of(), runs, steps, seed, s -> visited.add(Fingerprints.of(s)));
        Harness.checkVisitedReached(engine, visited);
        Harness.checkEqual(runs, r.runsDone(), "runs done with no claim");
        Harness.checkEqual((long) runs + r.steps(), (long) visited.size(), "visits = runs + steps");
    }

    /**
     * A batch is a function of (model, claims, runs, steps, seed): running it twice gives the
     * same visits and the same report; and each run depends on (seed, run index) only: the visits
     * of a batch are those of its runs replayed alone with {@link Simulator#walk}, one after the
     * other, so a shorter batch visits a prefix of a longer one.
     */
    @Property(tries = 200)
    void sameSeedSameResultAndRunsAreIndependent(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick bad,
                                                 @ForAll("seeds") long seed, @ForAll("runs") int runs,
                                                 @ForAll("steps") int steps) {
        Model m = new Model(spec.blueprint());
        List<Claim> claims = List.of(new Claim.Always("inv", m.lift(bad.equalsIn(m.blueprint).negate())));
        List<List<Integer>> first = new ArrayList<>();
        List<List<Integer>> second = new ArrayList<>();
        SimulationReport a = new Simulator(m).run(claims, runs, steps, seed, s -> first.add(Reference.key(m.values(s))));
        SimulationReport b = new Simulator(m).run(claims, runs, steps, seed, s -> second.add(Reference.key(m.values(s))));
        Harness.checkEqual(first, second, "visits of two batches with the same seed");
        Harness.checkEqual(describe(a), describe(b), "reports of two batches with the same seed");

        List<List<Integer>> all = new ArrayList<>();
        new Simulator(m).run(List.of(), runs, steps, seed, s -> all.add(Reference.key(m.values(s))));
        List<List<Integer>> alone = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            Trace t = new Simulator(m).walk(seed, i, steps);
            Harness.checkReplays(m, t);
            Harness.check(t.length() == steps || !anyEnabled(m, t.last().words()),
                    "run " + i + " stopped after " + t.length() + " < " + steps + " steps with a rule enabled");
            for (int k = 0; k <= t.length(); k++) {
                alone.add(Reference.key(m.values(t.state(k).words())));
            }
        }
        Harness.checkEqual(alone, all, "batch visits vs its runs walked alone");
        if (runs > 0) {
            List<List<Integer>> shorter = new ArrayList<>();
            new Simulator(m).run(List.of(), runs - 1, steps, seed, s -> shorter.add(Reference.key(m.values(s))));
            Harness.checkEqual(all.subList(0, shorter.size()), shorter, "a shorter batch's visits vs a prefix");
        }
    }

    /**
     * Claims: a simulated violation or witness is real (the reference reaches such a state, the
     * trace replays and ends in it, and is no shorter than the BFS distance); it comes from the
     * first run, and the first step in it, that reaches a deciding state (checked by walking the
     * earlier runs alone); NOT_FOUND means no run reached one; and liveness claims are NOT_CHECKED.
     */
    @Property(tries = 200)
    void findingsAreRealAndFirst(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick bad,
                                 @ForAll("picks") Pick goal, @ForAll("picks") Pick quiet, @ForAll("seeds") long seed,
                                 @ForAll("runs") int runs, @ForAll("steps") int steps) {
        Model m = new Model(spec.blueprint());
        Blueprint b = m.blueprint;
        Reference ref = Reference.explore(b);
        Predicate<int[]> violating = bad.equalsIn(b);
        Predicate<int[]> reached = goal.equalsIn(b);
        Predicate<int[]> badEnd = quiet.equalsIn(b);
        List<Claim> claims = List.of(
                new Claim.Always("inv", m.lift(violating.negate())),
                new Claim.Sometimes("reach", m.lift(reached)),
                new Claim.AtQuiescence("quiet", m.lift(badEnd.negate())),
                new Claim.Eventually("ev", m.lift(reached), WeakFairness.none()));
        Simulator sim = new Simulator(m);
        SimulationReport r = sim.run(claims, runs, steps, seed, null);
        Harness.checkEqual(Outcome.NOT_CHECKED, r.resultOf("ev").outcome(), "liveness outcome");
        checkFirst(m, sim, r, "inv", Outcome.VIOLATED, ref.distanceTo(violating), seed, steps, violating, false);
        checkFirst(m, sim, r, "reach", Outcome.WITNESSED, ref.distanceTo(reached), seed, steps, reached, false);
        checkFirst(m, sim, r, "quiet", Outcome.VIOLATED, ref.distanceToQuiescent(badEnd), seed, steps, badEnd, true);
        boolean allDecided = r.results().stream().filter(c -> !c.claim().isLiveness())
                .allMatch(c -> c.outcome() != Outcome.NOT_FOUND);
        Harness.check(r.runsDone() == runs || allDecided && r.runsDone() < runs,
                "runs done " + r.runsDone() + " of " + runs + " although not every claim was decided");
    }

    private static void checkFirst(Model m, Simulator sim, SimulationReport r, String name, Outcome decided,
                                   int distance, long seed, int steps, Predicate<int[]> deciding,
                                   boolean quiescentOnly) {
        SimulationReport.ClaimResult c = r.resultOf(name);
        // The first (run, step) deciding the claim, found by walking each run alone.
        int firstRun = -1;
        int firstStep = -1;
        for (int i = 0; i < r.runsDone() && firstRun < 0; i++) {
            Trace t = sim.walk(seed, i, steps);
            for (int k = 0; k <= t.length(); k++) {
                long[] w = t.state(k).words();
                if (deciding.test(m.values(w)) && (!quiescentOnly || !anyEnabled(m, w))) {
                    firstRun = i;
                    firstStep = k;
                    break;
                }
            }
        }
        if (firstRun < 0) {
            Harness.checkEqual(Outcome.NOT_FOUND, c.outcome(), name + ": outcome when no run decides it");
            return;
        }
        Harness.checkEqual(decided, c.outcome(), name + ": outcome");
        Harness.checkEqual(firstRun, c.run(), name + ": deciding run");
        Harness.checkEqual(firstStep, c.step(), name + ": deciding step");
        Trace t = c.trace().orElseThrow();
        Harness.checkFiniteTrace(m, t, deciding, name);
        Harness.checkEqual(firstStep, t.length(), name + ": trace length");
        Harness.check(distance >= 0 && t.length() >= distance, name + ": trace of length " + t.length()
                + " but the reference distance is " + distance);
        Harness.checkEqual(describe(sim.walk(seed, firstRun, firstStep)), describe(t),
                name + ": trace vs the deciding run walked alone");
        Harness.checkEqual(c.outcome() == Outcome.VIOLATED ? "VIOLATED" : "WITNESSED",
                c.verdict().orElseThrow().kind().toString(), name + ": verdict()");
    }

    private static boolean anyEnabled(Model m, long[] w) {
        for (Rule rule : m.rules()) {
            if (rule.enabled(w)) {
                return true;
            }
        }
        return false;
    }

    static String describe(Trace t) {
        List<String> states = new ArrayList<>();
        for (int i = 0; i <= t.length(); i++) {
            states.add(t.state(i).toString());
        }
        return Harness.ruleNames(t) + " " + states;
    }

    static String describe(SimulationReport r) {
        StringBuilder sb = new StringBuilder("runs=" + r.runsDone() + "/" + r.runsRequested() + " steps=" + r.steps()
                + " quiescent=" + r.runsEndedQuiescent() + " seed=" + r.seed());
        for (SimulationReport.ClaimResult c : r.results()) {
            sb.append('\n').append(c.claim().name()).append(": ").append(c.outcome()).append(" run=").append(c.run())
                    .append(" step=").append(c.step()).append(' ').append(c.trace().map(SimulatorProperties::describe)
                            .orElse(""));
        }
        return sb.toString();
    }
}
