package dev.irqcheck.specs.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.specs.scenario.ScenarioException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's Java example for a user's own invariant. */
class ScenarioCheckTest {

    @Test
    void aUserInvariantHoldsOrFailsWithATrace() throws Exception {
        ScenarioCheck.Results r = ScenarioCheck.load(Path.of("scenarios/seed/platform-level-resample.yaml"))
                .withInvariant("depth-at-most-one", "host.dev0.depth <= 1")
                .withInvariant("never-handled", "guest[0].handling_spi == -1")
                .run();
        assertEquals(Verdict.Kind.HOLDS, r.verdict("depth-at-most-one").kind());
        Verdict broken = r.verdict("never-handled");
        assertEquals(Verdict.Kind.VIOLATED, broken.kind());
        assertEquals(6, broken.trace().orElseThrow().length(), broken.trace().orElseThrow().toString());
    }

    @Test
    void aBadExpressionIsAScenarioException() {
        ScenarioException e = assertThrows(ScenarioException.class, () ->
                ScenarioCheck.load(Path.of("scenarios/seed/platform-level-resample.yaml"))
                        .withInvariant("typo", "vcpu[0].mode == RUNNING"));
        assertTrue(e.describe().contains("'RUNNING' is not one of"), e.describe());
    }
}
