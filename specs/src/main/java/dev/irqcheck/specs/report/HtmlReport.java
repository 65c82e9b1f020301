package dev.irqcheck.specs.report;

import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained HTML page for a design review: per scenario, the verdict matrix (one row per
 * variant combination, one column per property, unexpected verdicts marked), and each
 * violation's sequence diagram and text trace one click away. No scripts, no network.
 */
public final class HtmlReport {
    private final SequenceDiagramRenderer diagrams = new SequenceDiagramRenderer();
    private final TextTraceRenderer text = new TextTraceRenderer();

    public String render(List<ScenarioResult> results) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>irqcheck report</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
                .append("td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px}th{background:#f3f3f3}")
                .append("td.holds{background:#e6f4e6}td.violated{background:#fbe3d6}td.unexpected{outline:3px solid #c00;font-weight:bold}")
                .append("td.inconclusive{background:#eee}pre{background:#f8f8f8;padding:8px;font-size:12px;overflow:auto}")
                .append("section.trace{border-top:1px solid #ddd;margin-top:2em}.def{color:#555;font-size:13px}\n")
                .append("</style></head><body>\n<h1>irqcheck report</h1>\n");
        long ok = results.stream().filter(ScenarioResult::allAsExpected).count();
        h.append("<p class=\"summary\">").append(ok).append(" of ").append(results.size())
                .append(" scenarios as expected. A cell with a red outline is not the verdict the scenario expects; "
                        + "a violated cell links to its counterexample.</p>\n");
        for (int s = 0; s < results.size(); s++) {
            scenario(h, s, results.get(s));
        }
        return h.append("</body></html>\n").toString();
    }

    private void scenario(StringBuilder h, int s, ScenarioResult r) {
        h.append("<h2>").append(esc(r.scenario().name())).append("</h2>\n<p><code>")
                .append(esc(r.scenario().file().toString())).append("</code></p>\n");
        if (!r.scenario().description().isEmpty()) {
            h.append("<p>").append(esc(r.scenario().description())).append("</p>\n");
        }
        h.append("<table class=\"matrix\"><tr><th>combination</th>");
        for (ScenarioProperty p : r.scenario().properties()) {
            h.append("<th title=\"").append(esc(p.definition())).append("\">").append(p.id()).append("</th>");
        }
        h.append("<th>states</th><th>transitions</th></tr>\n");
        for (int row = 0; row < r.rows().size(); row++) {
            CombinationResult c = r.rows().get(row);
            h.append("<tr><td>").append(esc(c.combination().label())).append("</td>");
            for (ScenarioProperty p : r.scenario().properties()) {
                Verdict v = c.verdict(p);
                String kind = v.kind().name().toLowerCase(Locale.ROOT);
                h.append("<td class=\"").append(kind).append(c.asExpected(p) ? "" : " unexpected").append("\">");
                if (v.kind() == Verdict.Kind.VIOLATED) {
                    h.append("<a href=\"#").append(anchor(s, row, p)).append("\">violated</a>");
                } else {
                    h.append(kind);
                }
                if (!c.asExpected(p)) {
                    h.append(" (expected ").append(c.expected().get(p).name().toLowerCase(Locale.ROOT)).append(")");
                }
                h.append("</td>");
            }
            SearchStats st = c.report().stats();
            h.append("<td>").append(st.distinctStates()).append("</td><td>").append(st.transitions()).append("</td></tr>\n");
        }
        h.append("</table>\n");
        for (CombinationResult c : r.rows()) {
            c.report().bitstate().ifPresent(b -> h.append("<p class=\"bitstate\">").append(esc(c.combination().label()))
                    .append(": ").append(esc(b.describe())).append("</p>\n"));
        }
        for (int row = 0; row < r.rows().size(); row++) {
            CombinationResult c = r.rows().get(row);
            for (ScenarioProperty p : r.scenario().properties()) {
                Verdict v = c.verdict(p);
                if (v.kind() != Verdict.Kind.VIOLATED) {
                    continue;
                }
                h.append("<section class=\"trace\" id=\"").append(anchor(s, row, p)).append("\"><h3>")
                        .append(esc(p.id())).append(" violated in ").append(esc(c.combination().label()))
                        .append(c.asExpected(p) ? " (as expected)" : " (NOT expected)").append("</h3>\n<p class=\"def\">")
                        .append(esc(p.definition())).append("</p>\n");
                h.append(diagrams.render(v.trace().orElseThrow(), c.model(), p.id() + " violated"));
                h.append("<details><summary>text trace</summary><pre>")
                        .append(esc(text.render(v.trace().orElseThrow(), ""))).append("</pre></details></section>\n");
            }
        }
    }

    private static String anchor(int s, int row, ScenarioProperty p) {
        return "s" + s + "-r" + row + "-" + p.id();
    }

    private static String esc(String s) {
        return SequenceDiagramRenderer.esc(s);
    }
}
