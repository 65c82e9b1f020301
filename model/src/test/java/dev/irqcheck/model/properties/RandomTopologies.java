package dev.irqcheck.model.properties;

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
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.UnmaskResample;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.ResampleScope;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.variant.UnmaskPath;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated routing configurations the model accepts: 1-3 devices (level with any automasking
 * handler, platform or PCI, possibly starting with INTx disabled; or edge), each with an
 * irqfd on one of up to 3 GSIs, each GSI routed to one of up to 2 SPIs (two GSIs may share a pin:
 * the reverse map's last writer wins), SPI trigger configurations chosen independently of the
 * devices (a mismatch is a configuration users get wrong), either guest driver kind, 1-2 vCPUs,
 * and any variant.
 */
final class RandomTopologies {
    private RandomTopologies() {
    }

    record Config(Topology topology, Variants variants) {
    }

    record SpiChoice(TriggerMode config, GuestDriver driver) {
    }

    record DeviceChoice(TriggerMode trigger, HostHandlerKind levelHandler, boolean startsDisabled) {
    }

    static Arbitrary<Config> configs(int maxDevices) {
        Arbitrary<Integer> deviceCount = Arbitraries.integers().between(1, maxDevices);
        return deviceCount.flatMap(n -> Combinators.combine(
                Combinators.combine(Arbitraries.of(TriggerMode.class),
                        Arbitraries.of(HostHandlerKind.VFIO_PLATFORM_AUTOMASKED, HostHandlerKind.VFIO_PCI_INTX_DISINTX,
                                HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE), Arbitraries.of(true, false))
                        .as(DeviceChoice::new).list().ofSize(n),
                Arbitraries.integers().between(1, 2).list().ofSize(n),
                Arbitraries.of(IrqfdKind.class).list().ofSize(n),
                Arbitraries.integers().between(0, 2).list().ofSize(n),
                Arbitraries.integers().between(0, 1).list().ofSize(3),
                Combinators.combine(Arbitraries.of(TriggerMode.class), Arbitraries.of(GuestDriver.class))
                        .as(SpiChoice::new).list().ofSize(2),
                Arbitraries.integers().between(1, 2),
                variants()).as((triggers, raises, kinds, gsis, pins, spiConfigs, vcpus, variants) -> {
                    List<DeviceSpec> devices = new ArrayList<>();
                    List<IrqfdSpec> irqfds = new ArrayList<>();
                    for (int d = 0; d < n; d++) {
                        DeviceChoice choice = triggers.get(d);
                        HostHandlerKind handler = choice.trigger() == TriggerMode.LEVEL
                                ? choice.levelHandler() : HostHandlerKind.VFIO_PLATFORM_EDGE;
                        devices.add(new DeviceSpec("d" + d, choice.trigger(), raises.get(d), handler,
                                handler.isPci() && choice.startsDisabled()));
                        irqfds.add(new IrqfdSpec(d, gsis.get(d), kinds.get(d)));
                    }
                    List<RouteEntry> routes = new ArrayList<>();
                    List<SpiSpec> spis = new ArrayList<>();
                    for (int g = 0; g < 3; g++) {
                        int gsi = g;
                        if (gsis.contains(gsi)) {
                            int pin = pins.get(g);
                            routes.add(new RouteEntry(gsi, pin));
                            if (spis.stream().noneMatch(s -> s.intid() == pin + 32)) {
                                SpiChoice choice = spiConfigs.get(pin);
                                spis.add(new SpiSpec(pin + 32, choice.config(), true, spis.size() % vcpus, choice.driver()));
                            }
                        }
                    }
                    int lrs = spis.size();
                    return new Config(new Topology(vcpus, lrs, devices, irqfds, routes, spis,
                            new Bounds(1, vcpus > 1 ? 1 : 0)), variants);
                }));
    }

    static Arbitrary<Variants> variants() {
        return Arbitraries.of(dev.irqcheck.model.variant.KernelVersion.class).flatMap(kernel ->
                Combinators.combine(Arbitraries.of(ResampleOrder.class), Arbitraries.of(ResampleScope.class),
                Arbitraries.of(UnmaskPath.class), Arbitraries.of(AckNotifyPoint.class),
                Arbitraries.of(UnmaskResample.class), Arbitraries.of(ExclusiveSetup.class),
                Arbitraries.of(LineCombining.class), Arbitraries.of(dev.irqcheck.model.variant.ReassignProtocol.class))
                        .as((order, scope, unmask, ack, resample, setup, combining, reassign) -> new Variants(kernel,
                                order, scope, unmask, ack, resample, setup, combining, reassign)));
    }
}
