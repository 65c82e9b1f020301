package dev.irqcheck.checker.properties;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.properties.RandomSystems.Blueprint;
import dev.irqcheck.checker.properties.RandomSystems.Model;
import dev.irqcheck.checker.properties.RandomSystems.Pick;
import dev.irqcheck.checker.properties.RandomSystems.SystemSpec;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * (3) Results do not depend on the thread count: distinct states, transitions, depth, rule
 * firings, the limit, every verdict and every trace (rule names, states, loop start) are the
 * same for 1, 2 and 4 threads.
 */
class ThreadDeterminismProperties {

    @Provide
    Arbitrary<SystemSpec> systems() {
        return RandomSystems.systems();
    }

    @Provide
    Arbitrary<SystemSpec> largeSystems() {
        return RandomSystems.largeSystems();
    }

    @Provide
    Arbitrary<SystemSpec> hugeSystems() {
        return RandomSystems.hugeSystems();
    }

    @Provide
    Arbitrary<Pick> picks() {
        return RandomSystems.picks();
    }

    /** Safety claims only, so the search may stop early once all are decided. */
    @Property(tries = 150)
    void safetyResultsIndependentOfThreads(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick bad,
                                           @ForAll("picks") Pick goal, @ForAll("picks") Pick quiet) {
        Model m = new Model(spec.blueprint());
        List<Claim> claims = safetyClaims(m, bad, goal, quiet);
        checkSameForThreads(m, claims);
    }

    /** Safety and liveness claims together (the graph is recorded, no early stop). */
    @Property(tries = 150)
    void livenessResultsIndependentOfThreads(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick bad,
                                             @ForAll("picks") Pick goal, @ForAll("picks") Pick trigger) {
        Model m = new Model(spec.blueprint());
        Blueprint b = m.blueprint;
        List<Claim> claims = List.of(
                new Claim.Always("inv", m.lift(bad.equalsIn(b).negate())),
                new Claim.Eventually("eventually", m.lift(goal.equalsIn(b)), WeakFairness.none()),
                new Claim.Eventually("eventually fair", m.lift(goal.equalsIn(b)),
                        WeakFairness.of(m.rules().subList(0, m.rules().size() / 2))),
                new Claim.LeadsTo("leads to", m.lift(trigger.equalsIn(b)), m.lift(goal.equalsIn(b)),
                        WeakFairness.none()),
                new Claim.Finitely("finitely", m.rules().subList(m.rules().size() / 2, m.rules().size()),
                        WeakFairness.of(m.rules().subList(0, m.rules().size() / 3))));
        checkSameForThreads(m, claims);
    }

    /** Systems of up to 78125 states (mostly thousands), with levels of hundreds to thousands. */
    @Property(tries = 10)
    void largeSystemResultsIndependentOfThreads(@ForAll("largeSystems") SystemSpec spec,
                                                @ForAll("picks") Pick bad, @ForAll("picks") Pick goal) {
        Model m = new Model(spec.blueprint());
        Blueprint b = m.blueprint;
        List<Claim> claims = List.of(
                new Claim.Always("inv", m.lift(bad.equalsIn(b).negate())),
                new Claim.Sometimes("reach", m.lift(goal.equalsIn(b))),
                new Claim.Always("true", s -> true));
        checkSameForThreads(m, claims);
    }

    /**
     * Graphs of 78125 states whose widest BFS levels exceed 4096 states, so the number of chunks a
     * level is split into differs between 1 thread (at most 8) and 4 (up to 32), and the
     * fingerprint tables grow during merges; with a liveness claim the whole graph is recorded.
     */
    @Property(tries = 3, shrinking = ShrinkingMode.OFF)
    void hugeSystemResultsIndependentOfThreads(@ForAll("hugeSystems") SystemSpec spec, @ForAll("picks") Pick bad,
                                               @ForAll("picks") Pick goal) {
        Model m = new Model(spec.blueprint());
        Blueprint b = m.blueprint;
        List<Claim> claims = List.of(
                new Claim.Always("inv", m.lift(bad.equalsIn(b).negate())),
                new Claim.Always("true", s -> true),
                new Claim.Eventually("eventually", m.lift(goal.equalsIn(b)), WeakFairness.none()));
        checkSameForThreads(m, claims);
    }

    static List<Claim> safetyClaims(Model m, Pick bad, Pick goal, Pick quiet) {
        Blueprint b = m.blueprint;
        return List.of(
                new Claim.Always("inv", m.lift(bad.equalsIn(b).negate())),
                new Claim.Sometimes("reach", m.lift(goal.equalsIn(b))),
                new Claim.AtQuiescence("quiet", m.lift(quiet.equalsIn(b).negate())));
    }

    static void checkSameForThreads(Model m, List<Claim> claims) {
        String one = Harness.describe(Harness.check(m, 1, true, claims));
        for (int threads : new int[] {2, 4}) {
            String many = Harness.describe(Harness.check(m, threads, true, claims));
            Harness.checkEqual(one, many, "report with " + threads + " threads vs 1 thread");
        }
    }
}
