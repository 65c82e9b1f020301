package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.properties.RandomTopologies;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.TriggerMode;
import java.util.*;
import net.jqwik.api.*;
import net.jqwik.api.statistics.Statistics;

/**
 * Each wiring automorphism maps rules to rules one by one (enabled exactly where the image is, with
 * the image successor), within a rule class (environment, fair, acknowledge): the precondition of
 * symmetry under liveness, per rule where WiringSymmetryProperties compares sets of successors.
 * Written by the independent review (docs/reviews/review-14s.md).
 */
class RuleOrbitProperties {
    @Provide
    Arbitrary<WiringSymmetryProperties.Symmetric> symmetric() {
        Arbitrary<WiringSymmetryProperties.Block> block = Combinators.combine(
                Arbitraries.of(TriggerMode.class).list().ofMinSize(1).ofMaxSize(2),
                Arbitraries.of(true, false), Arbitraries.of(TriggerMode.class), Arbitraries.of(GuestDriver.class))
                .as(WiringSymmetryProperties.Block::new);
        Arbitrary<Bounds> bounds = Arbitraries.of(new Bounds(0, 0), new Bounds(1, 0), new Bounds(0, 1),
                new Bounds(0, 0, 1, 0, 0, 0));
        return Combinators.combine(block, Arbitraries.integers().between(2, 3), Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 2), bounds, RandomTopologies.variants())
                .as((b, vcpus, blockPerVcpu, lrs, bd, v) -> new WiringSymmetryProperties.Symmetric(
                        WiringSymmetryProperties.build(b, vcpus, blockPerVcpu, lrs, bd), v));
    }

    @Property(tries = 60)
    void everyAutomorphismMapsRulesToRules(@ForAll("symmetric") WiringSymmetryProperties.Symmetric c) {
        InterruptSystem m = new InterruptSystem(c.topology(), c.variants());
        List<Rule> rules = m.rules();
        int n = rules.size();
        long[] init = m.initialStates().get(0).words();
        int gCount = m.wiringImages(init).size();
        Statistics.label("automorphisms").collect(gCount);
        if (gCount == 0) return;
        // cand[g][r] = rules r' that so far match r under g
        BitSet[][] cand = new BitSet[gCount][];
        for (int g = 0; g < gCount; g++) {
            cand[g] = RuleClasses.sameClassCandidates(m);
        }
        Set<List<Long>> seen = new HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        queue.add(init);
        seen.add(key(init));
        int limit = 4000;
        while (!queue.isEmpty() && seen.size() <= limit) {
            long[] s = queue.poll();
            long[][] succ = new long[n][];
            for (int r = 0; r < n; r++) {
                if (rules.get(r).enabled(s)) {
                    succ[r] = s.clone();
                    rules.get(r).apply(s, succ[r]);
                    if (seen.add(key(succ[r]))) queue.add(succ[r]);
                }
            }
            List<long[]> images = m.wiringImages(s);
            for (int g = 0; g < gCount; g++) {
                long[] gs = images.get(g);
                long[][] gsucc = new long[n][];
                for (int r = 0; r < n; r++) {
                    if (rules.get(r).enabled(gs)) {
                        gsucc[r] = gs.clone();
                        rules.get(r).apply(gs, gsucc[r]);
                    }
                }
                for (int r = 0; r < n; r++) {
                    BitSet ok = new BitSet(n);
                    long[] want = succ[r] == null ? null : m.wiringImages(succ[r]).get(g);
                    for (int r2 = cand[g][r].nextSetBit(0); r2 >= 0; r2 = cand[g][r].nextSetBit(r2 + 1)) {
                        if (succ[r] == null ? gsucc[r2] == null : gsucc[r2] != null && Arrays.equals(gsucc[r2], want)) ok.set(r2);
                    }
                    cand[g][r].and(ok);
                }
            }
        }
        List<String> bad = new ArrayList<>();
        for (int g = 0; g < gCount; g++) for (int r = 0; r < n; r++) {
            if (cand[g][r].isEmpty()) bad.add("g" + g + ": " + rules.get(r).name());
        }
        Statistics.label("states walked").collect(seen.size() > limit ? "limit" : "all");
        assertTrue(bad.isEmpty(), "rules with no image rule: " + bad + "\n" + c);
    }

    private static List<Long> key(long[] w) { return Arrays.stream(w).boxed().toList(); }
}
