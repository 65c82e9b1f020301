package dev.irqcheck.specs.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.irqcheck.specs.cli.Main;
import dev.irqcheck.specs.scenario.ScenarioParserErrorsTest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenario files and command lines as an attacker writes them, one class of hostile input per
 * group: depth, size, encoding, tags, aliases, numbers, names, paths, report outputs (concurrent
 * writes, a report over an input), signals, lost output. Every case asserts the exit code, that
 * the complaint is one line (FILE:LINE: FIELD: for a scenario), that no stack trace and no raw
 * control character reaches the terminal, and that no file in the working directory was damaged.
 * The subprocess cases (signals, /dev/full, the launcher) are in {@link HostileProcessTest}.
 */
class HostileInputTest {
    static final String VALID = ScenarioParserErrorsTest.VALID;

    record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Run irqcheck(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** Exit code, a one-line complaint containing {@code fragment}, no stack trace, no raw control characters. */
    static void assertRefused(Run r, int exit, String fragment) {
        assertEquals(exit, r.exit(), r.all());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), "one line expected:\n" + r.err());
        assertTrue(r.err().contains(fragment), r.err());
        assertClean(r);
    }

    static void assertClean(Run r) {
        assertFalse(r.all().contains("Exception"), r.all());
        assertFalse(r.all().contains("\tat "), r.all());
        assertFalse(r.all().contains("Error:"), r.all());
        String all = r.all();
        int bad = -1;
        for (int i = 0; i < all.length() && bad < 0; i++) {
            char c = all.charAt(i);
            if (c < 0x20 && c != '\n' && c != '\t' && c != '\r' || c >= 0x7F && c <= 0x9F) {
                bad = i;
            }
        }
        assertEquals(-1, bad, () -> "raw control character at " + "in:\n" + all);
    }

    /** Every file under dir with its bytes, to show that a run damaged nothing. */
    static Map<String, byte[]> snapshot(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return files;
    }

    static void assertUnchanged(Map<String, byte[]> before, Path dir) throws IOException {
        Map<String, byte[]> after = snapshot(dir);
        assertEquals(before.keySet(), after.keySet(), "files appeared or vanished");
        for (String name : before.keySet()) {
            assertArrayEquals(before.get(name), after.get(name), name + " changed");
        }
    }

    /** Writes a scenario, runs `check` on it, asserts refusal and that nothing in dir changed. */
    static Run refuseScenario(Path dir, String text, String fragment) throws IOException {
        Path file = dir.resolve("hostile.yaml");
        Files.writeString(file, text);
        return refuseFile(dir, file, fragment);
    }

    static Run refuseFile(Path dir, Path file, String fragment) throws IOException {
        Map<String, byte[]> before = snapshot(dir);
        Run r = irqcheck("check", file.toString());
        assertRefused(r, 2, fragment);
        assertUnchanged(before, dir);
        return r;
    }

    static String withInvariant(String expression) {
        return VALID.replace("properties: [no-lost-interrupt]", "invariants:\n  - name: mine\n    always: \""
                + expression + "\"\nproperties: [no-lost-interrupt]").replace("  - no-lost-interrupt: holds",
                "  - no-lost-interrupt: holds\n    mine: holds");
    }

    // ---- depth ----

    @Test
    void tenThousandLevelsOfFlowListsAreRefusedWithTheLine(@TempDir Path dir) throws IOException {
        refuseScenario(dir, "name: [" + "[".repeat(10_000) + "]".repeat(10_001) + "\n",
                "hostile.yaml:1: lists and mappings nested more than 20 levels deep");
    }

    @Test
    void tenThousandLevelsOfBlockListsAreRefused(@TempDir Path dir) throws IOException {
        refuseScenario(dir, "- ".repeat(10_000) + "x\n", "hostile.yaml:1: lists and mappings nested more than");
    }

    @Test
    void deeplyNestedFlowMappingsAreRefused(@TempDir Path dir) throws IOException {
        refuseScenario(dir, "name: " + "{a: ".repeat(5_000) + "1" + "}".repeat(5_000) + "\n", "nested more than");
    }

    @Test
    void aHundredThousandParenthesesInAnInvariantAreRefused(@TempDir Path dir) throws IOException {
        refuseScenario(dir, withInvariant("(".repeat(100_000) + "true" + ")".repeat(100_000)),
                "invariants[0].always: an expression of 200004 characters; at most 4096");
    }

    @Test
    void parenthesesAndNotNestedPastTheBoundAreRefusedWithTheLine(@TempDir Path dir) throws IOException {
        refuseScenario(dir, withInvariant("(".repeat(40) + "true" + ")".repeat(40)),
                "hostile.yaml:13: invariants[0].always: parentheses and ! nested more than 32 levels deep");
        refuseScenario(dir, withInvariant("!".repeat(2_000) + "true"), "nested more than 32 levels deep");
    }

    @Test
    void aLongFlatChainIsNotNestingAndIsChecked(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chain.yaml");
        Files.writeString(file, withInvariant("host.dev0.depth <= 1" + " && true".repeat(500)));
        Run r = irqcheck("check", file.toString());
        assertEquals(0, r.exit(), r.all());
        assertClean(r);
    }

    // ---- size ----

    @Test
    void aFileOver256KibibytesIsRefusedBeforeItIsRead(@TempDir Path dir) throws IOException {
        refuseScenario(dir, VALID + ("# padding\n".repeat(30_000)), "hostile.yaml: larger than 262144 bytes");
    }

    @Test
    void aThreeGigabyteSparseFileIsRefusedBySize(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sparse.yaml");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(3L << 30);
        }
        Run r = irqcheck("check", file.toString());
        assertRefused(r, 2, "sparse.yaml: larger than 262144 bytes");
    }

    @Test
    void aLongLineWithinTheLimitIsAnsweredWithTheField(@TempDir Path dir) throws IOException {
        refuseScenario(dir, VALID.replace("name: dev0", "name: " + "x".repeat(200_000)),
                "devices[0].name: a name of 200000 characters; at most 100");
    }

    @Test
    void twoThousandDevicesAreRefusedNotSearchedForever(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("name: many\ndevices:\n");
        for (int i = 0; i < 2_000; i++) {
            sb.append("  - {name: d").append(i).append(", trigger: level, raises: 1}\n");
        }
        refuseScenario(dir, VALID.replace("devices:\n  - {name: dev0, trigger: level, raises: 1}\n", sb.substring("name: many\n".length())),
                "hostile.yaml:4: devices: 2000 entries; at most 16");
    }

    // ---- encoding ----

    @Test
    void invalidUtf8IsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, "name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        refuseFile(dir, file, "latin1.yaml: not UTF-8 text");
    }

    @Test
    void utf16IsRefusedWithOneEscapedLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("utf16.yaml");
        Files.write(file, VALID.getBytes(StandardCharsets.UTF_16LE));
        refuseFile(dir, file, "utf16.yaml");
    }

    @Test
    void nulAndEscapeBytesInAScalarAreRefusedAndNotEchoedRaw(@TempDir Path dir) throws IOException {
        refuseScenario(dir, VALID.replace("name: ok", "name: ok\u0000\u001b[2J"), "hostile.yaml:1");
    }

    @Test
    void aByteOrderMarkBeforeAValidScenarioIsAccepted(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bom.yaml");
        Files.writeString(file, "\ufeff" + VALID);
        Run r = irqcheck("check", file.toString());
        assertEquals(0, r.exit(), r.all());
    }

    // ---- tags ----

    @Test
    void tagsAreRefusedNotIgnored(@TempDir Path dir) throws IOException {
        refuseScenario(dir, VALID.replace("name: ok", "name: !!java/object:java.lang.ProcessBuilder [rm]"),
                "hostile.yaml:1: YAML tag");
        refuseScenario(dir, VALID.replace("raises: 1", "raises: !!str 1"), "hostile.yaml:4: YAML tag");
        refuseScenario(dir, VALID.replace("name: ok", "name: !custom ok"), "YAML tag '!custom' is not accepted");
        refuseScenario(dir, VALID.replace("name: ok", "name: !!binary aGk="), "YAML tag");
    }

    // ---- aliases ----

    @Test
    void aBillionLaughsIsRefused(@TempDir Path dir) throws IOException {
        StringBuilder sb = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            sb.append("a").append(i).append(": &a").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                sb.append(j > 0 ? ", " : "").append("*a").append(i - 1);
            }
            sb.append("]\n");
        }
        refuseScenario(dir, sb.toString(), "hostile.yaml");
    }

    @Test
    void aRecursiveAliasIsRefused(@TempDir Path dir) throws IOException {
        refuseScenario(dir, VALID.replace("devices:\n  - {name: dev0, trigger: level, raises: 1}",
                "devices: &d\n  - *d"), "hostile.yaml");
    }

    // ---- numbers ----

    @Test
    void numbersOutsideTheirFormOrRangeAreRefused(@TempDir Path dir) throws IOException {
        for (String bad : List.of("99999999999999999999", "1e3", "0x3", "\u0663", "-1", "8", "3.0", "''")) {
            refuseScenario(dir, VALID.replace("raises: 1", "raises: " + bad),
                    "hostile.yaml:4: devices[0].raises: expected a whole number 1..7");
        }
        refuseScenario(dir, withInvariant("host.dev0.depth <= 99999999999999999999"), "not a number");
    }

    // ---- names ----

    @Test
    void controlCharactersInADeviceNameAreRefusedAndPrintedEscaped(@TempDir Path dir) throws IOException {
        Run r = refuseScenario(dir, VALID.replace("name: dev0", "name: \"d\\e[31m\\a\\0\\nx\"")
                .replace("device: dev0", "device: \"d\\e[31m\\a\\0\\nx\""), "devices[0].name: the name contains control characters");
        assertTrue(r.err().contains("d\\e[31m\\x07\\0\\nx"), r.err());
    }

    @Test
    void controlCharactersInAnInvariantNameAreRefused(@TempDir Path dir) throws IOException {
        refuseScenario(dir, withInvariant("true").replace("name: mine", "name: \"mi\\ane\"")
                .replace("    mine: holds", "    \"mi\\ane\": holds"), "invariants[0].name: the name contains control characters");
    }

    @Test
    void aScenarioTitleWithEscapesIsPrintedEscapedOnOneLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("title.yaml");
        Files.writeString(file, VALID.replace("name: ok", "name: \"ok\\e]0;pwned\\a\\nforged line\""));
        Run r = irqcheck("check", file.toString());
        assertEquals(0, r.exit(), r.all());
        assertClean(r);
        assertTrue(r.out().contains("ok\\e]0;pwned\\x07\\nforged line"), r.out());
    }

    @Test
    void aFileNameWithEscapesIsPrintedEscaped(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("evil\u001b[2J\nname.yaml");
        Files.writeString(file, "vcpus: 1\n");
        Run r = refuseFile(dir, file, "evil\\e[2J\\nname.yaml:1: name: missing");
        assertFalse(r.err().contains("\u001b"));
    }

    // ---- accepted values must have their effect ----

    @Test
    void aHostHandlerAxisOfHandlersThatCannotTakeALevelDeviceIsRefused(@TempDir Path dir) throws IOException {
        refuseScenario(dir, VALID.replace("properties:", "variants:\n  host_handler: [vfio-platform-edge, qemu-emulated]\nproperties:"),
                "variants.host_handler: 'vfio-platform-edge' cannot handle a level device");
    }

    @Test
    void aHostHandlerAxisWithNoLevelDeviceIsRefused(@TempDir Path dir) throws IOException {
        refuseScenario(dir, VALID.replace("trigger: level", "trigger: edge").replace("config: level", "config: edge")
                        .replace("properties:", "variants:\n  host_handler: [vfio-platform-automasked, vfio-pci-intx-disintx]\nproperties:"),
                "variants.host_handler: no device has an automasking (level) handler");
    }

    // ---- paths ----

    @Test
    void pathsThatAreNotFilesSayWhatTheyAre(@TempDir Path dir) throws Exception {
        assertRefused(irqcheck("check", "-"), 2, "-: reading a scenario from standard input ('-') is not supported");
        assertRefused(irqcheck("check", "/dev/null"), 2, "/dev/null: a character device, not a scenario file");
        assertRefused(irqcheck("check", dir.resolve("missing.yaml").toString()), 2, "missing.yaml: no such file or directory");
        // What /dev/stdin is depends on how the tests were started (a pipe, a terminal, /dev/null,
        // a file); whatever it is, the answer is one line and exit 2.
        assertRefused(irqcheck("check", "/dev/stdin"), 2, "/dev/stdin");
        Path fifo = dir.resolve("fifo.yaml");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "mkfifo");
        assertRefused(irqcheck("check", fifo.toString()), 2, "fifo.yaml: a named pipe (FIFO), not a scenario file");
        assertRefused(irqcheck("simulate", fifo.toString()), 2, "fifo.yaml: a named pipe (FIFO)");
        Path dangling = dir.resolve("dangling.yaml");
        Files.createSymbolicLink(dangling, dir.resolve("nowhere"));
        assertRefused(irqcheck("check", dangling.toString()), 2, "dangling.yaml: a symbolic link to nothing");
    }

    @Test
    void anUnreadableSubdirectoryIsAUsageErrorNamingIt(@TempDir Path dir) throws IOException {
        Path sub = Files.createDirectories(dir.resolve("locked"));
        Files.writeString(dir.resolve("ok.yaml"), VALID);
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse(Files.isReadable(sub), "running as root: every directory is readable");
            assertRefused(irqcheck("check", dir.toString()), 2, "cannot read " + sub + " (permission denied)");
        } finally {
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void badCountsOnTheCommandLineAreUsageErrors() {
        assertRefused(irqcheck("sweep", "--max-states", "0"), 2, "--max-states must be at least 1");
        assertRefused(irqcheck("check", "--max-states", "0", "scenarios/seed"), 2, "--max-states must be at least 1");
        assertRefused(irqcheck("check", "--threads", "0", "scenarios/seed"), 2, "--threads must be at least 1");
        assertRefused(irqcheck("check", "--memory", "99999999999999999999999", "scenarios/seed"), 2, "--memory");
    }

    @Test
    void aMemoryBudgetAboveTheHeapIsCappedNotOverflowed() {
        Run plain = irqcheck("check", "scenarios/seed/platform-level-resample.yaml");
        Run huge = irqcheck("check", "--memory", Long.toString(Long.MAX_VALUE >> 20), "scenarios/seed/platform-level-resample.yaml");
        assertEquals(0, huge.exit(), huge.all());
        assertTrue(huge.err().contains("is more than the heap can give; using"), huge.err());
        assertEquals(plain.out().replaceAll("\\d+\\.\\d+s", ""), huge.out().replaceAll("\\d+\\.\\d+s", ""));
    }

    // ---- report outputs ----

    @Test
    void aReportPathThatIsAnInputIsRefusedAndTheInputKept(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, VALID);
        Map<String, byte[]> before = snapshot(dir);
        assertRefused(irqcheck("check", "--report", file.toString(), file.toString()), 2, "is an input of this run");
        assertRefused(irqcheck("check", "--report", dir.resolve("./s.yaml").toString(), dir.toString()), 2,
                "is an input of this run");
        assertUnchanged(before, dir);
    }

    @Test
    void anUnusableReportPathIsRefusedBeforeTheSearch(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("s.yaml");
        Files.writeString(file, VALID);
        Run missingDir = irqcheck("check", "--report", dir.resolve("no/such/dir/r.html").toString(), file.toString());
        assertRefused(missingDir, 2, "does not exist");
        assertFalse(missingDir.out().contains("holds"), "searched before checking the report path: " + missingDir.out());
        assertRefused(irqcheck("check", "--report", dir.toString(), file.toString()), 2, "is a directory");
        // A parent that is a file: the same refusal path as an unwritable directory, and testable as root.
        assertRefused(irqcheck("check", "--report", file.resolve("r.html").toString(), file.toString()), 2,
                "cannot write in " + file);
        assertRefused(irqcheck("sweep", "--devices", "1", "--report", dir.resolve("no/r.html").toString()), 2,
                "does not exist");
        Path locked = Files.createDirectories(dir.resolve("ro"));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("r-x------"));
        try {
            assumeFalse(Files.isWritable(locked), "running as root: every directory is writable");
            assertRefused(irqcheck("check", "--report", locked.resolve("r.html").toString(), file.toString()), 2,
                    "(permission denied)");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void concurrentRunsOnOneReportPathLeaveOneWholeReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("r.html");
        List<String> scenarios = List.of("scenarios/seed/platform-level-resample.yaml", "scenarios/review/resampler-ack-order.yaml");
        List<String> wholeReports = new ArrayList<>();
        for (String s : scenarios) {
            Path own = dir.resolve("own-" + wholeReports.size() + ".html");
            assertEquals(0, irqcheck("check", "--report", own.toString(), s).exit());
            wholeReports.add(Files.readString(own).replaceAll("\\d+\\.\\d{3} s", "T"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<Run>> runs = new ArrayList<>();
                for (int k = 0; k < 4; k++) {
                    String s = scenarios.get(k % 2);
                    runs.add(pool.submit((Callable<Run>) () -> irqcheck("check", "--threads", "1", "--report", report.toString(), s)));
                }
                for (Future<Run> f : runs) {
                    assertEquals(0, f.get().exit(), f.get().all());
                }
                String written = Files.readString(report).replaceAll("\\d+\\.\\d{3} s", "T");
                assertTrue(wholeReports.contains(written), "the report is not one whole run's report");
                try (Stream<Path> left = Files.list(dir)) {
                    assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                            "temporary files left behind");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- lost output and errors ----

    @Test
    void aFailedWriteToStandardOutputIsNotSuccess() {
        PrintWriter full = new PrintWriter(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        }, true);
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"check", "scenarios/seed/platform-level-resample.yaml"}, full,
                new PrintWriter(err, true));
        assertRefused(new Run(exit, "", err.toString()), 4, "could not write to standard output");
    }
}
