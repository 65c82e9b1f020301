package dev.irqcheck.specs.sweep;

import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.report.DiagramView;
import dev.irqcheck.specs.report.Templates;
import dev.irqcheck.specs.report.TextTraceRenderer;
import java.util.ArrayList;
import java.util.List;

/** A sweep as an HTML page ({@code sweep.jte}): the class table and, per property, the smallest breaking configuration's diagram. */
public final class SweepHtml {

    /** What {@code sweep.jte} shows. */
    public record View(int checked, long safe, List<String> properties, List<ClassView> classes, List<BreakingView> breaking) {
    }

    /** {@code href} is null when no diagram is shown for that count. */
    public record CountView(int count, String href) {
    }

    public record ClassView(String label, int configurations, int safe, List<CountView> counts) {
    }

    public record BreakingView(String property, String description, DiagramView diagram, String text, String yaml) {
    }

    public String render(SweepSummary s) {
        List<String> names = SweepRunner.PROPERTIES.stream().map(PropertyId::id).toList();
        List<ClassView> classes = new ArrayList<>();
        for (SweepSummary.ClassRow row : s.classes().values()) {
            List<CountView> counts = new ArrayList<>();
            for (PropertyId p : SweepRunner.PROPERTIES) {
                int n = row.breaking().getOrDefault(p, 0);
                counts.add(new CountView(n, n > 0 && s.smallestBreaking().containsKey(p) ? p.id() : null));
            }
            classes.add(new ClassView(row.label(), row.configurations(), row.safe(), counts));
        }
        List<BreakingView> breaking = new ArrayList<>();
        for (PropertyId p : SweepRunner.PROPERTIES) {
            SweepRunner.Checked c = s.smallestBreaking().get(p);
            if (c != null) {
                var trace = c.trace(p).orElseThrow();
                breaking.add(new BreakingView(p.id(), c.config().describe(),
                        DiagramView.of(trace, c.model(), p.id() + " violated"),
                        new TextTraceRenderer().render(trace, ""), ScenarioExport.yaml(List.of(c.outcome()))));
            }
        }
        return Templates.render("sweep.jte", new View(s.checked().size(), s.safeCount(), names, classes, breaking));
    }
}
