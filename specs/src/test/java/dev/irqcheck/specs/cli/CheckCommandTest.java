package dev.irqcheck.specs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, messages, and counterexamples. */
class CheckCommandTest {
    record Run(int exit, String out, String err) {
    }

    static Run irqcheck(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** The resampler-ack-order scenario expecting no-lost-interrupt to hold where it is violated. */
    static Path wrongExpectation(Path dir) throws java.io.IOException {
        String text = Files.readString(Path.of("scenarios/review/resampler-ack-order.yaml"))
                .replace("    no-lost-interrupt: violated\n", "");
        return Files.writeString(dir.resolve("wrong-expectation.yaml"), text);
    }

    // The count is every bundled file, so an empty or half-read catalogue ("0 of 0") fails.
    @Test
    void theBundledCatalogueIsAsExpected() throws Exception {
        int files;
        try (var walk = Files.walk(Path.of("scenarios"))) {
            files = (int) walk.filter(p -> p.toString().endsWith(".yaml")).count();
        }
        assertTrue(files >= 19, "the bundled catalogue has " + files + " scenario files");
        Run r = irqcheck("check", "scenarios");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().endsWith("\n" + files + " of " + files + " scenarios as expected\n"), r.out());
    }

    @Test
    void anUnexpectedViolationExitsOneAndPrintsTheTrace(@TempDir Path dir) throws Exception {
        Path file = wrongExpectation(dir);
        Run r = irqcheck("check", file.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("no-lost-interrupt VIOLATED (expected to hold)"), r.out());
        assertTrue(r.out().contains("irqfd_resampler_ack: signal resamplefds of"), r.out());
    }

    @Test
    void badInputExitsTwoWithFileLineAndField(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, dev.irqcheck.specs.scenario.ScenarioParserErrorsTest.VALID.replace("vcpus: 1", "vcpus: many"));
        Run r = irqcheck("check", file.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains(file + ":2: vcpus: expected a whole number"), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }

    @Test
    void aMissingFileExitsTwo() {
        Run r = irqcheck("check", "no/such/file.yaml");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no such file"), r.err());
    }

    @Test
    void anUnknownOptionExitsTwo() {
        Run r = irqcheck("check", "--frobnicate", "scenarios");
        assertEquals(2, r.exit());
    }

    @Test
    void aStateLimitExitsThree() {
        Run r = irqcheck("check", "--max-states", "10", "scenarios/seed/platform-level-resample.yaml");
        assertEquals(3, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("limit after"), r.out());
    }

    /**
     * --partial-order on a scenario of at-quiescence properties only: the same verdicts and exit 0,
     * and the report says the reduction was on and that traces may be longer than the shortest.
     * Without the flag nothing is said; with a liveness property the search runs unreduced.
     */
    @Test
    void partialOrderIsSaidInTheReport(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("quiescence.yaml");
        String seed = Files.readString(Path.of("scenarios/seed/shared-gsi-two-devices.yaml"));
        Files.writeString(file, seed.replaceAll("properties: \\[.*\\]", "properties: [no-lost-interrupt, no-stuck-mask]")
                .replaceAll("(?s)\nexpect:.*", "\nexpect:\n  - {no-lost-interrupt: holds, no-stuck-mask: holds}\n"));
        Run reduced = irqcheck("check", "--partial-order", "--stats", file.toString());
        assertEquals(0, reduced.exit(), reduced.out() + reduced.err());
        assertTrue(reduced.out().contains("partial-order reduction on: ")
                && reduced.out().contains("possibly longer than the shortest"), reduced.out());
        assertTrue(reduced.out().contains("partial-order on"), reduced.out());
        Run plain = irqcheck("check", "--stats", file.toString());
        assertEquals(0, plain.exit(), plain.out() + plain.err());
        assertTrue(!plain.out().contains("partial-order reduction on") && plain.out().contains("partial-order off"), plain.out());
        Run liveness = irqcheck("check", "--partial-order", "scenarios/seed/shared-gsi-two-devices.yaml");
        assertTrue(!liveness.out().contains("partial-order reduction on"), liveness.out());
    }

