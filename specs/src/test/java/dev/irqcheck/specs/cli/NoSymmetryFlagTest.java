package dev.irqcheck.specs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check --no-symmetry} stores every state and gives the same verdicts; {@code bench --no-symmetry} times that search. */
class NoSymmetryFlagTest {
    // Two vCPUs, each with its own SPI and device: the wiring symmetry swaps them.
    static final String SYMMETRIC = """
            name: two vCPUs with their own SPIs
            vcpus: 2
            devices:
              - {name: nic, trigger: level, raises: 1}
              - {name: disk, trigger: level, raises: 1}
            irqfds:
              - {device: nic, gsi: 5, kind: resample}
              - {device: disk, gsi: 6, kind: resample}
            routing:
              - {gsi: 5, pin: 5}
              - {gsi: 6, pin: 6}
            interrupts:
              - {intid: 37, config: level}
              - {intid: 38, config: level, target_vcpu: 1}
            variants:
              kernel: 6.18
            properties: [no-lost-interrupt, no-stuck-mask, well-formed]
            expect:
              - {no-lost-interrupt: holds, no-stuck-mask: holds, well-formed: holds}
            """;

    // The matrix row ends with the state and transition counts and the time.
    private static long states(String out) {
        return count("holds\\s+([0-9,]+)\\s+[0-9,]+\\s+[0-9.]+s\\s*$", out);
    }

    // The bench table's states column: | file | combination | threads | states | ...
    private static long benchStates(String out) {
        return count("^\\| symmetric\\.yaml \\| [^|]+\\| 1 \\| ([0-9,]+) \\|", out);
    }

    private static long count(String regex, String out) {
        Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(out);
        assertTrue(m.find(), out);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void noSymmetryStoresEveryStateWithTheSameVerdicts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("symmetric.yaml"), SYMMETRIC);
        CheckCommandTest.Run reduced = CheckCommandTest.irqcheck("check", "--stats", "--threads", "1", file.toString());
        CheckCommandTest.Run full = CheckCommandTest.irqcheck("check", "--stats", "--no-symmetry", "--threads", "1", file.toString());
        assertEquals(0, reduced.exit(), reduced.out() + reduced.err());
        assertEquals(0, full.exit(), full.out() + full.err());
        assertTrue(reduced.out().contains("symmetry on"), reduced.out());
        assertTrue(full.out().contains("symmetry off"), full.out());
        assertTrue(states(reduced.out()) < states(full.out()), reduced.out() + full.out());
    }

    @Test
    void benchNoSymmetryTimesTheUnreducedSearch(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("symmetric.yaml"), SYMMETRIC);
        CheckCommandTest.Run reduced = CheckCommandTest.irqcheck("bench", "--reps", "1", "--threads", "1", file.toString());
        CheckCommandTest.Run full = CheckCommandTest.irqcheck("bench", "--reps", "1", "--threads", "1", "--no-symmetry",
                file.toString());
        assertEquals(0, reduced.exit(), reduced.out() + reduced.err());
        assertEquals(0, full.exit(), full.out() + full.err());
        assertTrue(benchStates(reduced.out()) < benchStates(full.out()), reduced.out() + full.out());
    }
}
