package dev.irqcheck.specs.sweep;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.report.JsonLayout;
import dev.irqcheck.specs.report.JsonReportWriter;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep as data: {@code {"format": "irqcheck-sweep", "version": 1, "bounds": {...}, "skipped":
 * {reason: count}, "configurations": [{"index", "description", "features", "states", "verdicts":
 * {property: verdict}}], "classes": [...], "smallest_breaking": {property: {"index", "trace": ITF}}}}.
 */
public final class SweepJson {
    private static final JsonLayout LAYOUT = new JsonLayout(Map.of(
            "configurations", new JsonLayout.Broken(" ", true),
            "smallest_breaking", new JsonLayout.Broken(" ", true)));

    public String write(SweepBounds b, SweepSummary s) {
        return LAYOUT.document("irqcheck-sweep", g -> {
            g.writeObjectFieldStart("bounds");
            g.writeNumberField("devices", b.maxDevices());
            g.writeNumberField("gsis", b.maxGsis());
            g.writeNumberField("spis", b.maxSpis());
            g.writeNumberField("vcpus", b.vcpus());
            g.writeEndObject();
            g.writeObjectFieldStart("skipped");
            for (Map.Entry<ConfigurationEnumerator.Skip, Integer> e : s.enumeration().skipped().entrySet()) {
                g.writeNumberField(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("configurations");
            for (SweepRunner.Checked c : s.checked()) {
                configuration(g, c);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("smallest_breaking");
            for (Map.Entry<PropertyId, SweepRunner.Checked> e : s.smallestBreaking().entrySet()) {
                g.writeObjectFieldStart(e.getKey().id());
                g.writeNumberField("index", e.getValue().index());
                g.writeFieldName("trace");
                JsonReportWriter.itf(g, e.getValue().report().verdictOf(e.getKey().id()).trace().orElseThrow());
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    private static void configuration(JsonGenerator g, SweepRunner.Checked c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", c.index());
        g.writeStringField("description", c.config().describe());
        g.writeArrayFieldStart("features");
        for (SweepConfig.Feature f : c.config().features()) {
            g.writeString(f.label());
        }
        g.writeEndArray();
        g.writeNumberField("states", c.report().stats().distinctStates());
        g.writeObjectFieldStart("verdicts");
        for (PropertyId p : SweepRunner.PROPERTIES) {
            g.writeStringField(p.id(), c.report().verdictOf(p.id()).kind().name().toLowerCase(Locale.ROOT));
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
