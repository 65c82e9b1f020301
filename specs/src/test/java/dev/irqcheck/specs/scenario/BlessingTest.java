package dev.irqcheck.specs.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** --bless appends to the expect list wherever it sits, and leaves every other line as it was. */
class BlessingTest {
    static final String SCENARIO = """
            name: one level device on a plain irqfd
            devices:
              - {name: dev0, trigger: level, raises: 1}
            irqfds:
              - {device: dev0, gsi: 5, kind: plain}
            expect:
            - no-lost-interrupt: holds   # wrong: a plain irqfd loses it
            # a comment after the list
            routing: [{gsi: 5, pin: 5}]
            interrupts: [{intid: 37, config: level}]
            properties: [no-lost-interrupt, no-stuck-mask]
            variants: {kernel: 5.8}   # the work-item pulse: lost at quiescence, not a storm
            """;

    static ScenarioResult run(String text) {
        Scenario s = ScenarioParser.withOptionalExpectations().parse(Path.of("t.yaml"), text);
        return new ScenarioRunner(SearchConfig.defaults().withThreads(1), SearchListener.SILENT).run(s);
    }

    @Test
    void appendsAtTheEndOfAListFollowedByOtherKeysWithItsIndentation() {
        String blessed = Blessing.bless(SCENARIO, run(SCENARIO));
        assertEquals(SCENARIO.replace("# wrong: a plain irqfd loses it\n",
                "# wrong: a plain irqfd loses it\n- no-lost-interrupt: violated\n  no-stuck-mask: violated\n"), blessed);
        assertTrue(new ScenarioParser().parse(Path.of("t.yaml"), blessed).expectations().values().stream()
                .allMatch(e -> e.values().stream().allMatch(x -> x != dev.irqcheck.specs.claims.Expectation.UNSTATED)));
        assertEquals(blessed, Blessing.bless(blessed, run(blessed)), "nothing left to bless");
    }

    @Test
    void refusesAFlowStyleList() throws Exception {
        String flow = SCENARIO.replace("expect:\n- no-lost-interrupt: holds   # wrong: a plain irqfd loses it\n",
                "expect: [{no-lost-interrupt: holds}]\n");
        var e = assertThrows(ScenarioException.class, () -> Blessing.bless(flow, run(flow)));
        assertTrue(e.describe().contains(":6: expect: --bless appends to a block list"), e.describe());
    }
}
