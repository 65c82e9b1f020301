package dev.irqcheck.specs.reference;

import java.util.List;

/**
 * Writes a {@link RefConfig} as a scenario file, so the model under test is run through its public
 * input format only. Every value is a number or one of a fixed set of words: nothing to escape.
 */
final class ScenarioYaml {
    /** The properties the two sides are compared on. */
    static final List<String> PROPERTIES = List.of("no-lost-interrupt", "no-stuck-mask", "no-storm", "no-spurious-interrupt");

    private ScenarioYaml() {
    }

    static int gsiNumber(int gsi) {
        return 5 + gsi;
    }

    static int intid(int pin) {
        return 32 + 5 + pin;
    }

    static String of(RefConfig c) {
        StringBuilder y = new StringBuilder();
        y.append("name: reference comparison\n");
        y.append("vcpus: ").append(c.vcpus()).append('\n');
        int lrs = 1;
        for (int v = 0; v < c.vcpus(); v++) {
            lrs = Math.max(lrs, c.spisOnVcpu(v));
        }
        y.append("list_registers: ").append(lrs).append('\n');
        y.append("other_exits: ").append(c.otherExits()).append('\n');
        y.append("distributor_writes: ").append(c.distributorWrites()).append('\n');
        y.append("devices:\n");
        for (int d = 0; d < c.devices().size(); d++) {
            y.append("  - {name: dev").append(d).append(", trigger: level, raises: ").append(c.devices().get(d).raises())
                    .append(", handler: vfio-platform-automasked}\n");
        }
        y.append("irqfds:\n");
        for (int d = 0; d < c.devices().size(); d++) {
            RefConfig.Device dev = c.devices().get(d);
            y.append("  - {device: dev").append(d).append(", gsi: ").append(gsiNumber(dev.gsi())).append(", kind: ")
                    .append(dev.kind() == RefConfig.IrqfdKind.RESAMPLE ? "resample" : "plain").append("}\n");
        }
        y.append("routing:\n");
        for (RefConfig.Route r : c.routes()) {
            y.append("  - {gsi: ").append(gsiNumber(r.gsi())).append(", pin: ").append(5 + r.pin()).append("}\n");
        }
        y.append("interrupts:\n");
        for (RefConfig.Spi s : c.spis()) {
            y.append("  - {intid: ").append(intid(s.pin())).append(", config: level, target_vcpu: ").append(s.targetVcpu())
                    .append(", driver: ").append(s.driver() == RefConfig.Driver.NORMAL_ISR ? "normal-isr" : "oneshot-threaded")
                    .append("}\n");
        }
        y.append("variants:\n");
        if (c.kernel().yamlValue != null) {
            y.append("  kernel: \"").append(c.kernel().yamlValue).append("\"\n");
        } else {
            // Pinned rather than left to the default, so a change of default cannot silently move the comparison.
            y.append("  ack_notify: before-fold-always\n");
        }
        y.append("properties: [").append(String.join(", ", PROPERTIES)).append("]\n");
        // Placeholders: the comparison reads verdicts, never whether they were "as expected".
        y.append("expect:\n");
        for (int i = 0; i < PROPERTIES.size(); i++) {
            y.append(i == 0 ? "  - " : "    ").append(PROPERTIES.get(i)).append(": holds\n");
        }
        return y.toString();
    }
}
