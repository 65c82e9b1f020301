package dev.irqcheck.model.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.result.SimulationReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.Simulator;
import dev.irqcheck.model.system.InterruptSystem;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random walks, and full searches of small cases, over generated configurations of the whole
 * model (every handler, driver and variant, emulated devices, distributor, ICACTIVER and ICFGR
 * writes, irqfd reassigns, reroutes, retargets) never break the model's own invariants. A full
 * search cut off by its state limit without finding a violation decides nothing: it is counted,
 * and the property fails when fewer than {@link #MIN_DECIDED}% of its samples are decided.
 */
class WellFormednessProperties {
    static final long LIMIT = 200_000;
    static final double MIN_DECIDED = 65;

    @Provide
    Arbitrary<RandomTopologies.Config> configs() {
        return RandomTopologies.configs(RandomTopologies.Reach.wholeModel(3, 2));
    }

    @Provide
    Arbitrary<RandomTopologies.Config> smallConfigs() {
        return RandomTopologies.configs(RandomTopologies.Reach.wholeModel(2, 2));
    }

    static InterruptSystem model(RandomTopologies.Config c) {
        return new InterruptSystem(c.topology(), RandomTopologies.wellFormedVariants(c));
    }

    @Property(tries = 200)
    void randomWalksStayWellFormed(@ForAll("configs") RandomTopologies.Config c) {
        InterruptSystem m = model(c);
        SimulationReport r = new Simulator(m).run(List.of(new Claim.Always("well-formed", m::wellFormed)),
                20, 200, 42, null);
        SimulationReport.ClaimResult result = r.resultOf("well-formed");
        assertNotEquals(SimulationReport.Outcome.VIOLATED, result.outcome(),
                () -> result.trace().map(Object::toString).orElse(""));
    }

    @Property(tries = 60)
    void everyReachableStateIsWellFormed(@ForAll("smallConfigs") RandomTopologies.Config c) {
        InterruptSystem m = model(c);
        var report = new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(LIMIT))
                .check(m, List.of(new Claim.Always("well-formed", m::wellFormed)));
        Verdict v = report.verdictOf("well-formed");
        assertNotEquals(Verdict.Kind.VIOLATED, v.kind(), () -> v.trace().map(Object::toString).orElse(""));
        Decided.record(report.stats().complete());
        Decided.requireAtLeast(MIN_DECIDED);
    }

    @Property(tries = 40)
    void oneAndTwoThreadsAgreeOnEveryCount(@ForAll("smallConfigs") RandomTopologies.Config c) {
        InterruptSystem m = new InterruptSystem(c.topology(), c.variants());
        List<Claim> claims = List.of(new Claim.AtQuiescence("no-lost", s -> !m.anyDeviceNeedsService(s)));
        var one = new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(LIMIT)).check(m, claims);
        var two = new Explorer(SearchConfig.defaults().withThreads(2).withMaxStates(LIMIT)).check(m, claims);
        assertEquals(one.stats().distinctStates(), two.stats().distinctStates());
        assertEquals(one.stats().transitions(), two.stats().transitions());
        assertEquals(one.verdictOf("no-lost").kind(), two.verdictOf("no-lost").kind());
    }
}
