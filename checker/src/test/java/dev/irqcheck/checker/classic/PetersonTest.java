package dev.irqcheck.checker.classic;

import static dev.irqcheck.checker.classic.ClassicChecks.assertFullCounts;
import static dev.irqcheck.checker.classic.ClassicChecks.assertValidLasso;
import static dev.irqcheck.checker.classic.ClassicChecks.checkWithOneAndTwoThreads;
import static dev.irqcheck.checker.classic.ClassicChecks.loopRuleNames;
import static dev.irqcheck.checker.classic.ClassicChecks.ruleNames;
import static dev.irqcheck.checker.classic.ClassicChecks.traceOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.fixtures.Peterson;
import dev.irqcheck.checker.fixtures.Peterson.Variant;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict.Kind;
import dev.irqcheck.checker.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Peterson's algorithm for two processes.
 *
 * <p>State counts come from SPIN 6.5.2 on {@code src/test/resources/classic/peterson.pml}, the same
 * model in Promela (one d_step per rule): {@code spin -a peterson.pml && gcc -DBFS -DNOREDUCE -o pan
 * pan.c && ./pan} reports "states, stored" (our distinct states), "depth reached" (our depth) and
 * "transitions (= stored+matched)", which counts the initial state as one more transition than
 * ours. The broken variant is compiled with {@code -DTURN_BEFORE_FLAG} and counted with
 * {@code ./pan -A} (assertions off, so the search does not stop at the violation).
 *
 * <p>The liveness verdicts with no fairness and with weak fairness of every rule agree with SPIN's
 * LTL check of the same file compiled with {@code -DLIVENESS} (commands in the file): the Promela
 * model has one SPIN process per rule, so SPIN's per-process weak fairness ({@code -f}) is weak
 * fairness of every rule.
 */
class PetersonTest {
    private final Peterson peterson = new Peterson(Variant.CORRECT);
    private final StatePredicate mutualExclusion = peterson.critical(0).and(peterson.critical(1)).negate();

    @Test
    void correctVariantHasTheStateSpaceSpinReports() {
        // SPIN: 20 states stored, 21 matched, 41 transitions, depth reached 6.
        assertFullCounts(peterson, 20, 40, 6);
    }

    @Test
    void turnBeforeFlagVariantHasTheStateSpaceSpinReports() {
        // SPIN -DTURN_BEFORE_FLAG, ./pan -A: 32 states stored, 33 matched, 65 transitions, depth reached 7.
        assertFullCounts(new Peterson(Variant.TURN_BEFORE_FLAG), 32, 64, 7);
    }

    @Test
    void mutualExclusionHoldsAndEachProcessCanEnter() {
        CheckReport report = checkWithOneAndTwoThreads(peterson, List.of(
                new Claim.Always("mutual exclusion", mutualExclusion),
                new Claim.Sometimes("p0 enters", peterson.critical(0)),
                new Claim.Sometimes("p1 enters", peterson.critical(1))));
        assertEquals(Kind.HOLDS, report.verdictOf("mutual exclusion").kind());
        assertEquals(List.of("p0 raises flag", "p0 gives turn", "p0 enters"),
                ruleNames(traceOf(report, "p0 enters", Kind.WITNESSED)));
        assertEquals(List.of("p1 raises flag", "p1 gives turn", "p1 enters"),
                ruleNames(traceOf(report, "p1 enters", Kind.WITNESSED)));
    }

    @Test
    void tryingLeadsToTheCriticalSectionWhenBothProcessesAreWeaklyFair() {
        CheckReport report = checkWithOneAndTwoThreads(peterson, List.of(
                leadsToCritical(WeakFairness.of(peterson.rules()))));
        assertEquals(Kind.HOLDS, report.verdictOf("p0 trying leads to p0 critical").kind());
    }

    @Test
    void withoutFairnessProcess0CanSpinForever() {
        WeakFairness none = WeakFairness.none();
        CheckReport report = checkWithOneAndTwoThreads(peterson, List.of(leadsToCritical(none)));
        Trace lasso = traceOf(report, "p0 trying leads to p0 critical", Kind.VIOLATED);
        assertValidLasso(peterson, lasso, peterson.trying(0), peterson.critical(0), none);
        // The scheduler lets one process busy-wait while the other, free to go on, never moves.
        assertTrue(loopRuleNames(lasso).stream().allMatch(name -> name.endsWith(" spins")), lasso.toString());
    }

    @Test
    void fairnessOfProcess0AloneIsNotEnough() {
        // Process 1 may then stop for good with its flag raised (here: before giving the turn away)
        // while process 0 spins on that flag.
        WeakFairness onlyP0 = WeakFairness.of(peterson.rulesOf(0));
        CheckReport report = checkWithOneAndTwoThreads(peterson, List.of(leadsToCritical(onlyP0)));
        Trace lasso = traceOf(report, "p0 trying leads to p0 critical", Kind.VIOLATED);
        assertValidLasso(peterson, lasso, peterson.trying(0), peterson.critical(0), onlyP0);
        assertEquals(List.of("p0 spins"), loopRuleNames(lasso), lasso.toString());
        assertEquals(Peterson.Phase.FLAG_RAISED, lasso.last().get(peterson.phase(1)), lasso.toString());
    }

    @Test
    void givingTheTurnBeforeRaisingTheFlagBreaksMutualExclusion() {
        Peterson broken = new Peterson(Variant.TURN_BEFORE_FLAG);
        CheckReport report = checkWithOneAndTwoThreads(broken, List.of(
                new Claim.Always("mutual exclusion", broken.critical(0).and(broken.critical(1)).negate())));
        Trace trace = traceOf(report, "mutual exclusion", Kind.VIOLATED);
        // Shortest: both processes need three steps to enter. SPIN's BFS trail (./pan, assertion
        // checked on entry) also ends after 6 steps.
        assertEquals(6, trace.length(), trace.toString());
        assertEquals(List.of("p0 gives turn", "p1 gives turn", "p1 raises flag", "p1 enters",
                "p0 raises flag", "p0 enters"), ruleNames(trace));
    }

    private Claim leadsToCritical(WeakFairness fairness) {
        return new Claim.LeadsTo("p0 trying leads to p0 critical", peterson.trying(0), peterson.critical(0), fairness);
    }
}
