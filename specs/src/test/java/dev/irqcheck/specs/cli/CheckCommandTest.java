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

    @Test
    void theBundledCatalogueIsAsExpected() {
        Run r = irqcheck("check", "scenarios");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*\n(\\d+) of \\1 scenarios as expected\n"), r.out());
    }

    @Test
    void anUnexpectedViolationExitsOneAndPrintsTheTrace(@TempDir Path dir) throws Exception {
        String text = Files.readString(Path.of("scenarios/review/resampler-ack-order.yaml"))
                .replace("    no-lost-interrupt: violated\n", "");
        Path file = dir.resolve("wrong-expectation.yaml");
        Files.writeString(file, text);
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
        String text = Files.readString(Path.of("scenarios/review/resampler-ack-order.yaml"))
                .replace("    no-lost-interrupt: violated\n", "");
        Path file = dir.resolve("wrong-expectation.yaml");
        Files.writeString(file, text);
        Run r = irqcheck("simulate", file.toString(), "--runs", "300", "--steps", "60", "--seed", "3");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("UNEXPECTED"), r.out());
    }

    @Test
    void sweepPrintsTheTableTheRuleAgreementAndTheSmallestBreakingConfigurations() {
        Run r = irqcheck("sweep", "--devices", "1", "--gsis", "1", "--spis", "1", "--threads", "1");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("The documented safe rule (README) predicts 24 of 24 verdicts."), r.out());
        assertTrue(r.out().contains("no-lost-interrupt: d0 level/vfio-platform-automasked -> "), r.out());
        Run json = irqcheck("sweep", "--devices", "1", "--gsis", "1", "--spis", "1", "--format", "json");
        assertTrue(json.out().startsWith("{\"format\": \"irqcheck-sweep\""), json.out());
        Run bad = irqcheck("sweep", "--triggers", "sideways");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("'sideways' is not one of [level, edge]"), bad.err());
    }

    @Test
    void benchTimesEveryCombinationWithTheSameCountsAsCheck() {
        Run r = irqcheck("bench", "--reps", "1", "scenarios/seed/platform-level-resample.yaml");
        assertEquals(0, r.exit(), r.out() + r.err());
        // The seed's golden count (ScenarioCatalogueTest): 156 states, 233 transitions.
        assertTrue(r.out().contains("| platform-level-resample.yaml | (as configured) | 156 | 233 |"), r.out());
        assertTrue(r.out().contains("total: 156 states"), r.out());
    }

    @Test
    void benchRejectsBadInputWithExitTwo() {
        assertEquals(2, irqcheck("bench", "--reps", "0", "scenarios/seed").exit());
        assertEquals(2, irqcheck("bench", "no/such/dir").exit());
    }
}
