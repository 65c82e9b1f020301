package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks a counterexample against the model on its own, without the engine: every step is an
 * enabled rule whose effect gives the next state, and the trace ends in what the claim forbids. A
 * lasso's loop closes, stays outside the claim's goal, and is weakly fair to the claim's rules
 * (each is taken in the loop or disabled in some loop state); a stop is a state with no rule
 * enabled.
 */
final class Counterexamples {
    private Counterexamples() {
    }

    /** Replays the trace in {@code m} and checks it violates {@code claim}; fails with an assertion otherwise. */
    static void verify(TransitionSystem m, Claim claim, Trace trace) {
        List<long[]> states = replay(m, trace);
        long[] last = states.get(states.size() - 1);
        String name = claim.name();
        if (claim instanceof Claim.Always a) {
            assertTrue(!a.invariant().test(last), name + ": the last state must violate it");
            return;
        }
        if (claim instanceof Claim.AtQuiescence q) {
            assertTrue(!q.condition().test(last) && enabledIn(m, last).isEmpty(),
                    name + ": the last state must be quiescent and violate it");
            return;
        }
        assertTrue(trace.isLasso(), name + ": a liveness counterexample is a lasso");
        int loop = trace.loopStart();
        if (claim instanceof Claim.Eventually e) {
            assertTrue(states.stream().noneMatch(e.goal()::test), name + ": the lasso reaches the goal");
            checkFairEnd(m, e.fairness(), states, trace, name);
        } else if (claim instanceof Claim.LeadsTo l) {
            checkTriggerThenNoResponse(l.trigger(), l.response(), states, loop, name);
            checkFairEnd(m, l.fairness(), states, trace, name);
        } else if (claim instanceof Claim.Finitely f) {
            assertTrue(loop < trace.length(), name + ": an acceptance cycle is a cycle, not a stop");
            boolean accepting = false;
            // By name, as the fairness check below: the trace may come from another instance of the model.
            List<String> acceptingNames = f.rules().stream().map(Rule::name).toList();
            for (int i = loop; i < trace.length(); i++) {
                accepting |= acceptingNames.contains(trace.steps().get(i).rule().name());
            }
            assertTrue(accepting, name + ": the loop takes none of the rules");
            checkFairEnd(m, f.fairness(), states, trace, name);
        }
    }

    static List<long[]> replay(TransitionSystem m, Trace trace) {
        List<long[]> states = new ArrayList<>();
        long[] s = m.initialStates().get(0).words();
        assertArrayEquals(trace.initial().words(), s, "the trace starts in the initial state");
        states.add(s);
        for (int i = 0; i < trace.length(); i++) {
            Rule rule = m.rules().get(ordinalIn(m, trace.steps().get(i).rule()));
            assertTrue(rule.enabled(s), "step " + (i + 1) + " " + rule.name() + " not enabled");
            long[] next = s.clone();
            rule.apply(s, next);
            assertArrayEquals(trace.state(i + 1).words(), next, "step " + (i + 1) + " " + rule.name() + " leads elsewhere");
            s = next;
            states.add(s);
        }
        return states;
    }

    // The trace names rules of the model it was found in: the same rule when replayed there, else
    // the rule of that name, so a trace replays against a changed model as that model's behaviour.
    private static int ordinalIn(TransitionSystem m, Rule rule) {
        int same = m.rules().indexOf(rule);
        if (same >= 0) {
            return same;
        }
        for (int i = 0; i < m.rules().size(); i++) {
            if (m.rules().get(i).name().equals(rule.name())) {
                return i;
            }
        }
        throw new AssertionError("no rule named " + rule.name());
    }

    private static List<Rule> enabledIn(TransitionSystem m, long[] s) {
        return m.rules().stream().filter(r -> r.enabled(s)).toList();
    }

    // Some trigger state from which the response never holds again, up to and around the loop.
    private static void checkTriggerThenNoResponse(StatePredicate trigger, StatePredicate response, List<long[]> states,
                                                   int loop, String name) {
        int n = states.size();
        for (int i = loop; i < n; i++) {
            assertTrue(!response.test(states.get(i)), name + ": loop state " + i + " satisfies the response");
        }
        int k = n - 1;
        while (k > 0 && !response.test(states.get(k - 1))) {
            k--;
        }
        // States k..n-1 all miss the response; one of them (or, in the loop, any) must be a trigger.
        boolean triggered = false;
        for (int i = k; i < n; i++) {
            triggered |= trigger.test(states.get(i));
        }
        assertTrue(triggered, name + ": no trigger state before the response is lost for good");
    }

    // A stop: no rule is enabled at all. A cycle: it closes, and each fair rule is taken in it or
    // disabled in one of its states (weak fairness).
    private static void checkFairEnd(TransitionSystem m, WeakFairness fairness, List<long[]> states, Trace trace,
                                     String name) {
        int loop = trace.loopStart();
        long[] last = states.get(states.size() - 1);
        if (loop == trace.length()) {
            assertTrue(enabledIn(m, last).isEmpty(), name + ": a stop must be a state with no rule enabled");
            return;
        }
        assertArrayEquals(states.get(loop), last, name + ": the loop closes");
        List<String> taken = trace.steps().subList(loop, trace.length()).stream().map(st -> st.rule().name()).toList();
        for (Rule fair : fairness.rules()) {
            boolean disabledSomewhere = false;
            for (int i = loop; i < states.size(); i++) {
                disabledSomewhere |= !fair.enabled(states.get(i));
            }
            assertTrue(taken.contains(fair.name()) || disabledSomewhere,
                    name + ": the loop starves " + fair.name() + ", enabled throughout and never taken");
        }
    }
}
