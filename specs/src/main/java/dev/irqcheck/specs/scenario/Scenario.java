package dev.irqcheck.specs.scenario;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.specs.claims.Expectation;
import dev.irqcheck.specs.claims.ScenarioProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A parsed scenario file: a routing configuration, the design combinations to compare, the
 * properties to check and the verdict expected for each property in each combination.
 */
public record Scenario(Path file, String name, String description, Topology topology,
                       List<Combination> combinations, List<ScenarioProperty> properties,
                       Map<Combination, Map<ScenarioProperty, Expectation>> expectations) {
    public Scenario {
        combinations = List.copyOf(combinations);
        properties = List.copyOf(properties);
        expectations = Map.copyOf(expectations);
    }

    public Expectation expected(Combination c, ScenarioProperty p) {
        return expectations.get(c).get(p);
    }

    /** The model of one combination: this routing configuration under its variants. */
    public InterruptSystem modelOf(Combination combination) {
        return new InterruptSystem(combination.applyTo(topology), combination.variants());
    }

    /** This scenario's properties as claims on {@code model}, in the file's order. */
    public List<Claim> claimsOn(InterruptSystem model) {
        return properties.stream().map(p -> p.claim(model)).toList();
    }
}
