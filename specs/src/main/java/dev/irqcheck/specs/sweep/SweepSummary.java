package dev.irqcheck.specs.sweep;

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
import java.util.function.Function;

/**
 * What a sweep found: per class of configurations (the set of features they have), how many there
 * are and how many break each property; and per property, the smallest configuration that breaks it.
 *
 * @param checked  the outcome of every configuration checked, in enumeration order
 * @param smallestBreaking per property, the smallest configuration breaking it, with its trace
 */
public record SweepSummary(ConfigurationEnumerator.Result enumeration, List<SweepRunner.Outcome> checked,
                           Map<String, ClassRow> classes, Map<PropertyId, SweepRunner.Checked> smallestBreaking) {

    /** Smallest first: fewest devices, GSIs and SPIs, then fewest states, then enumeration order. */
    public static final Comparator<SweepRunner.Outcome> SMALLEST_FIRST =
            Comparator.<SweepRunner.Outcome>comparingInt(c -> c.config().size())
                    .thenComparingLong(SweepRunner.Outcome::states)
                    .thenComparingInt(SweepRunner.Outcome::index);

    /** One row of the table. */
    public record ClassRow(TreeSet<SweepConfig.Feature> features, int configurations, int safe,
                           Map<PropertyId, Integer> breaking) {
        public String label() {
            return label(features);
        }

        public static String label(TreeSet<SweepConfig.Feature> features) {
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

    /** A summary of a run that kept every configuration's report. */
    public static SweepSummary of(ConfigurationEnumerator.Result enumeration, List<SweepRunner.Checked> checked) {
        Map<Integer, SweepRunner.Checked> byIndex = new TreeMap<>();
        checked.forEach(c -> byIndex.put(c.index(), c));
        return of(enumeration, checked.stream().map(SweepRunner.Checked::outcome).toList(), o -> byIndex.get(o.index()));
    }

    /**
     * @param reports gives the checked configuration (model and traces) of an outcome; asked only
     *                for the smallest breaking ones (a merge of shards re-checks just those)
     */
    public static SweepSummary of(ConfigurationEnumerator.Result enumeration, List<SweepRunner.Outcome> checked,
                                  Function<SweepRunner.Outcome, SweepRunner.Checked> reports) {
        Map<String, TreeSet<SweepConfig.Feature>> featureSets = new TreeMap<>();
        Map<String, List<SweepRunner.Outcome>> byClass = new TreeMap<>();
        for (SweepRunner.Outcome c : checked) {
            TreeSet<SweepConfig.Feature> f = c.config().features();
            String key = classKey(f);
            featureSets.put(key, f);
            byClass.computeIfAbsent(key, k -> new ArrayList<>()).add(c);
        }
        Map<String, ClassRow> classes = new LinkedHashMap<>();
        for (Map.Entry<String, List<SweepRunner.Outcome>> e : byClass.entrySet()) {
            Map<PropertyId, Integer> breaking = new EnumMap<>(PropertyId.class);
            int safe = 0;
            for (SweepRunner.Outcome c : e.getValue()) {
                safe += c.safe() ? 1 : 0;
                for (PropertyId p : SweepRunner.PROPERTIES) {
                    if (c.breaks(p)) {
                        breaking.merge(p, 1, Integer::sum);
                    }
                }
            }
            classes.put(e.getKey(), new ClassRow(featureSets.get(e.getKey()), e.getValue().size(), safe, breaking));
        }
        Map<PropertyId, SweepRunner.Checked> smallest = new EnumMap<>(PropertyId.class);
        for (PropertyId p : SweepRunner.PROPERTIES) {
            Optional<SweepRunner.Outcome> best = checked.stream().filter(c -> c.breaks(p)).min(SMALLEST_FIRST);
            best.ifPresent(c -> smallest.put(p, reports.apply(c)));
        }
        return new SweepSummary(enumeration, List.copyOf(checked), classes, smallest);
    }

    // Classes sort by how many features they combine, then by name.
    static String classKey(TreeSet<SweepConfig.Feature> f) {
        StringBuilder sb = new StringBuilder().append(f.size());
        for (SweepConfig.Feature x : f) {
            sb.append(',').append(x.ordinal());
        }
        return sb.toString();
    }

    public long safeCount() {
        return checked.stream().filter(SweepRunner.Outcome::safe).count();
    }

    public boolean anyInconclusive() {
        return checked.stream().anyMatch(c -> !c.complete());
    }
}
