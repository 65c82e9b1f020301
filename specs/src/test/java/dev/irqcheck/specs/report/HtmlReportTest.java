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
        assertTrue(section.contains(">resampler</text>") && section.contains(">eventfds</text>") && section.contains(">KVM irqfd</text>"), "eventfd, irqfd and resampler lanes");
        assertTrue(section.contains(">vCPU 0</text>") && section.contains(">guest 0</text>"), "vCPU and guest lanes");
        assertTrue(section.contains("class=\"violation\""), "the violation is marked");
        assertTrue(section.contains("irqfd_resampler_ack: signal resamplefds of"), section);
        assertTrue(html.contains("href=\"#s0-r1-no-lost-interrupt\""), "the matrix links to the trace");
        assertFalse(html.contains("<script"), "no scripts");
        assertFetchesNothing(html);
        long violations = r.rows().stream().flatMap(row -> r.scenario().properties().stream().map(row::verdict))
                .filter(v -> v.kind() == Verdict.Kind.VIOLATED).count();
        assertEquals(violations, count(html, "<section class=\"trace\""));
    }

    /**
     * The page loads nothing: no URL but the SVG namespace name (an identifier, never fetched), no
     * src attribute, stylesheet link or CSS import, every url() and href an anchor within the page.
     */
    static void assertFetchesNothing(String html) {
        String withoutNamespace = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
        Matcher url = Pattern.compile("(?i)(https?:|ftp:|file:|data:)?//[^\\s\"'<>]+").matcher(withoutNamespace);
        assertFalse(url.find(), () -> "a URL in the page: " + url.group());
        assertEquals(0, count(html, "(?i)\\ssrc\\s*="), "a src attribute");
        assertEquals(0, count(html, "(?i)<link|@import|url\\((?!#)"), "a stylesheet link, import or url() outside the page");
        assertEquals(count(html, "(?i)href\\s*="), count(html, "(?i)href=\"#"), "an href outside the page");
    }

    @Test
    void theFetchCheckCatchesEachWayOfLoading() throws Exception {
        String html = new HtmlReport().render(List.of(ackOrder()));
        assertFetchesNothing(html);
        String body = "<body>";
        for (String fetch : List.of("<img src=\"x.png\">", "<a href=\"https://example.org/\">x</a>",
                "<link rel=\"stylesheet\" href=\"s.css\">", "<style>@import 's.css';</style>",
                "<p style=\"background: url(x.png)\"></p>", "<a href=\"//example.org/x\">x</a>")) {
            String fetching = html.replace(body, body + fetch);
            assertTrue(fetching.contains(fetch), "the page has a body to insert into");
            org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> assertFetchesNothing(fetching), fetch);
        }
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
