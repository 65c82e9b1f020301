package dev.irqcheck.specs.report;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A self-contained HTML page for a design review: per scenario, the verdict matrix (one row per
 * variant combination, one column per property, unexpected verdicts marked), and each distinct
 * counterexample's sequence diagram and text trace one click away. No scripts, no network. The
 * page is {@code report.jte}, precompiled with HTML escaping: every name from a scenario file
 * lands escaped for where it lands (text, attribute, URL fragment).
 */
public final class HtmlReport {
    private final TextTraceRenderer text = new TextTraceRenderer();

    public String render(List<ScenarioResult> results) {
        List<ReportView.ScenarioView> scenarios = new ArrayList<>();
        for (int s = 0; s < results.size(); s++) {
            scenarios.add(scenario(s, results.get(s)));
        }
        long ok = results.stream().filter(ScenarioResult::allAsExpected).count();
        return Templates.render("report.jte", new ReportView(ok, scenarios));
    }

    private ReportView.ScenarioView scenario(int s, ScenarioResult r) {
        List<ScenarioProperty> properties = r.scenario().properties();
        List<ReportView.HeaderView> headers = properties.stream()
                .map(p -> new ReportView.HeaderView(p.id(), p.definition())).toList();
        List<ReportView.RowView> rows = new ArrayList<>();
        List<ReportView.TraceView> traces = new ArrayList<>();
        for (int row = 0; row < r.rows().size(); row++) {
            CombinationResult c = r.rows().get(row);
            List<ReportView.CellView> cells = new ArrayList<>();
            // One section per distinct trace: properties broken by the same run share it.
            Map<Trace, List<ReportView.ViolatedView>> byTrace = new LinkedHashMap<>();
            for (int p = 0; p < properties.size(); p++) {
                ScenarioProperty property = properties.get(p);
                Verdict v = c.verdict(property);
                String kind = v.kind().name().toLowerCase(Locale.ROOT);
                String expected = c.asExpected(property) ? null
                        : c.expected().get(property).name().toLowerCase(Locale.ROOT);
                String anchor = null;
                if (v.kind() == Verdict.Kind.VIOLATED && v.trace().isPresent()) {
                    anchor = anchor(s, row, p, property);
                    byTrace.computeIfAbsent(v.trace().get(), t -> new ArrayList<>()).add(new ReportView.ViolatedView(
                            anchor, property.id(), property.definition(), c.asExpected(property)));
                }
                cells.add(new ReportView.CellView(kind, anchor, expected));
            }
            rows.add(new ReportView.RowView(c.combination().label(), cells,
                    c.report().stats().distinctStates(), c.report().stats().transitions()));
            for (var e : byTrace.entrySet()) {
                String violated = e.getValue().stream().map(ReportView.ViolatedView::id)
                        .collect(Collectors.joining(", ")) + " violated";
                traces.add(new ReportView.TraceView(c.combination().label(), e.getValue(),
                        DiagramView.of(e.getKey(), c.model(), violated), text.render(e.getKey(), "")));
            }
        }
        // A bitstate row proves nothing: say so beside the matrix, not only in the cells.
        List<ReportView.BitstateView> bitstate = new ArrayList<>();
        for (CombinationResult c : r.rows()) {
            c.report().bitstate().ifPresent(b -> bitstate.add(new ReportView.BitstateView(c.combination().label(), b.describe())));
        }
        return new ReportView.ScenarioView(r.scenario().name(), r.scenario().file().toString(),
                r.scenario().description(), headers, rows, bitstate, traces);
    }

    /** A fragment id: readable for the catalogue's names, by position for a user's name that is not. */
    private static String anchor(int s, int row, int p, ScenarioProperty property) {
        String name = property.id().matches("[A-Za-z0-9_-]+") ? property.id() : "p" + p;
        return "s" + s + "-r" + row + "-" + name;
    }
}
