package dev.irqcheck.checker.api;

/** A condition on a packed state. Must be pure and must not modify the words. */
@FunctionalInterface
public interface StatePredicate {
    boolean test(long[] state);

    default StatePredicate negate() {
        return s -> !test(s);
    }

    default StatePredicate and(StatePredicate other) {
        return s -> test(s) && other.test(s);
    }

    default StatePredicate or(StatePredicate other) {
        return s -> test(s) || other.test(s);
    }

    StatePredicate TRUE = s -> true;
}
