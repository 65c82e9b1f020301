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

    /**
     * This scenario with {@code axis} set to {@code value} in every combination (the axis is then
     * shown in each row's label); rows that become equal are checked once. The expected verdicts
     * were stated for the file's own design, so every expectation becomes UNSTATED: run it to
     * explore, not to judge.
     */
    public Scenario underVariant(Axis axis, Enum<?> value) {
        java.util.LinkedHashMap<Combination, Map<ScenarioProperty, Expectation>> expect = new java.util.LinkedHashMap<>();
        for (Combination c : combinations) {
            java.util.EnumMap<Axis, Enum<?>> values = new java.util.EnumMap<>(Axis.class);
            values.putAll(c.values());
            values.put(axis, value);
            java.util.EnumSet<Axis> varied = java.util.EnumSet.noneOf(Axis.class);
            varied.addAll(c.varied());
            varied.add(axis);
            Map<ScenarioProperty, Expectation> unstated = new java.util.LinkedHashMap<>();
            for (ScenarioProperty p : properties) {
                unstated.put(p, Expectation.UNSTATED);
            }
            expect.putIfAbsent(new Combination(values, varied), unstated);
        }
        return new Scenario(file, name, description, topology, List.copyOf(expect.keySet()), properties, expect);
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
