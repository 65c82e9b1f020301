package dev.irqcheck.checker.search;

import java.util.Arrays;

/**
 * Every transition of the explored graph as (source id, target fingerprint, rule), in source-id
 * order; kept only for liveness claims, which are decided on the whole graph after the search.
 */
final class EdgeLog {
    int[] sources = new int[1024];
    long[] targets = new long[1024];
    short[] rules = new short[1024];
    int size;

    /** What {@link #append}ing {@code extra} edges allocates, or {@link Candidates#TOO_LARGE}. */
    long growthBytesFor(long extra) {
        long need = size + extra;
        if (need <= sources.length) {
            return 0;
        }
        long n = Math.max(need, 2L * sources.length);
        return n > Integer.MAX_VALUE - 8 ? Candidates.TOO_LARGE : n * 14;
    }

    void append(Candidates c) {
        int need = size + c.edgeCount;
        if (need > sources.length) {
            int n = Math.max(need, sources.length * 2);
            sources = Arrays.copyOf(sources, n);
            targets = Arrays.copyOf(targets, n);
            rules = Arrays.copyOf(rules, n);
        }
        System.arraycopy(c.edgeSources, 0, sources, size, c.edgeCount);
        System.arraycopy(c.edgeTargets, 0, targets, size, c.edgeCount);
        System.arraycopy(c.edgeRules, 0, rules, size, c.edgeCount);
        size = need;
    }

    long bytes() {
        return (long) sources.length * 14;
    }
}
