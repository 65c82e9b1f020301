package dev.irqcheck.checker.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplorerSmokeTest {

    /** Two counters 0..3, each incremented independently: 16 states, depth 6. */
    static final class TwoCounters implements TransitionSystem {
        final StateLayout layout;
        final IntField a;
        final IntField b;
        final List<Rule> rules;

        TwoCounters() {
            StateLayout.Builder builder = StateLayout.builder();
            a = builder.integer("a", 0, 3);
            b = builder.integer("b", 0, 3);
            layout = builder.build();
            rules = List.of(
                    Rule.of("inc a", s -> a.get(s) < 3, (s, n) -> a.set(n, a.get(s) + 1)),
                    Rule.of("inc b", s -> b.get(s) < 3, (s, n) -> b.set(n, b.get(s) + 1)));
        }

        @Override public StateLayout layout() { return layout; }
        @Override public List<State> initialStates() { return List.of(new State(layout, layout.newWords())); }
        @Override public List<Rule> rules() { return rules; }
    }

    @Test
    void exploresEveryStateAndFindsAShortestViolation() {
        TwoCounters m = new TwoCounters();
        for (int threads : new int[] {1, 2, 4}) {
            CheckReport report = new Explorer(SearchConfig.defaults().withThreads(threads)).check(m, List.of(
                    new Claim.Always("sum below 3", s -> m.a.get(s) + m.b.get(s) < 3),
                    new Claim.Sometimes("both 3", s -> m.a.get(s) == 3 && m.b.get(s) == 3),
                    new Claim.AtQuiescence("ends at 3,3", s -> m.a.get(s) == 3 && m.b.get(s) == 3)));
            Verdict v = report.verdictOf("sum below 3");
            assertEquals(Verdict.Kind.VIOLATED, v.kind());
            assertEquals(3, v.trace().orElseThrow().length());
            assertEquals(Verdict.Kind.WITNESSED, report.verdictOf("both 3").kind());
            assertEquals(6, report.verdictOf("both 3").trace().orElseThrow().length());
            assertEquals(Verdict.Kind.HOLDS, report.verdictOf("ends at 3,3").kind());
            assertEquals(16, report.stats().distinctStates());
            assertEquals(24, report.stats().transitions());
            assertEquals(6, report.stats().depth());
        }
    }

    @Test
    void findsAStarvationLassoWithoutFairnessAndNoneWithIt() {
        StateLayout.Builder builder = StateLayout.builder();
        IntField x = builder.integer("x", 0, 1);
        IntField done = builder.integer("done", 0, 1);
        StateLayout layout = builder.build();
        Rule spin = Rule.of("spin", s -> done.get(s) == 0, (s, n) -> x.set(n, 1 - x.get(s)));
        Rule finish = Rule.of("finish", s -> done.get(s) == 0, (s, n) -> done.set(n, 1));
        TransitionSystem m = new TransitionSystem() {
            @Override public StateLayout layout() { return layout; }
            @Override public List<State> initialStates() { return List.of(new State(layout, layout.newWords())); }
            @Override public List<Rule> rules() { return List.of(spin, finish); }
        };
        CheckReport report = new Explorer(SearchConfig.defaults()).check(m, List.of(
                new Claim.Eventually("finishes unfair", s -> done.get(s) == 1, WeakFairness.none()),
                new Claim.Eventually("finishes fair", s -> done.get(s) == 1, WeakFairness.of(List.of(finish)))));
        Verdict unfair = report.verdictOf("finishes unfair");
        assertEquals(Verdict.Kind.VIOLATED, unfair.kind());
        assertTrue(unfair.trace().orElseThrow().isLasso());
        assertEquals(Verdict.Kind.HOLDS, report.verdictOf("finishes fair").kind());
    }
}
