package dev.irqcheck.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bitstate search against the exhaustive one on the bundled catalogue: every violation the
 * exhaustive search finds, safety and liveness (fair cycles included), bitstate finds too, with a
 * trace that is a counterexample on its own (checked here, not taken from the engine); it never
 * says a property holds; and it always reports its omission estimate.
 */
class BitstateCatalogueTest {
    @Test
    void bitstateFindsEveryViolationTheExhaustiveSearchFinds() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.walk(ScenarioCatalogueTest.CATALOGUE)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        int violations = 0;
        List<String> stops = new ArrayList<>();
        List<String> cycles = new ArrayList<>();
        long largestPeak = 0;
        for (Path file : files) {
            Scenario scenario = new ScenarioParser().parse(file);
            for (Combination c : scenario.combinations()) {
                InterruptSystem model = scenario.modelOf(c);
                List<Claim> claims = scenario.claimsOn(model);
                CheckReport exhaustive = new Explorer(SearchConfig.defaults().withThreads(1)).check(model, claims);
                CheckReport bitstate = new Explorer(SearchConfig.defaults().withThreads(1)
                        .withBitstate(new SearchConfig.Bitstate(1 << 26, 3))).check(model, claims);
                String where = file + " " + c.label();
                var summary = bitstate.bitstate().orElseThrow();
                assertTrue(summary.omittedFraction() < 1e-6, where + ": " + summary.describe());
                largestPeak = Math.max(largestPeak, bitstate.stats().storeBytes() - summary.bits() / 8);
                for (Claim claim : claims) {
                    Verdict ex = exhaustive.verdictOf(claim.name());
                    Verdict bs = bitstate.verdictOf(claim.name());
                    String what = where + " " + claim.name();
                    assertFalse(bs.kind() == Verdict.Kind.HOLDS, what + ": bitstate never proves");
                    if (ex.kind() != Verdict.Kind.VIOLATED) {
                        // What bitstate finds is real: it cannot break a claim the exhaustive search proved.
                        assertEquals(new Verdict.Inconclusive(Limit.BITSTATE), bs, what);
                        continue;
                    }
                    assertEquals(Verdict.Kind.VIOLATED, bs.kind(), what);
                    violations++;
                    Trace t = bs.trace().orElseThrow();
                    if (!claim.isLiveness()) {
                        assertTrue(t.loopStart() < 0, what + ": a safety violation is a finite trace");
                    } else if (t.loopStart() == t.length()) {
                        stops.add(what);
                        assertTrue(model.rules().stream().noneMatch(r -> r.enabled(t.last().words())),
                                what + ": the behaviour stops where a rule is enabled");
                        assertCounterexample(claim, t);
                    } else {
                        cycles.add(what);
                        assertTrue(t.loopStart() >= 0, what + ": a liveness violation is a lasso");
                        assertCounterexample(claim, t);
                    }
                }
            }
        }
        // The catalogue's six fair-cycle violations (five no-storm, one eventually-serviced) at least.
        assertTrue(cycles.size() >= 6, "fair-cycle violations found: " + cycles);
        assertTrue(stops.size() >= 5, "violations that stop in a dead state found: " + stops);
        System.out.println("bitstate: " + violations + " violations found, as many as the exhaustive search, of which "
                + stops.size() + " stop in a dead state and " + cycles.size() + " loop on a fair cycle: " + cycles
                + "; largest memory beside the filter " + largestPeak + " bytes");
    }

    /**
     * The lasso breaks the claim by the claim's own reading: its loop closes, is weakly fair (each
     * fair rule taken in the loop or disabled in one of its states), and after a trigger state
     * never responds (leads-to) or takes an accepting rule (finitely). A stop needs no loop.
     */
    private static void assertCounterexample(Claim claim, Trace t) {
        String what = claim.name() + "\n" + t;
        int loop = t.loopStart();
        WeakFairness fairness;
        if (claim instanceof Claim.LeadsTo l) {
            fairness = l.fairness();
            int from = -1;
            for (int i = t.length(); i >= 0 && !l.response().test(t.state(i).words()); i--) {
                if (l.trigger().test(t.state(i).words())) {
                    from = i;
                }
            }
            assertTrue(from >= 0 && from <= loop, what + ": no trigger state followed only by non-responses");
        } else if (claim instanceof Claim.Eventually e) {
            fairness = e.fairness();
            StatePredicate goal = e.goal();
            for (int i = 0; i <= t.length(); i++) {
                assertFalse(goal.test(t.state(i).words()), what + ": state " + i + " reaches the goal");
            }
        } else {
            Claim.Finitely f = (Claim.Finitely) claim;
            fairness = f.fairness();
            assertTrue(loop < t.length(), what + ": an acceptance counterexample loops");
            boolean accepts = false;
            for (int i = loop; i < t.length(); i++) {
                accepts |= f.rules().contains(t.steps().get(i).rule());
            }
            assertTrue(accepts, what + ": the loop takes no accepting rule");
        }
        if (loop == t.length()) {
            return;
        }
        assertTrue(java.util.Arrays.equals(t.state(loop).words(), t.last().words()), what + ": the loop does not close");
        for (Rule r : fairness.rules()) {
            boolean fair = false;
            for (int i = loop; i < t.length() && !fair; i++) {
                fair = t.steps().get(i).rule() == r || !r.enabled(t.state(i).words());
            }
            assertTrue(fair, what + ": the loop is unfair to " + r.name());
        }
    }
}
