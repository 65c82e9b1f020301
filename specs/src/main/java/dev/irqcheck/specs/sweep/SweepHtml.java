package dev.irqcheck.specs.sweep;

import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.report.SequenceDiagramRenderer;
import dev.irqcheck.specs.report.TextTraceRenderer;
import java.util.List;

/** A sweep as an HTML page: the class table and, per property, the smallest breaking configuration's diagram. */
public final class SweepHtml {

    public String render(SweepSummary s) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>irqcheck sweep</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;")
                .append("padding:4px 8px;font-size:13px}td.bad{background:#fbe3d6}td.ok{background:#e6f4e6}pre{background:#f8f8f8;padding:8px;font-size:12px}")
                .append("</style></head><body><h1>irqcheck sweep</h1>\n<p>").append(s.checked().size())
                .append(" configurations checked, ").append(s.safeCount()).append(" hold every property.</p>\n<table><tr><th>configurations with</th><th>count</th><th>safe</th>");
        for (PropertyId p : SweepRunner.PROPERTIES) {
            h.append("<th>").append(p.id()).append("</th>");
        }
        h.append("</tr>\n");
        for (SweepSummary.ClassRow row : s.classes().values()) {
            h.append("<tr><td>").append(esc(row.label())).append("</td><td>").append(row.configurations())
                    .append("</td><td>").append(row.safe()).append("</td>");
            for (PropertyId p : SweepRunner.PROPERTIES) {
                int n = row.breaking().getOrDefault(p, 0);
                h.append("<td class=\"").append(n == 0 ? "ok" : "bad").append("\">");
                if (n > 0 && s.smallestBreaking().containsKey(p)) {
                    h.append("<a href=\"#").append(p.id()).append("\">").append(n).append("</a>");
                } else {
                    h.append(n == 0 ? "-" : String.valueOf(n));
                }
                h.append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</table>\n");
        for (PropertyId p : SweepRunner.PROPERTIES) {
            SweepRunner.Checked c = s.smallestBreaking().get(p);
            if (c == null) {
                continue;
            }
            var trace = c.trace(p).orElseThrow();
            h.append("<section id=\"").append(p.id()).append("\"><h2>").append(p.id()).append(": smallest breaking configuration</h2><p>")
                    .append(esc(c.config().describe())).append("</p>\n")
                    .append(new SequenceDiagramRenderer().render(trace, c.model(), p.id() + " violated"))
                    .append("<details><summary>text trace</summary><pre>").append(esc(new TextTraceRenderer().render(trace, "")))
                    .append("</pre></details><details><summary>as a scenario file</summary><pre>")
                    .append(esc(ScenarioExport.yaml(List.of(c.outcome())))).append("</pre></details></section>\n");
        }
        return h.append("</body></html>\n").toString();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
