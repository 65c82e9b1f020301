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
import dev.irqcheck.checker.fixtures.DiningPhilosophers;
import dev.irqcheck.checker.fixtures.DiningPhilosophers.Phase;
import dev.irqcheck.checker.fixtures.DiningPhilosophers.Variant;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict.Kind;
import dev.irqcheck.checker.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Dining philosophers: everybody taking the left fork first (deadlocks), and the last philosopher
 * taking the right fork first (does not).
 *
 * <p>State counts come from SPIN 6.5.2 on {@code src/test/resources/classic/dining.pml}, the same
 * model in Promela (one d_step per rule): {@code spin -DN=3 [-DLAST_TAKES_RIGHT_FIRST] -a dining.pml
 * && gcc -DBFS -DNOREDUCE -o pan pan.c && ./pan -E} (-E: the deadlock is not an error, so the
 * search runs to the end). It reports "states, stored" (our distinct states), "depth reached" (our
 * depth) and "transitions (= stored+matched)", which counts the initial state as one more
 * transition than ours. The symmetric counts also follow by hand: a state is a cyclic word over
 * {thinking, one fork, eating} in which no eater is followed by a philosopher holding a fork, so
 * there are trace(M^n) of them for M = [[1,1,1],[1,1,1],[1,0,0]]: 14 for n=3, 82 for n=5, 39202
 * for n=12.
 *
 * <p>The starvation verdict under weak fairness of every rule agrees with SPIN's LTL check of the
 * same file compiled with {@code -DLIVENESS} (command in the file; one SPIN process per rule, so
 * SPIN's per-process weak fairness is weak fairness of every rule).
 */
class DiningPhilosophersTest {
    private final DiningPhilosophers symmetric = new DiningPhilosophers(3, Variant.ALL_LEFT_FIRST);
    private final DiningPhilosophers asymmetric = new DiningPhilosophers(3, Variant.LAST_RIGHT_FIRST);

    @Test
    void stateSpacesMatchSpin() {
        // SPIN ./pan -E: 14 stored, 28 transitions, depth 3 | 12 stored, 23 transitions, depth 3.
        assertFullCounts(symmetric, 14, 27, 3);
        assertFullCounts(asymmetric, 12, 22, 3);
        // Same with -DN=5: 82 stored, 266 transitions, depth 5 | 70 stored, 220 transitions, depth 5.
        assertFullCounts(new DiningPhilosophers(5, Variant.ALL_LEFT_FIRST), 82, 265, 5);
        assertFullCounts(new DiningPhilosophers(5, Variant.LAST_RIGHT_FIRST), 70, 219, 5);
    }

    /**
     * Twelve philosophers: BFS levels of thousands of states, so that two threads really split the
     * expansion of a level (small levels are expanded as one chunk) and must still agree.
     */
    @Test
    void largerTablesGiveTheSameResultsOnTwoThreads() {
        DiningPhilosophers twelve = new DiningPhilosophers(12, Variant.ALL_LEFT_FIRST);
        DiningPhilosophers twelveFixed = new DiningPhilosophers(12, Variant.LAST_RIGHT_FIRST);
        // SPIN -DN=12 ./pan -E: 39202 stored, 304105 transitions, depth 12 | 33461, 256105, 12.
        assertFullCounts(twelve, 39202, 304104, 12);
        assertFullCounts(twelveFixed, 33461, 256104, 12);
        CheckReport report = checkWithOneAndTwoThreads(twelve, List.of(
                new Claim.AtQuiescence("no deadlock", s -> false)));
        // SPIN's BFS (./pan without -E) reports the invalid end state at depth 12.
        assertEquals(12, traceOf(report, "no deadlock", Kind.VIOLATED).length());
        WeakFairness all = WeakFairness.of(twelveFixed.rules());
        CheckReport starvation = checkWithOneAndTwoThreads(twelveFixed, List.of(
                new Claim.LeadsTo("hungry phil0 eats", twelveFixed.hungry(0), twelveFixed.eating(0), all)));
        assertValidLasso(twelveFixed, traceOf(starvation, "hungry phil0 eats", Kind.VIOLATED),
                twelveFixed.hungry(0), twelveFixed.eating(0), all);
    }

    /**
     * Thirteen philosophers: a liveness graph of 80782 states, more than the visited set holds
     * before it first grows, so state ids must survive rehashing for the verdicts to be right.
     */
    @Test
    void livenessVerdictsHoldUpOnAGraphThatOutgrowsTheInitialVisitedSet() {
        DiningPhilosophers thirteen = new DiningPhilosophers(13, Variant.LAST_RIGHT_FIRST);
        WeakFairness all = WeakFairness.of(thirteen.rules());
        CheckReport report = checkWithOneAndTwoThreads(thirteen, List.of(
                new Claim.Eventually("someone eats", thirteen.someoneEating(), WeakFairness.none()),
                new Claim.LeadsTo("hungry phil0 eats", thirteen.hungry(0), thirteen.eating(0), all)));
        // SPIN -DN=13 -DLAST_TAKES_RIGHT_FIRST ./pan: 80782 stored, 670512 transitions, depth 13.
        assertEquals(80782, report.stats().distinctStates());
        assertEquals(670511, report.stats().transitions());
        assertEquals(Kind.HOLDS, report.verdictOf("someone eats").kind(),
                () -> report.verdictOf("someone eats").trace().map(Object::toString).orElse(""));
        assertValidLasso(thirteen, traceOf(report, "hungry phil0 eats", Kind.VIOLATED),
                thirteen.hungry(0), thirteen.eating(0), all);
    }

    @Test
    void everybodyTakingTheLeftForkDeadlocks() {
        CheckReport report = checkWithOneAndTwoThreads(symmetric, List.of(
                new Claim.AtQuiescence("no deadlock", s -> false),
                new Claim.Always("neighbours never eat together", symmetric.noNeighboursEatTogether()),
                new Claim.Sometimes("phil0 eats", symmetric.eating(0))));
        Trace deadlock = traceOf(report, "no deadlock", Kind.VIOLATED);
        // SPIN's BFS (./pan without -E) also reports the invalid end state at depth 3.
        assertEquals(List.of("phil0 takes fork 0", "phil1 takes fork 1", "phil2 takes fork 2"), ruleNames(deadlock));
        for (int i = 0; i < 3; i++) {
            assertEquals(Phase.HAS_ONE_FORK, deadlock.last().get(symmetric.phase(i)));
        }
        assertEquals(Kind.HOLDS, report.verdictOf("neighbours never eat together").kind());
        assertEquals(2, traceOf(report, "phil0 eats", Kind.WITNESSED).length());
    }

    @Test
    void theDeadlockStopsEveryBehaviourBeforeAnyoneEats() {
        // Taking forks is monotone until someone eats, so the only way never to eat is to stop in
        // the deadlock: a counterexample that ends rather than loops.
        WeakFairness all = WeakFairness.of(symmetric.rules());
        CheckReport report = checkWithOneAndTwoThreads(symmetric, List.of(
                new Claim.Eventually("someone eats", symmetric.someoneEating(), all)));
        Trace stop = traceOf(report, "someone eats", Kind.VIOLATED);
        assertValidLasso(symmetric, stop, StatePredicate.TRUE, symmetric.someoneEating(), all);
        assertEquals(List.of(), loopRuleNames(stop));
        assertEquals(3, stop.length());
    }

    @Test
    void takingTheRightForkFirstOnceRemovesTheDeadlock() {
        CheckReport report = checkWithOneAndTwoThreads(asymmetric, List.of(
                new Claim.AtQuiescence("no deadlock", s -> false),
                new Claim.Eventually("someone eats", asymmetric.someoneEating(), WeakFairness.none())));
        assertEquals(Kind.HOLDS, report.verdictOf("no deadlock").kind());
        assertEquals(Kind.HOLDS, report.verdictOf("someone eats").kind());
    }

    /**
     * Weak fairness of every rule still lets philosopher 0 starve. Holding fork 0, it waits for
     * fork 1, which its neighbour keeps taking, eating with and putting down: "phil0 takes fork 1"
     * is enabled infinitely often but never continuously, and weak fairness only forces a rule that
     * stays enabled. (Strong fairness would rule this out; the engine offers weak fairness only.)
     */
    @Test
    void weakFairnessDoesNotPreventStarvation() {
        WeakFairness all = WeakFairness.of(asymmetric.rules());
        CheckReport report = checkWithOneAndTwoThreads(asymmetric, List.of(
                new Claim.LeadsTo("hungry phil0 eats", asymmetric.hungry(0), asymmetric.eating(0), all)));
        Trace lasso = traceOf(report, "hungry phil0 eats", Kind.VIOLATED);
        assertValidLasso(asymmetric, lasso, asymmetric.hungry(0), asymmetric.eating(0), all);
        List<String> loop = loopRuleNames(lasso);
        assertTrue(loop.contains("phil1 puts forks down"), "phil1 eats again and again: " + lasso);
        assertTrue(loop.stream().noneMatch(name -> name.startsWith("phil0")), lasso.toString());
    }

    /**
     * Contrast with starvation: "phil0 puts forks down" stays enabled while phil0 eats, so weak
     * fairness of that one rule is enough; without it, philosophers 2 and 3, who share no fork with
     * philosopher 0, can take turns eating forever. Needs five philosophers: with three, an eater
     * blocks both others and the claim holds even without fairness.
     */
    @Test
    void anEaterPutsItsForksDownIfThatRuleIsWeaklyFair() {
        DiningPhilosophers five = new DiningPhilosophers(5, Variant.LAST_RIGHT_FIRST);
        StatePredicate thinking0 = s -> five.phase(0).is(s, Phase.THINKING);
        WeakFairness putDown = WeakFairness.of(List.of(five.putsForksDown(0)));
        CheckReport report = checkWithOneAndTwoThreads(five, List.of(
                new Claim.LeadsTo("phil0 stops eating, unfair", five.eating(0), thinking0, WeakFairness.none()),
                new Claim.LeadsTo("phil0 stops eating, fair", five.eating(0), thinking0, putDown)));
        Trace lasso = traceOf(report, "phil0 stops eating, unfair", Kind.VIOLATED);
        assertValidLasso(five, lasso, five.eating(0), thinking0, WeakFairness.none());
        assertTrue(loopRuleNames(lasso).stream().noneMatch(name -> name.startsWith("phil0")), lasso.toString());
        assertEquals(Kind.HOLDS, report.verdictOf("phil0 stops eating, fair").kind());
    }
}
