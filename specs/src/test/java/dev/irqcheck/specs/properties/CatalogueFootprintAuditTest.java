package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.search.FootprintAudit;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model's declared rule footprints, checked against the model on the bundled catalogue
 * (FootprintAudit: declared writes cover the changes, rules declared independent commute and do
 * not disable each other, undeclared guard reads do not matter, claims keep their value under
 * rules writing nothing they read). Every combination of every scenario, its first
 * {@link #STATES_PER_MODEL} states breadth-first (all of most; the large ones in part).
 * {@code PartialOrderRoutingCanFailTest} shows the audit fails on a wrong declaration.
 */
class CatalogueFootprintAuditTest {
    static final long STATES_PER_MODEL = 5_000;

    @Test
    void declaredFootprintsHoldOnTheCatalogue() throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of("scenarios"))) {
            files = walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        List<String> problems = new ArrayList<>();
        long states = 0;
        int models = 0;
        for (Path file : files) {
            Scenario s = new ScenarioParser().parse(file);
            for (Combination c : s.combinations()) {
                InterruptSystem m = s.modelOf(c);
                List<Claim> claims = s.claimsOn(m).stream().filter(x -> !x.isLiveness()).toList();
                FootprintAudit.Result r = FootprintAudit.audit(m, claims, STATES_PER_MODEL);
                states += r.states();
                models++;
                r.problems().forEach(p -> problems.add(file + " " + c.label() + ": " + p));
            }
        }
        assertTrue(models > 50, "only " + models + " models audited");
        assertTrue(problems.isEmpty(), models + " models, " + states + " states: " + String.join("\n", problems));
    }
}
