package dev.irqcheck.specs.cli;

import dev.irqcheck.specs.scenario.ScenarioException;
import dev.irqcheck.specs.sweep.SweepMerge;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Puts the JSON files of {@code sweep --shard K/N} back together into the unsharded run's output. */
@Command(name = "sweep-merge", mixinStandardHelpOptions = true,
        description = "Merge the JSON files of every shard of one sweep (sweep --shard K/N) and print what the "
                + "unsharded sweep prints: the same table, verdicts and smallest breaking configurations.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:merged", "2:bad command line or output path, or shard files that are damaged, missing or of different sweeps",
                "3:a state limit stopped some search",
                "4:internal error, JVM error, or output lost (stdout or report not written)"})
final class SweepMergeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "The shard files, every shard once, in any order.")
    List<Path> files;

    @Mixin
    SweepOutput output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Before reading: a --report or --output that is one of the shard files must not replace it.
        if (!output.prepare(files, err)) {
            return ExitCode.BAD_INPUT.code();
        }
        SweepMerge.Merged merged;
        try {
            merged = SweepMerge.read(files);
        } catch (ScenarioException e) {
            err.println(e.describe());
            return ExitCode.BAD_INPUT.code();
        }
        try {
            return output.present(new SweepOutput.Result(merged.bounds(), merged.maxStates(), null, merged.enumeration(),
                    merged.outcomes(), SweepMerge.recheck(merged.maxStates())), out, err,
                    "(" + merged.outcomes().size() + " configurations merged from " + files.size() + " shard files)\n");
        } catch (IllegalArgumentException e) {
            err.println("irqcheck: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        }
    }
}
