package dev.irqcheck.specs.sweep;

import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.report.TextTraceRenderer;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** The sweep's result as a terminal table, then the smallest breaking configuration per property. */
public final class SweepTextReport {
    private final PrintWriter out;
    private final boolean traces;
    private final boolean classes;

    /** @param classes also print the full table by combination of features */
    public SweepTextReport(PrintWriter out, boolean traces, boolean classes) {
        this.out = out;
        this.traces = traces;
        this.classes = classes;
    }

    public void print(SweepSummary s) {
        ConfigurationEnumerator.Result e = s.enumeration();
        out.println(e.raw() + " raw configurations; " + s.checked().size() + " checked");
        s.checked().stream().findFirst().map(c -> c.config().design()).filter(d -> !d.varied().isEmpty())
                .ifPresent(d -> out.println("  every configuration under " + d.label()));
        for (Map.Entry<ConfigurationEnumerator.Skip, Integer> skip : e.skipped().entrySet()) {
            out.println("  skipped " + skip.getValue() + ": " + skip.getKey().reason(e.arches()));
        }
        out.println(s.safeCount() + " of " + s.checked().size() + " checked configurations hold every property");
        out.println();
        printByFeature(s);
        printRuleAgreement(s);
        if (classes) {
            printClasses(s);
        }
        printSmallest(s);
        out.flush();
    }

    private String header(String first) {
        StringBuilder header = new StringBuilder(String.format("%-28s %6s %6s", first, "count", "safe"));
        for (PropertyId p : SweepRunner.PROPERTIES) {
            header.append(' ').append(String.format("%" + Math.max(8, p.id().length()) + "s", p.id()));
        }
        return header.toString();
    }

    private void printByFeature(SweepSummary s) {
        out.println("By feature (a configuration counts in the row of every feature it has):");
        out.println(header("configurations with"));
        List<SweepConfig.Feature> shown = shownFeatures(s);
        for (SweepConfig.Feature f : shown) {
            row(f.label(), s.checked().stream().filter(c -> c.config().features().contains(f)).toList());
        }
        row("none of these", s.checked().stream().filter(c -> c.config().features().isEmpty()).toList());
        out.println("(a number is how many of those configurations break the property)");
        out.println();
        for (SweepConfig.Feature f : shown) {
            out.println("  " + f.label() + ": " + f.description());
        }
        out.println();
    }

    // Every routing feature; a dimension only when some configuration has it (the default sweep has none).
    private static List<SweepConfig.Feature> shownFeatures(SweepSummary s) {
        return java.util.Arrays.stream(SweepConfig.Feature.values())
                .filter(f -> !f.dimension() || s.checked().stream().anyMatch(c -> c.config().features().contains(f)))
                .toList();
    }

    private void row(String label, java.util.List<SweepRunner.Outcome> in) {
        StringBuilder line = new StringBuilder(String.format("%-28s %6d %6d", label, in.size(),
                in.stream().filter(SweepRunner.Outcome::safe).count()));
        for (PropertyId p : SweepRunner.PROPERTIES) {
            long broken = in.stream().filter(c -> c.breaks(p)).count();
            line.append(' ').append(String.format("%" + Math.max(8, p.id().length()) + "s", broken == 0 ? "-" : broken));
        }
        out.println(line);
    }

    private void printRuleAgreement(SweepSummary s) {
        java.util.List<SweepRunner.Outcome> inScope = s.checked().stream()
                .filter(c -> SafeRule.outOfScope(c.config().topology()).isEmpty()).toList();
        java.util.List<SweepRunner.Outcome> disagree = inScope.stream()
                .filter(c -> SafeRule.predictsSafe(c.config().topology(), c.config().variants()) != c.safe()).toList();
        out.println("The documented safe rule (README) predicts " + (inScope.size() - disagree.size()) + " of "
                + inScope.size() + " verdicts in its scope" + (disagree.isEmpty() ? "." : "; it is wrong for:"));
        for (SweepRunner.Outcome c : disagree) {
            out.println("  " + (c.safe() ? "safe but predicted unsafe: " : "unsafe but predicted safe: ") + c.config().describe());
        }
        int outside = s.checked().size() - inScope.size();
        if (outside > 0) {
            long safe = s.checked().stream()
                    .filter(c -> SafeRule.outOfScope(c.config().topology()).isPresent() && c.safe()).count();
            out.println(outside + " configurations are outside the rule's scope (an edge device on a level SPI that"
                    + " raises once; the rule is stated for two raises or more): " + safe + " of them safe, "
                    + (outside - safe) + " not; the rule makes no claim about them.");
        }
        out.println();
    }

    private void printClasses(SweepSummary s) {
        out.println("By combination of features:");
        StringBuilder header = new StringBuilder(String.format("%-60s %6s %6s", "configurations with", "count", "safe"));
        for (PropertyId p : SweepRunner.PROPERTIES) {
            header.append(' ').append(String.format("%" + Math.max(8, p.id().length()) + "s", p.id()));
        }
        out.println(header);
        for (SweepSummary.ClassRow row : s.classes().values()) {
            StringBuilder line = new StringBuilder(String.format("%-60s %6d %6d", row.label(), row.configurations(), row.safe()));
            for (PropertyId p : SweepRunner.PROPERTIES) {
                int broken = row.breaking().getOrDefault(p, 0);
                line.append(' ').append(String.format("%" + Math.max(8, p.id().length()) + "s", broken == 0 ? "-" : broken));
            }
            out.println(line);
        }
        out.println("(a number is how many configurations of the class break the property)");
        out.println();
    }

    private void printSmallest(SweepSummary s) {
        out.println("Smallest configuration breaking each property:");
        for (PropertyId p : SweepRunner.PROPERTIES) {
            SweepRunner.Checked c = s.smallestBreaking().get(p);
            if (c == null) {
                out.println("  " + p.id() + ": never broken");
                continue;
            }
            var trace = c.trace(p).orElseThrow();
            out.println("  " + p.id() + ": " + c.config().describe() + "  (" + trace.length() + " steps)");
            if (traces) {
                out.print(new TextTraceRenderer().render(trace, "      "));
            }
        }
    }
}
