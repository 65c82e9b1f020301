package dev.irqcheck.specs.sweep;

import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import java.util.List;

/**
 * The bounds of a sweep: how many devices, GSIs, SPIs and vCPUs, and which kinds of each element
 * to range over. Every routing configuration within them is enumerated.
 *
 * @param raises raises per device (kept small: every configuration is checked exhaustively)
 */
public record SweepBounds(int maxDevices, int maxGsis, int maxSpis, int vcpus, int raises,
                          List<TriggerMode> triggers, List<HostHandlerKind> levelHandlers,
                          List<IrqfdKind> irqfdKinds, List<TriggerMode> spiConfigs,
                          List<GuestDriver> guestDrivers, List<Variants> variants) {
    public SweepBounds {
        triggers = List.copyOf(triggers);
        levelHandlers = List.copyOf(levelHandlers);
        irqfdKinds = List.copyOf(irqfdKinds);
        spiConfigs = List.copyOf(spiConfigs);
        guestDrivers = List.copyOf(guestDrivers);
        variants = List.copyOf(variants);
        check(maxDevices, 1, 3, "devices");
        check(maxGsis, 1, 3, "GSIs");
        check(maxSpis, 1, 3, "SPIs");
        check(vcpus, 1, 2, "vCPUs");
        check(raises, 1, 2, "raises");
    }

    private static void check(int value, int min, int max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be " + min + ".." + max + ", got " + value);
        }
    }

    /**
     * The README's default sweep: up to 2 devices, 2 GSIs and 2 SPIs, one vCPU, 2 raises per device
     * (one raise hides every race that needs a second interrupt), Linux 6.18 (on 6.19, finding 1
     * makes every configuration with a level device unsafe: see {@link #SWEEP_KERNEL}), every trigger,
     * VFIO handler, irqfd kind and SPI configuration, and the normal and oneshot guest drivers
     * (the polling driver is one --drivers away).
     */
    public static SweepBounds defaults() {
        return new SweepBounds(2, 2, 2, 1, 2, List.of(TriggerMode.values()),
                List.of(HostHandlerKind.VFIO_PLATFORM_AUTOMASKED, HostHandlerKind.VFIO_PCI_INTX_DISINTX),
                List.of(IrqfdKind.values()), List.of(TriggerMode.values()),
                List.of(GuestDriver.NORMAL_ISR, GuestDriver.ONESHOT_THREADED),
                List.of(SWEEP_KERNEL));
    }

    /**
     * The release a sweep checks unless told otherwise: 6.18, the newest whose fold resamples every
     * EOI'd level SPI. On 6.19 as read no configuration with a level device holds (finding 1), so a
     * sweep there would only repeat that.
     */
    public static final Variants SWEEP_KERNEL = Variants.of(dev.irqcheck.model.variant.KernelVersion.V6_18);
}
