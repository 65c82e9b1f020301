package dev.irqcheck.specs.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.specs.cli.Main;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile cases that need a JVM of their own: a small heap, a signal during a run, standard
 * output on a full device, and the launcher's JVM options. Each asserts the exit code, one line
 * of complaint, no stack trace, and the files left behind.
 */
class HostileProcessTest {
    static final String LARGE = "src/test/resources/hostile/large-liveness.yaml";

    record Result(int exit, String out, String err) {
    }

    static Process start(List<String> jvmOptions, List<String> args, File stdout) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (stdout != null) {
            pb.redirectOutput(stdout);
        }
        return pb.start();
    }

    static Result finish(Process p) throws Exception {
        // Drain both streams while waiting, so a chatty child cannot block on a full pipe.
        var out = p.getInputStream();
        var err = p.getErrorStream();
        var errText = new java.util.concurrent.CompletableFuture<String>();
        Thread t = new Thread(() -> {
            try {
                errText.complete(new String(err.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                errText.complete("");
            }
        });
        t.start();
        String outText = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the run did not end");
        return new Result(p.exitValue(), outText, errText.get());
    }

    static void assertNoStackTrace(Result r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("\tat "), all);
        assertFalse(all.contains("Exception in thread"), all);
        assertFalse(all.contains("OutOfMemoryError"), all);
        assertFalse(all.contains("StackOverflowError"), all);
    }

    /** The budget stops the search, as exit 3 with the statistics so far, at the smallest supported heap and above. */
    @Test
    void aSearchLargerThanA64Or96MegabyteHeapEndsAsAMemoryStop() throws Exception {
        for (int heapMb : new int[] {64, 96}) {
            Result r = finish(start(List.of("-Xmx" + heapMb + "m"), List.of("check", LARGE), null));
            assertNoStackTrace(r);
            assertEquals(3, r.exit(), heapMb + " MB: " + r.out() + r.err());
            assertTrue(r.out().matches("(?s).*search stopped at the (memory|heap) limit after \\d+ states.*"), r.out());
        }
    }

    /** Ctrl-C (SIGINT) and SIGTERM during a run with --report: exit 128+signal, no stale report, no temporary file. */
    @Test
    void anInterruptedRunLeavesNeitherAStaleReportNorATemporaryFile(@TempDir Path dir) throws Exception {
        for (String signal : List.of("INT", "TERM")) {
            Path report = dir.resolve("report.html");
            Files.writeString(report, "<html>an earlier run's report</html>");
            Process p = start(List.of(), List.of("check", "--report", report.toString(), LARGE), null);
            // The report path is checked (and the old report removed) before the search starts.
            for (int i = 0; i < 600 && Files.exists(report); i++) {
                Thread.sleep(50);
            }
            assertFalse(Files.exists(report), "the stale report is still there after 30 s");
            Thread.sleep(300);
            assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor());
            Result r = finish(p);
            assertEquals(signal.equals("INT") ? 130 : 143, r.exit(), signal + ": " + r.out() + r.err());
            assertNoStackTrace(r);
            try (Stream<Path> left = Files.list(dir)) {
                assertEquals(List.of(), left.toList(), signal + ": files left behind");
            }
        }
    }

    @Test
    void standardOutputOnAFullDeviceIsAnErrorNotSuccess() throws Exception {
        File full = new File("/dev/full");
        org.junit.jupiter.api.Assumptions.assumeTrue(full.exists(), "no /dev/full");
        Result r = finish(start(List.of(), List.of("check", "scenarios/seed/platform-level-resample.yaml"), full));
        assertEquals(4, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("could not write to standard output"), r.err());
        assertNoStackTrace(r);
    }

    /** IRQCHECK_JAVA_OPTS adds to the launcher's -Xss8m instead of replacing it (a fake `java` prints its arguments). */
    @Test
    void theLauncherKeepsItsOwnJvmOptionsBesideTheUsers(@TempDir Path root) throws Exception {
        Path launcher = root.resolve("irqcheck");
        Files.copy(Path.of("../irqcheck"), launcher);
        Files.createDirectories(root.resolve("specs/target"));
        Files.writeString(root.resolve("specs/target/irqcheck.jar"), "");
        Path bin = Files.createDirectories(root.resolve("bin"));
        Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
        Files.setPosixFilePermissions(bin.resolve("java"), PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder("bash", launcher.toString(), "check", "x.yaml").redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", bin + File.pathSeparator + env.get("PATH"));
        env.put("IRQCHECK_JAVA_OPTS", "-Xmx123m -Dirqcheck.test=1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertEquals("java -Xss8m -Xmx123m -Dirqcheck.test=1 -jar " + root.resolve("specs/target/irqcheck.jar")
                + " check x.yaml", out.strip());
    }
}
