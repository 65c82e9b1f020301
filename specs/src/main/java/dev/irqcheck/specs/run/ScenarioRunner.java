package dev.irqcheck.specs.run;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/** Checks every combination of a scenario: one exhaustive search per combination, all properties at once. */
public final class ScenarioRunner {
    private final SearchConfig config;
    private final SearchListener listener;

    public ScenarioRunner(SearchConfig config, SearchListener listener) {
        this.config = config;
        this.listener = listener;
    }

    public ScenarioResult run(Scenario scenario) {
        // A user's invariant (an expression or a Java predicate) may name one device, vCPU or SPI, so
        // symmetric ones must not be folded together; only the catalogue's properties treat them alike.
        SearchConfig searchConfig = scenario.properties().stream().anyMatch(p -> !(p instanceof PropertyId))
                ? config.withSymmetry(false) : config;
        List<CombinationResult> rows = new ArrayList<>();
        for (Combination c : scenario.combinations()) {
            InterruptSystem model = scenario.modelOf(c);
            List<Claim> claims = scenario.claimsOn(model);
            CheckReport report = new Explorer(searchConfig, listener).check(model, claims);
            rows.add(new CombinationResult(c, model, report, scenario.expectations().get(c)));
        }
        return new ScenarioResult(scenario, rows);
    }
}
