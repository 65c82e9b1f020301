package dev.irqcheck.specs.sweep;

import static dev.irqcheck.specs.sweep.SweepConfig.kebab;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.scenario.Axis;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One swept configuration as a scenario file whose {@code expect} is what the sweep observed, so a
 * sweep result becomes a regression scenario. Given the configuration under several designs (the
 * two sides of a comparison), the file varies the differing axis and expects each side's verdicts.
 */
public final class ScenarioExport {
    private ScenarioExport() {
    }

    /**
     * @param sameShape outcomes of one configuration (one shape) under one or more designs that
     *                  differ in at most one axis; every verdict decided (no limit hit)
     */
    public static String yaml(List<SweepRunner.Outcome> sameShape) {
        SweepRunner.Outcome first = sameShape.get(0);
        for (SweepRunner.Outcome o : sameShape) {
            if (!o.config().shape().equals(first.config().shape())) {
                throw new IllegalArgumentException("outcomes of different configurations");
            }
            if (!o.complete()) {
                throw new IllegalArgumentException("a limit left some verdict undecided: nothing to expect");
            }
        }
        Map<Axis, List<Enum<?>>> axes = new EnumMap<>(Axis.class);
        for (SweepRunner.Outcome o : sameShape) {
            o.config().design().values().forEach((axis, value) -> {
                List<Enum<?>> values = axes.computeIfAbsent(axis, a -> new ArrayList<>());
                if (!values.contains(value)) {
                    values.add(value);
                }
            });
        }
        List<Axis> varied = axes.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).toList();
        if (varied.size() > 1 || (varied.isEmpty() && sameShape.size() > 1)) {
            throw new IllegalArgumentException("the designs must differ in exactly one axis, got " + varied);
        }
        Topology t = first.config().topology();
        StringBuilder y = new StringBuilder("# Exported by irqcheck sweep; expect holds the verdicts the sweep observed.\n");
        y.append("name: ").append(quoted("sweep configuration " + first.config().describe())).append('\n')
                .append("vcpus: ").append(t.vcpus()).append('\n')
                .append("list_registers: ").append(t.listRegisters()).append('\n')
                .append("other_exits: ").append(t.bounds().otherExitsPerVcpu()).append('\n')
                .append("retargets: ").append(t.bounds().retargets()).append('\n')
                .append("distributor_writes: ").append(t.bounds().distributorWrites()).append('\n');
        if (!t.bounds().rawPendingWrites()) {
            y.append("raw_pending_writes: false\n");
        }
        y.append("devices:\n");
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
        if (!axes.isEmpty()) {
            y.append("variants:\n");
            axes.forEach((axis, values) -> {
                StringJoiner j = new StringJoiner(", ", values.size() > 1 ? "[" : "", values.size() > 1 ? "]" : "");
                values.forEach(v -> j.add(kebab(v)));
                y.append("  ").append(axis.key()).append(": ").append(j).append('\n');
            });
        }
        StringJoiner props = new StringJoiner(", ", "[", "]");
        SweepRunner.PROPERTIES.forEach(p -> props.add(p.id()));
        y.append("properties: ").append(props).append("\nexpect:\n");
        for (int i = 0; i < sameShape.size(); i++) {
            SweepRunner.Outcome o = sameShape.get(i);
            Map<String, String> entry = new LinkedHashMap<>();
            if (!varied.isEmpty()) {
                entry.put("when", "{" + varied.get(0).key() + ": " + kebab(o.config().design().values().get(varied.get(0))) + "}");
            }
            for (PropertyId p : SweepRunner.PROPERTIES) {
                entry.put(p.id(), o.verdicts().get(p) == Verdict.Kind.VIOLATED ? "violated" : "holds");
            }
            boolean firstLine = true;
            for (Map.Entry<String, String> e : entry.entrySet()) {
                y.append(firstLine ? "  - " : "    ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
                firstLine = false;
            }
        }
        return y.toString();
    }

    // A YAML double-quoted scalar: only backslash and quote need escaping, and we write no control characters.
    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
