package dev.irqcheck.specs.sweep;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.report.JsonLayout;
import dev.irqcheck.specs.report.JsonReportWriter;
import dev.irqcheck.specs.scenario.Axis;
import dev.irqcheck.specs.scenario.Combination;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep as data: {@code {"format": "irqcheck-sweep", "version": 2, "bounds": {...}, "shard":
 * {"index", "of"}, "skipped": {reason: count}, "configurations": [{"index", "shape", "design",
 * "description", "features", "states", "verdicts": {property: verdict}}], "smallest_breaking":
 * {property: {"index", "trace": ITF}}}}. The bounds are complete (every option that changes what
 * is enumerated or how it is checked), so {@code sweep-merge} can re-enumerate and check that
 * shards belong together. {@code shard} is present only in a shard's file. A design lists the
 * variants it sets by name; the kernel is listed only when named ({@link SweepBounds#design}
 * puts a sweep on {@link SweepBounds#SWEEP_KERNEL} otherwise). Jackson's generator writes the
 * tokens (and escapes every string); {@link JsonLayout} keeps one configuration per line.
 */
public final class SweepJson {
    private static final JsonLayout LAYOUT = new JsonLayout(Map.of(
            "configurations", new JsonLayout.Broken(" ", true),
            "smallest_breaking", new JsonLayout.Broken(" ", true)));

    /** The bounds and search limit, as written in every sweep file; shards of one sweep agree on it. */
    public static String bounds(SweepBounds b, long maxStates) {
        return LAYOUT.value(g -> bounds(g, b, maxStates));
    }

    private static void bounds(JsonGenerator g, SweepBounds b, long maxStates) throws IOException {
        g.writeStartObject();
        g.writeNumberField("devices", b.maxDevices());
        g.writeNumberField("gsis", b.maxGsis());
        g.writeNumberField("spis", b.maxSpis());
        g.writeArrayFieldStart("vcpus");
        g.writeNumber(b.minVcpus());
        g.writeNumber(b.maxVcpus());
        g.writeEndArray();
        g.writeNumberField("raises", b.raises());
        list(g, "triggers", b.triggers());
        list(g, "level_handlers", b.levelHandlers());
        list(g, "irqfd_kinds", b.irqfdKinds());
        list(g, "spi_configs", b.spiConfigs());
        list(g, "drivers", b.guestDrivers());
        g.writeNumberField("retargets", b.maxRetargets());
        g.writeNumberField("distributor_writes", b.maxDistributorWrites());
        g.writeArrayFieldStart("designs");
        for (Combination c : b.designs()) {
            g.writeStartObject();
            for (Map.Entry<Axis, Enum<?>> e : c.values().entrySet()) {
                // Only the named variants: the sweep's own kernel is implied, as in the labels.
                if (c.varied().contains(e.getKey())) {
                    g.writeStringField(e.getKey().key(), SweepConfig.kebab(e.getValue()));
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("max_states", maxStates);
        // Only when not arm64 alone, so arm64 sweep files are unchanged.
        if (!b.arches().equals(List.of(dev.irqcheck.model.irqchip.Arch.ARM64))) {
            list(g, "arches", b.arches());
        }
        g.writeEndObject();
    }

    /** @param shard the shard this file holds, or null for a whole sweep (or a merge of shards) */
    public String write(SweepBounds b, long maxStates, Shard shard, SweepSummary s) {
        return LAYOUT.document("irqcheck-sweep", 2, g -> {
            g.writeFieldName("bounds");
            bounds(g, b, maxStates);
            if (shard != null) {
                g.writeObjectFieldStart("shard");
                g.writeNumberField("index", shard.index());
                g.writeNumberField("of", shard.of());
                g.writeEndObject();
            }
            g.writeObjectFieldStart("skipped");
            for (Map.Entry<ConfigurationEnumerator.Skip, Integer> e : s.enumeration().skipped().entrySet()) {
                g.writeNumberField(e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("configurations");
            for (SweepRunner.Outcome c : s.checked()) {
                configuration(g, c);
            }
            g.writeEndArray();
            g.writeObjectFieldStart("smallest_breaking");
            for (Map.Entry<PropertyId, SweepRunner.Checked> e : s.smallestBreaking().entrySet()) {
                g.writeObjectFieldStart(e.getKey().id());
                g.writeNumberField("index", e.getValue().index());
                g.writeFieldName("trace");
                JsonReportWriter.itf(g, e.getValue().trace(e.getKey()).orElseThrow());
                g.writeEndObject();
            }
            g.writeEndObject();
        });
    }

    private static void configuration(JsonGenerator g, SweepRunner.Outcome c) throws IOException {
        g.writeStartObject();
        g.writeNumberField("index", c.index());
        g.writeStringField("shape", c.config().shape());
        g.writeStringField("design", c.config().design().label());
        g.writeStringField("description", c.config().describe());
        g.writeArrayFieldStart("features");
        for (SweepConfig.Feature f : c.config().features()) {
            g.writeString(f.label());
        }
        g.writeEndArray();
        g.writeNumberField("states", c.states());
        g.writeObjectFieldStart("verdicts");
        for (PropertyId p : SweepRunner.PROPERTIES) {
            g.writeStringField(p.id(), c.verdicts().get(p).name().toLowerCase(Locale.ROOT));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void list(JsonGenerator g, String field, List<? extends Enum<?>> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (Enum<?> v : values) {
            g.writeString(SweepConfig.kebab(v));
        }
        g.writeEndArray();
    }
}
