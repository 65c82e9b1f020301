package dev.irqcheck.specs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report: the matrix links each violation to a sequence diagram with one row per step. */
class HtmlReportTest {

    static ScenarioResult ackOrder() throws Exception {
        return new ScenarioRunner(SearchConfig.defaults().withThreads(1), SearchListener.SILENT)
                .run(new ScenarioParser().parse(Path.of("scenarios/review/resampler-ack-order.yaml")));
    }

    static int count(String haystack, String regex) {
        Matcher m = Pattern.compile(regex).matcher(haystack);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void eachViolationHasADiagramWithOneRowPerStepAndTheMatrixLinksToIt() throws Exception {
        ScenarioResult r = ackOrder();
        String html = new HtmlReport().render(List.of(r));
        Trace trace = r.rows().get(1).verdict(PropertyId.NO_LOST_INTERRUPT).trace().orElseThrow();
        String section = html.substring(html.indexOf("id=\"s0-r1-no-lost-interrupt\""));
        section = section.substring(0, section.indexOf("</section>"));
        assertEquals(trace.length(), count(section, "<g class=\"step\">"), "one row per step");
        assertTrue(section.contains(">device</text>"), "a device lane");
        assertTrue(section.contains(">VGIC distributor</text>"), "a VGIC lane");
        assertTrue(section.contains(">resampler</text>") && section.contains(">host / VFIO</text>"), "host and resampler lanes");
        // Since 5.9 irqfd_wakeup injects inline: the assert is drawn in the host handler's signal
        // step (no irqfd work item, no eventfd counter in this trace).
        assertTrue(section.contains("eventfd_signal(trigger)"), "the host handler's signal step");
        assertTrue(section.contains(">vCPU 0</text>") && section.contains(">guest 0</text>"), "vCPU and guest lanes");
        assertTrue(section.contains("class=\"violation\""), "the violation is marked");
        assertTrue(section.contains("irqfd_resampler_ack: signal resamplefds of"), section);
        assertTrue(html.contains("href=\"#s0-r1-no-lost-interrupt\""), "the matrix links to the trace");
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.contains("http://") && !html.contains("http://www.w3.org/2000/svg"), "nothing fetched");
        long violations = r.rows().stream().flatMap(row -> r.scenario().properties().stream().map(row::verdict))
                .filter(v -> v.kind() == Verdict.Kind.VIOLATED).count();
        assertEquals(violations, count(html, "<section class=\"trace\""));
    }

    @Test
    void chromiumRendersTheDiagram(@TempDir Path dir) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "Debian's chromium package is not installed");
        Path page = dir.resolve("report.html");
        Files.writeString(page, new HtmlReport().render(List.of(ackOrder())));
        Path png = dir.resolve("shot.png");
        List<String> flags = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"));
        Process dump = new ProcessBuilder(concat(chromium.toString(), flags, "--dump-dom", page.toUri().toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dump.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(dom.contains("<svg") && dom.contains("irqfd_resampler_ack"), "the rendered DOM holds the diagram");
        Process shot = new ProcessBuilder(concat(chromium.toString(), flags, "--screenshot=" + png,
                "--window-size=1400,1200", page.toUri().toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(shot.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(Files.size(png) > 20_000, "a screenshot with content (" + Files.size(png) + " bytes)");
    }

    private static List<String> concat(String first, List<String> middle, String... last) {
        List<String> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(middle);
        all.addAll(List.of(last));
        return all;
    }
}
