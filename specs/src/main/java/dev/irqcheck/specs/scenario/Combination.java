package dev.irqcheck.specs.scenario;

import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/** One value per axis the scenario varies: one row of a design-review matrix. */
public record Combination(Map<Axis, Enum<?>> values) {
    public Combination {
        EnumMap<Axis, Enum<?>> copy = new EnumMap<>(Axis.class);
        copy.putAll(values);
        values = java.util.Collections.unmodifiableMap(copy);
    }

    public Variants variants() {
        Variants v = Variants.kernel();
        for (Map.Entry<Axis, Enum<?>> e : values.entrySet()) {
            v = e.getKey().apply(v, e.getValue());
        }
        return v;
    }

    public Topology applyTo(Topology t) {
        for (Map.Entry<Axis, Enum<?>> e : values.entrySet()) {
            t = e.getKey().apply(t, e.getValue());
        }
        return t;
    }

    /** {@code resample_order=lower-then-signal unmask_path=kernel-virqfd}, or {@code (kernel)} when empty. */
    public String label() {
        if (values.isEmpty()) {
            return "(as configured)";
        }
        StringJoiner j = new StringJoiner(" ");
        values.forEach((axis, value) -> j.add(axis.key() + "=" + YamlTree.kebab(value)));
        return j.toString();
    }
}
