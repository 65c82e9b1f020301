package dev.irqcheck.specs.sweep;

import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.report.JsonReportWriter;
import dev.irqcheck.specs.scenario.Combination;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A sweep as data: {@code {"format": "irqcheck-sweep", "version": 2, "bounds": {...}, "shard":
 * {"index", "of"}, "skipped": {reason: count}, "configurations": [{"index", "shape", "design",
 * "description", "features", "states", "verdicts": {property: verdict}}], "smallest_breaking":
 * {property: {"index", "trace": ITF}}}}. The bounds are complete (every option that changes what
 * is enumerated or how it is checked), so {@code sweep-merge} can re-enumerate and check that
 * shards belong together. {@code shard} is present only in a shard's file.
 */
public final class SweepJson {

    /** The bounds and search limit, as written in every sweep file; shards of one sweep agree on it. */
    public static String bounds(SweepBounds b, long maxStates) {
        StringJoiner designs = new StringJoiner(", ", "[", "]");
        for (Combination c : b.designs()) {
            StringJoiner one = new StringJoiner(", ", "{", "}");
            c.values().forEach((axis, value) -> one.add(str(axis.key()) + ": " + str(SweepConfig.kebab(value))));
            designs.add(one.toString());
        }
        return "{\"devices\": " + b.maxDevices() + ", \"gsis\": " + b.maxGsis() + ", \"spis\": " + b.maxSpis()
                + ", \"vcpus\": [" + b.minVcpus() + ", " + b.maxVcpus() + "], \"raises\": " + b.raises()
                + ", \"triggers\": " + list(b.triggers()) + ", \"level_handlers\": " + list(b.levelHandlers())
                + ", \"irqfd_kinds\": " + list(b.irqfdKinds()) + ", \"spi_configs\": " + list(b.spiConfigs())
                + ", \"drivers\": " + list(b.guestDrivers()) + ", \"retargets\": " + b.maxRetargets()
                + ", \"distributor_writes\": " + b.maxDistributorWrites() + ", \"designs\": " + designs
                + ", \"max_states\": " + maxStates + "}";
    }

    /** @param shard the shard this file holds, or null for a whole sweep (or a merge of shards) */
    public String write(SweepBounds b, long maxStates, Shard shard, SweepSummary s) {
        StringBuilder j = new StringBuilder("{\"format\": \"irqcheck-sweep\", \"version\": 2, \"bounds\": ")
                .append(bounds(b, maxStates));
        if (shard != null) {
            j.append(", \"shard\": {\"index\": ").append(shard.index()).append(", \"of\": ").append(shard.of()).append('}');
        }
        j.append(", \"skipped\": {");
        boolean first = true;
        for (Map.Entry<ConfigurationEnumerator.Skip, Integer> e : s.enumeration().skipped().entrySet()) {
            j.append(first ? "" : ", ").append(str(e.getKey().name().toLowerCase(Locale.ROOT))).append(": ").append(e.getValue());
            first = false;
        }
        j.append("}, \"configurations\": [");
        for (int i = 0; i < s.checked().size(); i++) {
            SweepRunner.Outcome c = s.checked().get(i);
            j.append(i > 0 ? "," : "").append("\n {\"index\": ").append(c.index())
                    .append(", \"shape\": ").append(str(c.config().shape()))
                    .append(", \"design\": ").append(str(c.config().design().label()))
                    .append(", \"description\": ").append(str(c.config().describe())).append(", \"features\": [");
            boolean f0 = true;
            for (SweepConfig.Feature f : c.config().features()) {
                j.append(f0 ? "" : ", ").append(str(f.label()));
                f0 = false;
            }
            j.append("], \"states\": ").append(c.states()).append(", \"verdicts\": {");
            boolean p0 = true;
            for (PropertyId p : SweepRunner.PROPERTIES) {
                j.append(p0 ? "" : ", ").append(str(p.id())).append(": ").append(str(c.verdicts().get(p).name().toLowerCase(Locale.ROOT)));
                p0 = false;
            }
            j.append("}}");
        }
        j.append("\n], \"smallest_breaking\": {");
        boolean s0 = true;
        for (Map.Entry<PropertyId, SweepRunner.Checked> e : s.smallestBreaking().entrySet()) {
            j.append(s0 ? "" : ",").append("\n ").append(str(e.getKey().id())).append(": {\"index\": ")
                    .append(e.getValue().index()).append(", \"trace\": ");
            new JsonReportWriter().itf(j, e.getValue().trace(e.getKey()).orElseThrow());
            j.append('}');
            s0 = false;
        }
        return j.append("\n}}\n").toString();
    }

    private static String list(List<? extends Enum<?>> values) {
        StringJoiner j = new StringJoiner(", ", "[", "]");
        values.forEach(v -> j.add(str(SweepConfig.kebab(v))));
        return j.toString();
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
