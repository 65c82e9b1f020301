package dev.irqcheck.specs.report;

import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import java.util.List;
import java.util.Locale;

/**
 * Machine-readable results. Format (version 1), one document per run:
 * <pre>
 * {"format": "irqcheck-report", "version": 1, "scenarios": [
 *   {"file", "name", "rows": [
 *     {"combination": {axis: value}, "stats": {...},
 *      "properties": [{"id", "verdict", "expected", "as_expected", "trace": ITF or null}]}]}]}
 * </pre>
 * Traces follow the Informal Trace Format (ITF, Apalache): {@code {"#meta": {...}, "vars": [...],
 * "states": [{"#meta": {"index": i, "action": rule}, var: value, ...}], "loop": k}} where
 * {@code loop} is present only for lassos (the index of the state the last step returns to).
 * Values are JSON booleans, numbers, or strings for enum values.
 */
public final class JsonReportWriter {

    public String write(List<ScenarioResult> results) {
        StringBuilder sb = new StringBuilder("{\"format\": \"irqcheck-report\", \"version\": 1, \"scenarios\": [");
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            scenario(sb, results.get(i));
        }
        return sb.append("\n]}\n").toString();
    }

    private void scenario(StringBuilder sb, ScenarioResult r) {
        sb.append("\n {\"file\": ").append(Json.str(r.scenario().file().toString()))
                .append(", \"name\": ").append(Json.str(r.scenario().name())).append(", \"rows\": [");
        for (int i = 0; i < r.rows().size(); i++) {
            CombinationResult row = r.rows().get(i);
            sb.append(i > 0 ? "," : "").append("\n  {\"combination\": {");
            boolean first = true;
            for (var e : row.combination().values().entrySet()) {
                sb.append(first ? "" : ", ").append(Json.str(e.getKey().key())).append(": ")
                        .append(Json.str(e.getValue().name().toLowerCase(Locale.ROOT).replace('_', '-')));
                first = false;
            }
            SearchStats st = row.report().stats();
            sb.append("}, \"stats\": {\"distinct_states\": ").append(st.distinctStates())
                    .append(", \"transitions\": ").append(st.transitions())
                    .append(", \"depth\": ").append(st.depth())
                    .append(", \"seconds\": ").append(String.format(Locale.ROOT, "%.3f", st.elapsed().toNanos() / 1e9))
                    .append(", \"complete\": ").append(st.complete())
                    .append(", \"fingerprint_collision_odds\": ").append(String.format(Locale.ROOT, "%.3g", st.fingerprintCollisionOdds()));
            row.report().bitstate().ifPresent(b -> sb.append(", \"bitstate\": {\"exhaustive\": false, \"bits\": ").append(b.bits())
                    .append(", \"hashes\": ").append(b.hashes()).append(", \"bits_set\": ").append(b.bitsSet())
                    .append(", \"omitted_fraction_bound\": ").append(String.format(Locale.ROOT, "%.3g", b.omittedFraction()))
                    .append(", \"note\": ").append(Json.str(b.describe())).append('}'));
            sb.append("}, \"properties\": [");
            for (int p = 0; p < r.scenario().properties().size(); p++) {
                ScenarioProperty id = r.scenario().properties().get(p);
                Verdict v = row.verdict(id);
                sb.append(p > 0 ? "," : "").append("\n   {\"id\": ").append(Json.str(id.id()))
                        .append(", \"verdict\": ").append(Json.str(v.kind().name().toLowerCase(Locale.ROOT)))
                        .append(", \"expected\": ").append(Json.str(row.expected().get(id).name().toLowerCase(Locale.ROOT)))
                        .append(", \"as_expected\": ").append(row.asExpected(id))
                        .append(", \"trace\": ");
                if (v.trace().isPresent()) {
                    itf(sb, v.trace().get());
                } else {
                    sb.append("null");
                }
                sb.append('}');
            }
            sb.append("]}");
        }
        sb.append("]}");
    }

    /** One trace in the Informal Trace Format. */
    public void itf(StringBuilder sb, Trace t) {
        List<Field> fields = t.initial().layout().fields();
        sb.append("{\"#meta\": {\"format\": \"ITF\", \"source\": \"irqcheck\"}, \"vars\": [");
        for (int i = 0; i < fields.size(); i++) {
            sb.append(i > 0 ? ", " : "").append(Json.str(fields.get(i).name()));
        }
        sb.append("], \"states\": [");
        for (int i = 0; i <= t.length(); i++) {
            long[] w = t.state(i).words();
            sb.append(i > 0 ? ", " : "").append("{\"#meta\": {\"index\": ").append(i);
            if (i > 0) {
                sb.append(", \"action\": ").append(Json.str(t.steps().get(i - 1).rule().name()));
            }
            sb.append('}');
            for (Field f : fields) {
                Object value = f.decode(f.raw(w));
                sb.append(", ").append(Json.str(f.name())).append(": ");
                if (value instanceof Boolean || value instanceof Integer) {
                    sb.append(value);
                } else {
                    sb.append(Json.str(value.toString()));
                }
            }
            sb.append('}');
        }
        sb.append(']');
        if (t.isLasso()) {
            sb.append(", \"loop\": ").append(t.loopStart());
        }
        sb.append('}');
    }
}
