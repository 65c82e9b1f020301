package dev.irqcheck.specs.cli;

import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.specs.scenario.Axis;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.sweep.ConfigurationEnumerator;
import dev.irqcheck.specs.sweep.Shard;
import dev.irqcheck.specs.sweep.SweepBounds;
import dev.irqcheck.specs.sweep.SweepRunner;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Enumerates every routing configuration within bounds and checks each one exhaustively. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Check every routing configuration within bounds (device -> irqfd -> GSI -> SPI, sharing "
                + "included) against the property catalogue and summarise which kinds are safe; under a design "
                + "variant, as a diff of two designs, or one shard of the configurations.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the sweep ran to the end (its table says what breaks)",
                "2:bad command line or report/output path (nothing was searched)",
                "3:a state limit stopped some search",
                "4:internal error, JVM error, or output lost (stdout or report not written)"})
final class SweepCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--devices", paramLabel = "N", defaultValue = "2", description = "Up to N devices, 1..3 (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--gsis", paramLabel = "N", defaultValue = "2", description = "Up to N GSIs, 1..3 (default: ${DEFAULT-VALUE}).")
    int gsis;

    @Option(names = "--spis", paramLabel = "N", defaultValue = "2", description = "Up to N SPIs, 1..3 (default: ${DEFAULT-VALUE}).")
    int spis;

    @Option(names = "--vcpus", paramLabel = "N|M..N", defaultValue = "1",
            description = "vCPUs, 1..2, or a range such as 1..2 (each count is its own configuration; default: ${DEFAULT-VALUE}).")
    String vcpus;

    @Option(names = "--retargets", paramLabel = "N", defaultValue = "0",
            description = "Also sweep 0..N guest GICD_IROUTER writes, N 0..2, in configurations with 2 vCPUs (default: ${DEFAULT-VALUE}).")
    int retargets;

    @Option(names = "--distributor-writes", paramLabel = "N", defaultValue = "0",
            description = "Also sweep 0..N guest GICD_ICENABLER/ISPENDR/ICPENDR writes, N 0..2 (default: ${DEFAULT-VALUE}).")
    int distributorWrites;

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

    @Option(names = "--arch", paramLabel = "arm64|x86|both", defaultValue = "arm64",
            description = "The architecture to sweep: the arm64 VGIC, the x86 IOAPIC, or both side by side (default: ${DEFAULT-VALUE}).")
    String arch;

    @Option(names = "--variant", paramLabel = "KEY=VALUE",
            description = "Check every configuration under this design variant: a key and value of a scenario's "
                    + "variants (e.g. line_combining=or-per-source); repeatable.")
    List<String> variants;

    @Option(names = "--compare", paramLabel = "KEY=A,B",
            description = "Check every configuration under both values of a variant and print what differs, by feature class.")
    String compare;

    @Option(names = "--shard", paramLabel = "K/N",
            description = "Check only shard K of N (a deterministic split) and write JSON for sweep-merge.")
    String shard;

    @Option(names = "--threads", paramLabel = "N", description = "Configurations checked at once (default: all cores).")
    Integer threads;

    @Option(names = "--max-states", paramLabel = "N", defaultValue = "2000000", description = "State limit per configuration (default: ${DEFAULT-VALUE}).")
    long maxStates;

    @Mixin
    SweepOutput output;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SweepBounds defaults = SweepBounds.defaults();
        SweepBounds bounds;
        Shard part;
        try {
            int[] range = range(vcpus);
            bounds = new SweepBounds(devices, gsis, spis, range[0], range[1], raises,
                    triggers != null ? triggers : defaults.triggers(),
                    levelHandlers != null ? levelHandlers : defaults.levelHandlers(),
                    irqfdKinds != null ? irqfdKinds : defaults.irqfdKinds(),
                    defaults.spiConfigs(), drivers != null ? drivers : defaults.guestDrivers(),
                    retargets, distributorWrites, designs(), arches(arch));
            for (Combination design : bounds.designs()) {
                for (dev.irqcheck.model.irqchip.Arch a : bounds.arches()) {
                    for (Axis axis : design.values().keySet()) {
                        java.util.Optional<String> why = axis.whyNotOnThisArch(a);
                        if (why.isPresent()) {
                            throw new IllegalArgumentException("--arch " + arch + ": " + why.get());
                        }
                    }
                }
            }
            part = shard == null ? null : Shard.parse(shard);
            if (maxStates < 1) {
                throw new IllegalArgumentException("--max-states must be at least 1, got " + maxStates);
            }
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
        // Before the search: an unusable --report or --output path must not cost a sweep.
        if (!output.prepare(List.of(), err)) {
            return ExitCode.BAD_INPUT.code();
        }
        ConfigurationEnumerator.Result configs = new ConfigurationEnumerator(bounds).enumerate();
        boolean terminal = System.console() != null;
        long start = System.nanoTime();
        int total = part == null ? configs.configs().size() : part.select(configs.configs()).size();
        List<SweepRunner.Checked> checked = new SweepRunner(workers, maxStates).run(configs.configs(),
                c -> part == null || part.contains(c), done -> {
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
        Map<Integer, SweepRunner.Checked> byIndex = new TreeMap<>();
        checked.forEach(c -> byIndex.put(c.index(), c));
        String footer = String.format(Locale.ROOT, "(%d configurations in %.1f s with %d threads)%n", total,
                (System.nanoTime() - start) / 1e9, workers);
        return output.present(new SweepOutput.Result(bounds, maxStates, part, configs,
                checked.stream().map(SweepRunner.Checked::outcome).toList(), o -> byIndex.get(o.index())), out, err, footer);
    }

    static List<dev.irqcheck.model.irqchip.Arch> arches(String text) {
        switch (text) {
            case "arm64":
                return List.of(dev.irqcheck.model.irqchip.Arch.ARM64);
            case "x86":
                return List.of(dev.irqcheck.model.irqchip.Arch.X86);
            case "both":
                return List.of(dev.irqcheck.model.irqchip.Arch.ARM64, dev.irqcheck.model.irqchip.Arch.X86);
            default:
                throw new IllegalArgumentException("--arch: expected arm64, x86 or both, got '" + text + "'");
        }
    }

    // "2" or "1..2".
    private static int[] range(String text) {
        String[] parts = text.split("\\.\\.", -1);
        if (parts.length > 2 || !parts[0].matches("[0-9]{1,3}") || (parts.length == 2 && !parts[1].matches("[0-9]{1,3}"))) {
            throw new IllegalArgumentException("--vcpus: expected N or M..N, got '" + text + "'");
        }
        int lo = Integer.parseInt(parts[0]);
        return new int[] {lo, parts.length == 2 ? Integer.parseInt(parts[1]) : lo};
    }

    // One design from the --variant assignments, or two (the same with each side of --compare); on 6.18 unless a kernel is named.
    private List<Combination> designs() {
        Map<Axis, Enum<?>> fixed = new EnumMap<>(Axis.class);
        for (String v : variants == null ? List.<String>of() : variants) {
            Combination one = Axis.assignment(v);
            Axis axis = one.values().keySet().iterator().next();
            if (fixed.containsKey(axis)) {
                throw new IllegalArgumentException("--variant " + axis.key() + " given twice");
            }
            fixed.putAll(one.values());
        }
        if (compare == null) {
            return List.of(SweepBounds.design(fixed));
        }
        int eq = compare.indexOf('=');
        String[] sides = eq < 0 ? new String[0] : compare.substring(eq + 1).split(",", -1);
        if (sides.length != 2) {
            throw new IllegalArgumentException("--compare: expected KEY=A,B, got '" + compare + "'");
        }
        List<Combination> out = new ArrayList<>();
        for (String side : sides) {
            Combination one = Axis.assignment(compare.substring(0, eq) + "=" + side);
            Axis axis = one.values().keySet().iterator().next();
            if (fixed.containsKey(axis)) {
                throw new IllegalArgumentException("--compare " + axis.key() + " is also set by --variant");
            }
            Map<Axis, Enum<?>> values = new EnumMap<>(fixed);
            values.putAll(one.values());
            out.add(SweepBounds.design(values));
        }
        if (out.get(0).equals(out.get(1))) {
            throw new IllegalArgumentException("--compare: the two values are the same");
        }
        return out;
    }
}
