package dev.irqcheck.specs.cli;

import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.specs.output.ReportFile;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.specs.sweep.ConfigurationEnumerator;
import dev.irqcheck.specs.sweep.SweepBounds;
import dev.irqcheck.specs.sweep.SweepJson;
import dev.irqcheck.specs.sweep.SweepRunner;
import dev.irqcheck.specs.sweep.SweepSummary;
import dev.irqcheck.specs.sweep.SweepTextReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Enumerates every routing configuration within bounds and checks each one exhaustively. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Check every routing configuration within bounds (device -> irqfd -> GSI -> SPI, sharing "
                + "included) against the property catalogue and summarise which kinds are safe.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the sweep ran to the end (its table says what breaks)",
                "2:bad command line or report path (nothing was searched)",
                "3:a state limit stopped some search",
                "4:internal error, JVM error, or output lost (stdout or report not written)"})
final class SweepCommand implements Callable<Integer> {
    enum Format { text, json }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "2", description = "Up to N devices, 1..3 (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--gsis", paramLabel = "N", defaultValue = "2", description = "Up to N GSIs, 1..3 (default: ${DEFAULT-VALUE}).")
    int gsis;

    @Option(names = "--spis", paramLabel = "N", defaultValue = "2", description = "Up to N SPIs, 1..3 (default: ${DEFAULT-VALUE}).")
    int spis;

    @Option(names = "--vcpus", paramLabel = "N", defaultValue = "1", description = "vCPUs, 1..2 (default: ${DEFAULT-VALUE}).")
    int vcpus;

    @Option(names = "--raises", paramLabel = "N", defaultValue = "2", description = "Raises per device, 1..2 (default: ${DEFAULT-VALUE}).")
    int raises;

    @Option(names = "--triggers", split = ",", paramLabel = "level,edge", description = "Device triggers to range over (default: both).")
    List<TriggerMode> triggers;

    @Option(names = "--level-handlers", split = ",", paramLabel = "KIND,...",
            description = "Host handlers for level devices (default: vfio-platform-automasked,vfio-pci-intx-disintx).")
    List<HostHandlerKind> levelHandlers;

    @Option(names = "--irqfd-kinds", split = ",", paramLabel = "plain,resample", description = "irqfd kinds (default: both).")
    List<IrqfdKind> irqfdKinds;

    @Option(names = "--drivers", split = ",", paramLabel = "DRIVER,...",
            description = "Guest drivers: normal-isr, oneshot-threaded, polling-isr (default: the first two).")
    List<GuestDriver> drivers;

    @Option(names = "--threads", paramLabel = "N", description = "Configurations checked at once (default: all cores).")
    Integer threads;

    @Option(names = "--max-states", paramLabel = "N", defaultValue = "2000000", description = "State limit per configuration (default: ${DEFAULT-VALUE}).")
    long maxStates;

    @Option(names = "--format", paramLabel = "text|json", defaultValue = "text", description = "Output format (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--traces", description = "Print the shortest trace of each smallest breaking configuration.")
    boolean traces;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Also write an HTML page with the table and the traces.")
    Path report;

    @Option(names = "--classes", description = "Also print the table by every combination of features.")
    boolean classes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepBounds defaults = SweepBounds.defaults();
        SweepBounds bounds;
        try {
            bounds = new SweepBounds(devices, gsis, spis, vcpus, raises,
                    triggers != null ? triggers : defaults.triggers(),
                    levelHandlers != null ? levelHandlers : defaults.levelHandlers(),
                    irqfdKinds != null ? irqfdKinds : defaults.irqfdKinds(),
                    defaults.spiConfigs(), drivers != null ? drivers : defaults.guestDrivers(),
                    List.of(SweepBounds.SWEEP_KERNEL));
        } catch (IllegalArgumentException e) {
            err.println("irqcheck: " + e.getMessage());
            return ExitCode.BAD_INPUT.code();
        }
        if (bounds.levelHandlers().stream().anyMatch(h -> !h.automasks())) {
            err.println("irqcheck: --level-handlers takes automasking handlers only");
            return ExitCode.BAD_INPUT.code();
        }
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (workers < 1) {
            err.println("irqcheck: --threads must be at least 1");
            return ExitCode.BAD_INPUT.code();
        }
        if (maxStates < 1) {
            err.println("irqcheck: --max-states must be at least 1");
            return ExitCode.BAD_INPUT.code();
        }
        ReportFile reportFile = null;
        if (report != null) {
            try {
                reportFile = ReportFile.prepare(report, List.of());
            } catch (ReportFile.Unwritable e) {
                err.println("irqcheck: --report " + e.getMessage());
                return ExitCode.BAD_INPUT.code();
            }
        }
        ConfigurationEnumerator.Result configs = new ConfigurationEnumerator(bounds).enumerate();
        boolean terminal = System.console() != null;
        long start = System.nanoTime();
        int total = configs.configs().size();
        List<SweepRunner.Checked> checked = new SweepRunner(workers, maxStates).run(configs.configs(), done -> {
            if (terminal && (done % 50 == 0 || done == total)) {
                double s = (System.nanoTime() - start) / 1e9;
                err.print(String.format(Locale.ROOT, "\r  %d / %d configurations, %.1f/s   ", done, total, done / Math.max(s, 1e-9)));
                err.flush();
            }
        });
        if (terminal) {
            err.print("\r" + " ".repeat(60) + "\r");
            err.flush();
        }
        SweepSummary summary = SweepSummary.of(configs, checked);
        if (format == Format.json) {
            out.print(new SweepJson().write(bounds, summary));
            out.flush();
        } else {
            new SweepTextReport(out, traces, classes).print(summary);
            out.println(String.format(Locale.ROOT, "(%d configurations in %.1f s with %d threads)", total,
                    (System.nanoTime() - start) / 1e9, workers));
        }
        if (reportFile != null) {
            try {
                reportFile.write(new dev.irqcheck.specs.sweep.SweepHtml().render(summary));
            } catch (IOException e) {
                err.println("irqcheck: cannot write the report " + report + ": " + e.getMessage());
                return ExitCode.INTERNAL.code();
            }
        }
        return summary.anyInconclusive() ? ExitCode.LIMIT.code() : ExitCode.OK.code();
    }
}
