package dev.irqcheck.checker.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.trace.Step;
import dev.irqcheck.checker.trace.Trace;
import java.util.List;
import java.util.Optional;

/** Shared checks for the classic models: thread-count independence, pinned counts, lasso validity. */
final class ClassicChecks {
    private ClassicChecks() {
    }

    /**
     * Checks the claims with 1 and with 2 threads, asserts that both runs agree on every count and
     * on every verdict and trace, and returns the 1-thread report.
     */
    static CheckReport checkWithOneAndTwoThreads(TransitionSystem model, List<Claim> claims) {
        CheckReport one = new Explorer(SearchConfig.defaults().withThreads(1)).check(model, claims);
        CheckReport two = new Explorer(SearchConfig.defaults().withThreads(2)).check(model, claims);
        SearchStats a = one.stats();
        SearchStats b = two.stats();
        assertEquals(a.distinctStates(), b.distinctStates(), "distinct states, 1 vs 2 threads");
        assertEquals(a.transitions(), b.transitions(), "transitions, 1 vs 2 threads");
        assertEquals(a.depth(), b.depth(), "depth, 1 vs 2 threads");
        assertArrayEquals(a.ruleFirings(), b.ruleFirings(), "rule firings, 1 vs 2 threads");
        for (Claim claim : claims) {
            Verdict v1 = one.verdictOf(claim.name());
            Verdict v2 = two.verdictOf(claim.name());
            assertEquals(v1.kind(), v2.kind(), claim.name() + ": verdict, 1 vs 2 threads");
            assertEquals(v1.trace().map(ClassicChecks::describe), v2.trace().map(ClassicChecks::describe),
                    claim.name() + ": trace, 1 vs 2 threads");
        }
        return one;
    }

    /**
     * Explores the whole reachable graph with 1 and 2 threads and asserts the pinned counts on both.
     * No claims: a search whose claims are all decided stops at that BFS level, with partial counts.
     */
    static void assertFullCounts(TransitionSystem model, long states, long transitions, int depth) {
        CheckReport report = checkWithOneAndTwoThreads(model, List.of());
        SearchStats stats = report.stats();
        assertTrue(stats.complete(), "search ran to the end");
        assertEquals(states, stats.distinctStates(), "distinct states");
        assertEquals(transitions, stats.transitions(), "transitions");
        assertEquals(depth, stats.depth(), "depth");
        assertEquals(List.of(), stats.unfiredRules(), "every rule fires somewhere");
    }

    static Trace traceOf(CheckReport report, String claim, Verdict.Kind expected) {
        Verdict verdict = report.verdictOf(claim);
        assertEquals(expected, verdict.kind(), claim);
        return verdict.trace().orElseThrow(() -> new AssertionError(claim + ": no trace"));
    }

    static List<String> ruleNames(Trace trace) {
        return trace.steps().stream().map(step -> step.rule().name()).toList();
    }

    /** The rule names of the lasso's loop, empty when the behaviour stops in its last state. */
    static List<String> loopRuleNames(Trace trace) {
        assertTrue(trace.isLasso(), "a lasso");
        return ruleNames(trace).subList(trace.loopStart(), trace.length());
    }

    // Rule names plus where the loop starts: what two runs must agree on.
    private static String describe(Trace trace) {
        return ruleNames(trace) + " loop at " + trace.loopStart();
    }

    /**
     * Checks a liveness counterexample independently of the engine: every step replays with the
     * model's rules; the behaviour ends in a state with no enabled rule or its last step returns to
     * the loop's first state; from some trigger state on, no state satisfies {@code response}; and
     * the loop is weakly fair: every fair rule is taken in it or disabled in one of its states.
     */
    static void assertValidLasso(TransitionSystem model, Trace trace, StatePredicate trigger,
                                 StatePredicate response, WeakFairness fairness) {
        assertTrue(trace.isLasso(), "a lasso");
        for (int i = 1; i <= trace.length(); i++) {
            Step step = trace.steps().get(i - 1);
            long[] before = trace.state(i - 1).words();
            assertTrue(step.rule().enabled(before), "step " + i + " (" + step.rule().name() + ") is enabled");
            long[] after = before.clone();
            step.rule().apply(before, after);
            assertArrayEquals(after, trace.state(i).words(), "step " + i + " replays");
        }
        boolean stops = trace.loopStart() == trace.length();
        if (stops) {
            long[] last = trace.last().words();
            Optional<Rule> enabled = model.rules().stream().filter(r -> r.enabled(last)).findFirst();
            assertFalse(enabled.isPresent(), "the behaviour stops where no rule is enabled");
        } else {
            assertEquals(trace.state(trace.loopStart()), trace.last(), "the loop closes");
        }
        int firstAvoiding = trace.length() + 1;
        for (int i = trace.length(); i >= 0 && !response.test(trace.state(i).words()); i--) {
            firstAvoiding = i;
        }
        boolean triggered = false;
        for (int i = firstAvoiding; i <= trace.length(); i++) {
            triggered |= trigger.test(trace.state(i).words());
        }
        assertTrue(firstAvoiding <= trace.loopStart() && triggered,
                "a trigger state followed by no response state, loop included");
        if (stops) {
            return;
        }
        for (Rule fair : fairness.rules()) {
            boolean taken = trace.steps().subList(trace.loopStart(), trace.length()).stream()
                    .anyMatch(step -> step.rule() == fair);
            boolean disabledSomewhere = false;
            for (int i = trace.loopStart(); i < trace.length(); i++) {
                disabledSomewhere |= !fair.enabled(trace.state(i).words());
            }
            if (!taken && !disabledSomewhere) {
                fail("the loop is unfair to " + fair.name() + ": enabled throughout and never taken");
            }
        }
    }

    /** All rules except the given ones. */
    static List<Rule> allRulesExcept(TransitionSystem model, List<Rule> excluded) {
        return model.rules().stream().filter(r -> !excluded.contains(r)).toList();
    }
}