    /** Exit-code precedence: a decided verdict that is wrong (1) outranks a search stopped by a limit (3). */
    @Test
    void aWrongVerdictOutranksALimitInTheExitCode(@TempDir Path dir) throws Exception {
        Path wrong = wrongExpectation(dir);
        String large = "src/test/resources/hostile/large-liveness.yaml";
        Run both = irqcheck("check", "--max-states", "5000", large, wrong.toString());
        assertEquals(1, both.exit(), both.out() + both.err());
        assertTrue(both.out().contains("search stopped at the max states limit after 5000 states"), both.out());
        assertEquals(3, irqcheck("check", "--max-states", "5000", large).exit());
    }

    @Test
    void jsonSaysWhichLimitStoppedEachSearch() {
        Run stopped = irqcheck("check", "--format", "json", "--max-states", "10", "scenarios/seed/platform-level-resample.yaml");
        assertEquals(3, stopped.exit(), stopped.err());
        assertTrue(stopped.out().contains("\"complete\": false, \"stopped_by\": \"max-states\""), stopped.out());
        Run complete = irqcheck("check", "--format", "json", "scenarios/seed/platform-level-resample.yaml");
        assertTrue(complete.out().contains("\"complete\": true, \"stopped_by\": null"), complete.out());
    }

    /** Any error that reaches the top is one line naming it, with a hint, and exit 4; the stack trace only with --debug. */
    @Test
    void aJvmErrorAtTheTopIsOneLineAndExitFour() {
        for (Throwable t : new Throwable[] {new StackOverflowError(), new OutOfMemoryError("Java heap space"),
                new InternalError("boom"), new IllegalStateException("bug"),
                new picocli.CommandLine.ExecutionException(new picocli.CommandLine(new Main()), "wrapped", new StackOverflowError())}) {
            java.io.StringWriter err = new java.io.StringWriter();
            assertEquals(4, Main.fatal(t, new PrintWriter(err, true), false));
            assertEquals(1, err.toString().lines().count(), err.toString());
            assertTrue(err.toString().contains("(--debug prints the stack trace)"), err.toString());
            assertFalse(err.toString().contains("\tat "), err.toString());
            java.io.StringWriter debug = new java.io.StringWriter();
            Main.fatal(t, new PrintWriter(debug, true), true);
            assertTrue(debug.toString().contains("\tat "), debug.toString());
        }
        java.io.StringWriter err = new java.io.StringWriter();
        Main.fatal(new StackOverflowError(), new PrintWriter(err, true), false);
        assertTrue(err.toString().startsWith("irqcheck: the Java stack ran out (StackOverflowError); raise it with "
                + "IRQCHECK_JAVA_OPTS=-Xss64m"), err.toString());
    }

    @Test
    void debugIsAcceptedBeforeAndAfterTheSubcommand() {
        assertEquals(0, irqcheck("--debug", "check", "scenarios/seed/platform-level-resample.yaml").exit());
        assertEquals(0, irqcheck("check", "--debug", "scenarios/seed/platform-level-resample.yaml").exit());
    }

