package dev.irqcheck.checker.store;

/**
 * The visited set: 64-bit fingerprints in open-addressing tables with Robin Hood linear probing,
 * split into {@value #PARTITIONS} partitions by the fingerprint's top bits.
 *
 * <p>Partitions let several threads insert at once without locks or atomics: during a BFS level's
 * merge phase each partition is written by exactly one thread, and the partition count does not
 * depend on the thread count, so the layout (and the bytes per state) is the same for 1 or N
 * threads. Lookups ({@link #contains}) may run concurrently with each other but not with inserts;
 * the level-synchronous search guarantees that.
 *
 * <p>Layout: a partition's capacity need not be a power of two; a fingerprint's home slot is
 * {@code (low 32 bits * capacity) >>> 32} (multiply-shift), so a table can grow by 7/6 instead
 * of 2x. Each run of occupied slots is kept sorted by home slot (Robin Hood order): a lookup stops
 * as soon as it meets a fingerprint whose home lies after its own, so misses stay short even at a
 * load of {@value #MAX_LOAD_PERCENT}%, where plain linear probing would scan long runs.
 *
 * <p>Memory: 8 bytes per slot at a load factor between {@value #MAX_LOAD_PERCENT}% * 6/7 = 75%
 * and {@value #MAX_LOAD_PERCENT}%, so 9.1 to 10.6 bytes per state (it was 10.7 to 21 with
 * power-of-two tables at most 75% full); an optional {@code int} per slot maps a fingerprint to
 * its state id, needed only for liveness (then 13.6 to 15.9 bytes per state). The price of the
 * higher load is longer probes and more frequent (but smaller) growths; each growth moves the
 * table in one sequential pass without probing (see {@link #moveInOrder}), and all of them
 * together move about six times the final entries. Below {@value #DOUBLING_SLOTS} slots a
 * partition doubles instead (load 44% to 88%, at most 8 MB for all partitions together, up to
 * about 920,000 states): the 36 growths by 7/6 up to there cost a tenth of a search of a million
 * states (JFR). Larger thresholds were tried: at 64 K slots a doubling level adds 32 MB at once,
 * and the handshake at N=7 in a 160 MB heap (LargerThanMemoryTest) ran out of heap instead of
 * stopping at its budget; at 32 K it passed, at 16 K with room to spare.
 *
 * <p>Exactness: two distinct states with the same fingerprint are merged, so one is never
 * explored; the odds are {@link Fingerprints#collisionOdds} and every report prints them. (They
 * are an upper bound: for states of one word the fingerprint is a bijection but for one pair,
 * see {@link Fingerprints}.)
 */
public final class FingerprintSet {
    public static final int PARTITIONS = 64;
    private static final int PARTITION_SHIFT = 58;
    private static final int INITIAL_CAPACITY = 64;
    static final int MAX_LOAD_PERCENT = 88;
    /** A partition smaller than this doubles when it grows; a larger one grows by 7/6. */
    static final int DOUBLING_SLOTS = 1 << 14;

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

    // The partition index uses the top bits, the home slot the low 32: independent of each other.
    private static int home(long fingerprint, int capacity) {
        return (int) (((fingerprint & 0xFFFFFFFFL) * capacity) >>> 32);
    }

    // How far slot i is from the home of the fingerprint stored there, wrapping around the end.
    private static int displacement(long stored, int i, int capacity) {
        int d = i - home(stored, capacity);
        return d < 0 ? d + capacity : d;
    }

    public boolean contains(long fingerprint) {
        return slotOf(fingerprint) >= 0;
    }

    /**
     * Reads the home slot of {@code fingerprint} and returns it, meaningless. Calling this for a
     * batch of fingerprints before looking them up lets the memory system fetch their cache lines
     * in parallel, where the lookups one by one would wait for each miss in turn.
     */
    public long touch(long fingerprint) {
        long[] table = tables[partitionOf(fingerprint)];
        return table[home(fingerprint, table.length)];
    }

