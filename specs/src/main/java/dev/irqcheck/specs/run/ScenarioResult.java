package dev.irqcheck.specs.run;

import dev.irqcheck.specs.scenario.Scenario;
import java.util.List;

/** Every combination of one scenario, checked. */
public record ScenarioResult(Scenario scenario, List<CombinationResult> rows) {
    public ScenarioResult {
        rows = List.copyOf(rows);
    }

    public boolean allAsExpected() {
        return rows.stream().allMatch(CombinationResult::allAsExpected);
    }

    public boolean anyStoppedByLimit() {
        return rows.stream().anyMatch(CombinationResult::stoppedByLimit);
    }
}
