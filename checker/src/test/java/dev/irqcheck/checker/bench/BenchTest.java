package dev.irqcheck.checker.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BenchTest {

    /** pan prints large counts with 8 significant digits; the cross-check compares at that precision. */
    @Test
    void countsAgreeToThePrecisionTheToolPrinted() {
        assertTrue(Bench.agrees(7_534_081, "7534081"));
        assertFalse(Bench.agrees(7_534_080, "7534081"));
        assertTrue(Bench.agrees(132_129_793, "1.3212979e+08"));
        assertFalse(Bench.agrees(132_129_893, "1.3212979e+08"));
        assertFalse(Bench.agrees(132_129_793, "1.3212980e+08"));
    }
}
