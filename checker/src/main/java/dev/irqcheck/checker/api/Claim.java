package dev.irqcheck.checker.api;

/**
 * Something the engine checks about a transition system. One of five forms, each with an exact
 * reading over the reachable graph (states reachable from an initial state by enabled rules).
 * Named "claim", not "property", to avoid jqwik's {@code @Property}.
 */
public sealed interface Claim
        permits Claim.Always, Claim.Sometimes, Claim.AtQuiescence, Claim.Eventually, Claim.LeadsTo, Claim.Finitely {

    /** The claim's name as reports show it. */
    String name();

    /** True for the forms decided on cycles of the graph rather than on single states. */
    default boolean isLiveness() {
        return false;
    }

    /** AG p: every reachable state satisfies {@code invariant}. Violated by a shortest path to a bad state. */
    record Always(String name, StatePredicate invariant) implements Claim {
    }

    /**
     * EF p: some reachable state satisfies {@code goal}. Guards against a vacuous model; witnessed
     * by a shortest path to such a state, and reported as not witnessed otherwise.
     */
    record Sometimes(String name, StatePredicate goal) implements Claim {
    }

    /**
     * Every reachable state in which no rule is enabled satisfies {@code condition}. With
     * {@code condition} false this is deadlock freedom.
     */
    record AtQuiescence(String name, StatePredicate condition) implements Claim {
    }

    /**
     * AF p under weak fairness: every behaviour from an initial state that is fair for
     * {@code fairness} reaches a state satisfying {@code goal}. A behaviour is infinite, or ends in
     * a state where no rule is enabled. Violated by a lasso: a path of non-goal states into a fair
     * cycle of non-goal states, or into a non-goal state with no enabled rule.
     */
    record Eventually(String name, StatePredicate goal, WeakFairness fairness) implements Claim {
        @Override public boolean isLiveness() { return true; }
    }

    /**
     * AG (p -> AF q) under weak fairness: from every reachable state satisfying {@code trigger},
     * every fair behaviour reaches a state satisfying {@code response} (the trigger state itself
     * counts). Violated by a lasso as for {@link Eventually}, starting at a reachable trigger state.
     */
    record LeadsTo(String name, StatePredicate trigger, StatePredicate response, WeakFairness fairness)
            implements Claim {
        @Override public boolean isLiveness() { return true; }
    }

    /**
     * FG not-r under weak fairness: every fair behaviour takes the given rules only finitely often,
     * i.e. no reachable cycle that is fair for {@code fairness} contains a step by one of them
     * (SPIN's acceptance cycles, with the rules as the accepting steps). Violated by a lasso whose
     * cycle takes one of the rules.
     */
    record Finitely(String name, java.util.List<Rule> rules, WeakFairness fairness) implements Claim {
        public Finitely {
            rules = java.util.List.copyOf(rules);
        }

        @Override public boolean isLiveness() { return true; }
    }
}
