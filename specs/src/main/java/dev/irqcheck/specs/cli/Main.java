package dev.irqcheck.specs.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code irqcheck} command: subcommands check, simulate, sweep, properties and bench. */
@Command(name = "irqcheck", mixinStandardHelpOptions = true, version = "irqcheck 0.1.0",
        description = "Model checker for virtual-interrupt protocols (device -> VFIO -> irqfd -> GSI routing -> VGIC -> guest).",
        subcommands = {CheckCommand.class, SimulateCommand.class, SweepCommand.class, SweepMergeCommand.class, PropertiesCommand.class, BenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every verdict as expected", "1:some verdict not as expected",
                "2:bad command line or scenario file", "3:a state or memory limit stopped a search",
                "4:internal error"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: check, simulate, sweep or properties");
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    private static <E extends Enum<E>> void registerKebab(CommandLine cli, Class<E> type) {
        cli.registerConverter(type, text -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-').equals(text)) {
                    return e;
                }
            }
            java.util.List<String> names = new java.util.ArrayList<>();
            for (E e : type.getEnumConstants()) {
                names.add(e.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            }
            throw new CommandLine.TypeConversionException("'" + text + "' is not one of " + names);
        });
    }

    /** Runs the command line and returns the exit code; for tests and embedding. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        // Enum values are written in kebab case on the command line, as in scenario files.
        registerKebab(cli, dev.irqcheck.model.variant.TriggerMode.class);
        registerKebab(cli, dev.irqcheck.model.variant.HostHandlerKind.class);
        registerKebab(cli, dev.irqcheck.model.variant.IrqfdKind.class);
        registerKebab(cli, dev.irqcheck.model.variant.GuestDriver.class);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            err.println("irqcheck: " + ex.getMessage());
            err.println("Try 'irqcheck --help'.");
            return ExitCode.BAD_INPUT.code();
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println("irqcheck: internal error: " + ex);
            ex.printStackTrace(err);
            return ExitCode.INTERNAL.code();
        });
        return cli.execute(args);
    }
}
