package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.search.FootprintAudit;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The partial-order checks on the interrupt model fail on a wrong declaration: with every device
 * raise declared to touch nothing, a raise is a stubborn set on its own wherever it is enabled,
 * the raises are explored only ahead of everything else, and on two level devices sharing a GSI
 * the reduced search misses the lost interrupt the unreduced one finds. The audit reports the
 * wrong declaration on the same model.
 */
class PartialOrderRoutingCanFailTest {

    private static InterruptSystem sharedGsi() throws Exception {
        Scenario s = new ScenarioParser().parse(Path.of("scenarios/review/resampler-scope-shared-gsi.yaml"));
        return s.combinations().stream().map(s::modelOf)
                .filter(m -> m.variants().resampleScope().toString().contains("LIST_HEAD"))
                .findFirst().orElseThrow();
    }

    @Test
    void theDeclaredModelPasses() throws Exception {
        InterruptSystem m = sharedGsi();
        assertTrue(PartialOrderRoutingProperties.checkSameVerdicts(m, m).isPresent());
    }

    @Test
    void aWrongDeclarationFailsTheVerdictCheck() throws Exception {
        InterruptSystem m = sharedGsi();
        AssertionError e = assertThrows(AssertionError.class,
                () -> PartialOrderRoutingProperties.checkSameVerdicts(m, Refootprinted.raisesTouchNothing(m)));
        assertTrue(e.getMessage().contains("no-lost-interrupt: reduced verdict differs"), e.getMessage());
    }

    @Test
    void aWrongDeclarationFailsTheAudit() throws Exception {
        InterruptSystem m = sharedGsi();
        List<Claim> claims = PartialOrderRoutingProperties.claims(m);
        FootprintAudit.Result r = FootprintAudit.audit(Refootprinted.raisesTouchNothing(m), claims, 10_000);
        assertFalse(r.ok());
        assertTrue(r.problems().get(0).contains("device: raise"), r.problems().get(0));
    }
}
