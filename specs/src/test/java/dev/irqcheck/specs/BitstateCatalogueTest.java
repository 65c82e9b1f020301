package dev.irqcheck.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bitstate search against the exhaustive one on the bundled catalogue: every safety violation
 * the exhaustive search finds, bitstate finds too (with a trace that ends in a violating state); it
 * never says a property holds; and it always reports its omission estimate. Liveness violations
 * that stop in a dead state are found too; those on a fair cycle need the behaviour graph, which
 * the bitstate search does not store, and stay inconclusive.
 */
class BitstateCatalogueTest {
    @Test
    void bitstateFindsEverySafetyViolationTheExhaustiveSearchFinds() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(ScenarioCatalogueTest.CATALOGUE)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int violations = 0;
        int livenessViolations = 0;
        List<String> cycles = new java.util.ArrayList<>();
        for (Path file : files) {
            Scenario scenario = new ScenarioParser().parse(file);
            for (Combination c : scenario.combinations()) {
                InterruptSystem model = scenario.modelOf(c);
                List<Claim> claims = scenario.claimsOn(model);
                CheckReport exhaustive = new Explorer(SearchConfig.defaults().withThreads(1)).check(model, claims);
                // 64 Mbit, or about 512 bits per state for the large overflow scenarios, so that the
                // omission estimate stays below the bound.
                long bits = Math.max(1L << 26, Long.highestOneBit(exhaustive.stats().distinctStates() * 512) << 1);
                CheckReport bitstate = new Explorer(SearchConfig.defaults().withThreads(1)
                        .withBitstate(new SearchConfig.Bitstate(bits, 3))).check(model, claims);
                String where = file + " " + c.label();
                var summary = bitstate.bitstate().orElseThrow();
                assertTrue(summary.omittedFraction() < 1e-6, where + ": " + summary.describe());
                for (Claim claim : claims) {
                    Verdict ex = exhaustive.verdictOf(claim.name());
                    Verdict bs = bitstate.verdictOf(claim.name());
                    assertFalse(bs.kind() == Verdict.Kind.HOLDS, where + " " + claim.name() + ": bitstate never proves");
                    if (claim.isLiveness()) {
                        var trace = ex.trace();
                        boolean endsDead = trace.isPresent() && trace.get().loopStart() == trace.get().length()
                                && model.rules().stream().noneMatch(r -> r.enabled(trace.get().last().words()));
                        if (bs.kind() == Verdict.Kind.VIOLATED) {
                            // What bitstate finds is real.
                            assertEquals(Verdict.Kind.VIOLATED, ex.kind(), where + " " + claim.name());
                            livenessViolations++;
                        } else {
                            assertEquals(new Verdict.Inconclusive(Limit.BITSTATE), bs, where + " " + claim.name());
                            // A violation that stops in a dead state needs no graph: bitstate must find it.
                            assertFalse(endsDead, where + " " + claim.name() + " stops in a dead state");
                            if (ex.kind() == Verdict.Kind.VIOLATED) {
                                cycles.add(where + " " + claim.name());
                            }
                        }
                    } else if (ex.kind() == Verdict.Kind.VIOLATED) {
                        assertEquals(Verdict.Kind.VIOLATED, bs.kind(), where + " " + claim.name());
                        violations++;
                    } else {
                        // What bitstate finds is real: it cannot break a claim the exhaustive search proved.
                        assertEquals(new Verdict.Inconclusive(Limit.BITSTATE), bs, where + " " + claim.name());
                    }
                }
            }
        }
        assertTrue(violations >= 10, "the catalogue has safety violations to find: " + violations);
        assertTrue(livenessViolations >= 5, "and liveness violations that stop in a dead state: " + livenessViolations);
        // Printed so the gap is visible in the build log: liveness violations on a fair cycle.
        System.out.println("bitstate: " + violations + " safety and " + livenessViolations
                + " dead-state liveness violations found; fair-cycle violations not looked for: " + cycles);
    }
}
