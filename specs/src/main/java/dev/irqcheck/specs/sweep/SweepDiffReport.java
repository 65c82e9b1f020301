package dev.irqcheck.specs.sweep;

import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.report.JsonReportWriter;
import dev.irqcheck.specs.report.SequenceDiagramRenderer;
import dev.irqcheck.specs.report.TextTraceRenderer;
import java.util.List;
import java.util.StringJoiner;

/** A design diff as text, JSON ({@code "format": "irqcheck-sweep-diff"}) and an HTML page. */
public final class SweepDiffReport {
    private final SweepDiff d;

    public SweepDiffReport(SweepDiff d) {
        this.d = d;
    }

    private String sideA() {
        return d.axis().key() + "=" + SweepConfig.kebab(d.a());
    }

    private String sideB() {
        return d.axis().key() + "=" + SweepConfig.kebab(d.b());
    }

    private static String ids(java.util.Set<PropertyId> ps) {
        StringJoiner j = new StringJoiner(", ");
        ps.forEach(p -> j.add(p.id()));
        return j.toString();
    }

    public String text() {
        StringBuilder t = new StringBuilder("Design diff over ").append(d.compared()).append(" configurations: ")
                .append(sideA()).append(" against ").append(sideB()).append('\n');
        side(t, sideA(), sideB(), d.aBreaks());
        side(t, sideB(), sideA(), d.bBreaks());
        return t.toString();
    }

    private void side(StringBuilder t, String breaking, String fixing, List<SweepDiff.Group> groups) {
        t.append('\n').append(breaking).append(" breaks, ").append(fixing).append(" fixes: ").append(d.count(groups))
                .append(" configuration").append(d.count(groups) == 1 ? "" : "s").append(groups.isEmpty() ? "\n" : ", by feature class:\n");
        for (SweepDiff.Group g : groups) {
            t.append("  ").append(g.classLabel()).append(": ").append(g.pairs().size()).append(" (").append(ids(g.broken())).append(")\n")
                    .append("    smallest: ").append(g.smallest().config().describe()).append('\n')
                    .append("    ").append(g.shown().id()).append(" violated under ").append(breaking).append(":\n")
                    .append(new TextTraceRenderer().render(g.smallest().trace(g.shown()).orElseThrow(), "      "));
        }
    }

    public String json() {
        StringBuilder j = new StringBuilder("{\"format\": \"irqcheck-sweep-diff\", \"version\": 1, \"axis\": ")
                .append(SweepJson.str(d.axis().key())).append(", \"a\": ").append(SweepJson.str(SweepConfig.kebab(d.a())))
                .append(", \"b\": ").append(SweepJson.str(SweepConfig.kebab(d.b()))).append(", \"compared\": ").append(d.compared())
                .append(",\n \"a_breaks_b_fixes\": ");
        groupsJson(j, d.aBreaks(), true);
        j.append(",\n \"b_breaks_a_fixes\": ");
        groupsJson(j, d.bBreaks(), false);
        return j.append("}\n").toString();
    }

    private void groupsJson(StringBuilder j, List<SweepDiff.Group> groups, boolean aSide) {
        j.append('[');
        for (int i = 0; i < groups.size(); i++) {
            SweepDiff.Group g = groups.get(i);
            j.append(i > 0 ? "," : "").append("\n  {\"class\": ").append(SweepJson.str(g.classLabel())).append(", \"properties\": [");
            StringJoiner ps = new StringJoiner(", ");
            g.broken().forEach(p -> ps.add(SweepJson.str(p.id())));
            j.append(ps).append("], \"configurations\": [");
            StringJoiner cs = new StringJoiner(", ");
            for (SweepDiff.Pair p : g.pairs()) {
                SweepRunner.Outcome breaking = aSide ? p.underA() : p.underB();
                StringJoiner props = new StringJoiner(", ");
                (aSide ? p.brokenOnlyUnderA() : p.brokenOnlyUnderB()).forEach(x -> props.add(SweepJson.str(x.id())));
                cs.add("{\"index\": " + breaking.index() + ", \"description\": " + SweepJson.str(breaking.config().describe())
                        + ", \"properties\": [" + props + "]}");
            }
            j.append(cs).append("],\n   \"smallest\": {\"index\": ").append(g.smallest().index()).append(", \"description\": ")
                    .append(SweepJson.str(g.smallest().config().describe())).append(", \"property\": ")
                    .append(SweepJson.str(g.shown().id())).append(", \"trace\": ");
            new JsonReportWriter().itf(j, g.smallest().trace(g.shown()).orElseThrow());
            j.append("}}");
        }
        j.append(']');
    }

    public String html() {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>irqcheck design diff</title>")
                .append("<style>body{font-family:sans-serif;margin:2em}pre{background:#f8f8f8;padding:8px;font-size:12px}</style></head><body>")
                .append("<h1>Design diff: ").append(esc(sideA())).append(" against ").append(esc(sideB())).append("</h1>\n<p>")
                .append(d.compared()).append(" configurations compared.</p>\n");
        htmlSide(h, sideA(), sideB(), d.aBreaks());
        htmlSide(h, sideB(), sideA(), d.bBreaks());
        return h.append("</body></html>\n").toString();
    }

    private void htmlSide(StringBuilder h, String breaking, String fixing, List<SweepDiff.Group> groups) {
        h.append("<h2>").append(esc(breaking)).append(" breaks, ").append(esc(fixing)).append(" fixes: ")
                .append(d.count(groups)).append("</h2>\n");
        for (SweepDiff.Group g : groups) {
            var trace = g.smallest().trace(g.shown()).orElseThrow();
            h.append("<section><h3>").append(esc(g.classLabel())).append(": ").append(g.pairs().size()).append(" (")
                    .append(esc(ids(g.broken()))).append(")</h3><p>smallest: ").append(esc(g.smallest().config().describe()))
                    .append("</p>\n").append(new SequenceDiagramRenderer().render(trace, g.smallest().model(),
                            g.shown().id() + " violated under " + breaking))
                    .append("<details><summary>text trace</summary><pre>").append(esc(new TextTraceRenderer().render(trace, "")))
                    .append("</pre></details></section>\n");
        }
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
