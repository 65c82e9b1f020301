package dev.irqcheck.specs.properties;

import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.AckNotifyPoint;
import dev.irqcheck.model.variant.ExclusiveSetup;
import dev.irqcheck.model.variant.LineCombining;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.ResampleScope;
import dev.irqcheck.model.variant.UnmaskPath;
import dev.irqcheck.model.variant.UnmaskResample;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated routing configurations, also beyond the sweep's bounds (up to 3 devices, 3 GSIs, 3
 * SPIs, 2 vCPUs), built from shrinkable choices so that a failure shrinks to a small configuration.
 */
final class Configurations {
    private Configurations() {
    }

    record DeviceChoice(TriggerMode trigger, HostHandlerKind levelHandler, IrqfdKind kind, int gsi) {
    }

    record SpiChoice(TriggerMode config, GuestDriver driver) {
    }

    /** Any choice on every design axis. */
    static Arbitrary<Variants> variants() {
        return Arbitraries.of(dev.irqcheck.model.variant.KernelVersion.class).flatMap(kernel ->
                Combinators.combine(Arbitraries.of(ResampleOrder.class), Arbitraries.of(ResampleScope.class),
                Arbitraries.of(UnmaskPath.class), Arbitraries.of(AckNotifyPoint.class), Arbitraries.of(UnmaskResample.class),
                Arbitraries.of(ExclusiveSetup.class), Arbitraries.of(LineCombining.class),
                Arbitraries.of(dev.irqcheck.model.variant.ReassignProtocol.class))
                        .as((order, scope, unmask, ack, resample, setup, combining, reassign) -> new Variants(kernel,
                                order, scope, unmask, ack, resample, setup, combining, reassign)));
    }

    static Arbitrary<Topology> topologies(int maxDevices, int maxVcpus, int raises) {
        Arbitrary<DeviceChoice> device = Combinators.combine(Arbitraries.of(TriggerMode.class),
                Arbitraries.of(HostHandlerKind.VFIO_PLATFORM_AUTOMASKED, HostHandlerKind.VFIO_PCI_INTX_DISINTX,
                        HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE),
                Arbitraries.of(IrqfdKind.class), Arbitraries.integers().between(0, 2)).as(DeviceChoice::new);
        return Combinators.combine(device.list().ofMinSize(1).ofMaxSize(maxDevices),
                Arbitraries.integers().between(0, 2).list().ofSize(3),
                Combinators.combine(Arbitraries.of(TriggerMode.class), Arbitraries.of(GuestDriver.class))
                        .as(SpiChoice::new).list().ofSize(3),
                Arbitraries.integers().between(1, maxVcpus)).as((devs, routeOf, spiChoices, vcpus) -> {
                    List<DeviceSpec> devices = new ArrayList<>();
                    List<IrqfdSpec> irqfds = new ArrayList<>();
                    for (int d = 0; d < devs.size(); d++) {
                        DeviceChoice c = devs.get(d);
                        HostHandlerKind h = c.trigger() == TriggerMode.LEVEL ? c.levelHandler() : HostHandlerKind.VFIO_PLATFORM_EDGE;
                        devices.add(new DeviceSpec("dev" + d, c.trigger(), raises, h));
                        irqfds.add(new IrqfdSpec(d, c.gsi(), c.kind()));
                    }
                    List<RouteEntry> routes = new ArrayList<>();
                    List<SpiSpec> spis = new ArrayList<>();
                    for (int g = 0; g < 3; g++) {
                        int gsi = g;
                        if (irqfds.stream().anyMatch(f -> f.gsi() == gsi)) {
                            int pin = routeOf.get(g);
                            routes.add(new RouteEntry(g, pin));
                            if (spis.stream().noneMatch(s -> s.intid() == pin + 32)) {
                                SpiChoice c = spiChoices.get(pin);
                                spis.add(new SpiSpec(pin + 32, c.config(), true, spis.size() % vcpus, c.driver()));
                            }
                        }
                    }
                    return new Topology(vcpus, spis.size(), devices, irqfds, routes, spis, new Bounds(1, 0));
                });
    }
}
