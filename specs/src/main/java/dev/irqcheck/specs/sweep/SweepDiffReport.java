package dev.irqcheck.specs.sweep;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.report.DiagramView;
import dev.irqcheck.specs.report.JsonLayout;
import dev.irqcheck.specs.report.JsonReportWriter;
import dev.irqcheck.specs.report.Templates;
import dev.irqcheck.specs.report.TextTraceRenderer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A design diff as text, JSON ({@code "format": "irqcheck-sweep-diff"}, written by Jackson's generator)
 * and an HTML page ({@code diff.jte}, escaped by construction).
 */
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

    private static final JsonLayout LAYOUT = new JsonLayout(Map.of(
            "a_breaks_b_fixes", new JsonLayout.Broken("  ", false),
            "b_breaks_a_fixes", new JsonLayout.Broken("  ", false)));

    /**
     * {@code {"format": "irqcheck-sweep-diff", "version": 1, "axis", "a", "b", "compared",
     * "a_breaks_b_fixes": [group], "b_breaks_a_fixes": [group]}}, one group per line: {@code
     * {"class", "properties", "configurations": [{"index", "description", "properties"}],
     * "smallest": {"index", "description", "property", "trace": ITF}}}.
     */
    public String json() {
        return LAYOUT.document("irqcheck-sweep-diff", g -> {
            g.writeStringField("axis", d.axis().key());
            g.writeStringField("a", SweepConfig.kebab(d.a()));
            g.writeStringField("b", SweepConfig.kebab(d.b()));
            g.writeNumberField("compared", d.compared());
            g.writeFieldName("a_breaks_b_fixes");
            groupsJson(g, d.aBreaks(), true);
            g.writeFieldName("b_breaks_a_fixes");
            groupsJson(g, d.bBreaks(), false);
        });
    }

    private static void groupsJson(JsonGenerator g, List<SweepDiff.Group> groups, boolean aSide) throws IOException {
        g.writeStartArray();
        for (SweepDiff.Group group : groups) {
            g.writeStartObject();
            g.writeStringField("class", group.classLabel());
            ids(g, "properties", group.broken());
            g.writeArrayFieldStart("configurations");
            for (SweepDiff.Pair p : group.pairs()) {
                SweepRunner.Outcome breaking = aSide ? p.underA() : p.underB();
                g.writeStartObject();
                g.writeNumberField("index", breaking.index());
                g.writeStringField("description", breaking.config().describe());
                ids(g, "properties", aSide ? p.brokenOnlyUnderA() : p.brokenOnlyUnderB());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("smallest");
            g.writeNumberField("index", group.smallest().index());
            g.writeStringField("description", group.smallest().config().describe());
            g.writeStringField("property", group.shown().id());
            g.writeFieldName("trace");
            JsonReportWriter.itf(g, group.smallest().trace(group.shown()).orElseThrow());
            g.writeEndObject();
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void ids(JsonGenerator g, String field, java.util.Collection<PropertyId> ps) throws IOException {
        g.writeArrayFieldStart(field);
        for (PropertyId p : ps) {
            g.writeString(p.id());
        }
        g.writeEndArray();
    }

    /** What {@code diff.jte} shows: plain values, escaped by the template wherever they land. */
    public record View(String a, String b, int compared, List<SideView> sides) {
    }

    public record SideView(String breaking, String fixing, int count, List<GroupView> groups) {
    }

    public record GroupView(String classLabel, int configurations, String properties, String smallest,
                            DiagramView diagram, String text) {
    }

    public String html() {
        return Templates.render("diff.jte", new View(sideA(), sideB(), d.compared(),
                List.of(htmlSide(sideA(), sideB(), d.aBreaks()), htmlSide(sideB(), sideA(), d.bBreaks()))));
    }

    private SideView htmlSide(String breaking, String fixing, List<SweepDiff.Group> groups) {
        List<GroupView> views = new java.util.ArrayList<>();
        for (SweepDiff.Group g : groups) {
            var trace = g.smallest().trace(g.shown()).orElseThrow();
            views.add(new GroupView(g.classLabel(), g.pairs().size(), ids(g.broken()), g.smallest().config().describe(),
                    DiagramView.of(trace, g.smallest().model(), g.shown().id() + " violated under " + breaking),
                    new TextTraceRenderer().render(trace, "")));
        }
        return new SideView(breaking, fixing, d.count(groups), views);
    }
}
