package dev.irqcheck.checker.properties;

import dev.irqcheck.checker.properties.RandomSystems.Model;
import dev.irqcheck.checker.properties.RandomSystems.SystemSpec;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** (1) The engine explores exactly the states, transitions and depth of a plain reference BFS. */
class ReachabilityProperties {

    @Provide
    Arbitrary<SystemSpec> systems() {
        return RandomSystems.systems();
    }

    /**
     * With one never-decided invariant (which also records every state the engine expands), the
     * engine's set of states equals the reference's reachable set, and its distinct-state count,
     * transitions (enabled state/rule pairs), depth (largest BFS distance) and per-rule firings
     * equal the reference's.
     */
    @Property(tries = 200)
    void engineReachesExactlyTheReferenceStates(@ForAll("systems") SystemSpec spec) {
        Model m = new Model(spec.blueprint());
        Reference ref = Reference.explore(m.blueprint);
        Set<List<Integer>> seen = Harness.newConcurrentSet();
        CheckReport report = Harness.check(m, 1, true, List.of(Harness.collector(m, seen)));
        Harness.checkAgainstReference(ref, seen, report.stats());
        Harness.checkEqual(Verdict.Kind.HOLDS, report.verdictOf("collect").kind(), "verdict of a true invariant");
    }

    /** The same with three worker threads. */
    @Property(tries = 100)
    void engineReachesExactlyTheReferenceStatesWithThreeThreads(@ForAll("systems") SystemSpec spec) {
        Model m = new Model(spec.blueprint());
        Reference ref = Reference.explore(m.blueprint);
        Set<List<Integer>> seen = Harness.newConcurrentSet();
        CheckReport report = Harness.check(m, 3, true, List.of(Harness.collector(m, seen)));
        Harness.checkAgainstReference(ref, seen, report.stats());
    }
}
