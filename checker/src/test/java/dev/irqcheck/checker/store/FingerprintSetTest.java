package dev.irqcheck.checker.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FingerprintSetTest {

    /**
     * Against a HashMap through many growths: membership, insert's answer, and ids (which Robin
     * Hood insertion and rehashing move along with their fingerprints). Only a few distinct low
     * 32-bit halves in the third round, all homed at the end of the table, so runs wrap around.
     */
    @Test
    void agreesWithAMapThroughGrowth() {
        for (long seed = 1; seed <= 3; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            FingerprintSet set = new FingerprintSet(true);
            Map<Long, Integer> reference = new HashMap<>();
            for (int n = 0; n < (seed == 3 ? 50_000 : 200_000); n++) {
                long fp = seed == 3
                        ? (random.nextLong() & 0xFFFFFFFF00000000L) | 0xFFFFFFC0L | random.nextInt(64)
                        : random.nextLong() | 1;
                if (random.nextInt(4) == 0 && !reference.isEmpty()) {
                    fp = reference.keySet().iterator().next();
                }
                boolean present = reference.containsKey(fp);
                assertEquals(present, set.contains(fp));
                int slot = set.insert(fp);
                assertEquals(present, slot < 0);
                if (!present) {
                    set.setId(fp, slot, n);
                    reference.put(fp, n);
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

    @Test
    void bytesPerStateStayWithinTheDocumentedBounds() {
        FingerprintSet set = new FingerprintSet(false);
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 1; n <= 2_000_000; n++) {
            set.insert(random.nextLong() | 1);
            if (n % 100_000 == 0) {
                double perState = (double) set.bytes() / set.size();
                assertTrue(perState >= 8 * 100.0 / 88 - 0.1 && perState <= 8 * 7 / 6.0 * 100 / 88 + 0.2,
                        "bytes per state " + perState + " at " + n);
            }
        }
        assertFalse(set.contains(2));
    }
}
