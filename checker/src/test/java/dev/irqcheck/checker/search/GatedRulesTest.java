package dev.irqcheck.checker.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rules behind a shared gate (Rule.gated) explore exactly what the same rules with the gate
 * folded into their guards explore: states, transitions, firings per rule and traces. Two runs
 * with different gates sit side by side and an ungated rule follows the second, so a search that
 * skipped one rule too many past a closed gate, or let one run's gate stand for the next, changes
 * the counts (checked by breaking the skip: "reset" then never fires).
 */
class GatedRulesTest {
    private final IntField a;
    private final IntField b;
    private final IntField c;
    private final StateLayout layout;

    GatedRulesTest() {
        StateLayout.Builder builder = StateLayout.builder();
        a = builder.integer("a", 0, 2);
        b = builder.integer("b", 0, 2);
        c = builder.integer("c", 0, 2);
        layout = builder.build();
    }

    private List<Rule> rules(boolean gated) {
        StatePredicate bBelow2 = s -> b.get(s) < 2;
        StatePredicate cBelow2 = s -> c.get(s) < 2;
        return List.of(
                Rule.of("inc a", s -> a.get(s) < 2, (s, n) -> a.set(n, a.get(s) + 1)),
                behind(gated, bBelow2, Rule.of("inc b", s -> b.get(s) < 2, (s, n) -> b.set(n, b.get(s) + 1))),
                behind(gated, bBelow2, Rule.of("b 0 to 2", s -> b.get(s) == 0, (s, n) -> b.set(n, 2))),
                behind(gated, cBelow2, Rule.of("inc c", s -> c.get(s) < 2, (s, n) -> c.set(n, c.get(s) + 1))),
                behind(gated, cBelow2, Rule.of("c 0 to 2", s -> c.get(s) == 0, (s, n) -> c.set(n, 2))),
                Rule.of("reset", s -> a.get(s) == 2 && b.get(s) == 2 && c.get(s) == 2, (s, n) -> {
                    a.set(n, 0);
                    b.set(n, 0);
                    c.set(n, 0);
                }),
                Rule.of("dec a", s -> a.get(s) > 0, (s, n) -> a.set(n, a.get(s) - 1)));
    }

    private static Rule behind(boolean gated, StatePredicate gate, Rule rule) {
        return gated ? Rule.gated(gate, rule)
                : Rule.of(rule.name(), s -> gate.test(s) && rule.enabled(s), rule::apply);
    }

    private CheckReport check(boolean gated, int threads) {
        List<Rule> rules = rules(gated);
        TransitionSystem m = new TransitionSystem() {
            @Override public StateLayout layout() { return layout; }
            @Override public List<State> initialStates() { return List.of(new State(layout, layout.newWords())); }
            @Override public List<Rule> rules() { return rules; }
        };
        // The invariant holds, so the search runs to the end rather than stopping at the witness.
        return new Explorer(SearchConfig.defaults().withThreads(threads)).check(m, List.of(
                new Claim.Always("a in range", s -> a.get(s) <= 2),
                new Claim.Sometimes("all full, a back down", s -> a.get(s) == 1 && b.get(s) == 2 && c.get(s) == 2)));
    }

    @Test
    void gatedRunsExploreWhatTheFoldedGuardsExplore() {
        for (int threads : new int[] {1, 2}) {
            CheckReport folded = check(false, threads);
            CheckReport gated = check(true, threads);
            assertEquals(folded.stats().distinctStates(), gated.stats().distinctStates());
            assertEquals(folded.stats().transitions(), gated.stats().transitions());
            assertArrayEquals(folded.stats().ruleFirings(), gated.stats().ruleFirings());
            assertEquals(folded.verdictOf("all full, a back down").trace().orElseThrow().toString(),
                    gated.verdictOf("all full, a back down").trace().orElseThrow().toString());
            // Every rule fires somewhere, so a rule wrongly skipped would show.
            assertFalse(gated.stats().unfiredRules().iterator().hasNext(), gated.stats().unfiredRules().toString());
        }
    }

    @Test
    void aGatedRuleIsEnabledOnlyWhereItsGateAndGuardBothHold() {
        Rule inc = rules(true).get(1);
        long[] s = layout.newWords();
        assertEquals(true, inc.enabled(s));
        b.set(s, 2);
        assertFalse(inc.enabled(s));
    }
}
