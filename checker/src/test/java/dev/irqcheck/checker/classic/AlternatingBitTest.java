package dev.irqcheck.checker.classic;

import static dev.irqcheck.checker.classic.ClassicChecks.allRulesExcept;
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
import dev.irqcheck.checker.fixtures.AlternatingBit;
import dev.irqcheck.checker.fixtures.AlternatingBit.Loss;
import dev.irqcheck.checker.fixtures.AlternatingBit.Receiver;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict.Kind;
import dev.irqcheck.checker.trace.Trace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The alternating-bit protocol over lossy one-slot channels.
 *
 * <p>State counts come from SPIN 6.5.2 on {@code src/test/resources/classic/abp.pml}, the same
 * model in Promela (one d_step per rule): {@code spin -DN=3 [-DLOSS_FROM_SLOT]
 * [-DRECEIVER_IGNORES_BIT] -a abp.pml && gcc -DBFS -DNOREDUCE -o pan pan.c && ./pan -A} (-A: the
 * delivered-order assertion off, so the broken receiver is counted in full too). It reports
 * "states, stored" (our distinct states), "depth reached" (our depth) and "transitions
 * (= stored+matched)", which counts the initial state as one more transition than ours.
 *
 * <p>The verdicts of "eventually all delivered" with no fairness and with weak fairness of every
 * rule, for both kinds of loss, agree with SPIN's LTL check of the same file compiled with
 * {@code -DLIVENESS} (commands in the file; one SPIN process per rule, so SPIN's per-process weak
 * fairness is weak fairness of every rule).
 */
class AlternatingBitTest {
    private final AlternatingBit abp = new AlternatingBit(3, Loss.IN_TRANSIT, Receiver.CHECKS_BIT);

    @Test
    void stateSpacesMatchSpin() {
        // SPIN -DN=2: 34 stored, 79 transitions, depth 13; -DN=3: 53 stored, 127 transitions, depth 17.
        assertFullCounts(new AlternatingBit(2, Loss.IN_TRANSIT, Receiver.CHECKS_BIT), 34, 78, 13);
        assertFullCounts(abp, 53, 126, 17);
        // -DLOSS_FROM_SLOT: N=2: 38 stored, 100 transitions, depth 13; N=3: 59, 160, 17.
        assertFullCounts(new AlternatingBit(2, Loss.FROM_SLOT, Receiver.CHECKS_BIT), 38, 99, 13);
        assertFullCounts(new AlternatingBit(3, Loss.FROM_SLOT, Receiver.CHECKS_BIT), 59, 159, 17);
        // -DRECEIVER_IGNORES_BIT, ./pan -A: N=2: 48 stored, 105 transitions, depth 13; N=3: 149, 334, 17.
        assertFullCounts(new AlternatingBit(2, Loss.IN_TRANSIT, Receiver.IGNORES_BIT), 48, 104, 13);
        assertFullCounts(new AlternatingBit(3, Loss.IN_TRANSIT, Receiver.IGNORES_BIT), 149, 333, 17);
    }

    @Test
    void theReceiverDeliversEveryMessageOnceAndInOrder() {
        for (Loss loss : Loss.values()) {
            AlternatingBit model = new AlternatingBit(3, loss, Receiver.CHECKS_BIT);
            CheckReport report = checkWithOneAndTwoThreads(model, List.of(
                    new Claim.Always("delivered in order", model.deliveredInOrder()),
                    new Claim.AtQuiescence("all delivered when nothing can move", model.allDelivered()),
                    new Claim.Sometimes("all delivered", model.allDelivered())));
            assertEquals(Kind.HOLDS, report.verdictOf("delivered in order").kind(), loss.name());
            assertEquals(Kind.HOLDS, report.verdictOf("all delivered when nothing can move").kind(), loss.name());
            // Two messages acknowledged in four steps each, then the third transmitted and accepted.
            assertEquals(10, traceOf(report, "all delivered", Kind.WITNESSED).length(), loss.name());
        }
    }

    @Test
    void aReceiverThatIgnoresTheBitDeliversARetransmissionTwice() {
        AlternatingBit broken = new AlternatingBit(3, Loss.IN_TRANSIT, Receiver.IGNORES_BIT);
        CheckReport report = checkWithOneAndTwoThreads(broken, List.of(
                new Claim.Always("delivered in order", broken.deliveredInOrder())));
        Trace trace = traceOf(report, "delivered in order", Kind.VIOLATED);
        // SPIN's BFS (./pan, assertion checked on delivery) fails at depth 3, i.e. on the 4th step.
        assertEquals(List.of("sender transmits frame", "receiver accepts frame",
                "sender transmits frame", "receiver accepts frame"), ruleNames(trace));
    }

    @Test
    void withoutFairnessTheChannelCanLoseEveryFrame() {
        WeakFairness none = WeakFairness.none();
        CheckReport report = checkWithOneAndTwoThreads(abp, List.of(eventuallyAllDelivered(abp, none)));
        Trace lasso = traceOf(report, "eventually all delivered", Kind.VIOLATED);
        assertValidLasso(abp, lasso, StatePredicate.TRUE, abp.allDelivered(), none);
        assertEquals(List.of("channel loses frame in transit"), loopRuleNames(lasso), lasso.toString());
    }

    @Test
    void fairnessOfEverythingButTheChannelsTransmissionsIsNotEnough() {
        WeakFairness allButTransmit = WeakFairness.of(allRulesExcept(abp, abp.transmitRules()));
        CheckReport report = checkWithOneAndTwoThreads(abp, List.of(eventuallyAllDelivered(abp, allButTransmit)));
        Trace lasso = traceOf(report, "eventually all delivered", Kind.VIOLATED);
        assertValidLasso(abp, lasso, StatePredicate.TRUE, abp.allDelivered(), allButTransmit);
        assertTrue(loopRuleNames(lasso).stream().allMatch(name -> name.startsWith("channel loses")), lasso.toString());
    }

    @Test
    void weakFairnessOfEveryRuleDeliversEverythingWhenLossIsInTransit() {
        CheckReport report = checkWithOneAndTwoThreads(abp, List.of(
                eventuallyAllDelivered(abp, WeakFairness.of(abp.rules()))));
        assertEquals(Kind.HOLDS, report.verdictOf("eventually all delivered").kind());
    }

    /**
     * When a loss empties the slot, "transmit, lose, transmit, lose, ..." is weakly fair: the
     * receiver's rule is disabled after every loss, so it is never continuously enabled. Ruling this
     * out takes strong fairness (as in the TLA+ ABP, with SF on receiving), which the engine lacks.
     */
    @Test
    void weakFairnessIsNotEnoughWhenTheSlotItselfLosesMessages() {
        AlternatingBit slotLoss = new AlternatingBit(3, Loss.FROM_SLOT, Receiver.CHECKS_BIT);
        WeakFairness all = WeakFairness.of(slotLoss.rules());
        CheckReport report = checkWithOneAndTwoThreads(slotLoss, List.of(eventuallyAllDelivered(slotLoss, all)));
        Trace lasso = traceOf(report, "eventually all delivered", Kind.VIOLATED);
        assertValidLasso(slotLoss, lasso, StatePredicate.TRUE, slotLoss.allDelivered(), all);
        assertTrue(loopRuleNames(lasso).stream().anyMatch(name -> name.endsWith("from slot")), lasso.toString());
    }

    private static Claim eventuallyAllDelivered(AlternatingBit model, WeakFairness fairness) {
        return new Claim.Eventually("eventually all delivered", model.allDelivered(), fairness);
    }
}
