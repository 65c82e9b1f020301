package dev.irqcheck.specs.report;

import java.util.List;

/** What {@code report.jte} shows: plain values, escaped by the template wherever they land. */
public record ReportView(long asExpected, List<ScenarioView> scenarios) {

    public record ScenarioView(String name, String file, String description, List<HeaderView> headers,
                               List<RowView> rows, List<BitstateView> bitstate, List<TraceView> traces) {
    }

    /** A row searched with a bitstate store, and what that leaves unproven. */
    public record BitstateView(String combination, String note) {
    }

    public record HeaderView(String id, String definition) {
    }

    public record RowView(String label, List<CellView> cells, long states, long transitions) {
    }

    /** {@code href} is null unless the cell is a violation with a trace; {@code expected} is null when as expected. */
    public record CellView(String kind, String href, String expected) {
        public String cssClass() {
            return expected == null ? kind : kind + " unexpected";
        }
    }

    /** One distinct counterexample of a row, and every property it violates (each with its own anchor). */
    public record TraceView(String combination, List<ViolatedView> violated, DiagramView diagram, String text) {
    }

    public record ViolatedView(String anchor, String id, String definition, boolean asExpected) {
    }
}
