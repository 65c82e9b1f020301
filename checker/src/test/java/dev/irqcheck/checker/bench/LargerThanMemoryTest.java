package dev.irqcheck.checker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A state space far larger than the heap ends with the memory budget's clean stop (exit 3 and the
 * statistics so far), not an OutOfMemoryError: the handshake at N=7 (hundreds of millions of
 * states) in a JVM of its own with a 160 MB heap.
 */
class LargerThanMemoryTest {

    @Test
    void theMemoryBudgetStopsTheSearchBeforeTheHeapRunsOut() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process proc = new ProcessBuilder(List.of(java.toString(), "-Xmx160m", "-cp",
                System.getProperty("java.class.path"), Bench.class.getName(),
                "--n", "7", "--threads", "2", "--max-states", "2000000000"))
                .redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = proc.waitFor();
        assertFalse(out.contains("OutOfMemoryError"), out);
        assertEquals(3, exit, out);
        assertTrue(out.contains("search stopped by the memory budget"), out);
        assertTrue(out.matches("(?s).*irqcheck 2 thread\\(s\\): [0-9,]+ states, .*"), out);
    }
}
