package dev.irqcheck.specs.reference;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated configurations within the reference's scope: 1-2 level devices (1-2 raises), resample
 * or plain irqfds on 1-2 GSIs, routes to 1-2 level SPIs in either table order, normal or oneshot
 * guest drivers, 1-2 vCPUs, 0-1 exits for other reasons per vCPU, at most one guest distributor write.
 */
final class ReferenceConfigurations {
    private ReferenceConfigurations() {
    }

    record DeviceChoice(int raises, int gsi, RefConfig.IrqfdKind kind) {
    }

    record SpiChoice(RefConfig.Driver driver, int target) {
    }

    static Arbitrary<RefConfig> configurations() {
        Arbitrary<DeviceChoice> device = Combinators.combine(Arbitraries.integers().between(1, 2),
                Arbitraries.integers().between(0, 1), Arbitraries.of(RefConfig.IrqfdKind.class)).as(DeviceChoice::new);
        Arbitrary<SpiChoice> spi = Combinators.combine(Arbitraries.of(RefConfig.Driver.class), Arbitraries.integers().between(0, 1))
                .as(SpiChoice::new);
        return Combinators.combine(Arbitraries.integers().between(1, 2), device.list().ofMinSize(1).ofMaxSize(2),
                Arbitraries.integers().between(0, 1).list().ofSize(2), Arbitraries.of(false, true), spi.list().ofSize(2),
                Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 1)).as(ReferenceConfigurations::build);
    }

    static RefConfig build(int vcpus, List<DeviceChoice> deviceChoices, List<Integer> pinOfGsi, boolean reversedRoutes,
                           List<SpiChoice> spiChoices, int distributorWrites, int otherExits) {
        List<RefConfig.Device> devices = new ArrayList<>();
        for (DeviceChoice c : deviceChoices) {
            devices.add(new RefConfig.Device(c.raises(), c.gsi(), c.kind()));
        }
        List<RefConfig.Route> routes = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            int gsi = g;
            if (devices.stream().anyMatch(d -> d.gsi() == gsi)) {
                routes.add(new RefConfig.Route(g, pinOfGsi.get(g)));
            }
        }
        if (reversedRoutes) {
            java.util.Collections.reverse(routes);
        }
        List<RefConfig.Spi> spis = new ArrayList<>();
        for (RefConfig.Route r : routes) {
            if (spis.stream().noneMatch(s -> s.pin() == r.pin())) {
                SpiChoice c = spiChoices.get(r.pin());
                spis.add(new RefConfig.Spi(r.pin(), c.driver(), Math.min(c.target(), vcpus - 1)));
            }
        }
        return new RefConfig(vcpus, devices, routes, spis, otherExits, distributorWrites, RefConfig.Kernel.WORK_ITEM_5_8);
    }
}
