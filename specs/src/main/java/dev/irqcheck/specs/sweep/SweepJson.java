package dev.irqcheck.specs.sweep;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.report.JsonReportWriter;
import java.util.Locale;
import java.util.Map;

/**
 * A sweep as data: {@code {"format": "irqcheck-sweep", "version": 1, "bounds": {...}, "skipped":
 * {reason: count}, "configurations": [{"index", "description", "features", "states", "verdicts":
 * {property: verdict}}], "classes": [...], "smallest_breaking": {property: {"index", "trace": ITF}}}}.
 */
public final class SweepJson {

    public String write(SweepBounds b, SweepSummary s) {
        StringBuilder j = new StringBuilder("{\"format\": \"irqcheck-sweep\", \"version\": 1, \"bounds\": {");
        j.append("\"devices\": ").append(b.maxDevices()).append(", \"gsis\": ").append(b.maxGsis())
                .append(", \"spis\": ").append(b.maxSpis()).append(", \"vcpus\": ").append(b.vcpus()).append("}, \"skipped\": {");
        boolean first = true;
        for (Map.Entry<ConfigurationEnumerator.Skip, Integer> e : s.enumeration().skipped().entrySet()) {
            j.append(first ? "" : ", ").append(str(e.getKey().name().toLowerCase(Locale.ROOT))).append(": ").append(e.getValue());
            first = false;
        }
        j.append("}, \"configurations\": [");
        for (int i = 0; i < s.checked().size(); i++) {
            SweepRunner.Checked c = s.checked().get(i);
            j.append(i > 0 ? "," : "").append("\n {\"index\": ").append(c.index()).append(", \"description\": ")
                    .append(str(c.config().describe())).append(", \"features\": [");
            boolean f0 = true;
            for (SweepConfig.Feature f : c.config().features()) {
                j.append(f0 ? "" : ", ").append(str(f.label()));
                f0 = false;
            }
            j.append("], \"states\": ").append(c.report().stats().distinctStates()).append(", \"verdicts\": {");
            boolean p0 = true;
            for (PropertyId p : SweepRunner.PROPERTIES) {
                Verdict v = c.report().verdictOf(p.id());
                j.append(p0 ? "" : ", ").append(str(p.id())).append(": ").append(str(v.kind().name().toLowerCase(Locale.ROOT)));
                p0 = false;
            }
            j.append("}}");
        }
        j.append("\n], \"smallest_breaking\": {");
        boolean s0 = true;
        for (Map.Entry<PropertyId, SweepRunner.Checked> e : s.smallestBreaking().entrySet()) {
            j.append(s0 ? "" : ",").append("\n ").append(str(e.getKey().id())).append(": {\"index\": ")
                    .append(e.getValue().index()).append(", \"trace\": ");
            new JsonReportWriter().itf(j, e.getValue().report().verdictOf(e.getKey().id()).trace().orElseThrow());
            j.append('}');
            s0 = false;
        }
        return j.append("\n}}\n").toString();
    }

    private static String str(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
