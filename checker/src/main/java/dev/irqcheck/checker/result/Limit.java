package dev.irqcheck.checker.result;

/** Why a search stopped before exploring every reachable state. */
public enum Limit {
    /** The configured maximum number of distinct states was reached. */
    MAX_STATES,
    /** The store would have grown past the configured memory budget. */
    MEMORY
}
