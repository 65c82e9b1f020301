package dev.irqcheck.specs.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.specs.api.ScenarioCheck;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report: the matrix links each violation to a sequence diagram with one row per step. */
class HtmlReportTest {

    static ScenarioResult run(String file) throws Exception {
        return new ScenarioRunner(SearchConfig.defaults().withThreads(1), SearchListener.SILENT)
                .run(new ScenarioParser().parse(Path.of(file)));
    }

    static ScenarioResult ackOrder() throws Exception {
        return run("scenarios/review/resampler-ack-order.yaml");
    }

    static int count(String haystack, String regex) {
        Matcher m = Pattern.compile(regex).matcher(haystack);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    static String sectionWith(String html, String id) {
        String section = html.substring(html.lastIndexOf("<section", html.indexOf("id=\"" + id + "\"")));
        return section.substring(0, section.indexOf("</section>"));
    }

    static List<String> lanes(String section) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<text class=\"lane\"[^>]*>(.*?)</text>").matcher(section);
        while (m.find()) {
            out.add(m.group(1).replaceAll("<[^>]+>", " ").replaceAll(" +", " ").strip());
        }
        return out;
    }

    /** A user invariant that two vCPUs and two devices break: the guest on vCPU 1 takes an interrupt. */
    static ScenarioCheck.Results twoVcpusTwoDevices() throws Exception {
        return ScenarioCheck.load(Path.of("scenarios/routing/two-vcpus-two-devices.yaml"))
                .withInvariant("vcpu-1-never-handles", "guest[1].handling_spi == -1")
                .withThreads(1).run();
    }

    @Test
    void eachViolationHasADiagramWithOneRowPerStepAndTheMatrixLinksToIt() throws Exception {
        ScenarioResult r = ackOrder();
        String html = new HtmlReport().render(List.of(r));
        Trace trace = r.rows().get(1).verdict(PropertyId.NO_LOST_INTERRUPT).trace().orElseThrow();
        String section = sectionWith(html, "s0-r1-no-lost-interrupt");
        assertEquals(trace.length(), count(section, "<g class=\"step\">"), "one row per step");
        assertTrue(section.contains(">VGIC</tspan>"), "a VGIC lane");
        assertTrue(section.contains(">resampler</tspan>") && section.contains(">eventfds</tspan>"), "eventfd and resampler lanes");
        assertTrue(section.contains(">vCPU 0</tspan>") && section.contains(">guest 0</tspan>"), "vCPU and guest lanes");
        // Since 5.9 irqfd_wakeup injects inline: the assert is drawn in the host handler's signal step.
        assertTrue(section.contains("eventfd_signal(trigger)"), "the host handler's signal step");
        assertTrue(section.contains("class=\"violation\""), "the violation is marked");
        assertTrue(section.contains("irqfd_resampler_ack: signal resamplefds"), section);
        assertTrue(html.contains("href=\"#s0-r1-no-lost-interrupt\""), "the matrix links to the trace");
        assertFalse(html.contains("<script"), "no scripts");
        assertFetchesNothing(html);
        // One section per distinct trace of each row (a trace shared by several properties is drawn once).
        long traces = r.rows().stream().mapToLong(row -> r.scenario().properties().stream().map(row::verdict)
                .filter(v -> v.kind() == Verdict.Kind.VIOLATED).map(v -> v.trace().orElseThrow().toString()).distinct().count())
                .sum();
        assertEquals(traces, count(html, "<section class=\"trace\""));
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
    void everyLinkHasItsTargetAndATraceBrokenByManyPropertiesIsDrawnOnce() throws Exception {
        ScenarioResult r = ackOrder();
        String html = new HtmlReport().render(List.of(r));
        Set<Trace> distinct = new HashSet<>();
        long violations = 0;
        for (var row : r.rows()) {
            for (var p : r.scenario().properties()) {
                Verdict v = row.verdict(p);
                if (v.kind() == Verdict.Kind.VIOLATED) {
                    violations++;
                    distinct.add(v.trace().orElseThrow());
                }
            }
        }
        assertTrue(distinct.size() < violations, "the scenario has properties sharing a trace");
        assertEquals(distinct.size(), count(html, "<section class=\"trace\""), "one section per distinct trace");
        Matcher links = Pattern.compile("href=\"#([^\"]+)\"").matcher(html);
        int n = 0;
        while (links.find()) {
            n++;
            assertTrue(html.contains("id=\"" + links.group(1) + "\""), "target of #" + links.group(1));
        }
        assertEquals(violations, n, "every violated cell links");
    }

    @Test
    void namesFromTheScenarioFileAreEscapedWherever(@TempDir Path dir) throws Exception {
        String hostile = "<img src=x onerror=alert(1)>\"'&";
        Path file = dir.resolve("hostile.yaml");
        Files.writeString(file, Files.readString(Path.of("scenarios/seed/platform-level-resample.yaml"))
                .replaceFirst("(?m)^name: .*$", "name: \"</title><script>alert(2)</script>\""));
        ScenarioCheck.Results r = ScenarioCheck.load(file)
                .withInvariant(hostile, "guest[0].handling_spi == -1").withThreads(1).run();
        assertEquals(Verdict.Kind.VIOLATED, r.verdict(hostile).kind());
        String html = new HtmlReport().render(List.of(r.result()));
        assertFalse(html.contains("<img"), "no raw tag from a property name");
        assertFalse(html.contains("<script"), "no raw tag from a scenario name");
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "the name is shown, escaped");
    }

    @Test
    void oneLanePerDeviceAKworkerLaneAndAnInvariantEndsInItsLastState() throws Exception {
        ScenarioCheck.Results r = twoVcpusTwoDevices();
        String html = new HtmlReport().render(List.of(r.result()));
        Verdict v = r.verdict("vcpu-1-never-handles");
        assertEquals(Verdict.Kind.VIOLATED, v.kind());
        String section = sectionWith(html, "s0-r0-vcpu-1-never-handles");
        assertEquals(List.of("device nic", "device disk", "host / VFIO", "eventfds", "kworker", "KVM irqfd", "resampler",
                "VMM (userspace)", "VGIC distributor", "vCPU 0", "guest 0", "vCPU 1", "guest 1"), lanes(section));
        assertTrue(section.contains("vcpu-1-never-handles violated in the last state"), "not a quiescent state");
        assertFalse(section.contains("nothing can move"), section);
    }

    @Test
    void onX86TheInterruptControllerLaneIsNamedAfterTheChipThatDelivers() throws Exception {
        for (var c : List.of(List.of("scenarios/x86/oneshot-2022.yaml", "IOAPIC (PIC masked)"),
                List.of("scenarios/x86/gsi5-both-chips-pic-unmasked.yaml", "8259 PIC (IOAPIC masked)"))) {
            String html = new HtmlReport().render(List.of(run(c.get(0))));
            assertTrue(html.contains("<svg "), c + ": a counterexample is drawn");
            String diagram = html.substring(html.indexOf("<svg "));
            List<String> lanes = lanes(diagram.substring(0, diagram.indexOf("</svg>")));
            assertTrue(lanes.contains(c.get(1)), c + ": " + lanes);
            assertFalse(lanes.contains("VGIC distributor"), c + ": " + lanes);
        }
    }

    @Test
    void aWriteThatChangesNoOtherLaneSaysSo() throws Exception {
        // Step 13 of the ack-order trace: the host handler's signal while line_level is already 1
        // (vgic_validate_injection rejects it), so only the handler's own state changes.
        String html = new HtmlReport().render(List.of(run("scenarios/review/resampler-ack-order.yaml")));
        String section = sectionWith(html, "s0-r1-no-lost-interrupt");
        String step = section.substring(section.lastIndexOf("<g class=\"step\">",
                section.indexOf("13. vfio_automasked_irq_handler: eventfd_signal(trigger)")));
        step = step.substring(0, step.indexOf("</g>"));
        assertTrue(step.matches("(?s).*<tspan[^>]*class=\"note\"[^>]*>\\s*\\(changes only host / VFIO\\)</tspan>.*"), step);
        assertTrue(step.contains("class=\"self\""), "drawn as a loop at its own lane: " + step);
    }


    @Test
    void theSweepPageUsesTheSameDiagrams(@TempDir Path dir) throws Exception {
        Path page = dir.resolve("sweep.html");
        int exit = dev.irqcheck.specs.cli.Main.run(new String[] {"sweep", "--devices", "1", "--gsis", "1", "--spis", "1",
                "--raises", "1", "--threads", "1", "--report", page.toString()},
                new java.io.PrintWriter(new java.io.StringWriter(), true), new java.io.PrintWriter(new java.io.StringWriter(), true));
        assertEquals(0, exit);
        String html = Files.readString(page);
        assertTrue(count(html, "<section id=") > 0, "a smallest breaking configuration per property");
        assertEquals(count(html, "<section id="), count(html, "<svg "), "one diagram each");
        String section = html.substring(html.indexOf("<section id="));
        assertEquals(List.of("device d0", "host / VFIO", "eventfds", "kworker", "KVM irqfd", "resampler",
                "VMM (userspace)", "VGIC distributor", "vCPU 0", "guest 0"), lanes(section.substring(0, section.indexOf("</svg>"))));
    }

    /**
     * In Chromium at 1400 px: the two-vCPU diagram has its 13 lanes, and no text leaves the
     * window, the SVG, or its column (step labels left of the first lane, lane headers within their lane).
     */
    @Test
    void chromiumShowsEveryLaneAndClipsNoTextAt1400Pixels(@TempDir Path dir) throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assumeTrue(Files.isExecutable(chromium), "Debian's chromium package is not installed");
        String html = new HtmlReport().render(List.of(twoVcpusTwoDevices().result(), ackOrder()));
        // The report has no script; the test adds one that measures and writes its findings into the page.
        String measure = """
                <script>
                const out = [];
                let lanes = [];
                const vw = 1400;
                for (const svg of document.querySelectorAll('svg.sequence')) {
                  const box = svg.getBoundingClientRect();
                  const laneXs = [...svg.querySelectorAll('text.lane')].map(t => t.getBoundingClientRect());
                  lanes.push(laneXs.length);
                  const firstLaneLeft = Math.min(...laneXs.map(r => r.left));
                  for (const t of svg.querySelectorAll('text')) {
                    const r = t.getBoundingClientRect();
                    if (r.right > vw || r.left < 0) out.push('outside the window: ' + t.textContent);
                    if (r.right > box.right + 0.5 || r.left < box.left - 0.5) out.push('outside the svg: ' + t.textContent);
                    if (t.classList.contains('rule') && r.right > firstLaneLeft) out.push('label runs into the lanes: ' + t.textContent);
                  }
                  const xs = [...svg.querySelectorAll('text.lane')].map(t => Number(t.getAttribute('x')));
                  const half = xs.length > 1 ? (xs[1] - xs[0]) / 2 : 1e9;
                  for (const t of svg.querySelectorAll('text.lane')) {
                    const r = t.getBoundingClientRect();
                    const centre = box.left + Number(t.getAttribute('x'));
                    if (r.left < centre - half || r.right > centre + half) out.push('lane header wider than its lane: ' + t.textContent);
                  }
                }
                document.body.insertAdjacentHTML('beforeend', '<pre id="measured">lanes=' + lanes.join(',') + '\\n' + out.join('\\n') + '</pre>');
                </script>
                """;
        Path page = dir.resolve("report.html");
        Files.writeString(page, html.replace("</body>", measure + "</body>"));
        List<String> flags = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1200", "--user-data-dir=" + dir.resolve("profile"));
        List<String> command = new ArrayList<>(List.of(chromium.toString()));
        command.addAll(flags);
        command.addAll(List.of("--dump-dom", page.toUri().toString()));
        Process dump = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(dump.waitFor(60, TimeUnit.SECONDS), "chromium did not finish");
        Matcher m = Pattern.compile("<pre id=\"measured\">lanes=([0-9,]*)\\n(.*?)</pre>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "the measuring script ran");
        assertTrue(m.group(1).startsWith("13,"), "13 lanes for two devices and two vCPUs: " + m.group(1));
        assertEquals("", m.group(2).strip(), "clipped text");
    }
}
