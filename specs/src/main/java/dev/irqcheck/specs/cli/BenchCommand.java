package dev.irqcheck.specs.cli;

import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.specs.bench.WorkloadSet;
import dev.irqcheck.specs.output.TerminalText;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import dev.irqcheck.specs.scenario.Scenario;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Times the exhaustive search of every scenario combination, so the real workload is tracked
 * beside the handshake benchmark: states, transitions, median wall time, states/s, bytes per
 * stored state. Verdicts are not judged here (that is {@code check}).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time the exhaustive search of each scenario combination (medians of several runs).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "2:bad command line or scenario file",
                "3:some search stopped at a limit (its row says which; its counts are not the whole space)", "4:internal error"})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "0..*", description = "Scenario files or directories.")
    List<Path> paths = List.of();

    @Option(names = "--set", paramLabel = "NAME", description = "A named set of configurations shipped with irqcheck: "
            + WorkloadSet.SET_NAME + " (issue 14's larger interrupt configurations; the last one is heavy, about 30 s).")
    String set;

    @Option(names = "--reps", paramLabel = "R", defaultValue = "5", description = "Timed runs per combination, after one warm-up (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--threads", paramLabel = "N[,N...]", split = ",",
            description = "Worker threads; several (e.g. 1,2) time every combination with each (default: all cores).")
    List<Integer> threads;

    @Option(names = "--partial-order", description = "Time the searches with the partial-order reduction (as check --partial-order).")
    boolean partialOrder;
    @Option(names = "--no-symmetry", description = "Time the searches without symmetry reduction (as check --no-symmetry).")
    boolean noSymmetry;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (reps < 1 || (threads != null && threads.stream().anyMatch(t -> t == null || t < 1))) {
            err.println("irqcheck: --reps and --threads must be at least 1");
            return ExitCode.BAD_INPUT.code();
        }
        if (set == null && paths.isEmpty() || set != null && !paths.isEmpty()) {
            err.println("irqcheck: bench takes scenario files or --set " + WorkloadSet.SET_NAME + ", not both");
            return ExitCode.BAD_INPUT.code();
        }
        Optional<List<Scenario>> parsed;
        if (set != null) {
            parsed = WorkloadSet.named(set);
            if (parsed.isEmpty()) {
                err.println("irqcheck: --set: unknown set '" + TerminalText.escape(set) + "'; known: " + WorkloadSet.SET_NAME);
                return ExitCode.BAD_INPUT.code();
            }
        } else {
            parsed = ScenarioFiles.parseAll(paths, err);
        }
        if (parsed.isEmpty()) {
            return ExitCode.BAD_INPUT.code();
        }
        List<Integer> threadCounts = threads == null ? List.of(Runtime.getRuntime().availableProcessors()) : threads;
        out.printf(Locale.ROOT, "| scenario | combination | threads | states | transitions | median s | states/s | B/state |%n");
        out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|%n");
        long totalStates = 0;
        double totalSeconds = 0;
        boolean anyStopped = false;
        for (Scenario scenario : parsed.get()) {
            for (int threadCount : threadCounts) {
                // The same runner as `check`, so what is timed is exactly what `check` explores.
                ScenarioRunner runner = new ScenarioRunner(SearchConfig.defaults().withThreads(threadCount)
                        .withPartialOrder(partialOrder).withSymmetry(!noSymmetry), SearchListener.SILENT);
                // The memory budget is a share of the heap free when a search starts: collect the
                // previous run's garbage first, or a large run finds less room each time.
                System.gc();
                runner.run(scenario); // warm-up
                List<ScenarioResult> runs = new ArrayList<>();
                for (int r = 0; r < reps; r++) {
                    System.gc();
                    runs.add(runner.run(scenario));
                }
                for (int row = 0; row < runs.get(0).rows().size(); row++) {
                    double[] seconds = new double[reps];
                    for (int r = 0; r < reps; r++) {
                        seconds[r] = runs.get(r).rows().get(row).report().stats().elapsed().toNanos() / 1e9;
                    }
                    CombinationResult last = runs.get(reps - 1).rows().get(row);
                    SearchStats st = last.report().stats();
                    double median = median(seconds);
                    totalStates += st.distinctStates();
                    totalSeconds += median;
                    int rowIndex = row;
                    boolean stopped = runs.stream().anyMatch(run -> run.rows().get(rowIndex).stoppedByLimit());
                    anyStopped |= stopped;
                    out.printf(Locale.ROOT, "| %s | %s%s | %d | %,d | %,d | %.4f | %,.0f | %.1f |%n",
                            scenario.file().getFileName(), last.combination().label(),
                            stopped ? " (STOPPED by a limit in some run: incomplete)" : "", threadCount, st.distinctStates(),
                            st.transitions(), median, median > 0 ? st.distinctStates() / median : 0.0,
                            (double) st.storeBytes() / Math.max(1, st.distinctStates()));
                    out.flush();
                }
            }
        }
        out.printf(Locale.ROOT, "total: %,d states in %.3f s (sum of medians), %,.0f states/s%n", totalStates, totalSeconds,
                totalSeconds > 0 ? totalStates / totalSeconds : 0.0);
        if (anyStopped) {
            err.println("irqcheck: some searches stopped at a limit (memory or states); their rows are not the whole space."
                    + " Give the JVM more heap: IRQCHECK_JAVA_OPTS=-Xmx...");
            return ExitCode.LIMIT.code();
        }
        return ExitCode.OK.code();
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
