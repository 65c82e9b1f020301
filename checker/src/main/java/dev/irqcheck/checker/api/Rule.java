package dev.irqcheck.checker.api;

/**
 * A named, guarded, deterministic step of a transition system (Murphi's and Rumur's word).
 *
 * <p>A rule is the unit the engine labels traces with, counts for coverage, and applies weak
 * fairness to. A nondeterministic choice is modelled as several rules, one per outcome.
 *
 * <p>Contract: {@link #enabled} and {@link #apply} are pure functions of the words they are given
 * (no state kept between calls, since workers call them concurrently) and deterministic, so that
 * a trace recorded as a list of rules replays exactly.
 */
public interface Rule {

    /** Stable name used in traces and coverage, e.g. {@code irqfd_resampler_ack(gsi 5)}. */
    String name();

    /** Whether the rule can fire in the given packed state. Must not modify {@code state}. */
    boolean enabled(long[] state);

    /**
     * Writes the successor into {@code next}, which holds a copy of {@code state} on entry. Only
     * called when {@link #enabled} is true. Must not modify {@code state}.
     */
    void apply(long[] state, long[] next);

    /**
     * The fields this rule's guard and action read and write, for the partial-order reduction.
     * The default, {@link Footprint#EVERYTHING}, makes the rule dependent on every other rule.
     */
    default Footprint footprint() {
        return Footprint.EVERYTHING;
    }

    /**
     * A cheap test that {@link #enabled} implies, shared (the same object) by a run of consecutive
     * rules, or null. The search tests a shared gate once per state for the whole run and skips
     * the run when it is false; it is a hoisted conjunct of the guards, not a footprint.
     */
    default StatePredicate gate() {
        return null;
    }

    /** {@link #enabled}, when {@link #gate} is known to hold: what is left of the guard. */
    default boolean enabledPastGate(long[] state) {
        return enabled(state);
    }

    /**
     * {@code rule} behind {@code gate}: enabled when both are. Give consecutive rules the same
     * gate object so that the search tests it once for all of them (see {@link #gate}).
     */
    static Rule gated(StatePredicate gate, Rule rule) {
        return new Rule() {
            @Override public String name() { return rule.name(); }
            @Override public boolean enabled(long[] state) { return gate.test(state) && rule.enabled(state); }
            @Override public StatePredicate gate() { return gate; }
            @Override public boolean enabledPastGate(long[] state) { return rule.enabled(state); }
            @Override public void apply(long[] state, long[] next) { rule.apply(state, next); }
            // The gate is part of the guard: its reads join the guard's (ALL when it declares none).
            @Override public Footprint footprint() {
                Footprint f = rule.footprint();
                return f.declared() ? new Footprint(f.guardReads().union(gate.reads()), f.reads(), f.writes()) : f;
            }
            @Override public String toString() { return rule.toString(); }
        };
    }

    /** A rule from a name, a guard and an effect; handy for small models and tests. */
    static Rule of(String name, StatePredicate guard, Effect effect) {
        return of(name, Footprint.EVERYTHING, guard, effect);
    }

    /** A rule with a declared footprint (see {@link #footprint()}). */
    static Rule of(String name, Footprint footprint, StatePredicate guard, Effect effect) {
        return new Rule() {
            @Override public String name() { return name; }
            @Override public boolean enabled(long[] state) { return guard.test(state); }
            @Override public void apply(long[] state, long[] next) { effect.apply(state, next); }
            @Override public Footprint footprint() { return footprint; }
            @Override public String toString() { return name; }
        };
    }

    /** The effect half of {@link #of}. */
    @FunctionalInterface
    interface Effect {
        void apply(long[] state, long[] next);
    }
}
