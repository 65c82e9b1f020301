package dev.irqcheck.checker.store;

/**
 * Per state id, the parent's id and the ordinal of the rule that reached it: the trace pointer.
 * Ids are dense (0, 1, 2, ...), given in BFS order, so a trace is found by walking parents to an
 * initial state (parent -1, whose "rule" slot holds the index of the initial state).
 *
 * <p>Stored in chunks of parallel primitive arrays, so growth never copies the whole table and no
 * object exists per state: 4 bytes for the parent, and for the rule ordinal 1 byte when every
 * ordinal (rule or initial-state index) is below 256, else 2. Chunks hold 2^16 ids, so at most
 * 64K ids' worth of slack is allocated beyond the last id: 5 (or 6) bytes per state in all.
 */
public final class ParentTable {
    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final int MASK = CHUNK - 1;

    private int[][] parents = new int[16][];
    // Exactly one of the two rule columns is used, chosen by the largest ordinal.
    private byte[][] narrowRules;
    private short[][] wideRules;
    private int chunks;

    /** @param maxOrdinal the largest rule ordinal or initial-state index that will be stored */
    public ParentTable(int maxOrdinal) {
        if (maxOrdinal <= 0xFF) {
            narrowRules = new byte[16][];
        } else {
            wideRules = new short[16][];
        }
    }

    /** Makes room for ids below {@code size}. */
    public void ensureCapacity(long size) {
        int needed = (int) ((size + CHUNK - 1) >>> CHUNK_BITS);
        if (needed > parents.length) {
            int n = Math.max(needed, parents.length * 2);
            parents = java.util.Arrays.copyOf(parents, n);
            if (narrowRules != null) {
                narrowRules = java.util.Arrays.copyOf(narrowRules, n);
            } else {
                wideRules = java.util.Arrays.copyOf(wideRules, n);
            }
        }
        while (chunks < needed) {
            parents[chunks] = new int[CHUNK];
            if (narrowRules != null) {
                narrowRules[chunks] = new byte[CHUNK];
            } else {
                wideRules[chunks] = new short[CHUNK];
            }
            chunks++;
        }
    }

    public void set(int id, int parent, int rule) {
        parents[id >>> CHUNK_BITS][id & MASK] = parent;
        if (narrowRules != null) {
            narrowRules[id >>> CHUNK_BITS][id & MASK] = (byte) rule;
        } else {
            wideRules[id >>> CHUNK_BITS][id & MASK] = (short) rule;
        }
    }

    public int parent(int id) {
        return parents[id >>> CHUNK_BITS][id & MASK];
    }

    public int rule(int id) {
        return narrowRules != null
                ? narrowRules[id >>> CHUNK_BITS][id & MASK] & 0xFF
                : wideRules[id >>> CHUNK_BITS][id & MASK] & 0xFFFF;
    }

    private int bytesPerId() {
        return narrowRules != null ? 5 : 6;
    }

    /** Bytes held by the chunks now. */
    public long bytes() {
        return (long) chunks * CHUNK * bytesPerId();
    }

    /** Bytes the table would hold for ids below {@code size}. */
    public long bytesFor(long size) {
        return ((size + CHUNK - 1) >>> CHUNK_BITS) * (long) CHUNK * bytesPerId();
    }
}
