package dev.irqcheck.checker.store;

/**
 * The visited set: 64-bit fingerprints in open-addressing tables with linear probing, split into
 * {@value #PARTITIONS} partitions by the fingerprint's top bits.
 *
 * <p>Partitions let several threads insert at once without locks or atomics: during a BFS level's
 * merge phase each partition is written by exactly one thread, and the partition count does not
 * depend on the thread count, so the layout (and the bytes per state) is the same for 1 or N
 * threads. Lookups ({@link #contains}) may run concurrently with each other but not with inserts;
 * the level-synchronous search guarantees that.
 *
 * <p>Memory: 8 bytes per slot at a load factor between 0.375 and 0.75, so 10.7 to 21 bytes per
 * state; an optional {@code int} per slot maps a fingerprint to its state id, needed only for
 * liveness. Exactness: two distinct states with the same fingerprint are merged, so one is never
 * explored; the odds are {@link Fingerprints#collisionOdds} and every report prints them.
 */
public final class FingerprintSet {
    public static final int PARTITIONS = 64;
    private static final int PARTITION_SHIFT = 58;
    private static final int INITIAL_CAPACITY = 1 << 6;

    private final long[][] tables = new long[PARTITIONS][];
    private final int[][] ids;
    private final int[] sizes = new int[PARTITIONS];

    public FingerprintSet(boolean keepIds) {
        ids = keepIds ? new int[PARTITIONS][] : null;
        for (int p = 0; p < PARTITIONS; p++) {
            tables[p] = new long[INITIAL_CAPACITY];
            if (keepIds) {
                ids[p] = new int[INITIAL_CAPACITY];
            }
        }
    }

    public static int partitionOf(long fingerprint) {
        return (int) (fingerprint >>> PARTITION_SHIFT);
    }

    public boolean contains(long fingerprint) {
        return slotOf(fingerprint) >= 0;
    }

    // Linear probing from the fingerprint's home slot: its slot in its partition, or -1.
    private int slotOf(long fingerprint) {
        long[] table = tables[partitionOf(fingerprint)];
        int mask = table.length - 1;
        int i = (int) fingerprint & mask;
        while (true) {
            long slot = table[i];
            if (slot == fingerprint) {
                return i;
            }
            if (slot == 0) {
                return -1;
            }
            i = (i + 1) & mask;
        }
    }

    /**
     * Inserts into its partition; only the thread that owns the partition in this phase may call.
     *
     * @return the slot index within the partition when the fingerprint is new, or -1 when present
     */
    public int insert(long fingerprint) {
        int p = partitionOf(fingerprint);
        if ((sizes[p] + 1) * 4L > tables[p].length * 3L) {
            grow(p);
        }
        long[] table = tables[p];
        int mask = table.length - 1;
        int i = (int) fingerprint & mask;
        while (true) {
            long slot = table[i];
            if (slot == fingerprint) {
                return -1;
            }
            if (slot == 0) {
                table[i] = fingerprint;
                sizes[p]++;
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Records the state id of the fingerprint at {@code slot}, as returned by the latest {@link #insert}. */
    public void setId(long fingerprint, int slot, int id) {
        ids[partitionOf(fingerprint)][slot] = id;
    }

    /** Records the state id of a stored fingerprint, wherever growth has moved it. */
    public void setIdOf(long fingerprint, int id) {
        int slot = slotOf(fingerprint);
        if (slot < 0) {
            throw new IllegalStateException("fingerprint not stored");
        }
        ids[partitionOf(fingerprint)][slot] = id;
    }

    /** The state id of a stored fingerprint; only with ids kept. -1 when absent. */
    public int idOf(long fingerprint) {
        int slot = slotOf(fingerprint);
        return slot < 0 ? -1 : ids[partitionOf(fingerprint)][slot];
    }

    private void grow(int p) {
        long[] old = tables[p];
        int[] oldIds = ids == null ? null : ids[p];
        long[] table = new long[old.length * 2];
        int[] newIds = oldIds == null ? null : new int[table.length];
        int mask = table.length - 1;
        for (int j = 0; j < old.length; j++) {
            long fp = old[j];
            if (fp != 0) {
                int i = (int) fp & mask;
                while (table[i] != 0) {
                    i = (i + 1) & mask;
                }
                table[i] = fp;
                if (newIds != null) {
                    newIds[i] = oldIds[j];
                }
            }
        }
        tables[p] = table;
        if (ids != null) {
            ids[p] = newIds;
        }
    }

    public long size() {
        long n = 0;
        for (int s : sizes) {
            n += s;
        }
        return n;
    }

    /** Bytes held by the tables now. */
    public long bytes() {
        long slots = 0;
        for (long[] t : tables) {
            slots += t.length;
        }
        return slots * (ids == null ? 8 : 12);
    }

    /** Bytes the tables would hold after the next growth of every partition that is close to it. */
    public long bytesAfterGrowth(long extraStates) {
        return bytes() + (extraStates * 2 * (ids == null ? 8 : 12) * 4 / 3);
    }
}
