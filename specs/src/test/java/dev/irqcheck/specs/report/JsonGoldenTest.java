package dev.irqcheck.specs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import dev.irqcheck.specs.scenario.ScenarioParser;
import dev.irqcheck.specs.cli.Main;
import dev.irqcheck.specs.sweep.SweepJson;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JSON documents, byte for byte, as {@link JsonReportWriter} and {@link SweepJson} document
 * them (the ITF traces included): written from the hand-built writers before they moved to
 * Jackson's generator. Only the measured seconds are masked. When the model changes a trace on
 * purpose, regenerate with {@code -Dirqcheck.updateGolden=true} and review the diff.
 */
class JsonGoldenTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");

    static String maskSeconds(String json) {
        return json.replaceAll("\"seconds\": [0-9.]+", "\"seconds\": 0.000");
    }

    static void assertGolden(String name, String actual) throws Exception {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("irqcheck.updateGolden")) {
            Files.writeString(file, actual, StandardCharsets.UTF_8);
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual, "differs from " + file);
    }

    @Test
    void checkReportWithTracesAndALassoIsByteForByteAsDocumented() throws Exception {
        ScenarioRunner runner = new ScenarioRunner(SearchConfig.defaults().withThreads(1), SearchListener.SILENT);
        List<ScenarioResult> results = new ArrayList<>();
        for (String f : List.of("scenarios/review/plain-vs-resample-irqfd.yaml", "scenarios/review/fold-ack-notify-6.19.yaml")) {
            results.add(runner.run(new ScenarioParser().parse(Path.of(f))));
        }
        assertGolden("check-report.json", maskSeconds(new JsonReportWriter().write(results)));
    }

    @Test
    void sweepReportIsByteForByteAsDocumented() throws Exception {
        StringWriter out = new StringWriter();
        int exit = Main.run(new String[] {"sweep", "--devices", "1", "--gsis", "1", "--spis", "1", "--raises", "1",
                "--threads", "1", "--format", "json"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, exit);
        assertGolden("sweep-report.json", out.toString());
    }

    @Test
    void hostileNamesRoundTripThroughTheJson(@TempDir Path dir) throws Exception {
        String hostile = "quote\" back\\slash <tag> \u2028 bell\u0007 tab\t";
        Path file = dir.resolve("hostile.yaml");
        Files.writeString(file, Files.readString(Path.of("scenarios/seed/platform-level-resample.yaml"))
                .replaceFirst("(?m)^name: .*$", Matcher.quoteReplacement("name: \"" + hostile.replace("\\", "\\\\")
                        .replace("\"", "\\\"").replace("\u0007", "\\a").replace("\t", "\\t").replace("\u2028", "\\u2028") + "\"")));
        ScenarioResult r = new ScenarioRunner(SearchConfig.defaults().withThreads(1), SearchListener.SILENT)
                .run(new ScenarioParser().parse(file));
        assertEquals(hostile, r.scenario().name());
        List<String> strings = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(new JsonReportWriter().write(List.of(r)))) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.VALUE_STRING) {
                    strings.add(p.getText());
                }
            }
        }
        assertTrue(strings.contains(hostile), "the name reads back as written: " + strings.subList(0, 3));
    }
}
