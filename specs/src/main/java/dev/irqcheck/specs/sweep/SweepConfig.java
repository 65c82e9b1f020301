package dev.irqcheck.specs.sweep;

import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import java.util.TreeSet;

/** One enumerated routing configuration with one choice of variants, and its canonical description. */
public record SweepConfig(Topology topology, Variants variants, String key) {

    /** The features the result table groups configurations by. */
    public enum Feature {
        LEVEL_ON_PLAIN_IRQFD("a level device on a plain irqfd"),
        TRIGGER_MISMATCH("an SPI configured with another trigger than its device"),
        SHARED_GSI("two devices on one GSI"),
        SHARED_SPI("two GSIs routed to one SPI"),
        ONESHOT_LEVEL("a oneshot guest driver on a level device"),
        EDGE_ON_RESAMPLE_IRQFD("an edge device on a resample irqfd");

        private final String description;

        Feature(String description) {
            this.description = description;
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
        Topology t = topology;
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
        return topology.devices().size() + topology.routes().size() + topology.spis().size();
    }

    /** A one-line description, e.g. {@code d0 level/vfio-platform-automasked -> resample gsi0 -> spi37 level/normal-isr}. */
    public String describe() {
        StringJoiner j = new StringJoiner("; ");
        Topology t = topology;
        for (IrqfdSpec f : t.irqfds()) {
            DeviceSpec d = t.devices().get(f.device());
            SpiSpec s = t.spis().get(t.spisOfGsi(f.gsi()).get(0));
            j.add(d.name() + " " + kebab(d.trigger()) + "/" + kebab(d.handler()) + " -> " + kebab(f.kind())
                    + " irqfd gsi" + f.gsi() + " -> spi" + s.intid() + " " + kebab(s.config()) + "/" + kebab(s.driver()));
        }
        return j.toString();
    }

    /** The same configuration as a scenario file, so it can be rechecked or edited. */
    public String toScenarioYaml(List<String> properties) {
        Topology t = topology;
        StringBuilder y = new StringBuilder("name: sweep configuration\nvcpus: ").append(t.vcpus())
                .append("\nlist_registers: ").append(t.listRegisters())
                .append("\nother_exits: ").append(t.bounds().otherExitsPerVcpu()).append("\ndevices:\n");
        for (DeviceSpec d : t.devices()) {
            y.append("  - {name: ").append(d.name()).append(", trigger: ").append(kebab(d.trigger()))
                    .append(", raises: ").append(d.raises()).append(", handler: ").append(kebab(d.handler())).append("}\n");
        }
        y.append("irqfds:\n");
        for (IrqfdSpec f : t.irqfds()) {
            y.append("  - {device: ").append(t.devices().get(f.device()).name()).append(", gsi: ").append(f.gsi())
                    .append(", kind: ").append(kebab(f.kind())).append("}\n");
        }
        y.append("routing:\n");
        for (RouteEntry r : t.routes()) {
            y.append("  - {gsi: ").append(r.gsi()).append(", pin: ").append(r.pin()).append("}\n");
        }
        y.append("interrupts:\n");
        for (SpiSpec s : t.spis()) {
            y.append("  - {intid: ").append(s.intid()).append(", config: ").append(kebab(s.config()))
                    .append(", target_vcpu: ").append(s.targetVcpu()).append(", driver: ").append(kebab(s.driver())).append("}\n");
        }
        y.append("properties: ").append(properties).append("\nexpect:\n");
        for (int i = 0; i < properties.size(); i++) {
            y.append(i == 0 ? "  - " : "    ").append(properties.get(i)).append(": holds\n");
        }
        return y.toString();
    }

    static String kebab(Enum<?> e) {
        return dev.irqcheck.specs.scenario.YamlTree.kebab(e);
    }

    static List<String> names(List<? extends Enum<?>> values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> v : values) {
            out.add(kebab(v));
        }
        return out;
    }
}
