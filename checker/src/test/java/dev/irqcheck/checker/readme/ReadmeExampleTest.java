package dev.irqcheck.checker.readme;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's engine example, kept compiling and correct. */
class ReadmeExampleTest {

    @Test
    void theReadmeExampleGivesTheVerdictsItDescribes() {
        StateLayout.Builder b = StateLayout.builder();
        IntField a = b.integer("a", 0, 3);
        BoolField done = b.bool("done");
        StateLayout layout = b.build();

        Rule inc = Rule.of("inc", s -> a.get(s) < 3, (s, next) -> a.set(next, a.get(s) + 1));
        Rule stop = Rule.of("stop", s -> a.get(s) == 3 && !done.get(s), (s, next) -> done.set(next, true));
        TransitionSystem system = new TransitionSystem() {
            public StateLayout layout() { return layout; }
            public List<State> initialStates() { return List.of(new State(layout, layout.newWords())); }
            public List<Rule> rules() { return List.of(inc, stop); }
        };

        CheckReport report = new Explorer(SearchConfig.defaults().withThreads(2)).check(system, List.of(
                new Claim.Always("a below 3", s -> a.get(s) < 3),
                new Claim.Sometimes("done reachable", done::get),
                new Claim.AtQuiescence("stops done", done::get),
                new Claim.Eventually("finishes", done::get, WeakFairness.of(List.of(inc, stop)))));
        Verdict v = report.verdictOf("a below 3");
        assertEquals(Verdict.Kind.VIOLATED, v.kind());
        assertEquals(3, v.trace().orElseThrow().length());
        assertEquals(Verdict.Kind.WITNESSED, report.verdictOf("done reachable").kind());
        assertEquals(Verdict.Kind.HOLDS, report.verdictOf("stops done").kind());
        assertEquals(Verdict.Kind.HOLDS, report.verdictOf("finishes").kind());
        assertEquals(5, report.stats().distinctStates());
    }
}
