package dev.irqcheck.specs.api;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.claims.Expectation;
import dev.irqcheck.specs.claims.FieldExpression;
import dev.irqcheck.specs.claims.JavaInvariant;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.claims.UserInvariant;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioException;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The Java entry point for a user's own JUnit or jqwik test: load a scenario (a file, a resource
 * on the classpath, or a string), add invariants as expressions or Java predicates over the
 * model's field names, check, and assert on the verdicts.
 *
 * <pre>{@code
 * Results r = ScenarioCheck.load(Path.of("specs/scenarios/seed/platform-level-resample.yaml"))
 *         .withInvariant("depth-at-most-one", "host.dev0.depth <= 1")
 *         .run();
 * assertEquals(Verdict.Kind.HOLDS, r.verdict("depth-at-most-one").kind());
 * }</pre>
 * A bad scenario, name or expression throws the unchecked {@link ScenarioException}, whose
 * message is {@code FILE:LINE: FIELD: what was expected}. Invariants added here are expected to
 * hold (which only matters for {@link Results#allAsExpected()}).
 */
public final class ScenarioCheck {
    private final Scenario scenario;
    private final SearchConfig config;

    private ScenarioCheck(Scenario scenario, SearchConfig config) {
        this.scenario = scenario;
        this.config = config;
    }

    public static ScenarioCheck load(Path file) {
        return new ScenarioCheck(new ScenarioParser().parse(file), SearchConfig.defaults());
    }

    /** A scenario from a resource on the classpath ({@code "scenarios/my-design.yaml"}, no leading slash). */
    public static ScenarioCheck loadResource(String resource) {
        Path origin = Path.of("classpath:" + resource);
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : ScenarioCheck.class.getClassLoader();
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ScenarioException(origin, 0, "", "no such resource on the classpath");
            }
            return parse(origin, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ScenarioException(origin, 0, "", "cannot read the resource: " + e.getMessage());
        }
    }

    /** A scenario written in the test itself; errors name {@code <string>} as the file. */
    public static ScenarioCheck fromYaml(String yaml) {
        return parse(Path.of("<string>"), yaml);
    }

    private static ScenarioCheck parse(Path origin, String yaml) {
        return new ScenarioCheck(new ScenarioParser().parse(origin, yaml), SearchConfig.defaults());
    }

    /** Adds "always EXPRESSION"; a bad name or expression is reported as a ScenarioException. */
    public ScenarioCheck withInvariant(String name, String expression) {
        UserInvariant invariant;
        try {
            invariant = new UserInvariant(name, FieldExpression.parse(expression, firstModel().layout()));
        } catch (FieldExpression.ExpressionException e) {
            throw new ScenarioException(scenario.file(), 0, "invariant " + name,
                    e.getMessage() + " (at character " + (e.offset() + 1) + " of '" + expression + "')");
        }
        return with(invariant);
    }

    /**
     * Adds an invariant written in Java over field names, e.g.
     * {@code s -> s.number("host.dev0.depth") <= 1}. It is tried once on the initial state here,
     * so a misspelt field name is a ScenarioException now rather than an error during the search.
     */
    public ScenarioCheck withInvariant(String name, Predicate<JavaInvariant.StateView> predicate) {
        InterruptSystem model = firstModel();
        try {
            predicate.test(JavaInvariant.view(model.layout(), model.initialStates().get(0).words()));
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(scenario.file(), 0, "invariant " + name, e.getMessage());
        }
        return with(new JavaInvariant(name, predicate));
    }

    private InterruptSystem firstModel() {
        return scenario.modelOf(scenario.combinations().get(0));
    }

    private ScenarioCheck with(ScenarioProperty invariant) {
        String name = invariant.id();
        if (scenario.properties().stream().anyMatch(p -> p.id().equals(name))) {
            throw new ScenarioException(scenario.file(), 0, "invariant " + name, "the name is already a property");
        }
        List<ScenarioProperty> properties = new ArrayList<>(scenario.properties());
        properties.add(invariant);
        Map<Combination, Map<ScenarioProperty, Expectation>> expectations = new LinkedHashMap<>();
        for (Combination c : scenario.combinations()) {
            Map<ScenarioProperty, Expectation> e = new LinkedHashMap<>(scenario.expectations().get(c));
            e.put(invariant, Expectation.HOLDS);
            expectations.put(c, e);
        }
        return new ScenarioCheck(new Scenario(scenario.file(), scenario.name(), scenario.description(),
                scenario.topology(), scenario.combinations(), properties, expectations), config);
    }

    public ScenarioCheck withThreads(int threads) {
        return new ScenarioCheck(scenario, config.withThreads(threads));
    }

    /**
     * Replays steps, named as traces print them, from the initial state of the combination with
     * these variant values: how far the run gets. A regression test generated by
     * {@code --export-junit} asserts that a counterexample is no longer {@link Replay#possible()}.
     * A step name the model does not have is an IllegalArgumentException (rename, re-export).
     */
    public Replay replay(Map<String, String> variantValues, List<String> steps) {
        Combination c = pick(scenario.combinations(), variantValues, Function.identity());
        InterruptSystem model = scenario.modelOf(c);
        long[] state = model.initialStates().get(0).words();
        for (int i = 0; i < steps.size(); i++) {
            String name = steps.get(i);
            List<Rule> named = model.rules().stream().filter(r -> r.name().equals(name)).toList();
            if (named.isEmpty()) {
                throw new IllegalArgumentException("step " + (i + 1) + ": the model has no step named '" + name + "'");
            }
            long[] current = state;
            var enabled = named.stream().filter(r -> r.enabled(current)).findFirst();
            if (enabled.isEmpty()) {
                return new Replay(i, steps.size(), name);
            }
            long[] next = current.clone();
            enabled.get().apply(current, next);
            state = next;
        }
        return new Replay(steps.size(), steps.size(), null);
    }

    /** How far a replay got: {@code blockedAt} is the first step that was not enabled, or null. */
    public record Replay(int stepsTaken, int steps, String blockedAt) {
        public boolean possible() {
            return blockedAt == null;
        }

        public String describe() {
            return possible() ? "all " + steps + " steps can be taken again"
                    : "step " + (stepsTaken + 1) + " of " + steps + " is not enabled: " + blockedAt;
        }
    }

    /** The one element whose combination has {@code values}; 0 or several is an IllegalArgumentException. */
    private static <T> T pick(List<T> items, Map<String, String> values, Function<T, Combination> combination) {
        List<T> matching = items.stream().filter(item -> values.entrySet().stream().allMatch(
                e -> combination.apply(item).value(e.getKey()).filter(e.getValue()::equals).isPresent())).toList();
        if (matching.size() != 1) {
            throw new IllegalArgumentException(matching.size() + " combinations have " + values
                    + "; the scenario's are " + items.stream().map(i -> combination.apply(i).label()).toList());
        }
        return matching.get(0);
    }

    public Results run() {
        return new Results(new ScenarioRunner(config, SearchListener.SILENT).run(scenario));
    }

    /** The verdicts of one run. */
    public record Results(ScenarioResult result) {
        /** The verdict of a property in the scenario's only combination (see the other form when it varies). */
        public Verdict verdict(String property) {
            if (result.rows().size() != 1) {
                throw new IllegalArgumentException("the scenario has " + result.rows().size()
                        + " combinations; name one by its variant values: " + labels());
            }
            return verdict(property, Map.of());
        }

        /**
         * The verdict of a property in the combination with these variant values, spelt as in the
         * scenario file ({@code Map.of("resample_order", "signal-then-lower")}); the axes given
         * must pick exactly one combination.
         */
        public Verdict verdict(String property, Map<String, String> variantValues) {
            CombinationResult row = pick(result.rows(), variantValues, CombinationResult::combination);
            for (ScenarioProperty p : result.scenario().properties()) {
                if (p.id().equals(property)) {
                    return row.verdict(p);
                }
            }
            throw new IllegalArgumentException("no property " + property + " in this scenario");
        }

        private List<String> labels() {
            return result.rows().stream().map(r -> r.combination().label()).toList();
        }

        public boolean allAsExpected() {
            return result.allAsExpected();
        }
    }
}
