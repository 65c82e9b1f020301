package dev.irqcheck.checker.api;

import java.util.List;

/**
 * The rules a liveness claim assumes weakly fair: along an infinite behaviour, a rule that is
 * enabled continuously from some point on is eventually taken. Rules not listed may be starved
 * (the adversary controls them), and a behaviour may stop in a state where no rule is enabled.
 */
public record WeakFairness(List<Rule> rules) {
    public WeakFairness {
        rules = List.copyOf(rules);
    }

    /** No fairness: any infinite behaviour counts, including one that starves every rule. */
    public static WeakFairness none() {
        return new WeakFairness(List.of());
    }

    public static WeakFairness of(List<Rule> rules) {
        return new WeakFairness(rules);
    }
}
