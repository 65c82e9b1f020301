package dev.irqcheck.checker.result;

/** Why a search stopped before exploring every reachable state. */
public enum Limit {
    /** The configured maximum number of distinct states was reached. */
    MAX_STATES,
    /** The store would have grown past the configured memory budget. */
    MEMORY,
    /**
     * The Java heap ran out before the memory budget stopped the search: the budget is an estimate
     * (it does not see the JVM's own use or the heap's fragmentation), and this is its safety net.
     */
    HEAP,
    /**
     * A bitstate (supertrace) search: states were stored as bits of a Bloom filter, so some may
     * have been taken for seen and never explored. It finds violations; it never proves a claim.
     */
    BITSTATE
}
