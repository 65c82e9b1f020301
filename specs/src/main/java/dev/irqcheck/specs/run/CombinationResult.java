package dev.irqcheck.specs.run;

import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.claims.Expectation;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.scenario.Combination;
import java.util.Map;

/** One row of a scenario's matrix: the combination, its model, the search report and the expectations. */
public record CombinationResult(Combination combination, InterruptSystem model, CheckReport report,
                                Map<ScenarioProperty, Expectation> expected) {

    public Verdict verdict(ScenarioProperty p) {
        return report.verdictOf(p.id());
    }

    public boolean asExpected(ScenarioProperty p) {
        return expected.get(p).isMetBy(verdict(p));
    }

    public boolean allAsExpected() {
        for (ScenarioProperty p : expected.keySet()) {
            if (!asExpected(p)) {
                return false;
            }
        }
        return true;
    }

    public boolean stoppedByLimit() {
        return !report.stats().complete();
    }
}
