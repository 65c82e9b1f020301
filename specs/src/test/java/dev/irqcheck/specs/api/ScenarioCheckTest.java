package dev.irqcheck.specs.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.specs.scenario.ScenarioException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
        // raise, the handler's mask, its signal (inline injection), flush + enter, IAR
        assertEquals(5, broken.trace().orElseThrow().length(), broken.trace().orElseThrow().toString());
    }

    @Test
    void aBadExpressionIsAScenarioException() {
        ScenarioException e = assertThrows(ScenarioException.class, () ->
                ScenarioCheck.load(Path.of("scenarios/seed/platform-level-resample.yaml"))
                        .withInvariant("typo", "vcpu[0].mode == RUNNING"));
        assertTrue(e.describe().contains("'RUNNING' is not one of"), e.describe());
    }

    @Test
    void scenarioExceptionIsUncheckedSoATestNeedNotDeclareIt() {
        assertTrue(RuntimeException.class.isAssignableFrom(ScenarioException.class));
    }

    @Test
    void verdictsArePickedByVariantValuesNotByPosition() {
        ScenarioCheck.Results r = ScenarioCheck.loadResource("api/ack-order.yaml").withThreads(1).run();
        assertEquals(Verdict.Kind.VIOLATED,
                r.verdict("no-lost-interrupt", Map.of("resample_order", "signal-then-lower")).kind());
        assertEquals(Verdict.Kind.HOLDS,
                r.verdict("no-lost-interrupt", Map.of("resample_order", "lower-then-signal")).kind());
        var several = assertThrows(IllegalArgumentException.class, () -> r.verdict("no-lost-interrupt"));
        assertTrue(several.getMessage().contains("resample_order=signal-then-lower"), several.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> r.verdict("no-lost-interrupt", Map.of("resample_order", "sideways")));
    }

    @Test
    void aScenarioFromAStringAndAJavaPredicateAsAnInvariant() throws Exception {
        String yaml = Files.readString(Path.of("scenarios/seed/platform-level-resample.yaml"));
        ScenarioCheck.Results r = ScenarioCheck.fromYaml(yaml)
                .withInvariant("depth-at-most-one", s -> s.number("host.dev0.depth") <= 1)
                .withInvariant("never-in-guest", s -> !s.text("vcpu[0].mode").equals("GUEST"))
                .withThreads(1).run();
        assertEquals(Verdict.Kind.HOLDS, r.verdict("depth-at-most-one").kind());
        assertEquals(Verdict.Kind.VIOLATED, r.verdict("never-in-guest").kind());
        var typo = assertThrows(ScenarioException.class, () -> ScenarioCheck.fromYaml(yaml)
                .withInvariant("typo", s -> s.number("host.dev0.dpeth") <= 1));
        assertTrue(typo.describe().startsWith("<string>: invariant typo: no field 'host.dev0.dpeth'"), typo.describe());
        var missing = assertThrows(ScenarioException.class, () -> ScenarioCheck.loadResource("api/none.yaml"));
        assertTrue(missing.describe().contains("classpath:api/none.yaml: no such resource"), missing.describe());
    }

    /** Identical devices are folded together unless an invariant may name one of them: a Java one may too. */
    @Test
    void aJavaPredicateNamingOneOfTwoIdenticalDevicesSeesBoth() throws Exception {
        String shared = Files.readString(Path.of("scenarios/seed/shared-gsi-two-devices.yaml"));
        // Safety properties only, so that the search would fold identical devices if it were allowed to.
        String safetyOnly = shared.substring(0, shared.indexOf("properties:"))
                + "properties: [no-stuck-mask]\nexpect:\n  - no-stuck-mask: holds\n";
        ScenarioCheck.Results r = ScenarioCheck.fromYaml(safetyOnly)
                .withInvariant("disk-never-masked-alone", s -> !(s.number("host.disk.depth") == 1 && s.number("host.nic.depth") == 0))
                .withInvariant("nic-never-masked-alone", s -> !(s.number("host.nic.depth") == 1 && s.number("host.disk.depth") == 0))
                .withThreads(1).run();
        assertEquals(Verdict.Kind.VIOLATED, r.verdict("disk-never-masked-alone").kind());
        assertEquals(Verdict.Kind.VIOLATED, r.verdict("nic-never-masked-alone").kind());
        assertFalse(r.result().rows().get(0).report().stats().symmetryReduced(), "identical devices not folded");
        assertTrue(ScenarioCheck.fromYaml(safetyOnly).withThreads(1).run().result().rows().get(0).report().stats()
                .symmetryReduced(), "without a user invariant they are");
    }
}
