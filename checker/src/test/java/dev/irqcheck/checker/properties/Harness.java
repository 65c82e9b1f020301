package dev.irqcheck.checker.properties;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.properties.RandomSystems.Model;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.trace.Step;
import dev.irqcheck.checker.trace.Trace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Checks shared by the property suites. Each throws {@link AssertionError} with a description
 * of the mismatch; {@code PropertyHarnessTest} shows they do fail on broken input.
 */
final class Harness {
    private Harness() {
    }

    /** A config for tests: the given threads, no limits, symmetry as asked. */
    static SearchConfig config(int threads, boolean symmetry) {
        return new SearchConfig(threads, Integer.MAX_VALUE - 1, Long.MAX_VALUE, Duration.ofSeconds(60), symmetry, null);
    }

    static CheckReport check(Model m, int threads, boolean symmetry, List<Claim> claims) {
        return new Explorer(config(threads, symmetry)).check(m, claims);
    }

    /**
     * An invariant that always holds and records every state the engine checks it on (every
     * expanded state, since it is never decided), as blueprint values.
     */
    static Claim collector(Model m, Set<List<Integer>> into) {
        return new Claim.Always("collect", s -> {
            into.add(Reference.key(m.values(s)));
            return true;
        });
    }

    static Set<List<Integer>> newConcurrentSet() {
        return ConcurrentHashMap.newKeySet();
    }

