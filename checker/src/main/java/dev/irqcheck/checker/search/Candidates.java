package dev.irqcheck.checker.search;

import java.util.Arrays;

/**
 * Successors that one chunk of a BFS level produced and that were not yet in the visited set,
 * in the order they were produced (parent id, then rule ordinal): a growable set of parallel
 * primitive arrays, reused from level to level. Also holds the chunk's liveness edges when those
 * are recorded.
 */
final class Candidates {
    private final int wordCount;
    long[] fingerprints = new long[256];
    long[] words;
    int[] parents = new int[256];
    short[] rules = new short[256];
    int[] slots = new int[256];
    boolean[] won = new boolean[256];
    int size;

    int[] edgeSources = new int[0];
    long[] edgeTargets = new long[0];
    short[] edgeRules = new short[0];
    int edgeCount;

    long transitions;
    long[] firings;
    // Per claim: the smallest state id of this chunk that decided it (violation or witness), or -1.
    int[] decidingState;
    long[][] decidingWords;

    Candidates(int wordCount, int ruleCount, int claimCount) {
        this.wordCount = wordCount;
        this.words = new long[256 * wordCount];
        this.firings = new long[ruleCount];
        this.decidingState = new int[claimCount];
        this.decidingWords = new long[claimCount][];
    }

    void reset() {
        size = 0;
        edgeCount = 0;
        transitions = 0;
        Arrays.fill(firings, 0);
        Arrays.fill(decidingState, -1);
        Arrays.fill(decidingWords, null);
    }

    /** Appends a candidate; returns the bytes newly allocated, for the memory budget. */
    long add(long fingerprint, long[] state, int parent, int rule) {
        long grown = 0;
        if (size == fingerprints.length) {
            int n = size * 2;
            fingerprints = Arrays.copyOf(fingerprints, n);
            words = Arrays.copyOf(words, n * wordCount);
            parents = Arrays.copyOf(parents, n);
            rules = Arrays.copyOf(rules, n);
            slots = Arrays.copyOf(slots, n);
            won = Arrays.copyOf(won, n);
            grown = (long) size * (8L * wordCount + 8 + 4 + 2 + 4 + 1);
        }
        fingerprints[size] = fingerprint;
        System.arraycopy(state, 0, words, size * wordCount, wordCount);
        parents[size] = parent;
        rules[size] = (short) rule;
        size++;
        return grown;
    }

    long addEdge(int source, long targetFingerprint, int rule) {
        long grown = 0;
        if (edgeCount == edgeSources.length) {
            int n = Math.max(256, edgeCount * 2);
            edgeSources = Arrays.copyOf(edgeSources, n);
            edgeTargets = Arrays.copyOf(edgeTargets, n);
            edgeRules = Arrays.copyOf(edgeRules, n);
            grown = (long) (n - edgeCount) * 14;
        }
        edgeSources[edgeCount] = source;
        edgeTargets[edgeCount] = targetFingerprint;
        edgeRules[edgeCount] = (short) rule;
        edgeCount++;
        return grown;
    }

    long bytes() {
        return (long) fingerprints.length * (8L * wordCount + 8 + 4 + 2 + 4 + 1)
                + (long) edgeSources.length * 14;
    }
}
