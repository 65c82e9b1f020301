package dev.irqcheck.specs.scenario;

import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One value per axis the scenario sets: one row of a design-review matrix. {@code varied} are the
 * axes the scenario gives several values for; only they appear in the row's label.
 */
public record Combination(Map<Axis, Enum<?>> values, java.util.Set<Axis> varied) {
    public Combination {
        EnumMap<Axis, Enum<?>> copy = new EnumMap<>(Axis.class);
        copy.putAll(values);
        values = java.util.Collections.unmodifiableMap(copy);
        java.util.EnumSet<Axis> v = java.util.EnumSet.noneOf(Axis.class);
        v.addAll(varied);
        varied = java.util.Collections.unmodifiableSet(v);
    }

    public Combination(Map<Axis, Enum<?>> values) {
        this(values, values.keySet());
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

    /** The value this combination gives the axis named {@code key}, spelt as in scenario files. */
    public java.util.Optional<String> value(String key) {
        return values.entrySet().stream().filter(e -> e.getKey().key().equals(key))
                .map(e -> YamlTree.kebab(e.getValue())).findFirst();
    }

    /** {@code resample_order=lower-then-signal unmask_path=kernel-virqfd}, or {@code (kernel)} when empty. */
    public String label() {
        StringJoiner j = new StringJoiner(" ");
        values.forEach((axis, value) -> {
            if (varied.contains(axis)) {
                j.add(axis.key() + "=" + YamlTree.kebab(value));
            }
        });
        return j.length() == 0 ? "(as configured)" : j.toString();
    }
}
