package dev.irqcheck.specs.cli;

import dev.irqcheck.specs.output.ReportFile;
import dev.irqcheck.specs.scenario.Axis;
import dev.irqcheck.specs.sweep.ConfigurationEnumerator;
import dev.irqcheck.specs.sweep.ScenarioExport;
import dev.irqcheck.specs.sweep.Shard;
import dev.irqcheck.specs.sweep.SweepBounds;
import dev.irqcheck.specs.sweep.SweepDiff;
import dev.irqcheck.specs.sweep.SweepDiffReport;
import dev.irqcheck.specs.sweep.SweepHtml;
import dev.irqcheck.specs.sweep.SweepJson;
import dev.irqcheck.specs.sweep.SweepRunner;
import dev.irqcheck.specs.sweep.SweepSummary;
import dev.irqcheck.specs.sweep.SweepTextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Option;

/**
 * How a sweep's result is shown, shared by {@code sweep} and {@code sweep-merge} so that a merge
 * of shards prints exactly what the unsharded run prints: the table (or, for two designs, the
 * design diff) as text or JSON, an HTML page, and scenario files for the configurations printed.
 */
final class SweepOutput {
    enum Format { text, json }

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--traces", description = "Print the shortest trace of each smallest breaking configuration.")
    boolean traces;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write an HTML page with the table (or the diff) and the traces.")
    Path report;

    @Option(names = "--classes", description = "Also print the table by every combination of features.")
    boolean classes;

    @Option(names = "--export", paramLabel = "DIR", description = "Write each configuration the output names (smallest "
            + "breaking ones; with --compare each group's smallest) as a scenario file expecting the observed verdicts.")
    Path export;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the text or JSON to FILE (atomically) instead of standard output.")
    Path output;

    private ReportFile reportFile;
    private ReportFile outputFile;

    /**
     * Checks {@code --report} and {@code --output} before any search, so that an unusable path (a
     * directory, an input of this run, a directory that cannot be written) costs nothing, and
     * removes the files an earlier run left there (see {@link ReportFile}).
     *
     * @return false, having said why on {@code err}, when a path cannot be used (exit BAD_INPUT)
     */
    boolean prepare(Collection<Path> inputs, PrintWriter err) {
        try {
            reportFile = report == null ? null : ReportFile.prepare(report, inputs);
        } catch (ReportFile.Unwritable e) {
            err.println("irqcheck: --report " + e.getMessage());
            return false;
        }
        try {
            outputFile = output == null ? null : ReportFile.prepare(output, inputs);
        } catch (ReportFile.Unwritable e) {
            err.println("irqcheck: --output " + e.getMessage());
            return false;
        }
        return true;
    }

    /** The result to show: the summary of a whole sweep (run, or merged from shards). */
    record Result(SweepBounds bounds, long maxStates, Shard shard, ConfigurationEnumerator.Result enumeration,
                  List<SweepRunner.Outcome> outcomes, Function<SweepRunner.Outcome, SweepRunner.Checked> reports) {
    }

    /** The axis two designs differ in, when the sweep compares two designs. */
    static Axis comparedAxis(SweepBounds b) {
        if (b.designs().size() != 2) {
            return null;
        }
        for (Axis a : Axis.values()) {
            if (b.designs().get(0).values().get(a) != b.designs().get(1).values().get(a)) {
                return a;
            }
        }
        return null;
    }

    /**
     * Call after {@link #prepare}.
     *
     * @return the exit code: OK, LIMIT when a search was cut short, INTERNAL when output was lost (a file not written)
     */
    int present(Result r, PrintWriter out, PrintWriter err, String footer) {
        Axis axis = r.shard() == null ? comparedAxis(r.bounds()) : null;
        String text;
        String html;
        Map<String, String> exports = new LinkedHashMap<>();
        boolean inconclusive = r.outcomes().stream().anyMatch(o -> !o.complete());
        if (axis != null) {
            SweepDiff diff = SweepDiff.of(axis, r.bounds().designs().get(0).values().get(axis),
                    r.bounds().designs().get(1).values().get(axis), r.outcomes(), r.reports());
            SweepDiffReport rep = new SweepDiffReport(diff);
            text = format == Format.json ? rep.json() : rep.text() + footer;
            html = reportFile == null ? null : rep.html();
            exportDiff(diff, exports);
        } else {
            SweepSummary summary = SweepSummary.of(r.enumeration(), r.outcomes(), r.reports());
            if (r.shard() != null || format == Format.json) {
                text = new SweepJson().write(r.bounds(), r.maxStates(), r.shard(), summary);
            } else {
                java.io.StringWriter s = new java.io.StringWriter();
                new SweepTextReport(new PrintWriter(s), traces, classes).print(summary);
                text = s + footer;
            }
            html = reportFile == null ? null : new SweepHtml().render(summary);
            summary.smallestBreaking().forEach((p, c) -> exports.put("smallest-" + p.id() + ".yaml",
                    ScenarioExport.yaml(List.of(c.outcome()))));
        }
        try {
            if (outputFile != null) {
                outputFile.write(text);
            } else {
                out.print(text);
                out.flush();
            }
            if (html != null) {
                reportFile.write(html);
            }
            if (export != null) {
                Files.createDirectories(export);
                for (Map.Entry<String, String> e : exports.entrySet()) {
                    ReportFile.prepare(export.resolve(e.getKey()), List.of()).write(e.getValue());
                }
                err.println("irqcheck: wrote " + exports.size() + " scenario file" + (exports.size() == 1 ? "" : "s")
                        + " to " + export + (exports.isEmpty() ? "" : ": " + String.join(", ", exports.keySet())));
            }
        } catch (IOException | ReportFile.Unwritable | RuntimeException e) {
            err.println("irqcheck: cannot write output: " + dev.irqcheck.specs.output.TerminalText.escape(String.valueOf(e.getMessage())));
            return ExitCode.INTERNAL.code();
        }
        return inconclusive ? ExitCode.LIMIT.code() : ExitCode.OK.code();
    }

    private static void exportDiff(SweepDiff diff, Map<String, String> exports) {
        String key = diff.axis().key().replace('_', '-');
        exportSide(diff.aBreaks(), key + "-" + fileKebab(diff.a()), true, exports);
        exportSide(diff.bBreaks(), key + "-" + fileKebab(diff.b()), false, exports);
    }

    private static void exportSide(List<SweepDiff.Group> groups, String prefix, boolean aSide, Map<String, String> exports) {
        for (int g = 0; g < groups.size(); g++) {
            SweepDiff.Group group = groups.get(g);
            int index = group.smallest().index();
            SweepDiff.Pair pair = group.pairs().stream()
                    .filter(p -> (aSide ? p.underA() : p.underB()).index() == index).findFirst().orElseThrow();
            List<SweepRunner.Outcome> both = new ArrayList<>(List.of(pair.underA(), pair.underB()));
            exports.put(prefix + "-breaks-" + (g + 1) + ".yaml", ScenarioExport.yaml(both));
        }
    }

    // Only [a-z0-9-] reach a file name.
    private static String fileKebab(Enum<?> e) {
        return e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-').replaceAll("[^a-z0-9-]", "");
    }
}
