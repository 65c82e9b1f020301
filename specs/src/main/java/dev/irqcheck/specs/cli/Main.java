package dev.irqcheck.specs.cli;

import dev.irqcheck.specs.output.TerminalText;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code irqcheck} command: subcommands check, simulate, sweep, properties and bench. */
@Command(name = "irqcheck", mixinStandardHelpOptions = true, version = "irqcheck 0.1.0",
        description = "Model checker for virtual-interrupt protocols (device -> VFIO -> irqfd -> GSI routing -> VGIC -> guest).",
        subcommands = {CheckCommand.class, SimulateCommand.class, SweepCommand.class, SweepMergeCommand.class, PropertiesCommand.class, BenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every verdict as expected", "1:some verdict not as expected (outranks 3)",
                "2:bad command line, scenario file or report path (nothing was searched)",
                "3:a state limit, the memory budget or the heap stopped a search",
                "4:internal error, JVM error, or output lost (stdout or report not written)"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // Declared so that every subcommand accepts it; run() reads it from the arguments, because an
    // error can reach the top before picocli has finished parsing them.
    @CommandLine.Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "On an internal or JVM error, also print the stack trace.")
    boolean debug;

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
        // Everything printed passes the terminal filter: names from a scenario file cannot
        // drive the terminal. The caller's `out` still reports a failed write (checkError).
        PrintWriter safeOut = new PrintWriter(TerminalText.filter(out), true);
        PrintWriter safeErr = new PrintWriter(TerminalText.filter(err), true);
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        cli.setOut(safeOut);
        cli.setErr(safeErr);
        // No ANSI styling in help on a terminal: the filter would print its escapes as text.
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        cli.setParameterExceptionHandler((ex, a) -> {
            safeErr.println("irqcheck: " + TerminalText.escape(String.valueOf(ex.getMessage())) + " (try 'irqcheck --help')");
            return ExitCode.BAD_INPUT.code();
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> fatal(ex, safeErr, debug));
        int code;
        try {
            code = cli.execute(args);
        } catch (Throwable t) {
            code = fatal(t, safeErr, debug);
        }
        safeOut.flush();
        if (out.checkError()) {
            safeErr.println("irqcheck: could not write to standard output (disk full, or nothing reading it); "
                    + "the results are lost");
            code = ExitCode.INTERNAL.code();
        }
        return code;
    }

    /**
     * An exception or JVM error that reached the top: one line naming it, with a hint; the stack
     * trace only with --debug. An OutOfMemoryError inside a search never gets here: the engine
     * stops that search (exit 3).
     */
    static int fatal(Throwable t, PrintWriter err, boolean debug) {
        Throwable cause = t instanceof CommandLine.ExecutionException && t.getCause() != null ? t.getCause() : t;
        String hint = debug ? "" : " (--debug prints the stack trace)";
        String what = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        String line;
        if (cause instanceof StackOverflowError) {
            line = "the Java stack ran out (StackOverflowError); raise it with IRQCHECK_JAVA_OPTS=-Xss64m, "
                    + "and please report the input that did this" + hint;
        } else if (cause instanceof OutOfMemoryError) {
            line = "the Java heap ran out outside a search (" + what + "); give the JVM more with "
                    + "IRQCHECK_JAVA_OPTS=-Xmx4g" + hint;
        } else if (cause instanceof Error) {
            line = "the JVM failed (" + what + ")" + hint;
        } else {
            line = "internal error (" + what + "); this is a bug in irqcheck, please report it" + hint;
        }
        err.println("irqcheck: " + TerminalText.escape(line));
        if (debug) {
            cause.printStackTrace(err);
        }
        err.flush();
        return ExitCode.INTERNAL.code();
    }
}
