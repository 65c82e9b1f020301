package dev.irqcheck.checker.store;

/**
 * Per state id, the parent's id and the ordinal of the rule that reached it: the trace pointer.
 * Ids are dense (0, 1, 2, ...), given in BFS order, so a trace is found by walking parents to an
 * initial state (parent -1, whose "rule" slot holds the index of the initial state).
 *
 * <p>Stored in chunks of parallel primitive arrays, so growth never copies the whole table and no
 * object exists per state: 4 bytes for the parent, 2 for the rule ordinal.
 */
public final class ParentTable {
    private static final int CHUNK_BITS = 20;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    private int[][] parents = new int[16][];
    private short[][] rules = new short[16][];
    private int chunks;

    /** Makes room for ids below {@code size}. */
    public void ensureCapacity(long size) {
        int needed = (int) ((size + CHUNK - 1) >>> CHUNK_BITS);
        if (needed > parents.length) {
            int n = Math.max(needed, parents.length * 2);
            parents = java.util.Arrays.copyOf(parents, n);
            rules = java.util.Arrays.copyOf(rules, n);
        }
        while (chunks < needed) {
            parents[chunks] = new int[CHUNK];
            rules[chunks] = new short[CHUNK];
            chunks++;
        }
    }

    public void set(int id, int parent, int rule) {
        parents[id >>> CHUNK_BITS][id & MASK] = parent;
        rules[id >>> CHUNK_BITS][id & MASK] = (short) rule;
    }

    public int parent(int id) {
        return parents[id >>> CHUNK_BITS][id & MASK];
    }

    public int rule(int id) {
        return rules[id >>> CHUNK_BITS][id & MASK] & 0xFFFF;
    }

    public long bytes() {
        return (long) chunks * CHUNK * 6;
    }

    /** Bytes the table would need for ids below {@code size}. */
    public static long bytesFor(long size) {
        return ((size + CHUNK - 1) >>> CHUNK_BITS) * (long) CHUNK * 6;
    }
}