    // Its slot in its partition, or -1.
    private int slotOf(long fingerprint) {
        long[] table = tables[partitionOf(fingerprint)];
        int capacity = table.length;
        int i = home(fingerprint, capacity);
        for (int dist = 0; ; dist++) {
            long slot = table[i];
            if (slot == fingerprint) {
                return i;
            }
            // Runs are sorted by home: an occupant from further back than us means we are absent.
            if (slot == 0 || displacement(slot, i, capacity) < dist) {
                return -1;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
    }

    /**
     * Inserts into its partition; only the thread that owns the partition in this phase may call.
     *
     * @return the slot index within the partition when the fingerprint is new, valid until the
     *     next insert into the partition (which may shift or rehash it), or -1 when present
     */
    public int insert(long fingerprint) {
        int p = partitionOf(fingerprint);
        if ((sizes[p] + 1) * 100L > (long) tables[p].length * MAX_LOAD_PERCENT) {
            grow(p);
        }
        long[] table = tables[p];
        int capacity = table.length;
        int i = home(fingerprint, capacity);
        for (int dist = 0; ; dist++) {
            long slot = table[i];
            if (slot == fingerprint) {
                return -1;
            }
            if (slot == 0 || displacement(slot, i, capacity) < dist) {
                placeAt(table, ids == null ? null : ids[p], i, fingerprint, 0);
                sizes[p]++;
                return i;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
    }

    // Puts the fingerprint at slot i and shifts the rest of the run one slot on (each of those
    // moves one further from home, so the run stays sorted), carrying ids along.
    private static void placeAt(long[] table, int[] idTable, int i, long fingerprint, int id) {
        long carry = fingerprint;
        int carryId = id;
        while (carry != 0) {
            long displaced = table[i];
            table[i] = carry;
            carry = displaced;
            if (idTable != null) {
                int displacedId = idTable[i];
                idTable[i] = carryId;
                carryId = displacedId;
            }
            if (++i == table.length) {
                i = 0;
            }
        }
    }

    /** Records the state id of the fingerprint at {@code slot}, as returned by the latest {@link #insert}. */
    public void setId(long fingerprint, int slot, int id) {
        ids[partitionOf(fingerprint)][slot] = id;
    }

    /** Records the state id of a stored fingerprint, wherever inserts and growth have moved it. */
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

    /** {@link #touch}, also reading the home slot's id when ids are kept (before {@link #setIdOf}). */
    public long touchWithId(long fingerprint) {
        int p = partitionOf(fingerprint);
        int h = home(fingerprint, tables[p].length);
        return tables[p][h] + (ids == null ? 0 : ids[p][h]);
    }

    private static final int LOOKUP_WINDOW = 64;
    private static volatile long lookupSink;

    /**
     * {@link #idOf} for the first {@code count} of {@code fingerprints}, into {@code out}: in
     * windows whose home slots and ids are read first, so that their cache misses overlap (one
     * lookup per edge of a large behaviour graph otherwise waits for each miss in turn).
     */
    public void idsOf(long[] fingerprints, int[] out, int count) {
        long touched = 0;
        for (int from = 0; from < count; from += LOOKUP_WINDOW) {
            int to = Math.min(count, from + LOOKUP_WINDOW);
            for (int j = from; j < to; j++) {
                touched += touchWithId(fingerprints[j]);
            }
            for (int j = from; j < to; j++) {
                out[j] = idOf(fingerprints[j]);
            }
        }
        lookupSink = touched;
    }

    // By 7/6, so that the table is still 75% full right after growing; doubling while it is small
    // (see the class comment).
    private void grow(int p) {
        long[] old = tables[p];
        int[] oldIds = ids == null ? null : ids[p];
        int capacity = grownCapacity(old.length);
        long[] table = new long[capacity];
        int[] idTable = ids == null ? null : new int[capacity];
        moveInOrder(old, oldIds, table, idTable);
        tables[p] = table;
        if (ids != null) {
            ids[p] = idTable;
        }
    }

    /**
     * Moves every entry of {@code old} into the empty, larger {@code table}, mostly without
     * probing: the home slot is monotone in the fingerprint's low 32 bits whatever the capacity,
     * so walking {@code old} from just after an empty slot (which no run crosses) meets the
     * entries in the order of their new homes, and each goes to the first free slot at or after
     * its home (the Robin Hood layout built left to right). Only entries that shared an old home
     * can come out of order; those take the ordinary Robin Hood insert. Positions are unwrapped:
     * counted on from the first entry's home, past the end of the table for entries that wrap.
     * They never wrap round onto the first entry: the old homes span less than the old capacity,
     * so the new ones span less than the new capacity, and a free slot is left behind them.
     */
    private static void moveInOrder(long[] old, int[] oldIds, long[] table, int[] idTable) {
        int oldCapacity = old.length;
        int capacity = table.length;
        int empty = 0;
        while (old[empty] != 0) {
            empty++; // the load bound leaves some slot empty
        }
        long limit = -1;     // the first entry's lowest possible home, plus the capacity
        long next = 0;       // first unwrapped position after every entry placed
        long latestHome = 0; // highest unwrapped home placed
        for (int t = 1; t <= oldCapacity; t++) {
            int j = empty + t < oldCapacity ? empty + t : empty + t - oldCapacity;
            long fp = old[j];
            if (fp == 0) {
                continue;
            }
            int oldHome = home(fp, oldCapacity);
            long wrap = oldHome > empty ? 0 : capacity;
            long home = home(fp, capacity) + wrap;
            int id = oldIds == null ? 0 : oldIds[j];
            if (limit < 0) {
                // No entry sharing this old home can have a lower new home.
                long lowest = (long) oldHome * capacity / oldCapacity + wrap;
                limit = lowest + capacity;
                next = lowest;
                latestHome = lowest;
            }
            if (home >= latestHome) {
                long at = Math.max(home, next);
                if (at >= limit) {
                    throw new IllegalStateException("growth wrapped onto its first entry");
                }
                int slot = (int) (at % capacity);
                table[slot] = fp;
                if (idTable != null) {
                    idTable[slot] = id;
                }
                next = at + 1;
                latestHome = home;
            } else {
                // Its home is behind an entry already placed: the run grows by one at its end.
                insertInto(table, idTable, fp, id);
                if (next >= limit) {
                    throw new IllegalStateException("growth wrapped onto its first entry");
                }
                if (table[(int) (next % capacity)] != 0) {
                    next++;
                }
            }
        }
    }

    // The ordinary Robin Hood insert of a fingerprint known to be absent.
    private static void insertInto(long[] table, int[] idTable, long fingerprint, int id) {
        int capacity = table.length;
        int i = home(fingerprint, capacity);
        for (int dist = 0; ; dist++) {
            long slot = table[i];
            if (slot == 0 || displacement(slot, i, capacity) < dist) {
                placeAt(table, idTable, i, fingerprint, id);
                return;
            }
            if (++i == capacity) {
                i = 0;
            }
        }
    }

    /**
     * For tests: the first slot of partition {@code p} whose entry a lookup does not find there
     * (out of Robin Hood order, or before its home), or -1.
     */
    int layoutFault(int p) {
        long[] table = tables[p];
        int capacity = table.length;
        for (int i = 0; i < capacity; i++) {
            long fp = table[i];
            if (fp == 0) {
                continue;
            }
            if (slotOf(fp) != i) {
                return i;
            }
        }
        return -1;
    }

    public long size() {
        long n = 0;
        for (int s : sizes) {
            n += s;
        }
        return n;
    }

    private static int grownCapacity(int capacity) {
        long larger = capacity < DOUBLING_SLOTS ? 2L * capacity : capacity + capacity / 6 + 1L;
        return (int) Math.min(Integer.MAX_VALUE - 8, larger);
    }

    /**
     * What {@link #bytes} would be after inserting {@code incoming[p]} new fingerprints into each
     * partition p (an upper bound: some may be present already). The search checks it against its
     * budget before a merge, since a doubling table grows by a lot at once.
     */
    public long bytesAfterInserting(int[] incoming) {
        long slots = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            int capacity = tables[p].length;
            long size = (long) sizes[p] + incoming[p];
            while (size * 100 > (long) capacity * MAX_LOAD_PERCENT && capacity < Integer.MAX_VALUE - 8) {
                capacity = grownCapacity(capacity);
            }
            slots += capacity;
        }
        return slots * (ids == null ? 8 : 12);
    }

    /** Bytes held by the tables now (fingerprints, and ids when kept). */
    public long bytes() {
        long slots = 0;
        for (long[] t : tables) {
            slots += t.length;
        }
        return slots * (ids == null ? 8 : 12);
    }
}
