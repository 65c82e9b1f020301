package dev.irqcheck.checker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.checker.trace.Trace;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fair cycles under a bitstate store, on a generic system with two cycles: A (x 0 -> 1 -> 0), where
 * {@code finish} is enabled throughout, so staying in it is unfair to {@code finish}; and B
 * (x 2 -> 3 -> 2), which passes x = 3 where {@code finish} is disabled, so staying in it is fair.
 * Bitstate must report what the exhaustive search reports on B, with a fair lasso looping in B,
 * and never break a claim only the unfair cycle A would break.
 */
class BitstateFairCycleTest {
    private final StateLayout layout;
    private final IntField x;
    private final IntField done;
    private final Rule a1;
    private final Rule b1;
    private final Rule finish;
    private final TransitionSystem system;

    BitstateFairCycleTest() {
        StateLayout.Builder builder = StateLayout.builder();
        x = builder.integer("x", 0, 3);
        done = builder.integer("done", 0, 1);
        layout = builder.build();
        a1 = step("a1", 0, 1);
        Rule a2 = step("a2", 1, 0);
        Rule toB = step("to B", 0, 2);
        b1 = step("b1", 2, 3);
        Rule b2 = step("b2", 3, 2);
        finish = Rule.of("finish", s -> done.get(s) == 0 && x.get(s) != 3, (s, n) -> done.set(n, 1));
        List<Rule> rules = List.of(a1, a2, toB, b1, b2, finish);
        system = new TransitionSystem() {
            @Override public StateLayout layout() { return layout; }
            @Override public List<State> initialStates() { return List.of(new State(layout, layout.newWords())); }
            @Override public List<Rule> rules() { return rules; }
        };
    }

    private Rule step(String name, int from, int to) {
        return Rule.of(name, s -> done.get(s) == 0 && x.get(s) == from, (s, n) -> x.set(n, to));
    }

    private CheckReport[] both(List<Claim> claims) {
        CheckReport exhaustive = new Explorer(SearchConfig.defaults().withThreads(1)).check(system, claims);
        CheckReport bitstate = new Explorer(SearchConfig.defaults().withThreads(1)
                .withBitstate(new SearchConfig.Bitstate(1 << 16, 3))).check(system, claims);
        return new CheckReport[] {exhaustive, bitstate};
    }

    @Test
    void findsTheFairCycleAndLoopsInIt() {
        WeakFairness fair = WeakFairness.of(List.of(finish));
        List<Claim> claims = List.of(
                new Claim.Eventually("finishes", s -> done.get(s) == 1, fair),
                new Claim.LeadsTo("x=1 leads to done", s -> x.get(s) == 1, s -> done.get(s) == 1, fair),
                new Claim.Finitely("b1 finitely often", List.of(b1), fair));
        CheckReport[] r = both(claims);
        for (Claim claim : claims) {
            assertEquals(Verdict.Kind.VIOLATED, r[0].verdictOf(claim.name()).kind(), claim.name() + " (exhaustive)");
            Verdict v = r[1].verdictOf(claim.name());
            assertEquals(Verdict.Kind.VIOLATED, v.kind(), claim.name() + " (bitstate)");
            Trace t = v.trace().orElseThrow();
            assertTrue(t.loopStart() < t.length(), claim.name() + ": a cycle, not a stop\n" + t);
            assertTrue(Arrays.equals(t.state(t.loopStart()).words(), t.last().words()), "the loop closes\n" + t);
            boolean passesThree = false;
            for (int i = t.loopStart(); i <= t.length(); i++) {
                assertTrue(x.get(t.state(i).words()) >= 2, claim.name() + ": the loop leaves cycle B\n" + t);
                passesThree |= x.get(t.state(i).words()) == 3;
            }
            assertTrue(passesThree, claim.name() + ": fair to finish, so it passes x=3 where finish is disabled\n" + t);
            for (int i = 0; i <= t.length(); i++) {
                assertEquals(0, done.get(t.state(i).words()), claim.name() + ": never finishes\n" + t);
            }
        }
    }

    @Test
    void anUnfairCycleBreaksNothingAndTheSameCycleWithoutFairnessDoes() {
        // Leaving A for B counts as a response, so only cycle A is left to break these claims.
        List<Claim> fairToFinish = List.of(
                new Claim.Eventually("finishes or leaves", s -> done.get(s) == 1 || x.get(s) >= 2,
                        WeakFairness.of(List.of(finish))),
                new Claim.LeadsTo("x=1 leads to done or B", s -> x.get(s) == 1,
                        s -> done.get(s) == 1 || x.get(s) >= 2, WeakFairness.of(List.of(finish))),
                new Claim.Finitely("a1 finitely often", List.of(a1), WeakFairness.of(List.of(finish))));
        CheckReport[] r = both(fairToFinish);
        for (Claim claim : fairToFinish) {
            assertEquals(Verdict.Kind.HOLDS, r[0].verdictOf(claim.name()).kind(), claim.name() + " (exhaustive)");
            assertEquals(new Verdict.Inconclusive(Limit.BITSTATE), r[1].verdictOf(claim.name()), claim.name());
        }
        List<Claim> unfair = List.of(new Claim.Eventually("finishes or leaves, no fairness",
                s -> done.get(s) == 1 || x.get(s) >= 2, WeakFairness.none()));
        r = both(unfair);
        assertEquals(Verdict.Kind.VIOLATED, r[0].verdictOf(unfair.get(0).name()).kind());
        Trace t = r[1].verdictOf(unfair.get(0).name()).trace().orElseThrow();
        for (int i = t.loopStart(); i <= t.length(); i++) {
            assertTrue(x.get(t.state(i).words()) <= 1, "without fairness, cycle A breaks it\n" + t);
        }
        assertTrue(t.loopStart() < t.length(), "a cycle\n" + t);
    }
}
