package dev.irqcheck.specs.sweep;

import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.specs.scenario.Axis;
import dev.irqcheck.specs.scenario.Combination;
import java.util.List;
import java.util.Map;

/**
 * The bounds of a sweep: how many devices, GSIs, SPIs and vCPUs, which kinds of each element to
 * range over, which guest budgets, and which designs. Every routing configuration within them is
 * enumerated once per vCPU count, budget and design.
 *
 * @param minVcpus            fewest vCPUs (a range: each count is its own configuration)
 * @param raises              raises per device (kept small: every configuration is checked exhaustively)
 * @param maxRetargets        GICD_IROUTER writes per run, 0..this; only with 2 vCPUs (with one there is nowhere to move)
 * @param maxDistributorWrites GICD_ICENABLER/ISPENDR/ICPENDR writes per run, 0..this
 * @param designs             the design variants each configuration is checked under, as a
 *                            scenario's {@code variants:} would set them; an empty combination is Linux as it is (the newest
 *                            release modelled); {@link #DEFAULT_DESIGN} is the sweep's default, on 6.18
 */
public record SweepBounds(int maxDevices, int maxGsis, int maxSpis, int minVcpus, int maxVcpus, int raises,
                          List<TriggerMode> triggers, List<HostHandlerKind> levelHandlers,
                          List<IrqfdKind> irqfdKinds, List<TriggerMode> spiConfigs,
                          List<GuestDriver> guestDrivers, int maxRetargets, int maxDistributorWrites,
                          List<Combination> designs, List<dev.irqcheck.model.irqchip.Arch> arches) {
    /** A sweep on arm64 alone. */
    public SweepBounds(int maxDevices, int maxGsis, int maxSpis, int minVcpus, int maxVcpus, int raises,
                       List<TriggerMode> triggers, List<HostHandlerKind> levelHandlers,
                       List<IrqfdKind> irqfdKinds, List<TriggerMode> spiConfigs,
                       List<GuestDriver> guestDrivers, int maxRetargets, int maxDistributorWrites,
                       List<Combination> designs) {
        this(maxDevices, maxGsis, maxSpis, minVcpus, maxVcpus, raises, triggers, levelHandlers, irqfdKinds, spiConfigs,
                guestDrivers, maxRetargets, maxDistributorWrites, designs, List.of(dev.irqcheck.model.irqchip.Arch.ARM64));
    }

    public SweepBounds {
        arches = List.copyOf(arches);
        if (arches.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one architecture");
        }
        if (arches.contains(dev.irqcheck.model.irqchip.Arch.X86) && (maxRetargets > 0 || maxDistributorWrites > 0)) {
            throw new IllegalArgumentException("x86 models no guest retargets or distributor writes; "
                    + "--retargets and --distributor-writes need --arch arm64");
        }
        triggers = List.copyOf(triggers);
        levelHandlers = List.copyOf(levelHandlers);
        irqfdKinds = List.copyOf(irqfdKinds);
        spiConfigs = List.copyOf(spiConfigs);
        guestDrivers = List.copyOf(guestDrivers);
        designs = List.copyOf(designs);
        check(maxDevices, 1, 3, "devices");
        check(maxGsis, 1, 3, "GSIs");
        check(maxSpis, 1, 3, "SPIs");
        check(minVcpus, 1, 2, "vCPUs");
        check(maxVcpus, minVcpus, 2, "vCPUs (the top of the range)");
        check(raises, 1, 2, "raises");
        check(maxRetargets, 0, 2, "retargets");
        check(maxDistributorWrites, 0, 2, "distributor writes");
        if (maxRetargets > 0 && maxVcpus < 2) {
            throw new IllegalArgumentException("retargets need 2 vCPUs; add --vcpus 1..2 or 2");
        }
        if (designs.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one design");
        }
        for (List<?> l : List.of(triggers, irqfdKinds, spiConfigs, guestDrivers)) {
            if (l.isEmpty()) {
                throw new IllegalArgumentException("every element kind needs at least one value");
            }
        }
    }

    private static void check(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got " + value);
        }
    }

    /** These bounds with other designs (the sweep under a variant, or the two sides of a comparison). */
    public SweepBounds withDesigns(List<Combination> other) {
        return new SweepBounds(maxDevices, maxGsis, maxSpis, minVcpus, maxVcpus, raises, triggers, levelHandlers,
                irqfdKinds, spiConfigs, guestDrivers, maxRetargets, maxDistributorWrites, other, arches);
    }

    /** These bounds on other architectures. */
    public SweepBounds withArches(List<dev.irqcheck.model.irqchip.Arch> other) {
        return new SweepBounds(maxDevices, maxGsis, maxSpis, minVcpus, maxVcpus, raises, triggers, levelHandlers,
                irqfdKinds, spiConfigs, guestDrivers, maxRetargets, maxDistributorWrites, designs, other);
    }

    /**
     * The README's default sweep: up to 2 devices, 2 GSIs and 2 SPIs, one vCPU, 2 raises per device
     * (one raise hides every race that needs a second interrupt), Linux 6.18 (on 6.19, finding 1
     * makes every configuration with a level device unsafe: see {@link #SWEEP_KERNEL}), every trigger,
     * VFIO handler, irqfd kind and SPI configuration, and the normal and oneshot guest drivers
     * (the polling driver is one --drivers away).
     */
    public static SweepBounds defaults() {
        return new SweepBounds(2, 2, 2, 1, 1, 2, List.of(TriggerMode.values()),
                List.of(HostHandlerKind.VFIO_PLATFORM_AUTOMASKED, HostHandlerKind.VFIO_PCI_INTX_DISINTX),
                List.of(IrqfdKind.values()), List.of(TriggerMode.values()),
                List.of(GuestDriver.NORMAL_ISR, GuestDriver.ONESHOT_THREADED), 0, 0,
                List.of(DEFAULT_DESIGN));
    }

    /**
     * The release a sweep checks unless told otherwise: 6.18, the newest whose fold resamples every
     * EOI'd level SPI. On 6.19 as read no configuration with a level device holds (finding 1), so a
     * sweep there would only repeat that.
     */
    public static final Variants SWEEP_KERNEL = Variants.of(dev.irqcheck.model.variant.KernelVersion.V6_18);

    /** Linux as it is on {@link #SWEEP_KERNEL}: the design of a sweep that names none. */
    public static final Combination DEFAULT_DESIGN = design(Map.of());

    /**
     * A design as a sweep checks it: the given variant values, on {@link #SWEEP_KERNEL} unless they
     * name a kernel. The kernel so set is not varied, so configuration labels do not show it.
     */
    public static Combination design(Map<Axis, Enum<?>> values) {
        if (values.containsKey(Axis.KERNEL)) {
            return new Combination(values);
        }
        Map<Axis, Enum<?>> onSweepKernel = new java.util.EnumMap<>(Axis.class);
        onSweepKernel.putAll(values);
        onSweepKernel.put(Axis.KERNEL, SWEEP_KERNEL.kernelVersion());
        return new Combination(onSweepKernel, values.keySet());
    }
}
