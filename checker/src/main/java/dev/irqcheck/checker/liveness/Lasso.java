package dev.irqcheck.checker.liveness;

/**
 * A liveness counterexample as state ids and rule ordinals: {@code states[0]} is the start (the
 * first state of the lasso, where the claim's trigger held), {@code rules[i]} leads from
 * {@code states[i]} to {@code states[i+1]}, and the behaviour loops back to {@code states[loopStart]}
 * after the last rule. {@code loopStart == rules.length} means the behaviour stops in the last
 * state: no rule is enabled there.
 */
public record Lasso(int[] states, int[] rules, int loopStart) {
}
