package dev.irqcheck.specs.sweep;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.scenario.Axis;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Two designs compared configuration by configuration ({@code sweep --compare KEY=A,B}): the
 * configurations A breaks and B fixes, and the reverse, grouped by feature class, each group with
 * its smallest example and that example's shortest trace under the breaking design. A property
 * counts as fixed only where the other design decides it holds (not where a limit left it open).
 */
public record SweepDiff(Axis axis, Enum<?> a, Enum<?> b, int compared, List<Group> aBreaks, List<Group> bBreaks) {

    /** One configuration under both designs. */
    public record Pair(SweepRunner.Outcome underA, SweepRunner.Outcome underB) {
        /** Properties violated under {@code first} that hold under {@code second}. */
        static Set<PropertyId> brokenOnly(SweepRunner.Outcome first, SweepRunner.Outcome second) {
            Set<PropertyId> out = EnumSet.noneOf(PropertyId.class);
            for (PropertyId p : SweepRunner.PROPERTIES) {
                if (first.breaks(p) && second.verdicts().get(p) == Verdict.Kind.HOLDS) {
                    out.add(p);
                }
            }
            return out;
        }

        public Set<PropertyId> brokenOnlyUnderA() {
            return brokenOnly(underA, underB);
        }

        public Set<PropertyId> brokenOnlyUnderB() {
            return brokenOnly(underB, underA);
        }
    }

    /**
     * The configurations of one feature class that one design breaks and the other fixes.
     *
     * @param pairs    in enumeration order
     * @param smallest the smallest of them, checked under the breaking design (model and traces)
     * @param shown    the property whose trace is shown: the first the breaking design alone violates
     * @param broken   every property the breaking design alone violates, over the group
     */
    public record Group(String classLabel, List<Pair> pairs, SweepRunner.Checked smallest, PropertyId shown,
                        Set<PropertyId> broken) {
    }

    /**
     * @param outcomes a sweep over exactly two designs that differ in {@code axis} ({@code a} and {@code b})
     * @param reports  the checked configuration of an outcome; asked only for each group's smallest
     */
    public static SweepDiff of(Axis axis, Enum<?> a, Enum<?> b, List<SweepRunner.Outcome> outcomes,
                               Function<SweepRunner.Outcome, SweepRunner.Checked> reports) {
        Map<String, SweepRunner.Outcome[]> byShape = new LinkedHashMap<>();
        for (SweepRunner.Outcome o : outcomes) {
            Enum<?> value = o.config().design().values().get(axis);
            int side = value == a ? 0 : value == b ? 1 : -1;
            if (side < 0) {
                throw new IllegalArgumentException("configuration " + o.index() + " is under neither design");
            }
            byShape.computeIfAbsent(o.config().shape(), k -> new SweepRunner.Outcome[2])[side] = o;
        }
        List<Pair> pairs = new ArrayList<>();
        for (SweepRunner.Outcome[] both : byShape.values()) {
            if (both[0] == null || both[1] == null) {
                throw new IllegalArgumentException("a configuration was checked under one design only");
            }
            pairs.add(new Pair(both[0], both[1]));
        }
        return new SweepDiff(axis, a, b, pairs.size(), groups(pairs, true, reports), groups(pairs, false, reports));
    }

    private static List<Group> groups(List<Pair> pairs, boolean aSide,
                                      Function<SweepRunner.Outcome, SweepRunner.Checked> reports) {
        Map<String, List<Pair>> byClass = new TreeMap<>();
        Map<String, String> labels = new TreeMap<>();
        for (Pair p : pairs) {
            if ((aSide ? p.brokenOnlyUnderA() : p.brokenOnlyUnderB()).isEmpty()) {
                continue;
            }
            // The class of the configuration as the breaking design sees it (a topology axis may change it).
            var features = (aSide ? p.underA() : p.underB()).config().features();
            String key = SweepSummary.classKey(features);
            labels.put(key, SweepSummary.ClassRow.label(features));
            byClass.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        List<Group> out = new ArrayList<>();
        byClass.forEach((key, members) -> {
            Set<PropertyId> broken = EnumSet.noneOf(PropertyId.class);
            members.forEach(p -> broken.addAll(aSide ? p.brokenOnlyUnderA() : p.brokenOnlyUnderB()));
            SweepRunner.Outcome smallest = members.stream().map(p -> aSide ? p.underA() : p.underB())
                    .min(SweepSummary.SMALLEST_FIRST).orElseThrow();
            Pair smallestPair = members.stream().filter(p -> (aSide ? p.underA() : p.underB()) == smallest).findFirst().orElseThrow();
            PropertyId shown = (aSide ? smallestPair.brokenOnlyUnderA() : smallestPair.brokenOnlyUnderB()).iterator().next();
            out.add(new Group(labels.get(key), List.copyOf(members), reports.apply(smallest), shown, broken));
        });
        return out;
    }

    public int count(List<Group> side) {
        return side.stream().mapToInt(g -> g.pairs().size()).sum();
    }
}
