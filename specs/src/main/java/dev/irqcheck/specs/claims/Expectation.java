package dev.irqcheck.specs.claims;

import dev.irqcheck.checker.result.Verdict;

/** The verdict a scenario expects for a property: it holds, or it is violated (a documented failure). */
public enum Expectation {
    HOLDS, VIOLATED;

    /** Whether a verdict meets the expectation; an inconclusive verdict meets neither. */
    public boolean isMetBy(Verdict v) {
        return this == HOLDS ? v.kind() == Verdict.Kind.HOLDS : v.kind() == Verdict.Kind.VIOLATED;
    }
}
