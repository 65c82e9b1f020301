package dev.irqcheck.specs.sweep;

import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * One enumerated routing configuration under one design, and its canonical description.
 *
 * @param topology     the configuration with the design's topology axes (irqfd kind, driver, handler) applied
 * @param design       the variants it is checked under, as a scenario's {@code variants:} sets them
 * @param shape        the canonical key of the configuration and dimensions, without the design:
 *                     equal for the same configuration under two designs
 * @param shapeOrdinal the shape's position in enumeration order (shards split on it)
 */
public record SweepConfig(Topology topology, Combination design, Dimensions dims, String shape, int shapeOrdinal) {

    /** vCPUs and the guest's budgets of distributor writes: sweep dimensions beyond the routing. */
    public record Dimensions(int vcpus, int retargets, int distributorWrites, dev.irqcheck.model.irqchip.Arch arch) {
        /** On arm64. */
        public Dimensions(int vcpus, int retargets, int distributorWrites) {
            this(vcpus, retargets, distributorWrites, dev.irqcheck.model.irqchip.Arch.ARM64);
        }

        String key() {
            String x86 = arch == dev.irqcheck.model.irqchip.Arch.X86 ? "x86" : "";
            return vcpus + "v" + retargets + "r" + distributorWrites + "w" + x86;
        }

        /** Empty for one vCPU and no budgets (the default sweep), else e.g. {@code [2 vcpus, 1 retarget]}. */
        String describe() {
            StringJoiner j = new StringJoiner(", ", " [", "]").setEmptyValue("");
            if (arch == dev.irqcheck.model.irqchip.Arch.X86) {
                j.add("x86");
            }
            if (vcpus > 1) {
                j.add(vcpus + " vcpus");
            }
            if (retargets > 0) {
                j.add(retargets + " retarget" + (retargets > 1 ? "s" : ""));
            }
            if (distributorWrites > 0) {
                j.add(distributorWrites + " distributor write" + (distributorWrites > 1 ? "s" : ""));
            }
            return j.toString();
        }
    }

    /** Unique within a sweep: the shape and the design. */
    public String key() {
        return shape + "|" + design.label();
    }

    /** The design's variants, for the model. */
    public Variants variants() {
        return design.variants();
    }

    /** The features the result table groups configurations by. */
    public enum Feature {
        LEVEL_ON_PLAIN_IRQFD("a level device on a plain irqfd"),
        TRIGGER_MISMATCH("an SPI configured with another trigger than its device"),
        SHARED_GSI("two devices on one GSI"),
        SHARED_SPI("two GSIs routed to one SPI"),
        ONESHOT_LEVEL("a oneshot guest driver on a level device"),
        EDGE_ON_RESAMPLE_IRQFD("an edge device on a resample irqfd"),
        // Sweep dimensions beyond the routing (--vcpus, --retargets, --distributor-writes).
        TWO_VCPUS("two vCPUs", true),
        GUEST_RETARGETS("guest GICD_IROUTER writes", true),
        GUEST_DISTRIBUTOR_WRITES("guest GICD_ICENABLER/ISPENDR/ICPENDR writes", true),
        X86("on x86 (IOAPIC pins instead of SPIs)", true);

        private final String description;
        private final boolean dimension;

        Feature(String description) {
            this(description, false);
        }

        Feature(String description, boolean dimension) {
            this.description = description;
            this.dimension = dimension;
        }

        /** A dimension of the sweep rather than a routing feature; tables omit it when no configuration has it. */
        public boolean dimension() {
            return dimension;
        }

        public String description() {
            return description;
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public TreeSet<Feature> features() {
        TreeSet<Feature> out = new TreeSet<>();
        Topology t = ArchForm.arm64Form(topology);
        if (topology.x86() != null) {
            out.add(Feature.X86);
        }
        for (IrqfdSpec f : t.irqfds()) {
            DeviceSpec d = t.devices().get(f.device());
            int spi = t.spisOfGsi(f.gsi()).get(0);
            SpiSpec s = t.spis().get(spi);
            if (d.trigger() == TriggerMode.LEVEL && f.kind() == IrqfdKind.PLAIN) {
                out.add(Feature.LEVEL_ON_PLAIN_IRQFD);
            }
            if (d.trigger() == TriggerMode.EDGE && f.kind() == IrqfdKind.RESAMPLE) {
                out.add(Feature.EDGE_ON_RESAMPLE_IRQFD);
            }
            if (d.trigger() != s.config()) {
                out.add(Feature.TRIGGER_MISMATCH);
            }
            if (d.trigger() == TriggerMode.LEVEL && s.driver() == GuestDriver.ONESHOT_THREADED) {
                out.add(Feature.ONESHOT_LEVEL);
            }
            for (IrqfdSpec g : t.irqfds()) {
                if (g != f && g.gsi() == f.gsi()) {
                    out.add(Feature.SHARED_GSI);
                }
            }
        }
        if (t.vcpus() > 1) {
            out.add(Feature.TWO_VCPUS);
        }
        if (t.bounds().retargets() > 0) {
            out.add(Feature.GUEST_RETARGETS);
        }
        if (t.bounds().distributorWrites() > 0) {
            out.add(Feature.GUEST_DISTRIBUTOR_WRITES);
        }
        for (RouteEntry a : t.routes()) {
            for (RouteEntry b : t.routes()) {
                if (a != b && a.pin() == b.pin()) {
                    out.add(Feature.SHARED_SPI);
                }
            }
        }
        return out;
    }

    /** Devices, GSIs and SPIs: the size used to find the smallest breaking configuration. */
    public int size() {
        Topology t = ArchForm.arm64Form(topology);
        return t.devices().size() + t.routes().size() + t.spis().size();
    }

    /** A one-line description, e.g. {@code d0 level/vfio-platform-automasked -> resample gsi0 -> spi37 level/normal-isr}. */
    public String describe() {
        StringJoiner j = new StringJoiner("; ");
        Topology t = ArchForm.arm64Form(topology);
        String line = topology.x86() != null ? " -> ioapic pin " : " -> spi";
        for (IrqfdSpec f : t.irqfds()) {
            DeviceSpec d = t.devices().get(f.device());
            SpiSpec s = t.spis().get(t.spisOfGsi(f.gsi()).get(0));
            j.add(d.name() + " " + kebab(d.trigger()) + "/" + kebab(d.handler()) + " -> " + kebab(f.kind())
                    + " irqfd gsi" + f.gsi() + line + (topology.x86() != null ? s.intid() - 32 : s.intid()) + " " + kebab(s.config())
                    + "/" + kebab(s.driver()));
        }
        return j + dims.describe();
    }

    static String kebab(Enum<?> e) {
        return dev.irqcheck.specs.scenario.YamlTree.kebab(e);
    }
}
