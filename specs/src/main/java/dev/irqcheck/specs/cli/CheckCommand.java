package dev.irqcheck.specs.cli;

import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.specs.report.JsonReportWriter;
import dev.irqcheck.specs.report.TextReport;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import dev.irqcheck.specs.scenario.Scenario;
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
        exitCodeList = {"0:every verdict as expected", "1:some verdict not as expected",
                "2:bad command line or scenario file", "3:a state or memory limit stopped a search",
                "4:internal error"})
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
            description = "Stop a search before its store passes MB megabytes (exit 3; default: 70%% of the heap).")
    Long memoryMb;

    @Option(names = "--bitstate", paramLabel = "MB",
            description = "Bitstate (supertrace) search with a Bloom filter of MB megabytes, for a configuration too large "
                    + "to store exactly: finds violations (no fair cycles), proves nothing (every report says so; exit 3 unless a "
                    + "verdict is unexpected).")
    Long bitstateMb;

    @Option(names = "--bitstate-hashes", paramLabel = "K", defaultValue = "3",
            description = "Bits set per state in the bitstate filter, 1..16 (default: ${DEFAULT-VALUE}).")
    int bitstateHashes;

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

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<List<Scenario>> parsed = ScenarioFiles.parseAll(paths, err);
        if (parsed.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        List<Scenario> scenarios = parsed.get();
        SearchConfig config = SearchConfig.defaults();
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
            config = config.withMemoryBudget(memoryMb * 1024 * 1024);
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
        PrintStream errStream = new PrintStream(new WriterOutputStream(err), true);
        ProgressLine progress = new ProgressLine(errStream);
        ScenarioRunner runner = new ScenarioRunner(config,
                System.console() != null ? progress : dev.irqcheck.checker.search.SearchListener.SILENT);
        List<ScenarioResult> results = new ArrayList<>();
        PrintStream outStream = new PrintStream(new WriterOutputStream(out), true);
        TextReport text = new TextReport(outStream, allTraces, stats);
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
        if (report != null) {
            try {
                java.nio.file.Files.writeString(report, new dev.irqcheck.specs.report.HtmlReport().render(results));
            } catch (IOException e) {
                err.println("irqcheck: cannot write " + report + ": " + e.getMessage());
                return ExitCode.BAD_INPUT.code();
            }
        }
        boolean unexpected = results.stream().anyMatch(r -> !r.allAsExpected());
        boolean limited = results.stream().anyMatch(ScenarioResult::anyStoppedByLimit);
        if (format == Format.text) {
            long ok = results.stream().filter(ScenarioResult::allAsExpected).count();
            out.println(ok + " of " + results.size() + " scenarios as expected");
        }
        if (bitstateMb != null) {
            // Never a proof: exit 3, unless a violation contradicts an expectation (a found violation is real).
            boolean contradicted = results.stream().flatMap(r -> r.rows().stream()).anyMatch(row -> row.expected().entrySet()
                    .stream().anyMatch(e -> e.getValue() == dev.irqcheck.specs.claims.Expectation.HOLDS
                            && row.verdict(e.getKey()).kind() == dev.irqcheck.checker.result.Verdict.Kind.VIOLATED));
            return contradicted ? ExitCode.UNEXPECTED.code() : ExitCode.LIMIT.code();
        }
        if (limited) {
            return ExitCode.LIMIT.code();
        }
        return unexpected ? ExitCode.UNEXPECTED.code() : ExitCode.OK.code();
    }
}
