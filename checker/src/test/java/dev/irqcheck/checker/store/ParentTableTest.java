package dev.irqcheck.checker.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ParentTableTest {

    /** One-byte rule column up to ordinal 255, two bytes beyond; chunks of 64K ids. */
    @Test
    void narrowAndWideRuleColumns() {
        for (int maxOrdinal : new int[] {0, 255, 256, 65535}) {
            ParentTable t = new ParentTable(maxOrdinal);
            t.ensureCapacity(200_000);
            for (int id = 0; id < 200_000; id++) {
                t.set(id, id - 1, id % (maxOrdinal + 1));
            }
            for (int id = 0; id < 200_000; id++) {
                assertEquals(id - 1, t.parent(id));
                assertEquals(id % (maxOrdinal + 1), t.rule(id));
            }
            assertEquals(t.bytesFor(200_000), t.bytes());
            assertEquals(maxOrdinal <= 255 ? 5 : 6, t.bytes() / ((200_000 + 65535) / 65536 * 65536));
        }
    }
}
