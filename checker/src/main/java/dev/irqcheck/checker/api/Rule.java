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
