package dev.irqcheck.specs.properties;

import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** Models of bundled scenarios, the starting points of the deliberately broken models. */
final class ScenarioModels {
    private ScenarioModels() {
    }

    /** The model of a bundled scenario's combination (0 for the first). */
    static InterruptSystem of(String file, int combination) {
        return of(file, combination, t -> t);
    }

    /** The same with its topology changed first. */
    static InterruptSystem of(String file, int combination, UnaryOperator<Topology> change) {
        try {
            Scenario scenario = new ScenarioParser().parse(Path.of("scenarios", file));
            Combination c = scenario.combinations().get(combination);
            return new InterruptSystem(change.apply(c.applyTo(scenario.topology())), c.variants());
        } catch (Exception e) {
            throw new AssertionError(file + ": " + e, e);
        }
    }

    static InterruptSystem seed() {
        return of("seed/platform-level-resample.yaml", 0);
    }
}
