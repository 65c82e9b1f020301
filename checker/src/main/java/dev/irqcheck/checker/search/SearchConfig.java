package dev.irqcheck.checker.search;

import java.time.Duration;

/**
 * How to run an exhaustive search.
 *
 * @param threads          worker threads; results do not depend on it
 * @param maxStates        stop (inconclusive) once this many distinct states are stored
 * @param memoryBudgetBytes stop (inconclusive) before the store, the frontier, a level's
 *                         candidates (and for liveness the edge log and graph) would pass this;
 *                         a search lowers it to {@link Explorer#memoryCeiling()}
 * @param progressInterval how often a {@link SearchListener} hears about progress
 * @param useSymmetry      store canonical forms when the model offers them (exhaustive search; a
 *                         bitstate search with a liveness claim stores full states)
 * @param bitstate         null for the exhaustive store; else a bitstate (supertrace) search with
 *                         this Bloom filter, which finds violations and never proves a claim
 * @param partialOrder     expand a stubborn subset of the enabled rules where the rules'
 *                         footprints allow it (safety and at-quiescence claims only; exhaustive
 *                         search only); traces may then be longer than the shortest
 */
public record SearchConfig(int threads, long maxStates, long memoryBudgetBytes,
                           Duration progressInterval, boolean useSymmetry, Bitstate bitstate,
                           boolean partialOrder) {

    /** Without the partial-order reduction. */
    public SearchConfig(int threads, long maxStates, long memoryBudgetBytes, Duration progressInterval,
                        boolean useSymmetry, Bitstate bitstate) {
        this(threads, maxStates, memoryBudgetBytes, progressInterval, useSymmetry, bitstate, false);
    }

    /** The shape of a bitstate store: m bits, k bits set per state. */
    public record Bitstate(long bits, int hashes) {
        public Bitstate {
            new dev.irqcheck.checker.store.BitstateStore(64, hashes); // validates k before any allocation
            if (bits < 64 || bits > dev.irqcheck.checker.store.BitstateStore.MAX_BITS) {
                throw new IllegalArgumentException("bitstate bits must be 64.." + dev.irqcheck.checker.store.BitstateStore.MAX_BITS
                        + ", got " + bits);
            }
        }
    }

    public SearchConfig {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (maxStates < 1) {
            throw new IllegalArgumentException("maxStates must be at least 1, got " + maxStates);
        }
        if (maxStates > Integer.MAX_VALUE - 1) {
            maxStates = Integer.MAX_VALUE - 1;
        }
    }

    /**
     * All cores, no state limit beyond the id space, 70% of the heap, progress every 3 s, symmetry
     * on, partial-order reduction off (its traces need not be shortest).
     */
    public static SearchConfig defaults() {
        return new SearchConfig(Runtime.getRuntime().availableProcessors(), Integer.MAX_VALUE - 1,
                (long) (Runtime.getRuntime().maxMemory() * 0.7), Duration.ofSeconds(3), true, null);
    }

    public SearchConfig withThreads(int n) {
        return new SearchConfig(n, maxStates, memoryBudgetBytes, progressInterval, useSymmetry, bitstate, partialOrder);
    }

    public SearchConfig withMaxStates(long n) {
        return new SearchConfig(threads, n, memoryBudgetBytes, progressInterval, useSymmetry, bitstate, partialOrder);
    }

    public SearchConfig withMemoryBudget(long bytes) {
        return new SearchConfig(threads, maxStates, bytes, progressInterval, useSymmetry, bitstate, partialOrder);
    }

    public SearchConfig withSymmetry(boolean on) {
        return new SearchConfig(threads, maxStates, memoryBudgetBytes, progressInterval, on, bitstate, partialOrder);
    }

    public SearchConfig withProgressInterval(Duration d) {
        return new SearchConfig(threads, maxStates, memoryBudgetBytes, d, useSymmetry, bitstate, partialOrder);
    }

    /** A bitstate search with a filter of {@code bits} bits and {@code hashes} bits per state; null for exhaustive. */
    public SearchConfig withBitstate(Bitstate b) {
        return new SearchConfig(threads, maxStates, memoryBudgetBytes, progressInterval, useSymmetry, b, partialOrder);
    }

    /** With or without the partial-order reduction (see {@link #partialOrder}). */
    public SearchConfig withPartialOrder(boolean on) {
        return new SearchConfig(threads, maxStates, memoryBudgetBytes, progressInterval, useSymmetry, bitstate, on);
    }
}
