package dev.irqcheck.specs.sweep;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.specs.claims.PropertyId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a sweep found: per class of configurations (the set of features they have), how many there
 * are and how many break each property; and per property, the smallest configuration that breaks it.
 */
public record SweepSummary(ConfigurationEnumerator.Result enumeration, List<SweepRunner.Checked> checked,
                           Map<String, ClassRow> classes, Map<PropertyId, SweepRunner.Checked> smallestBreaking) {

    /** One row of the table. */
    public record ClassRow(TreeSet<SweepConfig.Feature> features, int configurations, int safe,
                           Map<PropertyId, Integer> breaking) {
        public String label() {
            if (features.isEmpty()) {
                return "none of the features";
            }
            List<String> parts = new ArrayList<>();
            for (SweepConfig.Feature f : features) {
                parts.add(f.label());
            }
            return String.join(" + ", parts);
        }
    }

    public static SweepSummary of(ConfigurationEnumerator.Result enumeration, List<SweepRunner.Checked> checked) {
        Map<String, TreeSet<SweepConfig.Feature>> featureSets = new TreeMap<>();
        Map<String, List<SweepRunner.Checked>> byClass = new TreeMap<>();
        for (SweepRunner.Checked c : checked) {
            TreeSet<SweepConfig.Feature> f = c.config().features();
            String key = key(f);
            featureSets.put(key, f);
            byClass.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        Map<String, ClassRow> classes = new LinkedHashMap<>();
        for (Map.Entry<String, List<SweepRunner.Checked>> e : byClass.entrySet()) {
            Map<PropertyId, Integer> breaking = new EnumMap<>(PropertyId.class);
            int safe = 0;
            for (SweepRunner.Checked c : e.getValue()) {
                safe += c.safe() ? 1 : 0;
                for (PropertyId p : SweepRunner.PROPERTIES) {
                    if (c.report().verdictOf(p.id()).kind() == Verdict.Kind.VIOLATED) {
                        breaking.merge(p, 1, Integer::sum);
                    }
                }
            }
            classes.put(e.getKey(), new ClassRow(featureSets.get(e.getKey()), e.getValue().size(), safe, breaking));
        }
        Map<PropertyId, SweepRunner.Checked> smallest = new EnumMap<>(PropertyId.class);
        Comparator<SweepRunner.Checked> order = Comparator.<SweepRunner.Checked>comparingInt(c -> c.config().size())
                .thenComparingLong(c -> c.report().stats().distinctStates())
                .thenComparingInt(SweepRunner.Checked::index);
        for (PropertyId p : SweepRunner.PROPERTIES) {
            Optional<SweepRunner.Checked> best = checked.stream()
                    .filter(c -> c.report().verdictOf(p.id()).kind() == Verdict.Kind.VIOLATED).min(order);
            best.ifPresent(c -> smallest.put(p, c));
        }
        return new SweepSummary(enumeration, checked, classes, smallest);
    }

    // Classes sort by how many features they combine, then by name.
    private static String key(TreeSet<SweepConfig.Feature> f) {
        StringBuilder sb = new StringBuilder().append(f.size());
        for (SweepConfig.Feature x : f) {
            sb.append(',').append(x.ordinal());
        }
        return sb.toString();
    }

    public long safeCount() {
        return checked.stream().filter(SweepRunner.Checked::safe).count();
    }

    public boolean anyInconclusive() {
        return checked.stream().anyMatch(c -> !c.report().stats().complete());
    }
}
