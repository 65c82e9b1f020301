package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.specs.api.ScenarioCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MyDesignTest {

    @Test
    void signallingBeforeLoweringLosesTheInterrupt() {
        // src/test/resources/my-design.yaml: a scenario file with a resample_order variant axis
        ScenarioCheck.Results r = ScenarioCheck.loadResource("my-design.yaml")
                .withInvariant("depth-at-most-one", "host.dev0.depth <= 1")
                .withInvariant("never-masked-twice", s -> s.number("host.dev0.depth") < 2)
                .run();
        assertEquals(Verdict.Kind.VIOLATED,
                r.verdict("no-lost-interrupt", Map.of("resample_order", "signal-then-lower")).kind());
        assertEquals(Verdict.Kind.HOLDS,
                r.verdict("no-lost-interrupt", Map.of("resample_order", "lower-then-signal")).kind());
        assertEquals(Verdict.Kind.HOLDS,
                r.verdict("never-masked-twice", Map.of("resample_order", "signal-then-lower")).kind());
    }
}
