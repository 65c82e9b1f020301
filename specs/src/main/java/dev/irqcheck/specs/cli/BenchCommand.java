package dev.irqcheck.specs.cli;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioException;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
        exitCodeList = {"0:done", "2:bad command line or scenario file", "4:internal error"})
final class BenchCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "FILE|DIR", arity = "1..*", description = "Scenario files or directories.")
    List<Path> paths;

    @Option(names = "--reps", paramLabel = "R", defaultValue = "5", description = "Timed runs per combination, after one warm-up (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (reps < 1 || (threads != null && threads < 1)) {
            err.println("irqcheck: --reps and --threads must be at least 1");
            return ExitCode.BAD_INPUT.code();
        }
        List<Scenario> scenarios = new ArrayList<>();
        try {
            for (Path f : ScenarioFiles.expand(paths)) {
                scenarios.add(new ScenarioParser().parse(f));
            }
        } catch (ScenarioFiles.UsageException e) {
            err.println("irqcheck: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        } catch (ScenarioException e) {
            err.println(e.describe());
            return ExitCode.BAD_INPUT.code();
        } catch (IOException e) {
            err.println("irqcheck: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        }
        SearchConfig config = SearchConfig.defaults();
        if (threads != null) {
            config = config.withThreads(threads);
        }
        out.printf(Locale.ROOT, "| scenario | combination | states | transitions | median s | states/s | B/state |%n");
        out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|%n");
        long totalStates = 0;
        double totalSeconds = 0;
        for (Scenario scenario : scenarios) {
            for (Combination c : scenario.combinations()) {
                InterruptSystem model = new InterruptSystem(c.applyTo(scenario.topology()), c.variants());
                List<Claim> claims = new ArrayList<>();
                for (ScenarioProperty p : scenario.properties()) {
                    claims.add(p.claim(model));
                }
                double[] seconds = new double[reps];
                SearchStats last = null;
                for (int r = -1; r < reps; r++) {
                    CheckReport report = new Explorer(config).check(model, claims);
                    if (r >= 0) {
                        last = report.stats();
                        seconds[r] = last.elapsed().toNanos() / 1e9;
                    }
                }
                double median = median(seconds);
                totalStates += last.distinctStates();
                totalSeconds += median;
                out.printf(Locale.ROOT, "| %s | %s | %,d | %,d | %.4f | %,.0f | %.1f |%n",
                        scenario.file().getFileName(), c.label(), last.distinctStates(), last.transitions(), median,
                        median > 0 ? last.distinctStates() / median : 0.0,
                        (double) last.storeBytes() / Math.max(1, last.distinctStates()));
            }
        }
        out.printf(Locale.ROOT, "total: %,d states in %.3f s (sum of medians), %,.0f states/s%n", totalStates, totalSeconds,
                totalSeconds > 0 ? totalStates / totalSeconds : 0.0);
        return ExitCode.OK.code();
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
