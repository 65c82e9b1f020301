package dev.irqcheck.specs.sweep;

import dev.irqcheck.model.irqchip.ChipRoute;
import dev.irqcheck.model.irqchip.IrqChipKind;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.IoapicPinSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.X86Setup;
import java.util.ArrayList;
import java.util.List;

/**
 * The sweep enumerates one routing shape (device -> irqfd -> GSI -> interrupt line) and checks it on
 * either architecture: on arm64 the lines are VGIC SPIs, on x86 IOAPIC pins (SPI index s is pin s,
 * each GSI routed to the IOAPIC only). The conversion is lossless both ways, so the sweep's
 * features, descriptions and safe rule read the shape in its arm64 form.
 */
public final class ArchForm {
    private ArchForm() {
    }

    /** The x86 topology of an arm64-form shape: GSI -> IOAPIC pin, each SPI's config and driver on its pin. */
    public static Topology toX86(Topology arm64) {
        List<ChipRoute> routes = new ArrayList<>();
        for (RouteEntry r : arm64.routes()) {
            routes.add(new ChipRoute(r.gsi(), IrqChipKind.IOAPIC, arm64.spiIndexOf(r.intid())));
        }
        List<IoapicPinSpec> pins = new ArrayList<>();
        for (int s = 0; s < arm64.spis().size(); s++) {
            SpiSpec spi = arm64.spis().get(s);
            pins.add(new IoapicPinSpec(s, spi.config(), !spi.enabled(), spi.targetVcpu(), spi.driver()));
        }
        return new Topology(arm64.vcpus(), 1, arm64.devices(), arm64.irqfds(), List.of(), List.of(),
                new Bounds(0, 0), List.of(), List.of(), new X86Setup(routes, pins, true));
    }

    /** The arm64 form of a topology: itself on arm64; on x86 pin p as SPI 32 + p. */
    public static Topology arm64Form(Topology t) {
        if (t.x86() == null) {
            return t;
        }
        List<RouteEntry> routes = new ArrayList<>();
        for (ChipRoute r : t.x86().routes()) {
            if (r.chip() == IrqChipKind.IOAPIC) {
                routes.add(new RouteEntry(r.gsi(), r.pin()));
            }
        }
        List<SpiSpec> spis = new ArrayList<>();
        for (IoapicPinSpec p : t.x86().pins()) {
            spis.add(new SpiSpec(32 + p.pin(), p.trigger(), !p.masked(), p.destVcpu(), p.driver()));
        }
        return new Topology(t.vcpus(), Math.max(1, spis.size()), t.devices(), t.irqfds(), routes, spis,
                new Bounds(0, 0));
    }
}
