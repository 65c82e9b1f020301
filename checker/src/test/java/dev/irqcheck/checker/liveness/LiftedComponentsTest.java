package dev.irqcheck.checker.liveness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.Symmetry;
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
import dev.irqcheck.checker.trace.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two small symmetric systems where judging weak fairness on the quotient graph directly (today's
 * {@link FairCycleFinder} over canonical states) gives the wrong verdict, one in each direction,
 * and the lifted decision gives the concrete model's.
 *
 * <p>Both have two processes with a value b_p in 0..2 and a shared {@code done}; the canonical
 * form sorts (b0, b1); each process has a rule {@code m_p} (b_p = 0 and the other's b = 1: b_p
 * becomes 2, the other's 0) and a fair rule (enabled while b_p != 1 and not done). The claim is
 * "eventually done" with both processes' fair rules weakly fair. Quotient edges are labelled with
 * the rule fired from the representative, so process 0's and process 1's steps trade names.
 */
class LiftedComponentsTest {

    /**
     * Fair rule {@code leave_p}: from b_p = 2 it sets b_p = 1 and the other's b = 0, else done.
     * Concretely (0,1) -m0-> (2,0) -leave0-> (1,0) -m1-> (0,2) -leave1-> (0,1) takes both fair
     * rules and never gets done: violated. On the quotient {(0,1),(0,2)} the cycle reads m0,
     * leave1, and leave0 is enabled in both states and never taken: the shortcut says it holds.
     */
    @Test
    void aFairCycleThatTheQuotientCallsUnfair() {
        TwoProcesses system = new TwoProcesses(false);
        Claim claim = system.eventuallyDone();
        assertEquals(Verdict.Kind.VIOLATED, verdict(system, false, claim).kind(), "concrete model");
        assertEquals(Verdict.Kind.HOLDS, shortcut(system), "shortcut on the quotient");
        CheckReport reduced = check(system, true, claim);
        assertTrue(reduced.stats().symmetryReduced());
        Verdict v = reduced.results().get(0).verdict();
        assertEquals(Verdict.Kind.VIOLATED, v.kind(), "lifted");
        checkFairLoop(system, v.trace().orElseThrow());
    }

    /**
     * Fair rule {@code step_p}: from b_p = 0 with the other's b = 2 it sets b_p = 1 and the other's
     * 0, else done. Concretely the only cycle is (0,1) -m0-> (2,0) -step1-> (0,1), which starves
     * step0 (enabled in both states): every fair behaviour gets done, the claim holds. On the
     * quotient the cycle reads m0 from (0,1), step0 from (0,2), and step1 is disabled at (0,1):
     * the shortcut calls it fair and reports a violation.
     */
    @Test
    void anUnfairCycleThatTheQuotientCallsFair() {
        TwoProcesses system = new TwoProcesses(true);
        Claim claim = system.eventuallyDone();
        assertEquals(Verdict.Kind.HOLDS, verdict(system, false, claim).kind(), "concrete model");
        assertEquals(Verdict.Kind.VIOLATED, shortcut(system), "shortcut on the quotient");
        CheckReport reduced = check(system, true, claim);
        assertTrue(reduced.stats().symmetryReduced());
        assertEquals(Verdict.Kind.HOLDS, reduced.results().get(0).verdict().kind(), "lifted");
    }

    /**
     * A lift that does not fit what the budget leaves undecides the claim (OverBudget, which the
     * explorer reports as inconclusive for memory) instead of growing past it; with room, the same
     * lift finds the fair cycle.
     */
    @Test
    void aLiftPastTheBudgetIsOverBudgetNotAnError() {
        TwoProcesses system = new TwoProcesses(false);
        Quotient q = quotient(system);
        LiftedComponents.Stems stems = new LiftedComponents.Stems() {
            @Override public long[] canonicalEnd(int[] stemStates, int[] stemRules) {
                return q.states.get(stemStates[stemStates.length - 1]).clone();
            }

            @Override public long[] concreteEnd(int[] stemStates, int[] stemRules) {
                return canonicalEnd(stemStates, stemRules);
            }
        };
        java.util.function.ToIntFunction<long[]> idOf = s -> {
            long[] c = s.clone();
            system.canonicalize(c);
            return q.ids.getOrDefault(key(c), -1);
        };
        int[] fair = {system.rules().indexOf(system.fair.get(0)), system.rules().indexOf(system.fair.get(1))};
        LiftedComponents.Outcome tight = new LiftedComponents(q.graph, system.rules(), idOf,
                system.layout().wordCount(), fair, new int[0], 100).find(new int[] {0}, q.done, stems);
        assertTrue(tight instanceof LiftedComponents.Outcome.OverBudget, tight.toString());
        LiftedComponents.Outcome roomy = new LiftedComponents(q.graph, system.rules(), idOf,
                system.layout().wordCount(), fair, new int[0], 1 << 20).find(new int[] {0}, q.done, stems);
        assertTrue(roomy instanceof LiftedComponents.Outcome.Counterexample, roomy.toString());
    }

    private static CheckReport check(TransitionSystem system, boolean symmetry, Claim claim) {
        SearchConfig config = new SearchConfig(1, 1_000_000, Long.MAX_VALUE, Duration.ofSeconds(60), symmetry, null);
        return new Explorer(config).check(system, List.of(claim));
    }

    private static Verdict verdict(TransitionSystem system, boolean symmetry, Claim claim) {
        return check(system, symmetry, claim).results().get(0).verdict();
    }

    /** The quotient graph over canonical states, built by hand, with the ids and the done states. */
    record Quotient(BehaviourGraph graph, List<long[]> states, Map<List<Long>, Integer> ids, BitSet done) {
    }

    private static Quotient quotient(TwoProcesses system) {
        Map<List<Long>, Integer> ids = new HashMap<>();
        List<long[]> states = new ArrayList<>();
        long[] init = system.initialStates().get(0).words();
        system.canonicalize(init);
        ids.put(key(init), 0);
        states.add(init);
        List<Integer> offsets = new ArrayList<>(List.of(0));
        List<Integer> targets = new ArrayList<>();
        List<Short> labels = new ArrayList<>();
        for (int s = 0; s < states.size(); s++) {
            long[] state = states.get(s);
            for (int r = 0; r < system.rules().size(); r++) {
                if (system.rules().get(r).enabled(state)) {
                    long[] next = state.clone();
                    system.rules().get(r).apply(state, next);
                    system.canonicalize(next);
                    Integer id = ids.get(key(next));
                    if (id == null) {
                        id = states.size();
                        ids.put(key(next), id);
                        states.add(next);
                    }
                    targets.add(id);
                    labels.add((short) r);
                }
            }
            offsets.add(targets.size());
        }
        short[] rules = new short[labels.size()];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = labels.get(i);
        }
        BehaviourGraph graph = new BehaviourGraph(states.size(), offsets.stream().mapToInt(i -> i).toArray(),
                targets.stream().mapToInt(i -> i).toArray(), rules);
        BitSet done = new BitSet();
        for (int s = 0; s < states.size(); s++) {
            if (system.done.get(states.get(s))) {
                done.set(s);
            }
        }
        return new Quotient(graph, states, ids, done);
    }

    // The unsound shortcut: the finder's per-component rule on the quotient graph.
    private static Verdict.Kind shortcut(TwoProcesses system) {
        Quotient q = quotient(system);
        int[] fair = {system.rules().indexOf(system.fair.get(0)), system.rules().indexOf(system.fair.get(1))};
        Optional<Lasso> lasso = new FairCycleFinder(q.graph(), fair).find(new int[] {0}, q.done());
        return lasso.isPresent() ? Verdict.Kind.VIOLATED : Verdict.Kind.HOLDS;
    }

    private static List<Long> key(long[] words) {
        return Arrays.stream(words).boxed().toList();
    }

    // The lasso replays on the concrete model, its loop closes exactly, never gets done, and is fair.
    private static void checkFairLoop(TwoProcesses system, Trace t) {
        assertTrue(t.isLasso() && t.loopStart() < t.length(), "a cycle, not a stop:\n" + t);
        assertArrayEquals(system.initialStates().get(0).words(), t.initial().words());
        for (int i = 1; i <= t.length(); i++) {
            long[] before = t.state(i - 1).words();
            Rule rule = t.steps().get(i - 1).rule();
            assertTrue(rule.enabled(before), "step " + i + " not enabled:\n" + t);
            long[] after = before.clone();
            rule.apply(before, after);
            assertArrayEquals(after, t.state(i).words(), "step " + i + " is not the rule's result:\n" + t);
            assertTrue(!system.done.get(after), "done along the lasso:\n" + t);
        }
        assertArrayEquals(t.state(t.loopStart()).words(), t.last().words(), "the loop does not close:\n" + t);
        for (Rule f : system.fair) {
            boolean ok = false;
            for (int i = t.loopStart(); i < t.length(); i++) {
                ok |= t.steps().get(i).rule() == f || !f.enabled(t.state(i).words());
            }
            assertTrue(ok, f.name() + " starved on the loop:\n" + t);
        }
    }

    /** The two-process system of the class comment; {@code stepVariant} picks step_p over leave_p. */
    static final class TwoProcesses implements TransitionSystem {
        private final StateLayout layout;
        private final IntField[] b = new IntField[2];
        final BoolField done;
        private final List<Rule> rules = new ArrayList<>();
        final List<Rule> fair = new ArrayList<>();

        TwoProcesses(boolean stepVariant) {
            StateLayout.Builder builder = StateLayout.builder();
            b[0] = builder.integer("b0", 0, 2);
            b[1] = builder.integer("b1", 0, 2);
            done = builder.bool("done");
            layout = builder.build();
            for (int p = 0; p < 2; p++) {
                IntField me = b[p];
                IntField other = b[1 - p];
                rules.add(Rule.of("m" + p, s -> !done.get(s) && me.get(s) == 0 && other.get(s) == 1, (s, n) -> {
                    me.set(n, 2);
                    other.set(n, 0);
                }));
            }
            for (int p = 0; p < 2; p++) {
                IntField me = b[p];
                IntField other = b[1 - p];
                Rule r = stepVariant
                        ? Rule.of("step" + p, s -> !done.get(s) && me.get(s) != 1, (s, n) -> {
                            if (me.get(s) == 0 && other.get(s) == 2) {
                                me.set(n, 1);
                                other.set(n, 0);
                            } else {
                                done.set(n, true);
                            }
                        })
                        : Rule.of("leave" + p, s -> !done.get(s) && me.get(s) != 1, (s, n) -> {
                            if (me.get(s) == 2) {
                                me.set(n, 1);
                                other.set(n, 0);
                            } else {
                                done.set(n, true);
                            }
                        });
                rules.add(r);
                fair.add(r);
            }
        }

        Claim eventuallyDone() {
            return new Claim.Eventually("eventually done", done::get, WeakFairness.of(fair));
        }

        void canonicalize(long[] s) {
            int b0 = b[0].get(s);
            int b1 = b[1].get(s);
            if (b0 > b1) {
                b[0].set(s, b1);
                b[1].set(s, b0);
            }
        }

        @Override public StateLayout layout() { return layout; }

        @Override public List<State> initialStates() {
            long[] w = layout.newWords();
            b[1].set(w, 1);
            return List.of(new State(layout, w));
        }

        @Override public List<Rule> rules() { return rules; }

        @Override public Optional<Symmetry> symmetry() { return Optional.of(this::canonicalize); }
    }
}
