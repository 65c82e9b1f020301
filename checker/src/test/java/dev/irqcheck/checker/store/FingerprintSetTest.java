package dev.irqcheck.checker.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

    /**
     * Against a HashMap through many growths: membership, insert's answer, and ids (which Robin
     * Hood insertion and growth move along with their fingerprints), with the Robin Hood layout
     * checked as it goes; seeds 3 and 4 aim at the corners of the sequential growth.
     */
    @Test
    void agreesWithAMapThroughGrowth() {
        for (long seed = 1; seed <= 4; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            FingerprintSet set = new FingerprintSet(true);
            Map<Long, Integer> reference = new HashMap<>();
            List<Long> inserted = new ArrayList<>();
            for (int n = 0; n < (seed >= 3 ? 50_000 : 200_000); n++) {
                long fp = switch ((int) seed) {
                    // Few distinct low halves, all homed at the end of a table: runs wrap around.
                    case 3 -> (random.nextLong() & 0xFFFFFFFF00000000L) | 0xFFFFFFC0L | random.nextInt(64);
                    // Low halves on a coarse grid: many entries share an old home yet part on
                    // growth, which the sequential growth has to put back in order.
                    case 4 -> (random.nextLong() & 0xFFFFFFFF00000000L) | ((long) random.nextInt(4096) << 20);
                    default -> random.nextLong() | 1;
                };
                if (random.nextInt(4) == 0 && !inserted.isEmpty()) {
                    fp = inserted.get(random.nextInt(inserted.size()));
                }
                boolean present = reference.containsKey(fp);
                assertEquals(present, set.contains(fp));
                int slot = set.insert(fp);
                assertEquals(present, slot < 0);
                if (!present) {
                    set.setId(fp, slot, n);
                    reference.put(fp, n);
                    inserted.add(fp);
                }
                if (n % 997 == 0) {
                    for (int p = 0; p < FingerprintSet.PARTITIONS; p++) {
                        assertEquals(-1, set.layoutFault(p), "partition " + p + " after " + n + " inserts");
                    }
                }
            }
            assertEquals(reference.size(), set.size());
            for (Map.Entry<Long, Integer> e : reference.entrySet()) {
                assertTrue(set.contains(e.getKey()));
                assertEquals(e.getValue(), set.idOf(e.getKey()));
            }
            for (int n = 0; n < 10_000; n++) {
                long fp = random.nextLong() | 1;
                assertEquals(reference.containsKey(fp), set.contains(fp));
            }
        }
    }

    /**
     * Small tables double (at most twice the bytes of a full table), large ones grow by 7/6 (at
     * most 7/6 of them). A partition leaves the doubling range at 16 K slots 88% full, about 0.9 M
     * random states over all partitions; by twice that every partition has grown by 7/6 since.
     */
    @Test
    void bytesPerStateStayWithinTheDocumentedBounds() {
        FingerprintSet set = new FingerprintSet(false);
        SplittableRandom random = new SplittableRandom(7);
        double full = 8 * 100.0 / 88;
        int doublingStates = FingerprintSet.PARTITIONS * FingerprintSet.DOUBLING_SLOTS
                * FingerprintSet.MAX_LOAD_PERCENT / 100;
        for (int n = 1; n <= 6_000_000; n++) {
            set.insert(random.nextLong() | 1);
            if (n % 100_000 == 0) {
                double perState = (double) set.bytes() / set.size();
                double upper = n <= doublingStates ? 2 * full : n >= 2 * doublingStates ? 7 / 6.0 * full : Double.MAX_VALUE;
                assertTrue(perState >= full - 0.1 && perState <= upper + 0.2,
                        "bytes per state " + perState + " at " + n);
            }
        }
        assertFalse(set.contains(2));
    }

    /** The bound the search books before a merge: exactly the bytes after inserting new fingerprints. */
    @Test
    void bytesAfterInsertingIsWhatTheTablesTakeOnceTheyAreIn() {
        FingerprintSet set = new FingerprintSet(true);
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 6; round++) {
            long[] batch = new long[50_000 << round];
            int[] incoming = new int[FingerprintSet.PARTITIONS];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = random.nextLong() | 1;
                incoming[FingerprintSet.partitionOf(batch[i])]++;
            }
            long predicted = set.bytesAfterInserting(incoming);
            for (long fp : batch) {
                set.insert(fp);
            }
            assertEquals(predicted, set.bytes(), "round " + round);
        }
    }
}
