package dev.irqcheck.specs.cli;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.result.SimulationReport;
import dev.irqcheck.checker.search.Simulator;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.specs.claims.Expectation;
import dev.irqcheck.specs.claims.ObservableEvent;
import dev.irqcheck.specs.run.Swarm;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.output.TerminalText;
import dev.irqcheck.specs.report.TextTraceRenderer;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioException;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Seeded random walks over a scenario, for configurations too large to exhaust. Safety
 * properties are checked at every step; liveness properties are not decided by random walks.
 * A violation that the scenario does not expect fails the run; not finding an expected violation
 * proves nothing and is only reported.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Random walks over each variant combination of a scenario, reproducible from the seed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no unexpected violation found", "1:a walk violated a property expected to hold",
                "2:bad command line or scenario file", "4:internal error"})
final class SimulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "A scenario file.")
    Path file;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1000", description = "Steps per walk (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--runs", paramLabel = "M", defaultValue = "100", description = "Walks per combination (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed; the same seed gives the same walks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--swarm", paramLabel = "N",
            description = "Run a swarm of N members (1..10000), each --runs walks with its own seed and walk length, "
                    + "and report coverage of rules and of the catalogue's observable events.")
    Integer swarm;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (steps < 1 || runs < 1) {
            err.println("irqcheck: --steps and --runs must be at least 1");
            return ExitCode.BAD_INPUT.code();
        }
        if (swarm != null && (swarm < 1 || swarm > 10_000)) {
            err.println("irqcheck: --swarm must be 1..10000, got " + swarm);
            return ExitCode.BAD_INPUT.code();
        }
        Scenario scenario;
        try {
            scenario = new ScenarioParser().parse(file);
        } catch (ScenarioException e) {
            err.println(e.describe());
            return ExitCode.BAD_INPUT.code();
        }
        out.println(TerminalText.escape(scenario.file() + ": " + scenario.name()) + String.format(Locale.ROOT,
                " (%d walks of up to %d steps per combination, seed %d)", runs, steps, seed));
        boolean unexpected = false;
        TextTraceRenderer traces = new TextTraceRenderer();
        if (swarm != null) {
            for (Combination c : scenario.combinations()) {
                unexpected |= swarm(out, scenario, c, traces);
            }
            out.println("(a swarm finds violations; it never proves that a property holds)");
            return unexpected ? ExitCode.UNEXPECTED.code() : ExitCode.OK.code();
        }
        for (Combination c : scenario.combinations()) {
            InterruptSystem model = scenario.modelOf(c);
            List<Claim> claims = scenario.claimsOn(model);
            SimulationReport report = new Simulator(model).run(claims, runs, steps, seed, null);
            out.println("  " + c.label() + String.format(Locale.ROOT, ": %d walks, %d steps, %d ended with nothing enabled",
                    report.runsDone(), report.steps(), report.runsEndedQuiescent()));
            for (ScenarioProperty p : scenario.properties()) {
                SimulationReport.ClaimResult r = report.resultOf(p.id());
                Expectation expected = scenario.expected(c, p);
                String outcome = r.outcome().name().toLowerCase(Locale.ROOT).replace('_', ' ');
                boolean bad = r.outcome() == SimulationReport.Outcome.VIOLATED && expected == Expectation.HOLDS;
                unexpected |= bad;
                out.println(String.format(Locale.ROOT, "    %-24s %-12s (expected %s)%s", p.id(), outcome,
                        expected.name().toLowerCase(Locale.ROOT), bad ? "  UNEXPECTED" : ""));
                if (bad) {
                    out.println("      walk " + r.run() + ", step " + r.step() + ":");
                    out.print(traces.render(r.trace().orElseThrow(), "      "));
                }
            }
        }
        out.println("(random walks find violations; they never prove that a property holds)");
        return unexpected ? ExitCode.UNEXPECTED.code() : ExitCode.OK.code();
    }

    // One combination under a swarm: coverage, then each property's finding; true when one is unexpected.
    private boolean swarm(PrintWriter out, Scenario scenario, Combination c, TextTraceRenderer traces) {
        InterruptSystem model = scenario.modelOf(c);
        Swarm.Result r = Swarm.run(model, scenario.claimsOn(model), swarm, runs, steps, seed);
        out.println("  " + c.label() + String.format(Locale.ROOT, ": swarm of %d members, %d walks, %d steps",
                r.members().size(), r.walks(), r.steps()));
        List<String> never = r.rulesNeverFired();
        out.println("    rules fired: " + r.rulesFired() + " of " + r.ruleNames().size()
                + (never.isEmpty() ? "" : " (never: " + String.join("; ", never) + ")"));
        List<String> unseen = java.util.Arrays.stream(ObservableEvent.values()).filter(e -> !r.seen().contains(e))
                .map(ObservableEvent::id).toList();
        out.println("    observable events seen: " + r.seen().size() + " of " + ObservableEvent.values().length
                + (unseen.isEmpty() ? "" : " (never: " + String.join(", ", unseen) + ")"));
        boolean unexpected = false;
        for (ScenarioProperty p : scenario.properties()) {
            Swarm.Found f = r.found().get(p.id());
            Expectation expected = scenario.expected(c, p);
            boolean liveness = scenario.claimsOn(model).stream().anyMatch(cl -> cl.name().equals(p.id()) && cl.isLiveness());
            String outcome = f != null ? f.result().outcome().name().toLowerCase(Locale.ROOT) : liveness ? "not checked" : "not found";
            boolean bad = f != null && f.result().outcome() == SimulationReport.Outcome.VIOLATED && expected == Expectation.HOLDS;
            unexpected |= bad;
            out.println(String.format(Locale.ROOT, "    %-24s %-12s (expected %s)%s", p.id(), outcome,
                    expected.name().toLowerCase(Locale.ROOT), f == null ? "" : "  member " + f.member().index()
                            + " (seed " + f.member().seed() + ", " + f.member().stepsPerWalk() + " steps), walk "
                            + f.result().run() + ", step " + f.result().step() + (bad ? "  UNEXPECTED" : "")));
            if (bad) {
                out.print(traces.render(f.result().trace().orElseThrow(), "      "));
            }
        }
        return unexpected;
    }
}
