package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.mutants.Mutant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * eventually-serviced is not no-lost-interrupt: a livelock (a fair cycle that never services a
 * device, where no state is quiescent) breaks the first and not the second. The seed design with
 * a broken guest ISR that reads the wrong status register (it acknowledges and EOIs, but leaves
 * the device's condition set): the line stays high, each resample re-fires it, and the guest takes
 * it again forever.
 */
class LivelockTest {

    static CheckReport check(Mutant m, PropertyId... properties) {
        List<Claim> claims = java.util.Arrays.stream(properties).map(p -> m.translate(p.claim(m.base()))).toList();
        return new Explorer(SearchConfig.defaults().withThreads(1)).check(m, claims);
    }

    static Mutant isrThatNeverServices(InterruptSystem base) {
        return new Mutant(base, "guest ISR services devices",
                (f, before, next) -> f.device.deviceCondition[0].set(next, f.device.deviceCondition[0].get(before)));
    }

    @Test
    void aLivelockBreaksEventuallyServicedButNotNoLostInterrupt() {
        Mutant livelock = isrThatNeverServices(ScenarioModels.seed());
        CheckReport r = check(livelock, PropertyId.NO_LOST_INTERRUPT, PropertyId.EVENTUALLY_SERVICED);
        assertEquals(Verdict.Kind.HOLDS, r.verdictOf("no-lost-interrupt").kind(),
                "no state is quiescent with the device waiting: the livelock never stops");
        Verdict ev = r.verdictOf("eventually-serviced");
        assertEquals(Verdict.Kind.VIOLATED, ev.kind());
        Trace lasso = ev.trace().orElseThrow();
        assertTrue(lasso.loopStart() < lasso.length(), "a cycle, not a dead end:\n" + lasso);
        Counterexamples.verify(livelock, livelock.translate(PropertyId.EVENTUALLY_SERVICED.claim(livelock.base())), lasso);
        assertTrue(lasso.steps().subList(lasso.loopStart(), lasso.length()).stream()
                        .anyMatch(s -> s.rule().name().startsWith("guest IAR")),
                "the loop delivers the interrupt again and again:\n" + lasso);
    }

    /** The lasso checks bite: the same lasso is no counterexample to a claim it reaches, or one whose fairness it breaks. */
    @Test
    void theLassoChecksRejectAGoalInTheLoopAndAStarvedRule() {
        Mutant livelock = isrThatNeverServices(ScenarioModels.seed());
        Claim.LeadsTo claim = (Claim.LeadsTo) livelock.translate(PropertyId.EVENTUALLY_SERVICED.claim(livelock.base()));
        Trace lasso = check(livelock, PropertyId.EVENTUALLY_SERVICED).verdictOf("eventually-serviced").trace().orElseThrow();
        Claim reached = new Claim.LeadsTo(claim.name(), claim.trigger(), s -> true, claim.fairness());
        assertThrows(AssertionError.class, () -> Counterexamples.verify(livelock, reached, lasso));
        List<Rule> alsoAnIdleRule = new ArrayList<>(claim.fairness().rules());
        alsoAnIdleRule.add(Rule.of("always enabled, never taken", s -> true, (s, next) -> { }));
        Claim starving = new Claim.LeadsTo(claim.name(), claim.trigger(), claim.response(), WeakFairness.of(alsoAnIdleRule));
        AssertionError e = assertThrows(AssertionError.class, () -> Counterexamples.verify(livelock, starving, lasso));
        assertTrue(e.getMessage().contains("starves always enabled, never taken"), e.getMessage());
    }

    @Test
    void theUnbrokenSeedHoldsBoth() {
        InterruptSystem seed = ScenarioModels.seed();
        CheckReport r = new Explorer(SearchConfig.defaults().withThreads(1)).check(seed, List.of(
                PropertyId.NO_LOST_INTERRUPT.claim(seed), PropertyId.EVENTUALLY_SERVICED.claim(seed)));
        assertEquals(Verdict.Kind.HOLDS, r.verdictOf("no-lost-interrupt").kind());
        assertEquals(Verdict.Kind.HOLDS, r.verdictOf("eventually-serviced").kind());
    }
}
