package dev.irqcheck.specs.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.specs.api.ScenarioCheck;
import dev.irqcheck.specs.scenario.ScenarioException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The model's verdicts against an independent reference interpreter (this package), configuration
 * by configuration: each generated configuration is written as a scenario file and checked by the
 * real checker through {@link ScenarioCheck}, and the reference is explored by the same engine with
 * its own rules and claims. Every disagreement is either listed in {@link KnownDisagreements} with
 * its explanation (docs/reference-disagreements.md) or fails the test.
 */
class ReferenceComparisonProperties {
    /**
     * The kernels compared. Today's model has no {@code kernel} variant and injects through the work
     * item (like 5.8); when the model gains {@code kernel: 6.18}, add {@code INLINE_6_18} here.
     */
    static final List<RefConfig.Kernel> KERNELS = List.of(RefConfig.Kernel.WORK_ITEM_5_8, RefConfig.Kernel.INLINE_6_18);

    @Provide
    Arbitrary<RefConfig> configurations() {
        return ReferenceConfigurations.configurations();
    }

    /**
     * Samples whose reference search passes this many states are discarded (jqwik counts them and
     * fails the property if too many are): they cost seconds to minutes on the model's side. The
     * long run (-Djqwik.tries.default=1000) meets the same bound; ExploreDisagreements has none.
     */
    static final long STATE_BUDGET = 40_000;

    @Property
    void modelAndReferenceAgree(@ForAll("configurations") RefConfig generated) {
        for (RefConfig.Kernel kernel : KERNELS) {
            RefConfig c = generated.withKernel(kernel);
            ReferenceInterpreter reference = new ReferenceInterpreter(c);
            CheckReport report = new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(STATE_BUDGET))
                    .check(reference, ReferenceClaims.of(reference));
            Assume.that(report.stats().complete());
            List<String> unexplained = Comparison.of(c, report).unexplained();
            assertTrue(unexplained.isEmpty(), String.join("\n", unexplained));
        }
    }

    /** One configuration's verdicts from both sides. */
    record Comparison(RefConfig config, String yaml, Map<String, Verdict.Kind> model, Map<String, Verdict.Kind> reference) {
        static Comparison of(RefConfig c) {
            return of(c, new ReferenceInterpreter(c));
        }

        static Comparison of(RefConfig c, ReferenceInterpreter reference) {
            return of(c, new Explorer(SearchConfig.defaults().withThreads(1)).check(reference, ReferenceClaims.of(reference)));
        }

        static Comparison of(RefConfig c, CheckReport referenceReport) {
            String yaml = ScenarioYaml.of(c);
            return new Comparison(c, yaml, modelVerdicts(yaml), verdicts(referenceReport));
        }

        /** Disagreements not listed as known, and any undecided verdict, as messages. */
        List<String> unexplained() {
            List<String> out = new ArrayList<>();
            for (String p : ScenarioYaml.PROPERTIES) {
                Verdict.Kind m = model.get(p);
                Verdict.Kind r = reference.get(p);
                if (m == Verdict.Kind.INCONCLUSIVE || r == Verdict.Kind.INCONCLUSIVE) {
                    out.add(p + " undecided (model " + m + ", reference " + r + ") in " + config);
                } else if (m != r && !KnownDisagreements.explains(config, p, m, r)) {
                    out.add(p + ": model " + m + ", reference " + r + " in " + config + "\n" + yaml);
                }
            }
            return out;
        }
    }

    static Map<String, Verdict.Kind> referenceVerdicts(ReferenceInterpreter reference) {
        return verdicts(new Explorer(SearchConfig.defaults().withThreads(1)).check(reference, ReferenceClaims.of(reference)));
    }

    /** Verdict kinds by property; a cut-off search gives INCONCLUSIVE, which the comparison refuses. */
    static Map<String, Verdict.Kind> verdicts(CheckReport report) {
        Map<String, Verdict.Kind> out = new LinkedHashMap<>();
        for (String p : ScenarioYaml.PROPERTIES) {
            out.put(p, report.verdictOf(p).kind());
        }
        return out;
    }

    static Map<String, Verdict.Kind> modelVerdicts(String yaml) {
        try {
            Path file = Files.createTempFile("reference-comparison", ".yaml");
            try {
                Files.writeString(file, yaml, StandardCharsets.UTF_8);
                ScenarioCheck.Results r = ScenarioCheck.load(file).withThreads(1).run();
                Map<String, Verdict.Kind> out = new LinkedHashMap<>();
                for (String p : ScenarioYaml.PROPERTIES) {
                    out.put(p, r.verdict(p).kind());
                }
                return out;
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ScenarioException e) {
            throw new AssertionError("the generated scenario was refused: " + e.getMessage() + "\n" + yaml, e);
        }
    }
}