    @Test
    void jsonOutputCarriesVerdictsAndItfTraces() {
        Run r = irqcheck("check", "--format", "json", "scenarios/review/resampler-ack-order.yaml");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("{\"format\": \"irqcheck-report\", \"version\": 1"), r.out());
        assertTrue(r.out().contains("\"verdict\": \"violated\""), r.out());
        assertTrue(r.out().contains("\"#meta\": {\"format\": \"ITF\""), r.out());
        assertTrue(r.out().contains("irqfd_resampler_ack: signal resamplefds of"), r.out());
    }

    @Test
    void helpListsTheExitCodes() {
        Run r = irqcheck("check", "--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Exit codes"), r.out());
        assertTrue(r.out().contains("--max-states"), r.out());
    }

    /** picocli prints format problems in a description to System.err, outside our writers. */
    @Test
    void everyHelpTextFormatsCleanly() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (String command : new String[] {"check", "simulate", "sweep", "sweep-merge", "properties", "bench"}) {
                Run r = irqcheck(command, "--help");
                assertEquals(0, r.exit(), command + ": " + r.err());
                assertFalse(r.out().contains("%n") || r.out().contains("%%"), command + " --help:\n" + r.out());
            }
        } finally {
            System.setErr(saved);
        }
        String warnings = captured.toString(StandardCharsets.UTF_8);
        assertFalse(warnings.contains("picocli"), warnings);
        assertTrue(irqcheck("check", "--help").out().contains("70% of the heap"));
    }

    @Test
    void simulationFindsTheMutationsViolationAndIsReproducible() {
        Run a = irqcheck("simulate", "scenarios/review/resampler-ack-order.yaml", "--runs", "200", "--steps", "60", "--seed", "7");
        Run b = irqcheck("simulate", "scenarios/review/resampler-ack-order.yaml", "--runs", "200", "--steps", "60", "--seed", "7");
        assertEquals(0, a.exit(), a.out() + a.err());
        assertEquals(a.out(), b.out());
        assertTrue(a.out().contains("no-stuck-mask            violated"), a.out());
    }

    @Test
    void simulationReportsAnUnexpectedViolationWithItsWalk(@TempDir Path dir) throws Exception {
        Path file = wrongExpectation(dir);
        Run r = irqcheck("simulate", file.toString(), "--runs", "300", "--steps", "60", "--seed", "3");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("UNEXPECTED"), r.out());
    }

    @Test
    void sweepPrintsTheTableTheRuleAgreementAndTheSmallestBreakingConfigurations() {
        Run r = irqcheck("sweep", "--devices", "1", "--gsis", "1", "--spis", "1", "--threads", "1");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("The documented safe rule (README) predicts 24 of 24 verdicts in its scope."), r.out());
        assertTrue(r.out().contains("no-lost-interrupt: d0 level/vfio-platform-automasked -> "), r.out());
        Run json = irqcheck("sweep", "--devices", "1", "--gsis", "1", "--spis", "1", "--format", "json");
        assertTrue(json.out().startsWith("{\"format\": \"irqcheck-sweep\""), json.out());
        Run bad = irqcheck("sweep", "--triggers", "sideways");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("'sideways' is not one of [level, edge]"), bad.err());
    }

    @Test
    void benchTimesEveryCombinationWithTheSameCountsAsCheck() {
        Run r = irqcheck("bench", "--reps", "1", "--threads", "1,2", "scenarios/seed/platform-level-resample.yaml");
        assertEquals(0, r.exit(), r.out() + r.err());
        // The seed's golden count (ScenarioCatalogueTest): 168 states, 247 transitions on 6.18, with either thread count.
        assertTrue(r.out().contains("| platform-level-resample.yaml | (as configured) | 1 | 168 | 247 |"), r.out());
        assertTrue(r.out().contains("| platform-level-resample.yaml | (as configured) | 2 | 168 | 247 |"), r.out());
        assertTrue(r.out().contains("total: 336 states"), r.out());
    }

    @Test
    void benchRejectsBadInputWithExitTwo() {
        assertEquals(2, irqcheck("bench", "--reps", "0", "scenarios/seed").exit());
        assertEquals(2, irqcheck("bench", "no/such/dir").exit());
        assertEquals(2, irqcheck("bench", "--threads", "1,0", "scenarios/seed").exit());
        assertEquals(2, irqcheck("bench").exit());
        Run unknownSet = irqcheck("bench", "--set", "nope");
        assertEquals(2, unknownSet.exit());
        assertTrue(unknownSet.err().contains("--set: unknown set 'nope'; known: workload"), unknownSet.err());
        assertEquals(2, irqcheck("bench", "--set", "workload", "scenarios/seed").exit());
    }

    @Test
    void blessAppendsTheObservedVerdictsKeepingEveryLineAndExploreDoesNotJudge(@TempDir Path dir) throws Exception {
        String original = Files.readString(Path.of("scenarios/review/resampler-ack-order.yaml"))
                .replace("    no-lost-interrupt: violated\n", "    # a comment bless must keep\n");
        Path file = dir.resolve("ack-order.yaml");
        Files.writeString(file, original);
        assertEquals(1, irqcheck("check", file.toString()).exit(), "wrong before blessing");
        Run explored = irqcheck("check", "--explore", file.toString());
        assertEquals(0, explored.exit(), explored.out() + explored.err());
        assertFalse(explored.out().matches("(?s).*(holds|violated)!.*") || explored.out().contains("as expected")
                || explored.out().contains("(expected"), explored.out());
        Run blessed = irqcheck("check", "--bless", file.toString());
        assertEquals(0, blessed.exit(), blessed.out() + blessed.err());
        String after = Files.readString(file);
        int from = 0;
        for (String line : original.lines().toList()) {
            int at = after.indexOf(line + "\n", from);
            assertTrue(at >= 0, "kept in order: " + line + "\n" + after);
            from = at + line.length();
        }
        assertEquals(0, irqcheck("check", file.toString()).exit(), after);
        assertEquals(after, Files.readString(file), "a second bless changes nothing");
        irqcheck("check", "--bless", file.toString());
        assertEquals(after, Files.readString(file));

        Path bare = dir.resolve("no-expect.yaml");
        Files.writeString(bare, original.substring(0, original.indexOf("expect:")));
        assertEquals(2, irqcheck("check", bare.toString()).exit(), "expect is mandatory for judging");
        assertEquals(0, irqcheck("check", "--bless", bare.toString()).exit());
        assertEquals(0, irqcheck("check", bare.toString()).exit(), Files.readString(bare));
    }

    @Test
    void blessKeepsTheScenarioFilesPermissionsAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        String original = Files.readString(Path.of("scenarios/review/resampler-ack-order.yaml"))
                .replace("    no-lost-interrupt: violated\n", "");
        Path file = dir.resolve("ack-order.yaml");
        Files.writeString(file, original);
        var mode = java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(file, mode);
        Run blessed = irqcheck("check", "--bless", file.toString());
        assertEquals(0, blessed.exit(), blessed.out() + blessed.err());
        assertTrue(blessed.out().contains("blessed"), blessed.out());
        assertEquals(mode, Files.getPosixFilePermissions(file), "a blessed scenario keeps its mode");
        try (var left = Files.list(dir)) {
            assertEquals(java.util.List.of(file.getFileName().toString()),
                    left.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void exportedJunitTestsFailWhileTheCounterexampleReplays(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("generated");
        Run r = irqcheck("check", "--export-junit", out.toString(), "scenarios/review/resampler-ack-order.yaml");
        assertEquals(0, r.exit(), r.out() + r.err());
        Path source = out.resolve("ResamplerAckOrderReplayTest.java");
        assertTrue(Files.exists(source), r.out());
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int compiled = javac.run(null, null, null, "-d", classes.toString(), "-cp", System.getProperty("java.class.path"),
                source.toString());
        assertEquals(0, compiled, Files.readString(source));
        try (var loader = new java.net.URLClassLoader(new java.net.URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> test = loader.loadClass("ResamplerAckOrderReplayTest");
            var constructor = test.getDeclaredConstructor();
            constructor.setAccessible(true);
            var method = test.getDeclaredMethod("counterexample1");
            method.setAccessible(true);
            var failure = org.junit.jupiter.api.Assertions.assertThrows(java.lang.reflect.InvocationTargetException.class,
                    () -> method.invoke(constructor.newInstance()));
            assertTrue(failure.getCause() instanceof AssertionError, String.valueOf(failure.getCause()));
            assertTrue(failure.getCause().getMessage().contains("can be taken again"), failure.getCause().getMessage());
        }
        // The same steps against the kernel's order (the fixed design) stop early: the test would pass there.
        var trace = dev.irqcheck.specs.api.ScenarioCheck.load(Path.of("scenarios/review/resampler-ack-order.yaml")).withThreads(1).run()
                .verdict("no-lost-interrupt", java.util.Map.of("resample_order", "signal-then-lower")).trace().orElseThrow();
        var steps = trace.steps().stream().map(s -> s.rule().name()).toList();
        assertFalse(dev.irqcheck.specs.api.ScenarioCheck.load(Path.of("scenarios/review/resampler-ack-order.yaml"))
                .replay(java.util.Map.of("resample_order", "lower-then-signal"), steps).possible());
    }
}
