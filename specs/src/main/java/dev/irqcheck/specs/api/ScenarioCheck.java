package dev.irqcheck.specs.api;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.specs.claims.Expectation;
import dev.irqcheck.specs.claims.FieldExpression;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.claims.UserInvariant;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioException;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java entry point for a user's own JUnit or jqwik test: load a scenario, add invariants over
 * the model's field names, check, and assert on the verdicts.
 *
 * <pre>{@code
 * Results r = ScenarioCheck.load(Path.of("specs/scenarios/seed/platform-level-resample.yaml"))
 *         .withInvariant("depth-at-most-one", "host.dev0.depth <= 1")
 *         .run();
 * assertEquals(Verdict.Kind.HOLDS, r.verdict("depth-at-most-one").kind());
 * }</pre>
 * Invariants added here are expected to hold (which only matters for {@link Results#allAsExpected()}).
 */
public final class ScenarioCheck {
    private final Scenario scenario;
    private final SearchConfig config;

    private ScenarioCheck(Scenario scenario, SearchConfig config) {
        this.scenario = scenario;
        this.config = config;
    }

    public static ScenarioCheck load(Path file) throws ScenarioException {
        return new ScenarioCheck(new ScenarioParser().parse(file), SearchConfig.defaults());
    }

    /** Adds "always EXPRESSION"; a bad name or expression is reported as a ScenarioException. */
    public ScenarioCheck withInvariant(String name, String expression) throws ScenarioException {
        if (scenario.properties().stream().anyMatch(p -> p.id().equals(name))) {
            throw new ScenarioException(scenario.file(), 0, "invariant " + name, "the name is already a property");
        }
        UserInvariant invariant;
        try {
            invariant = new UserInvariant(name, FieldExpression.parse(expression,
                    new InterruptLayout(scenario.topology()).layout));
        } catch (FieldExpression.ExpressionException e) {
            throw new ScenarioException(scenario.file(), 0, "invariant " + name,
                    e.getMessage() + " (at character " + (e.offset() + 1) + " of '" + expression + "')");
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

    public Results run() {
        return new Results(new ScenarioRunner(config, SearchListener.SILENT).run(scenario));
    }

    /** The verdicts of one run. */
    public record Results(ScenarioResult result) {
        /** The verdict of a property in the scenario's only (or first) combination. */
        public Verdict verdict(String property) {
            return verdict(0, property);
        }

        /** The verdict of a property in combination {@code row} (in the order the matrix prints). */
        public Verdict verdict(int row, String property) {
            CombinationResult r = result.rows().get(row);
            for (ScenarioProperty p : result.scenario().properties()) {
                if (p.id().equals(property)) {
                    return r.verdict(p);
                }
            }
            throw new IllegalArgumentException("no property " + property);
        }

        public boolean allAsExpected() {
            return result.allAsExpected();
        }
    }
}
