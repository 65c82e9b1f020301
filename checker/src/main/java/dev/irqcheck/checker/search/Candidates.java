package dev.irqcheck.checker.search;

import dev.irqcheck.checker.store.FingerprintSet;
import java.util.Arrays;

/**
 * Successors that one chunk of a BFS level produced, in the order they were produced (parent id,
 * then rule ordinal), most repeats within the chunk already dropped (see {@link #seenRecently}),
 * indexed by visited-set partition for the merge: a growable set of parallel primitive arrays,
 * reused from level to level. Also holds the chunk's liveness edges when those
 * are recorded.
 *
 * <p>A candidate is its fingerprint, parent and rule, not its state words: most candidates lose
 * the merge (repeats from other chunks or earlier levels), and writing every candidate's words
 * cost more than applying the rule again to the few that win (see LevelSynchronousBfs's number
 * phase).
 */
final class Candidates {
    long[] fingerprints = new long[256];
    int[] parents = new int[256];
    short[] rules = new short[256];
    boolean[] won = new boolean[256];
    int size;
    // Per visited-set partition: the indices of this chunk's candidates that fall in it, in order,
    // so that the merge thread owning a partition reads only its own candidates.
    final int[][] byPartition = new int[FingerprintSet.PARTITIONS][16];
    final int[] partitionSize = new int[FingerprintSet.PARTITIONS];

    int[] edgeSources = new int[0];
    long[] edgeTargets = new long[0];
    short[] edgeRules = new short[0];
    int edgeCount;

    long transitions;
    long[] firings;
    // Per claim: the smallest state id of this chunk that decided it (violation or witness), or -1.
    int[] decidingState;
    long[][] decidingWords;

    // Direct-mapped, by fingerprint: the latest fingerprint this chunk produced in this level that
    // hashed to the slot (0 when none).
    private long[] recent = new long[0];

    Candidates(int ruleCount, int claimCount) {
        this.firings = new long[ruleCount];
        this.decidingState = new int[claimCount];
        this.decidingWords = new long[claimCount][];
    }

    /**
     * Sizes the filter behind {@link #seenRecently} for a chunk of {@code states} states, between
     * 1K and 64K slots (8 to 512 KB, so that it stays in the core's cache); returns the bytes newly
     * allocated, for the memory budget.
     */
    long prepareRecent(int states) {
        int slots = Integer.highestOneBit((int) Math.max(1 << 10, Math.min(1 << 16, states * 4L)));
        if (recent.length >= slots) {
            Arrays.fill(recent, 0);
            return 0;
        }
        recent = new long[slots];
        return 8L * slots;
    }

    /**
     * True when this chunk already produced {@code fingerprint} in this level, so this occurrence
     * can be dropped: the earlier one is a candidate that comes first in (parent id, rule ordinal)
     * order. False when it was not produced or has been forgotten
     * (another fingerprint took its slot); it is then remembered. Most successors of a BFS level
     * are such repeats (each new state of the handshake model has about six parents in the level),
     * and each one dropped here saves a candidate and a merge lookup.
     */
    boolean seenRecently(long fingerprint) {
        int slot = (int) (fingerprint >>> 32) & (recent.length - 1);
        if (recent[slot] == fingerprint) {
            return true;
        }
        recent[slot] = fingerprint;
        return false;
    }

    void reset() {
        size = 0;
        Arrays.fill(partitionSize, 0);
        edgeCount = 0;
        transitions = 0;
        Arrays.fill(firings, 0);
        Arrays.fill(decidingState, -1);
        Arrays.fill(decidingWords, null);
    }

    /** A growth that cannot happen: the arrays would pass Java's array size limit. */
    static final long TOO_LARGE = Long.MAX_VALUE / 4;
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    // Bytes per candidate in the parallel arrays (fingerprint, parent, rule, won).
    private static final long ENTRY_BYTES = 8 + 4 + 2 + 1;

    /** True when the next {@link #add} needs {@link #grow} first. */
    boolean isFull() {
        return size == fingerprints.length;
    }

    /**
     * What {@link #grow} allocates while the old arrays are still held, for the budget to check
     * first; {@link #TOO_LARGE} when the doubled arrays would not fit a Java array.
     */
    long growthBytes() {
        long n = 2L * fingerprints.length;
        return n > MAX_ARRAY ? TOO_LARGE : n * ENTRY_BYTES;
    }

    /** What the candidate arrays hold now (they are replaced, not kept, by {@link #grow}). */
    long arrayBytes() {
        return fingerprints.length * ENTRY_BYTES;
    }

    /** Doubles the arrays (after {@link #growthBytes} was found to fit). */
    void grow() {
        int n = size * 2;
        fingerprints = Arrays.copyOf(fingerprints, n);
        parents = Arrays.copyOf(parents, n);
        rules = Arrays.copyOf(rules, n);
        won = Arrays.copyOf(won, n);
    }

    /**
     * Appends a candidate: the successor of state {@code parent} by rule {@code rule} (the arrays
     * must not be full, see {@link #grow}); returns the bytes newly allocated for the partition
     * index, for the memory budget.
     */
    long add(long fingerprint, int parent, int rule) {
        long grown = 0;
        fingerprints[size] = fingerprint;
        parents[size] = parent;
        rules[size] = (short) rule;
        int p = FingerprintSet.partitionOf(fingerprint);
        int n = partitionSize[p];
        if (n == byPartition[p].length) {
            byPartition[p] = Arrays.copyOf(byPartition[p], n * 2);
            grown += 4L * n;
        }
        byPartition[p][n] = size;
        partitionSize[p] = n + 1;
        size++;
        return grown;
    }

    /** True when the next {@link #addEdge} needs {@link #growEdges} first. */
    boolean edgesFull() {
        return edgeCount == edgeSources.length;
    }

    /** What {@link #growEdges} allocates, for the budget to check first. */
    long edgeGrowthBytes() {
        long n = Math.max(256, 2L * edgeSources.length);
        return n > MAX_ARRAY ? TOO_LARGE : n * 14;
    }

    long edgeBytes() {
        return edgeSources.length * 14L;
    }

    void growEdges() {
        int n = Math.max(256, edgeCount * 2);
        edgeSources = Arrays.copyOf(edgeSources, n);
        edgeTargets = Arrays.copyOf(edgeTargets, n);
        edgeRules = Arrays.copyOf(edgeRules, n);
    }

    /** Appends a liveness edge (the arrays must not be full, see {@link #growEdges}). */
    void addEdge(int source, long targetFingerprint, int rule) {
        edgeSources[edgeCount] = source;
        edgeTargets[edgeCount] = targetFingerprint;
        edgeRules[edgeCount] = (short) rule;
        edgeCount++;
    }

    /**
     * {@code System.arraycopy} for the few words of one state: a plain loop, which the JIT inlines,
     * where arraycopy calls a stub, a cost that shows at a few copies per transition.
     */
    static void copy(long[] from, int fromPos, long[] to, int toPos, int length) {
        for (int w = 0; w < length; w++) {
            to[toPos + w] = from[fromPos + w];
        }
    }
}
