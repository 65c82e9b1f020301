package dev.irqcheck.specs.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.claims.ObservableEvent;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** simulate --swarm: reproducible, its coverage agrees with the exhaustive search, and grows with the swarm. */
class SwarmTest {
    @Test
    void coverageAgreesWithTheExhaustiveSearchAndIsReproducible() throws Exception {
        Scenario s = new ScenarioParser().parse(Path.of("scenarios/review/resampler-ack-order.yaml"));
        for (Combination c : s.combinations()) {
            InterruptSystem m = s.modelOf(c);
            Swarm.Result swarm = Swarm.run(m, s.claimsOn(m), 8, 20, 200, 1);
            Swarm.Result again = Swarm.run(m, s.claimsOn(m), 8, 20, 200, 1);
            assertArrayEquals(swarm.firings(), again.firings());
            assertEquals(swarm.seen(), again.seen());
            assertEquals(swarm.found().keySet(), again.found().keySet());
            CheckReport exhaustive = new Explorer(SearchConfig.defaults().withThreads(1)).check(m, s.claimsOn(m));
            for (int r = 0; r < swarm.firings().length; r++) {
                // A walk can only fire what is reachable.
                assertTrue(swarm.firings()[r] == 0 || exhaustive.stats().ruleFirings()[r] > 0, swarm.ruleNames().get(r));
            }
            boolean lost = exhaustive.verdictOf("no-lost-interrupt").isFailure();
            assertEquals(lost, swarm.seen().contains(ObservableEvent.QUIESCENT_DEVICE_WAITING), c.label());
            assertEquals(lost, swarm.found().containsKey("no-lost-interrupt"), c.label());
            assertTrue(swarm.seen().contains(ObservableEvent.GUEST_ACKNOWLEDGE));
            assertFalse(swarm.seen().contains(ObservableEvent.NOT_WELL_FORMED));
            // Members 0..k-1 of a larger swarm are the smaller swarm: coverage can only grow.
            Swarm.Result one = Swarm.run(m, s.claimsOn(m), 1, 1, 5, 1);
            assertTrue(swarm.seen().containsAll(one.seen()));
            assertTrue(swarm.rulesFired() > one.rulesFired(), swarm.rulesFired() + " vs " + one.rulesFired());
        }
    }
}