    static void fail(String message) {
        throw new AssertionError(message);
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            fail(message);
        }
    }

    static void checkEqual(Object expected, Object actual, String what) {
        if (!java.util.Objects.equals(expected, actual)) {
            fail(what + ": expected " + expected + " but was " + actual);
        }
    }

    /** The exploration figures of a complete search agree with the reference. */
    static void checkAgainstReference(Reference ref, Set<List<Integer>> engineStates, SearchStats stats) {
        checkEqual(null, stats.stoppedBy(), "stoppedBy");
        check(stats.exhaustive(), "a search that reached every state does not say it is exhaustive");
        if (!ref.stateSet().equals(engineStates)) {
            Set<List<Integer>> missing = ref.stateSet();
            missing.removeAll(engineStates);
            Set<List<Integer>> extra = new java.util.HashSet<>(engineStates);
            extra.removeAll(ref.stateSet());
            fail("engine states differ from the reference: missing " + missing + ", extra " + extra);
        }
        checkEqual((long) ref.size(), stats.distinctStates(), "distinct states");
        checkEqual(ref.transitions, stats.transitions(), "transitions");
        checkEqual(ref.depth, stats.depth(), "depth");
        checkEqual(Arrays.toString(ref.firings), Arrays.toString(stats.ruleFirings()), "rule firings");
    }

    /** Every fingerprint the simulator visited is one of a state the exhaustive search reached. */
    static void checkVisitedReached(Set<Long> reached, List<Long> visited) {
        for (int i = 0; i < visited.size(); i++) {
            check(reached.contains(visited.get(i)), "visit " + i + " is a state the search never reached");
        }
    }

    /**
     * A trace is a behaviour of the model: it starts in an initial state, each step's rule is
     * enabled in the state before it, and applying it gives the state after it.
     */
    static void checkReplays(Model m, Trace t) {
        check(m.initialStates().contains(t.initial()), "trace starts outside the initial states: " + t.initial());
        for (int i = 1; i <= t.length(); i++) {
            Step step = t.steps().get(i - 1);
            long[] before = t.state(i - 1).words();
            Rule rule = step.rule();
            check(m.rules().contains(rule), "step " + i + ": rule " + rule.name() + " is not a rule of the model");
            check(rule.enabled(before), "step " + i + ": rule " + rule.name() + " is not enabled in "
                    + t.state(i - 1));
            long[] after = before.clone();
            rule.apply(before, after);
            check(Arrays.equals(after, step.target().words()), "step " + i + ": rule " + rule.name()
                    + " leads to " + new State(m.layout(), after) + ", the trace says " + step.target());
        }
    }

    /** A finite trace that replays and ends in a state satisfying {@code end}. */
    static void checkFiniteTrace(Model m, Trace t, Predicate<int[]> end, String what) {
        check(!t.isLasso(), what + ": a finite trace was expected, got a lasso");
        checkReplays(m, t);
        check(end.test(m.values(t.last().words())), what + ": the trace ends in " + t.last()
                + ", which is not a deciding state");
    }

    /**
     * A liveness counterexample for "from a state satisfying trigger, eventually goal": it
     * replays; the loop closes (the last state equals the loop's first) or, when
     * {@code loopStart == length}, stops in a state with no enabled rule; from some trigger state
     * on, no state satisfies the goal; and every fair rule is taken in the loop or disabled in
     * one of its states.
     */
    static void checkLasso(Model m, Trace t, Predicate<int[]> trigger, Predicate<int[]> goal, List<Rule> fair) {
        check(t.isLasso(), "a lasso was expected, got a finite trace");
        checkReplays(m, t);
        int loop = t.loopStart();
        if (loop == t.length()) {
            for (Rule r : m.rules()) {
                check(!r.enabled(t.last().words()), "the lasso stops in " + t.last() + " but rule " + r.name()
                        + " is enabled there");
            }
        } else {
            checkEqual(t.state(loop), t.last(), "loop closure (last state vs state(loopStart=" + loop + "))");
        }
        int from = -1;
        for (int i = t.length(); i >= 0; i--) {
            if (goal.test(m.values(t.state(i).words()))) {
                break;
            }
            if (trigger.test(m.values(t.state(i).words()))) {
                from = i;
            }
        }
        check(from >= 0, "no trigger state is followed only by non-goal states in the lasso:\n" + t);
        check(from <= loop, "the trigger state " + from + " lies after the loop start " + loop);
        if (loop < t.length()) {
            for (Rule f : fair) {
                boolean ok = false;
                for (int i = loop; i < t.length() && !ok; i++) {
                    ok = t.steps().get(i).rule() == f || !f.enabled(t.state(i).words());
                }
                check(ok, "the loop is unfair to " + f.name() + ": always enabled, never taken\n" + t);
            }
        }
    }

    /**
     * A counterexample to "fair behaviours take {@code accepting} finitely often": a lasso that
     * replays, whose loop closes (a stop does not count), takes an accepting rule, and is fair.
     */
    static void checkAcceptanceLasso(Model m, Trace t, List<Rule> accepting, List<Rule> fair) {
        check(t.isLasso(), "a lasso was expected, got a finite trace");
        check(t.loopStart() < t.length(), "an acceptance counterexample must loop, not stop:\n" + t);
        checkLasso(m, t, s -> true, s -> false, fair);
        boolean takesAccepting = false;
        for (int i = t.loopStart(); i < t.length(); i++) {
            takesAccepting |= accepting.contains(t.steps().get(i).rule());
        }
        check(takesAccepting, "the loop takes none of the accepting rules:\n" + t);
    }

    static List<String> ruleNames(Trace t) {
        List<String> names = new ArrayList<>();
        for (Step s : t.steps()) {
            names.add(s.rule().name());
        }
        return names;
    }

    /** A verdict as comparable text: kind, loop start, rule names and states of its trace. */
    static String describe(Verdict v) {
        if (v.trace().isEmpty()) {
            return v.kind().toString();
        }
        Trace t = v.trace().get();
        List<State> states = new ArrayList<>();
        for (int i = 0; i <= t.length(); i++) {
            states.add(t.state(i));
        }
        return v.kind() + " loopStart=" + t.loopStart() + " rules=" + ruleNames(t) + " states=" + states;
    }

    static String describe(CheckReport r) {
        SearchStats s = r.stats();
        StringBuilder sb = new StringBuilder();
        sb.append("states=").append(s.distinctStates()).append(" transitions=").append(s.transitions())
                .append(" depth=").append(s.depth()).append(" firings=").append(Arrays.toString(s.ruleFirings()))
                .append(" stoppedBy=").append(s.stoppedBy()).append(" exhaustive=").append(s.exhaustive())
                .append(" symmetry=").append(s.symmetryReduced());
        for (CheckReport.ClaimResult c : r.results()) {
            sb.append("\n").append(c.claim().name()).append(": ").append(describe(c.verdict()));
        }
        return sb.toString();
    }
}
