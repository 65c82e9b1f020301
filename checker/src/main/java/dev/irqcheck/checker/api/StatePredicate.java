package dev.irqcheck.checker.api;

/**
 * A condition on a packed state. Must be pure and must not modify the words.
 *
 * <p>{@link #reads()} says which fields the condition depends on, for the partial-order
 * reduction's visibility condition; a lambda reads {@link FieldSet#ALL}, and
 * {@link #reading} declares less. {@link #negate}, {@link #and} and {@link #or} keep it.
 */
@FunctionalInterface
public interface StatePredicate {
    boolean test(long[] state);

    /** The fields the value may depend on; {@link FieldSet#ALL} unless declared. */
    default FieldSet reads() {
        return FieldSet.ALL;
    }

    default StatePredicate negate() {
        return reading(reads(), s -> !test(s));
    }

    default StatePredicate and(StatePredicate other) {
        return reading(reads().union(other.reads()), s -> test(s) && other.test(s));
    }

    default StatePredicate or(StatePredicate other) {
        return reading(reads().union(other.reads()), s -> test(s) || other.test(s));
    }

    /** {@code predicate}, declared to depend on {@code reads} only. */
    static StatePredicate reading(FieldSet reads, StatePredicate predicate) {
        return new StatePredicate() {
            @Override public boolean test(long[] state) { return predicate.test(state); }
            @Override public FieldSet reads() { return reads; }
        };
    }

    StatePredicate TRUE = reading(FieldSet.EMPTY, s -> true);
}
