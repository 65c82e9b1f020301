package dev.irqcheck.specs.claims;

import dev.irqcheck.checker.result.Verdict;

/**
 * The verdict a scenario expects for a property: it holds, or it is violated (a documented
 * failure). UNSTATED only when the file is read for {@code --bless} or {@code --explore}, which
 * accept a missing expectation; nothing meets it.
 */
public enum Expectation {
    HOLDS, VIOLATED, UNSTATED;

    /** Whether a verdict meets the expectation; an inconclusive verdict meets neither. */
    public boolean isMetBy(Verdict v) {
        return switch (this) {
            case HOLDS -> v.kind() == Verdict.Kind.HOLDS;
            case VIOLATED -> v.kind() == Verdict.Kind.VIOLATED;
            case UNSTATED -> false;
        };
    }
}
