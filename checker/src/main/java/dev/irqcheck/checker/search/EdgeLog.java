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
