package dev.irqcheck.specs.report;

import dev.irqcheck.checker.result.BitstateSummary;
import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Machine-readable results. Format (version 1), one document per run:
 * <pre>
 * {"format": "irqcheck-report", "version": 1, "scenarios": [
 *   {"file", "name", "rows": [
 *     {"combination": {axis: value}, "stats": {..., "complete", "stopped_by": null | "max-states" | "memory" | "heap" | "bitstate",
 *               "bitstate": {"exhaustive": false, "bits", "hashes", "bits_set", "omitted_fraction_bound", "note"} (bitstate searches only)},
 *      "properties": [{"id", "verdict", "expected", "as_expected", "trace": ITF or null}]}]}]}
 * </pre>
 * Traces follow the Informal Trace Format (ITF, Apalache): {@code {"#meta": {...}, "vars": [...],
 * "states": [{"#meta": {"index": i, "action": rule}, var: value, ...}], "loop": k}} where
 * {@code loop} is present only for lassos (the index of the state the last step returns to).
 * Values are JSON booleans, numbers, or strings for enum values. Jackson's generator writes the
 * tokens (and escapes every string); {@link JsonLayout} keeps the line breaks shown above.
 */
public final class JsonReportWriter {
    private static final JsonLayout LAYOUT = new JsonLayout(Map.of(
            "scenarios", new JsonLayout.Broken(" ", true),
            "rows", new JsonLayout.Broken("  ", false),
            "properties", new JsonLayout.Broken("   ", false)));

    public String write(List<ScenarioResult> results) {
        return LAYOUT.document("irqcheck-report", g -> {
            g.writeArrayFieldStart("scenarios");
            for (ScenarioResult r : results) {
                scenario(g, r);
            }
            g.writeEndArray();
        });
    }

    private void scenario(JsonGenerator g, ScenarioResult r) throws IOException {
        g.writeStartObject();
        g.writeStringField("file", r.scenario().file().toString());
        g.writeStringField("name", r.scenario().name());
        g.writeArrayFieldStart("rows");
        for (CombinationResult row : r.rows()) {
            g.writeStartObject();
            g.writeObjectFieldStart("combination");
            for (var e : row.combination().values().entrySet()) {
                g.writeStringField(e.getKey().key(), dev.irqcheck.specs.scenario.YamlTree.kebab(e.getValue()));
            }
            g.writeEndObject();
            stats(g, row.report().stats(), row.report().bitstate());
            g.writeArrayFieldStart("properties");
            for (ScenarioProperty id : r.scenario().properties()) {
                Verdict v = row.verdict(id);
                g.writeStartObject();
                g.writeStringField("id", id.id());
                g.writeStringField("verdict", v.kind().name().toLowerCase(Locale.ROOT));
                g.writeStringField("expected", row.expected().get(id).name().toLowerCase(Locale.ROOT));
                g.writeBooleanField("as_expected", row.asExpected(id));
                g.writeFieldName("trace");
                if (v.trace().isPresent()) {
                    itf(g, v.trace().get());
                } else {
                    g.writeNull();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void stats(JsonGenerator g, SearchStats st, Optional<BitstateSummary> bitstate) throws IOException {
        g.writeObjectFieldStart("stats");
        g.writeNumberField("distinct_states", st.distinctStates());
        g.writeNumberField("transitions", st.transitions());
        g.writeNumberField("depth", st.depth());
        g.writeFieldName("seconds");
        g.writeNumber(String.format(Locale.ROOT, "%.3f", st.elapsed().toNanos() / 1e9));
        g.writeBooleanField("complete", st.complete());
        if (st.stoppedBy() == null) {
            g.writeNullField("stopped_by");
        } else {
            g.writeStringField("stopped_by", st.stoppedBy().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        g.writeFieldName("fingerprint_collision_odds");
        g.writeNumber(String.format(Locale.ROOT, "%.3g", st.fingerprintCollisionOdds()));
        if (bitstate.isPresent()) {
            bitstate(g, bitstate.get());
        }
        g.writeEndObject();
    }

    /** Present only for a bitstate search, which never proves a claim: {@code exhaustive} is always false. */
    private static void bitstate(JsonGenerator g, BitstateSummary b) throws IOException {
        g.writeObjectFieldStart("bitstate");
        g.writeBooleanField("exhaustive", false);
        g.writeNumberField("bits", b.bits());
        g.writeNumberField("hashes", b.hashes());
        g.writeNumberField("bits_set", b.bitsSet());
        g.writeFieldName("omitted_fraction_bound");
        g.writeNumber(String.format(Locale.ROOT, "%.3g", b.omittedFraction()));
        g.writeStringField("note", b.describe());
        g.writeEndObject();
    }

    /** One trace in the Informal Trace Format, as the value being written. */
    public static void itf(JsonGenerator g, Trace t) throws IOException {
        List<Field> fields = t.initial().layout().fields();
        g.writeStartObject();
        g.writeObjectFieldStart("#meta");
        g.writeStringField("format", "ITF");
        g.writeStringField("source", "irqcheck");
        g.writeEndObject();
        g.writeArrayFieldStart("vars");
        for (Field f : fields) {
            g.writeString(f.name());
        }
        g.writeEndArray();
        g.writeArrayFieldStart("states");
        for (int i = 0; i <= t.length(); i++) {
            long[] w = t.state(i).words();
            g.writeStartObject();
            g.writeObjectFieldStart("#meta");
            g.writeNumberField("index", i);
            if (i > 0) {
                g.writeStringField("action", t.steps().get(i - 1).rule().name());
            }
            g.writeEndObject();
            for (Field f : fields) {
                Object value = f.decode(f.raw(w));
                g.writeFieldName(f.name());
                if (value instanceof Boolean b) {
                    g.writeBoolean(b);
                } else if (value instanceof Integer n) {
                    g.writeNumber(n);
                } else {
                    g.writeString(value.toString());
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        if (t.isLasso()) {
            g.writeNumberField("loop", t.loopStart());
        }
        g.writeEndObject();
    }
}
