package dev.irqcheck.specs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Placeholder replaced below once the simulator lands. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "Seeded random walks (not yet wired).")
final class SimulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getErr().println("irqcheck: simulate is not available yet");
        return ExitCode.INTERNAL.code();
    }
}
