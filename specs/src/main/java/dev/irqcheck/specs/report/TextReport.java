package dev.irqcheck.specs.report;

import dev.irqcheck.specs.output.TerminalText;
import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The terminal report of a scenario: one row per variant combination, one column per property,
 * each cell the verdict (marked when it is not the expected one), then the counterexamples.
 */
public final class TextReport {
    private final PrintStream out;
    private final boolean allTraces;
    private final boolean stats;
    /** False in explore mode: verdicts are printed, not compared with the file's expectations. */
    private final boolean judge;
    private final TextTraceRenderer traces = new TextTraceRenderer();

    /**
     * @param allTraces print every violation's trace, not only the unexpected ones
     * @param stats     print each search's statistics and rule coverage
     */
    public TextReport(PrintStream out, boolean allTraces, boolean stats) {
        this(out, allTraces, stats, true);
    }

    private TextReport(PrintStream out, boolean allTraces, boolean stats, boolean judge) {
        this.out = out;
        this.allTraces = allTraces;
        this.stats = stats;
        this.judge = judge;
    }

    /** The same report without judging: no cell is marked, every violation's trace is printed. */
    public TextReport exploring() {
        return new TextReport(out, true, stats, false);
    }

    public TextReport(PrintStream out, boolean allTraces) {
        this(out, allTraces, false);
    }

    public void print(ScenarioResult result) {
        // A scenario's own text is printed escaped: its title on one line, its description line by line.
        out.println(TerminalText.escape(result.scenario().file() + ": " + result.scenario().name()));
        if (!result.scenario().description().isEmpty()) {
            out.println("  " + result.scenario().description().strip().lines().map(TerminalText::escape)
                    .collect(java.util.stream.Collectors.joining("\n  ")));
        }
        int labelWidth = "combination".length();
        for (CombinationResult row : result.rows()) {
            labelWidth = Math.max(labelWidth, row.combination().label().length());
        }
        StringBuilder header = new StringBuilder("  ").append(pad("combination", labelWidth));
        for (ScenarioProperty p : result.scenario().properties()) {
            header.append("  ").append(pad(p.id(), width(p)));
        }
        header.append("  ").append(String.format("%10s %12s %8s", "states", "transitions", "time"));
        out.println(header);
        for (CombinationResult row : result.rows()) {
            StringBuilder line = new StringBuilder("  ").append(pad(row.combination().label(), labelWidth));
            for (ScenarioProperty p : result.scenario().properties()) {
                line.append("  ").append(pad(cell(row, p), width(p)));
            }
            SearchStats st = row.report().stats();
            line.append("  ").append(String.format(Locale.ROOT, "%10d %12d %7.2fs", st.distinctStates(),
                    st.transitions(), st.elapsed().toNanos() / 1e9));
            out.println(line);
        }
        if (!result.allAsExpected()) {
            out.println("  (a cell ending in ! is not the verdict the scenario expects)");
        }
        if (stats) {
            for (CombinationResult row : result.rows()) {
                SearchStats st = row.report().stats();
                out.println(String.format(Locale.ROOT, "  stats %s: %d bits in %d words per state, depth %d, %,.0f states/s, %.1f bytes/state, "
                                + "%d thread(s), symmetry %s, partial-order %s, %s, fingerprint collision odds %.1e",
                        row.combination().label(), row.model().layout().usedBits(), row.model().layout().wordCount(), st.depth(), st.statesPerSecond(), st.bytesPerState(), st.threads(),
                        st.symmetryReduced() ? "on" : "off", st.partialOrderReduced() ? "on" : "off", st.exhaustive() ? "exhaustive" : "not exhaustive",
                        st.fingerprintCollisionOdds()));
                java.util.List<String> unfired = st.unfiredRules();
                out.println("    rules that never fired (" + unfired.size() + " of " + st.ruleNames().size() + ")"
                        + (unfired.isEmpty() ? "" : ": " + String.join("; ", unfired)));
            }
        }
        for (CombinationResult row : result.rows()) {
            if (row.report().stats().partialOrderReduced()) {
                out.println("  " + row.combination().label() + ": partial-order reduction on: " + row.report().stats().distinctStates()
                        + " states stored; each trace is a real behaviour of the model, possibly longer than the shortest");
            }
            if (row.report().bitstate().isPresent()) {
                out.println("  " + row.combination().label() + ": " + row.report().bitstate().get().describe()
                        + "; " + row.report().stats().distinctStates() + " states stored; a property with no violation found is inconclusive");
            }
            if (row.stoppedByLimit() && row.report().stats().stoppedBy() != dev.irqcheck.checker.result.Limit.BITSTATE) {
                out.println("  " + row.combination().label() + ": search stopped at the "
                        + row.report().stats().stoppedBy().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + " limit after " + row.report().stats().distinctStates() + " states; undecided properties are inconclusive");
            }
            for (ScenarioProperty p : result.scenario().properties()) {
                Verdict v = row.verdict(p);
                boolean unexpected = judge && !row.asExpected(p);
                if (v.trace().isPresent() && v.kind() == Verdict.Kind.VIOLATED && (unexpected || allTraces)) {
                    out.println();
                    out.println("  " + p.id() + (unexpected ? " VIOLATED (expected to hold)" : judge ? " violated (as expected)" : " violated")
                            + " in " + row.combination().label() + ": " + p.definition());
                    out.print(traces.render(v.trace().get(), "    "));
                    Claim claim = row.report().results().stream().filter(r -> r.claim().name().equals(p.id()))
                            .findFirst().orElseThrow().claim();
                    if (claim instanceof Claim.AtQuiescence) {
                        out.println("    -- no rule is enabled in this last state: nothing will ever change it --");
                    }
                } else if (unexpected && !(row.report().bitstate().isPresent() && v.kind() == Verdict.Kind.INCONCLUSIVE)) {
                    out.println();
                    out.println("  " + p.id() + " " + cell(row, p) + " in " + row.combination().label()
                            + ": expected " + row.expected().get(p).name().toLowerCase(Locale.ROOT)
                            + (v.kind() == Verdict.Kind.HOLDS ? "; it holds in all " + row.report().stats().distinctStates()
                            + " reachable states, so the scenario's expectation (or the model) is wrong" : ""));
                }
            }
        }
        out.println();
    }

    private static int width(ScenarioProperty p) {
        return Math.max(p.id().length(), 13);
    }

    private String cell(CombinationResult row, ScenarioProperty p) {
        Verdict v = row.verdict(p);
        String text = switch (v.kind()) {
            case HOLDS -> "holds";
            case VIOLATED -> "violated";
            case WITNESSED -> "witnessed";
            case NOT_WITNESSED -> "not-witnessed";
            case INCONCLUSIVE -> "inconclusive";
        };
        return !judge || row.asExpected(p) ? text : text + "!";
    }

    private static String pad(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }
}
