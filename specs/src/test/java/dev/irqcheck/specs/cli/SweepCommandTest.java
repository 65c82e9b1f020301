package dev.irqcheck.specs.cli;

import static dev.irqcheck.specs.cli.CheckCommandTest.irqcheck;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.specs.cli.CheckCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sweep --variant/--compare/--export/--shard and sweep-merge as a user runs them (small bounds: CI time). */
class SweepCommandTest {
    static final String[] SMALL = {"--devices", "2", "--gsis", "2", "--spis", "1", "--triggers", "level",
            "--level-handlers", "vfio-platform-automasked", "--drivers", "normal-isr"};
    static final String COMPARE = "resample_order=lower-then-signal,signal-then-lower";

    private static String[] args(String[] head, String... tail) {
        return Stream.concat(Stream.of(head), Stream.concat(Stream.of(SMALL), Stream.of(tail))).toArray(String[]::new);
    }

    // The text report without its timing footer, which says how the run was made.
    private static String withoutFooter(String text) {
        return text.replaceAll("\\(\\d+ configurations (in [0-9.]+ s with \\d+ threads|merged from \\d+ shard files)\\)\n", "");
    }

    @Test
    void threeShardsMergedEqualOneRun(@TempDir Path dir) throws Exception {
        for (String[] mode : List.of(new String[] {}, new String[] {"--compare", COMPARE})) {
            Run one = irqcheck(args(concat(new String[] {"sweep", "--format", "json", "--threads", "2"}, mode)));
            Run oneText = irqcheck(args(concat(new String[] {"sweep", "--threads", "2"}, mode)));
            assertEquals(0, one.exit(), one.err());
            List<String> files = new ArrayList<>(List.of("sweep-merge", "--format", "json"));
            int total = 0;
            for (int k = 3; k >= 1; k--) {  // any order
                Path f = dir.resolve("shard-" + k + "-" + mode.length + ".json");
                Run shard = irqcheck(args(concat(new String[] {"sweep", "--shard", k + "/3", "--output", f.toString(), "--threads", "1"}, mode)));
                assertEquals(0, shard.exit(), shard.err());
                String text = Files.readString(f);
                assertTrue(text.contains("\"shard\": {\"index\": " + k + ", \"of\": 3}"), text);
                total += text.split("\n \\{\"index\"", -1).length - 1;
                files.add(f.toString());
            }
            Run merged = irqcheck(files.toArray(String[]::new));
            assertEquals(0, merged.exit(), merged.err());
            assertEquals(one.out(), merged.out());
            files.set(2, "text");
            Run mergedText = irqcheck(files.toArray(String[]::new));
            assertEquals(withoutFooter(oneText.out()), withoutFooter(mergedText.out()));
            if (mode.length == 0) {
                assertEquals(one.out().split("\n \\{\"index\"", -1).length - 1, total, "every configuration in exactly one shard");
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }

    @Test
    void shardsOfAnotherSweepOrAMissingRepeatedOrTamperedShardAreRefused(@TempDir Path dir) throws Exception {
        Path[] f = new Path[3];
        for (int k = 1; k <= 2; k++) {
            f[k] = dir.resolve("s" + k + ".json");
            assertEquals(0, irqcheck(args(new String[] {"sweep", "--shard", k + "/2", "--output", f[k].toString()})).exit());
        }
        Path other = dir.resolve("other.json");
        assertEquals(0, irqcheck("sweep", "--devices", "1", "--gsis", "1", "--spis", "1", "--shard", "2/2", "--output", other.toString()).exit());
        assertRefused(irqcheck("sweep-merge", f[1].toString()), "shard 2/2 is missing");
        // An output path that is one of the shard files is refused before anything is read or replaced.
        String shard1 = Files.readString(f[1]);
        assertRefused(irqcheck("sweep-merge", f[1].toString(), f[2].toString(), "--output", f[1].toString()), "is an input of this run");
        assertRefused(irqcheck("sweep-merge", f[1].toString(), f[2].toString(), "--report", f[2].toString()), "is an input of this run");
        assertEquals(shard1, Files.readString(f[1]));
        assertRefused(irqcheck("sweep-merge", f[1].toString(), f[1].toString()), "shard.index: shard 1 is also");
        assertRefused(irqcheck("sweep-merge", f[1].toString(), other.toString()), "bounds: differ from the bounds of");
        String text = Files.readString(f[2]);
        Path tampered = dir.resolve("tampered.json");
        Files.writeString(tampered, text.replaceFirst("\"index\": (\\d+), \"shape\"", "\"index\": 0, \"shape\""));
        assertRefused(irqcheck("sweep-merge", f[1].toString(), tampered.toString()), "is not configuration 0 of these bounds");
        // Verdicts changed by hand: the re-check of the smallest breaking configurations refuses them.
        // (The merge re-checks only those; a verdict changed elsewhere is taken on trust, as documented.)
        Files.writeString(tampered, text.replaceAll("\"holds\"", "\"violated\""));
        assertRefused(irqcheck("sweep-merge", f[1].toString(), tampered.toString()), "a re-check gives");
        Files.writeString(tampered, "{\"format\": \"irqcheck-sweep\",\n \"version\": [");
        assertRefused(irqcheck("sweep-merge", tampered.toString()), tampered + ":");
        assertRefused(irqcheck("sweep-merge", dir.resolve("absent.json").toString()), "cannot read");
    }

    private static void assertRefused(Run r, String message) {
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains(message), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void hostileShardVariantAndRangeValuesExitTwo() {
        String[][] bad = {
            {"--shard", "0/3"}, {"--shard", "4/3"}, {"--shard", "1/0"}, {"--shard", "a/b"}, {"--shard", "1/3/5"},
            {"--shard", "-1/2"}, {"--shard", "99999999999/1"}, {"--shard", "1/999999"}, {"--shard", ""},
            {"--variant", "no_such_axis=x"}, {"--variant", "line_combining=sideways"}, {"--variant", "line_combining"},
            {"--variant", "=or-per-source"}, {"--variant", "line_combining=or-per-source", "--variant", "line_combining=last-writer-wins"},
            {"--compare", "line_combining=or-per-source"}, {"--compare", "line_combining=or-per-source,or-per-source"},
            {"--compare", "line_combining=a,b,c"}, {"--compare", "resample_order=lower-then-signal,signal-then-lower",
                "--variant", "resample_order=signal-then-lower"},
            {"--vcpus", "3"}, {"--vcpus", "2..1"}, {"--vcpus", "1..2..3"}, {"--vcpus", "x"}, {"--retargets", "1"},
            {"--retargets", "9", "--vcpus", "2"}, {"--distributor-writes", "-1"}, {"--max-states", "0"},
        };
        for (String[] b : bad) {
            Run r = irqcheck(concat(new String[] {"sweep", "--devices", "1", "--gsis", "1", "--spis", "1"}, b));
            assertEquals(2, r.exit(), String.join(" ", b) + ": " + r.out() + r.err());
            assertTrue(r.err().startsWith("irqcheck: ") || r.err().contains("Invalid value"), String.join(" ", b) + ": " + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        Run unknown = irqcheck("sweep", "--variant", "no_such_axis=x");
        assertTrue(unknown.err().contains("unknown variant 'no_such_axis'; expected one of [kernel, irqfd_kind"), unknown.err());
        Run value = irqcheck("sweep", "--variant", "line_combining=sideways");
        assertTrue(value.err().contains("variant line_combining: expected one of [last-writer-wins, or-per-source], got 'sideways'"), value.err());
    }

    @Test
    void exportedScenariosLoadAndReproduceTheirVerdicts(@TempDir Path dir) throws Exception {
        Path plain = dir.resolve("plain");
        Path diff = dir.resolve("diff");
        Run a = irqcheck(args(new String[] {"sweep", "--export", plain.toString()}));
        Run b = irqcheck(args(new String[] {"sweep", "--compare", COMPARE, "--export", diff.toString()}));
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, b.exit(), b.err());
        try (Stream<Path> files = Stream.concat(Files.list(plain), Files.list(diff))) {
            List<Path> all = files.toList();
            assertTrue(all.size() >= 4, all.toString());
            assertTrue(all.stream().anyMatch(p -> p.getFileName().toString().startsWith("resample-order-signal-then-lower-breaks-")), all.toString());
            for (Path p : all) {
                Run check = irqcheck("check", p.toString());
                assertEquals(0, check.exit(), p + "\n" + Files.readString(p) + check.out() + check.err());
            }
            // A compared configuration expects each design's own verdicts, and they differ.
            Path compared = all.stream().filter(p -> p.getFileName().toString().startsWith("resample-order-signal")).findFirst().orElseThrow();
            String text = Files.readString(compared);
            assertTrue(text.contains("resample_order: [lower-then-signal, signal-then-lower]"), text);
            assertTrue(text.contains("when: {resample_order: signal-then-lower}"), text);
        }
    }

    @Test
    void theDiffIsWrittenAsJsonAndHtml(@TempDir Path dir) throws Exception {
        Path html = dir.resolve("diff.html");
        Run r = irqcheck(args(new String[] {"sweep", "--compare", COMPARE, "--format", "json", "--report", html.toString()}));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("{\"format\": \"irqcheck-sweep-diff\""), r.out());
        assertTrue(r.out().contains("\"b_breaks_a_fixes\": [\n  {\"class\""), r.out());
        String page = Files.readString(html);
        assertTrue(page.contains("resample_order=signal-then-lower breaks, resample_order=lower-then-signal fixes"), page);
        assertTrue(page.contains("<svg"), page);
    }

    @Test
    void bitstateAndSwarmSayTheyProveNothingAndRefuseHostileValues(@TempDir Path dir) throws Exception {
        String file = "scenarios/review/resampler-ack-order.yaml";
        Run text = irqcheck("check", "--bitstate", "1", file);
        assertEquals(3, text.exit(), text.out() + text.err());
        assertTrue(text.out().contains("signal-then-lower: bitstate: not exhaustive ("), text.out());
        Run json = irqcheck("check", "--bitstate", "1", "--format", "json", file);
        assertTrue(json.out().contains("\"bitstate\": {\"exhaustive\": false, \"bits\": 8388608"), json.out());
        Path html = dir.resolve("r.html");
        irqcheck("check", "--bitstate", "1", "--report", html.toString(), file);
        assertTrue(Files.readString(html).contains("bitstate: not exhaustive"));
        // A violation found under bitstate that the scenario says cannot happen: exit 1, as exhaustive.
        Path wrong = dir.resolve("wrong.yaml");
        Files.writeString(wrong, Files.readString(Path.of(file)).replace("    no-lost-interrupt: violated\n", ""));
        assertEquals(1, irqcheck("check", "--bitstate", "1", wrong.toString()).exit());
        for (String[] bad : new String[][] {{"--bitstate", "0"}, {"--bitstate", "-5"}, {"--bitstate", "100000"},
                {"--bitstate", "1", "--bitstate-hashes", "0"}, {"--bitstate", "1", "--bitstate-hashes", "99"}}) {
            Run r = irqcheck(concat(new String[] {"check", file}, bad));
            assertEquals(2, r.exit(), String.join(" ", bad) + ": " + r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
        Run swarm = irqcheck("simulate", "--swarm", "4", "--runs", "5", "--steps", "50", file);
        assertEquals(0, swarm.exit(), swarm.out() + swarm.err());
        assertTrue(swarm.out().contains("observable events seen: "), swarm.out());
        assertTrue(swarm.out().contains("(a swarm finds violations; it never proves that a property holds)"), swarm.out());
        for (String n : new String[] {"0", "-1", "10001", "x"}) {
            assertEquals(2, irqcheck("simulate", "--swarm", n, file).exit(), n);
        }
    }
}
