package dev.irqcheck.model.properties;

import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqLineSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.ExclusiveSetup;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generated configurations the model accepts, built from shrinkable choices so that a failure
 * shrinks to a small configuration. Every enum the model takes (triggers, host handlers, irqfd
 * kinds, guest drivers, and each component of {@link Variants}) is generated from its values, so a
 * value or a variant axis added to the model is generated without a change here.
 *
 * <p>Devices: level (any automasking VFIO handler, platform or PCI, a PCI one possibly starting
 * with INTx disabled; or, with {@link Reach#wholeModel}, QEMU-emulated on an irq line) or edge;
 * each VFIO device has an irqfd on one of the GSIs, each GSI routes to one of the SPIs (two GSIs
 * may share a pin), SPI trigger and guest driver chosen independently of the devices. With
 * {@link Reach#wholeModel} also the adversarial steps, each with a small budget, mostly zero:
 * other exits, IROUTER retargets (2 vCPUs), distributor, ICACTIVER and ICFGR writes, irqfd
 * reassigns and one GSI reroute.
 */
public final class RandomTopologies {
    private RandomTopologies() {
    }

    /**
     * How far a generator reaches.
     *
     * @param wholeModel also emulated devices and the adversarial steps; without it, the routing
     *                   configurations of the sweep and the safe rule (VFIO devices, one other exit)
     */
    public record Reach(int maxDevices, int maxGsis, int maxSpis, int maxVcpus, int minRaises, int maxRaises,
                        boolean wholeModel) {
        /** The sweep's kind of configuration, beyond its bounds: 3 GSIs, 3 SPIs. */
        public static Reach routing(int maxDevices, int maxVcpus, int raises) {
            return new Reach(maxDevices, 3, 3, maxVcpus, raises, raises, false);
        }

        /** Every part of the model, with small budgets. */
        public static Reach wholeModel(int maxDevices, int maxRaises) {
            return new Reach(maxDevices, 3, 2, 2, 1, maxRaises, true);
        }
    }

    public record Config(Topology topology, Variants variants) {
    }

    record DeviceChoice(TriggerMode trigger, int handler, boolean startsDisabled, IrqfdKind kind, int gsi, int raises) {
    }

    record SpiChoice(TriggerMode config, GuestDriver driver) {
    }

    record Adversary(int otherExits, int retargets, int distributorWrites, int activeWrites, int reassigns,
                     int configWrites, boolean reroute, int rerouteChoice) {
        static final Adversary NONE = new Adversary(1, 0, 0, 0, 0, 0, false, 0);
    }

    public static Arbitrary<Config> configs(Reach reach) {
        return Combinators.combine(topologies(reach), variants()).as(Config::new);
    }

    public static Arbitrary<Topology> topologies(Reach reach) {
        Arbitrary<DeviceChoice> device = Combinators.combine(Arbitraries.of(TriggerMode.class),
                Arbitraries.integers().between(0, HostHandlerKind.values().length - 1), Arbitraries.of(false, true),
                Arbitraries.of(IrqfdKind.class), Arbitraries.integers().between(0, reach.maxGsis() - 1),
                Arbitraries.integers().between(reach.minRaises(), reach.maxRaises())).as(DeviceChoice::new);
        Arbitrary<SpiChoice> spi = Combinators.combine(Arbitraries.of(TriggerMode.class), Arbitraries.of(GuestDriver.class))
                .as(SpiChoice::new);
        Arbitrary<Adversary> adversary = reach.wholeModel() ? adversaries() : Arbitraries.just(Adversary.NONE);
        return Combinators.combine(device.list().ofMinSize(1).ofMaxSize(reach.maxDevices()),
                Arbitraries.integers().between(0, reach.maxSpis() - 1).list().ofSize(reach.maxGsis()),
                spi.list().ofSize(reach.maxSpis()),
                Arbitraries.integers().between(1, reach.maxVcpus()),
                adversary).as((devices, pinOfGsi, spis, vcpus, adv) -> build(reach, devices, pinOfGsi, spis, vcpus, adv));
    }

    // Mostly zero, so most samples stay small; each budget at most what keeps a full search short.
    private static Arbitrary<Adversary> adversaries() {
        return Combinators.combine(small(2), small(1), small(2), small(1), small(1), small(1),
                Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))),
                Arbitraries.integers().between(0, 8)).as(Adversary::new);
    }

    private static Arbitrary<Integer> small(int max) {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)), Tuple.of(1, Arbitraries.integers().between(1, max)));
    }

    // The handlers a device of this trigger may have, in the enum's order: derived from the kinds'
    // own properties, so a new handler kind is generated where it fits.
    static List<HostHandlerKind> handlersFor(TriggerMode trigger, boolean wholeModel) {
        return Arrays.stream(HostHandlerKind.values())
                .filter(h -> trigger == TriggerMode.LEVEL ? h.automasks() || (wholeModel && !h.isVfio())
                        : h.isVfio() && !h.automasks())
                .toList();
    }

    private static Topology build(Reach reach, List<DeviceChoice> choices, List<Integer> pinOfGsi, List<SpiChoice> spiChoices,
                                  int vcpus, Adversary adv) {
        List<DeviceSpec> devices = new ArrayList<>();
        List<IrqfdSpec> irqfds = new ArrayList<>();
        List<Integer> emulatedPins = new ArrayList<>();
        for (int d = 0; d < choices.size(); d++) {
            DeviceChoice c = choices.get(d);
            List<HostHandlerKind> fits = handlersFor(c.trigger(), reach.wholeModel());
            HostHandlerKind handler = fits.get(c.handler() % fits.size());
            devices.add(new DeviceSpec("d" + d, c.trigger(), c.raises(), handler, handler.isPci() && c.startsDisabled()));
            if (handler.isVfio()) {
                irqfds.add(new IrqfdSpec(d, c.gsi(), c.kind()));
                emulatedPins.add(-1);
            } else {
                emulatedPins.add(c.gsi() % reach.maxSpis());
            }
        }
        List<RouteEntry> routes = new ArrayList<>();
        List<SpiSpec> spis = new ArrayList<>();
        for (int g = 0; g < reach.maxGsis(); g++) {
            int gsi = g;
            if (irqfds.stream().anyMatch(f -> f.gsi() == gsi)) {
                routes.add(new RouteEntry(gsi, pinOfGsi.get(g)));
                declare(spis, pinOfGsi.get(g), spiChoices, vcpus);
            }
        }
        List<IrqLineSpec> lines = new ArrayList<>();
        for (int d = 0; d < emulatedPins.size(); d++) {
            if (emulatedPins.get(d) >= 0) {
                declare(spis, emulatedPins.get(d), spiChoices, vcpus);
                lines.add(new IrqLineSpec(d, emulatedPins.get(d) + 32));
            }
        }
        List<RouteEntry> reroutes = new ArrayList<>();
        // Any routed GSI may be rerouted (the resampler's ack keeps the GSI its first half found:
        // RerouteBetweenAckHalvesTest).
        List<RouteEntry> reroutable = routes;
        if (adv.reroute() && !reroutable.isEmpty()) {
            RouteEntry from = reroutable.get(adv.rerouteChoice() % reroutable.size());
            int pin = (from.pin() + 1 + adv.rerouteChoice() % reach.maxSpis()) % reach.maxSpis();
            declare(spis, pin, spiChoices, vcpus);
            reroutes.add(new RouteEntry(from.gsi(), pin));
        }
        Bounds bounds = new Bounds(adv.otherExits(), vcpus > 1 ? adv.retargets() : 0, adv.distributorWrites(),
                adv.activeWrites(), adv.reassigns(), adv.configWrites());
        // One list register per SPI: enough for every SPI on every vCPU, as retargets need.
        return new Topology(vcpus, spis.size(), devices, irqfds, routes, spis, bounds, lines, reroutes);
    }

    private static void declare(List<SpiSpec> spis, int pin, List<SpiChoice> choices, int vcpus) {
        if (spis.stream().noneMatch(s -> s.intid() == pin + 32)) {
            SpiChoice c = choices.get(pin);
            spis.add(new SpiSpec(pin + 32, c.config(), true, spis.size() % vcpus, c.driver()));
        }
    }

    /**
     * Any value on every design axis: one enum arbitrary per component of {@link Variants}, built
     * through its canonical constructor, so an axis added to the record is generated too.
     */
    public static Arbitrary<Variants> variants() {
        RecordComponent[] axes = Variants.class.getRecordComponents();
        List<Arbitrary<Object>> choices = new ArrayList<>();
        Class<?>[] types = new Class<?>[axes.length];
        for (int i = 0; i < axes.length; i++) {
            types[i] = axes[i].getType();
            if (!types[i].isEnum()) {
                throw new IllegalStateException("variant axis " + axes[i].getName() + " is not an enum; generate it here");
            }
            choices.add(Arbitraries.of(types[i].getEnumConstants()));
        }
        Constructor<Variants> canonical;
        try {
            canonical = Variants.class.getDeclaredConstructor(types);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        return Combinators.combine(choices).as(values -> {
            try {
                return canonical.newInstance(values.toArray());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * The variants with which the model's own invariants must hold: the pre-2024 exclusive INTx
     * set-up breaks the depth invariant on purpose (a known kernel bug, checked by its own
     * scenario) when an exclusive INTx starts disabled, so there the fixed set-up is used.
     */
    public static Variants wellFormedVariants(Config c) {
        boolean setupBugApplies = c.topology().devices().stream()
                .anyMatch(d -> d.handler() == HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE && d.intxStartsDisabled());
        return setupBugApplies ? c.variants().with(ExclusiveSetup.NO_AUTOEN) : c.variants();
    }
}
