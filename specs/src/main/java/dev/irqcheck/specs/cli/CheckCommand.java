package dev.irqcheck.specs.cli;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.output.ReportFile;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.report.JsonReportWriter;
import dev.irqcheck.specs.report.TextReport;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import dev.irqcheck.specs.scenario.Blessing;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioException;
import dev.irqcheck.specs.scenario.ScenarioParser;
import dev.irqcheck.specs.output.AtomicFile;
import java.nio.file.Files;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Checks scenario files exhaustively and compares each verdict with the one the file expects. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Explore every interleaving of each scenario and compare verdicts with the expected ones.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every verdict as expected", "1:some verdict not as expected (outranks 3)",
                "2:bad command line, scenario file or report path (nothing was searched)",
                "3:a state limit, the memory budget or the heap stopped a search",
                "4:internal error, JVM error, or output lost (stdout or report not written)"})
final class CheckCommand implements Callable<Integer> {
    enum Format { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "Scenario files, or directories searched for *.yaml.")
    List<Path> paths;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores). Results do not depend on it.")
    Integer threads;

    @Option(names = "--max-states", paramLabel = "N", description = "Stop a search after N distinct states (exit 3).")
    Long maxStates;

    @Option(names = "--memory", paramLabel = "MB",
            description = "Stop a search before its store passes MB megabytes (exit 3; default and most: 70%% of the heap free when it starts).")
    Long memoryMb;

    @Option(names = "--bitstate", paramLabel = "MB",
            description = "Bitstate (supertrace) search with a Bloom filter of MB megabytes, for a configuration too large "
                    + "to store exactly: finds violations (no fair cycles), proves nothing (every report says so; exit 3 unless a "
                    + "verdict is unexpected).")
    Long bitstateMb;

    @Option(names = "--bitstate-hashes", paramLabel = "K", defaultValue = "3",
            description = "Bits set per state in the bitstate filter, 1..16 (default: ${DEFAULT-VALUE}).")
    int bitstateHashes;

    @Option(names = "--partial-order", description = "Partial-order reduction (stubborn sets over the rules' declared "
            + "footprints) for properties without liveness: same verdicts from fewer states, but a trace may be longer than "
            + "the shortest. Off by default; a scenario that checks a liveness property runs unreduced anyway.")
    boolean partialOrder;
    @Option(names = "--no-symmetry", description = "Store every state: no symmetry reduction (identical devices, and "
            + "vCPUs with the SPIs, GSIs, irqfds and devices wired to them). Verdicts are the same; counts grow.")
    boolean noSymmetry;

    @Option(names = "--stats", description = "Print each search's statistics: depth, rate, bytes per state, "
            + "fingerprint collision odds, and the rules that never fired.")
    boolean stats;

    @Option(names = "--format", paramLabel = "text|json", description = "Output format (default: ${DEFAULT-VALUE}).", defaultValue = "text")
    Format format;

    @Option(names = "--traces", description = "Print the trace of every violation, not only of unexpected ones.")
    boolean allTraces;

    @Option(names = "--report", paramLabel = "FILE.html",
            description = "Also write an HTML page: the verdict matrices and each violation as a sequence diagram.")
    Path report;

    @Option(names = "--explore", description = "Print the verdicts without judging them: expect may be missing "
            + "or partial, every violation's trace is printed, and the exit code is 0 (3 if a limit stopped a search).")
    boolean explore;

    @Option(names = "--variant", paramLabel = "KEY=VALUE", description = "With --explore: check every scenario "
            + "with this design variant set in every row (a scenario's variants key and value, e.g. kernel=6.19); repeatable.")
    List<String> variants;

    @Option(names = "--bless", description = "Write the observed verdicts into each file's expect: entries are "
            + "appended to the expect list, nothing in the file is changed or moved. Inconclusive verdicts are not written.")
    boolean bless;

    @Option(names = "--export-junit", paramLabel = "DIR", description = "Write a JUnit 5 test per scenario with a "
            + "violation into DIR: each test replays a counterexample against the model and fails while it is possible.")
    Path exportJunit;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<List<Scenario>> parsed = ScenarioFiles.parseAll(paths, err,
                explore || bless ? ScenarioParser.withOptionalExpectations() : new ScenarioParser());
        if (parsed.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        List<Scenario> scenarios = parsed.get();
        if (variants != null && !variants.isEmpty()) {
            if (!explore) {
                err.println("irqcheck: --variant changes the design the expected verdicts were written for; use it with --explore");
                return ExitCode.BAD_INPUT.code();
            }
            try {
                for (String v : variants) {
                    var assignment = dev.irqcheck.specs.scenario.Axis.assignment(v).values().entrySet().iterator().next();
                    scenarios = scenarios.stream().map(s -> s.underVariant(assignment.getKey(), assignment.getValue())).toList();
                }
            } catch (IllegalArgumentException e) {
                err.println("irqcheck: --variant: " + e.getMessage());
                return ExitCode.BAD_INPUT.code();
            }
        }
        SearchConfig config = SearchConfig.defaults().withPartialOrder(partialOrder).withSymmetry(!noSymmetry);
        if (threads != null) {
            if (threads < 1) {
                err.println("irqcheck: --threads must be at least 1");
                return ExitCode.BAD_INPUT.code();
            }
            config = config.withThreads(threads);
        }
        if (maxStates != null) {
            if (maxStates < 1) {
                err.println("irqcheck: --max-states must be at least 1");
                return ExitCode.BAD_INPUT.code();
            }
            config = config.withMaxStates(maxStates);
        }
        if (memoryMb != null) {
            if (memoryMb < 1) {
                err.println("irqcheck: --memory must be at least 1 (MB)");
                return ExitCode.BAD_INPUT.code();
            }
            long ceilingMb = Explorer.memoryCeiling() >> 20;
            if (memoryMb > ceilingMb) {
                // The engine lowers the budget anyway; say so rather than pretend to honour it.
                err.println("irqcheck: --memory " + memoryMb + " is more than the heap can give; using " + ceilingMb
                        + " MB (70% of the free heap; raise the heap with IRQCHECK_JAVA_OPTS=-Xmx...)");
                memoryMb = ceilingMb;
            }
            config = config.withMemoryBudget(memoryMb << 20);
        }
        if (bitstateMb != null) {
            long maxMb = (dev.irqcheck.checker.store.BitstateStore.MAX_BITS + 1) / 8 / 1024 / 1024;
            if (bitstateMb < 1 || bitstateMb > maxMb) {
                err.println("irqcheck: --bitstate must be 1.." + maxMb + " (MB), got " + bitstateMb);
                return ExitCode.BAD_INPUT.code();
            }
            if (bitstateMb * 1024 * 1024 > config.memoryBudgetBytes()) {
                err.println("irqcheck: --bitstate " + bitstateMb + " MB does not fit the memory budget ("
                        + config.memoryBudgetBytes() / 1024 / 1024 + " MB); give the JVM more heap or a smaller filter");
                return ExitCode.BAD_INPUT.code();
            }
            try {
                config = config.withBitstate(new SearchConfig.Bitstate(Math.min(bitstateMb * 8 * 1024 * 1024,
                        dev.irqcheck.checker.store.BitstateStore.MAX_BITS), bitstateHashes));
            } catch (IllegalArgumentException e) {
                err.println("irqcheck: --bitstate-hashes: " + e.getMessage());
                return ExitCode.BAD_INPUT.code();
            }
        }
        Optional<ReportFile> reportFile = Optional.empty();
        if (report != null) {
            try {
                reportFile = Optional.of(ReportFile.prepare(report, scenarios.stream().map(Scenario::file).toList()));
            } catch (ReportFile.Unwritable e) {
                err.println("irqcheck: --report " + e.getMessage());
                return ExitCode.BAD_INPUT.code();
            }
        }
        PrintStream errStream = new PrintStream(new WriterOutputStream(err), true);
        ProgressLine progress = new ProgressLine(errStream);
        ScenarioRunner runner = new ScenarioRunner(config,
                System.console() != null ? progress : dev.irqcheck.checker.search.SearchListener.SILENT);
        List<ScenarioResult> results = new ArrayList<>();
        PrintStream outStream = new PrintStream(new WriterOutputStream(out), true);
        TextReport judged = new TextReport(outStream, allTraces, stats);
        TextReport text = explore || bless ? judged.exploring() : judged;
        for (Scenario s : scenarios) {
            ScenarioResult r = runner.run(s);
            progress.clear();
            results.add(r);
            if (format == Format.text) {
                text.print(r);
            }
        }
        if (format == Format.json) {
            out.print(new JsonReportWriter().write(results));
            out.flush();
        }
        if (reportFile.isPresent()) {
            try {
                reportFile.get().write(new dev.irqcheck.specs.report.HtmlReport().render(results));
            } catch (IOException e) {
                err.println("irqcheck: cannot write the report " + report + ": " + e.getMessage());
                return ExitCode.INTERNAL.code();
            }
        }
        boolean limited = results.stream().anyMatch(ScenarioResult::anyStoppedByLimit);
        try {
            if (exportJunit != null) {
                exportJunit(results, out);
            }
            if (bless) {
                bless(results, out);
            }
        } catch (IOException e) {
            err.println("irqcheck: cannot write: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        } catch (ScenarioException e) {
            err.println(e.describe());
            return ExitCode.BAD_INPUT.code();
        }
        if (explore || bless) {
            return limited ? ExitCode.LIMIT.code() : ExitCode.OK.code();
        }
        if (format == Format.text) {
            long ok = results.stream().filter(ScenarioResult::allAsExpected).count();
            out.println(ok + " of " + results.size() + " scenarios as expected");
        }
        if (bitstateMb != null) {
            // Never a proof: exit 3, unless a violation contradicts an expectation (a found violation is real).
            boolean contradicted = results.stream().flatMap(r -> r.rows().stream()).anyMatch(row -> row.expected().entrySet()
                    .stream().anyMatch(e -> e.getValue() == dev.irqcheck.specs.claims.Expectation.HOLDS
                            && row.verdict(e.getKey()).kind() == Verdict.Kind.VIOLATED));
            return contradicted ? ExitCode.UNEXPECTED.code() : ExitCode.LIMIT.code();
        }
        return exitCodeOf(results).code();
    }

    /**
     * The exit code of several scenarios: a decided verdict other than the expected one (1)
     * outranks an undecided one (3, a limit stopped the search or left no room for liveness),
     * because a wrong verdict is the more important news; 0 when every verdict is as expected.
     */
    static ExitCode exitCodeOf(List<ScenarioResult> results) {
        boolean undecided = false;
        for (ScenarioResult r : results) {
            for (CombinationResult row : r.rows()) {
                undecided |= row.stoppedByLimit();
                for (ScenarioProperty p : row.expected().keySet()) {
                    if (row.verdict(p).kind() == Verdict.Kind.INCONCLUSIVE) {
                        undecided = true;
                    } else if (!row.asExpected(p)) {
                        return ExitCode.UNEXPECTED;
                    }
                }
            }
        }
        return undecided ? ExitCode.LIMIT : ExitCode.OK;
    }

    private void exportJunit(List<ScenarioResult> results, PrintWriter out) throws IOException {
        Files.createDirectories(exportJunit);
        for (ScenarioResult r : results) {
            String source = JunitExport.source(r);
            if (source != null) {
                Path file = exportJunit.resolve(JunitExport.className(r) + ".java");
                AtomicFile.replace(file, source, AtomicFile.READABLE);
                out.println("wrote " + file);
            }
        }
    }

    private void bless(List<ScenarioResult> results, PrintWriter out) throws IOException {
        for (ScenarioResult r : results) {
            Path file = r.scenario().file();
            String before = Files.readString(file);
            String after = Blessing.bless(before, r);
            if (!after.equals(before)) {
                AtomicFile.replaceKeepingMode(file, after);
                out.println("blessed " + file);
            }
        }
    }
}
