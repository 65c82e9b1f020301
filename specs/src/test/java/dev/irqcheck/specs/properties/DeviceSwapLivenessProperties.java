package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.*;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.properties.RandomTopologies;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.*;
import dev.irqcheck.model.variant.*;
import java.lang.reflect.Method;
import java.util.*;
import net.jqwik.api.*;
import net.jqwik.api.statistics.Statistics;

/**
 * Configurations whose only symmetry is a swap of identical devices (two on one GSI): every
 * catalogue claim, liveness included, gives the same verdict reduced and unreduced, every reduced
 * lasso is a behaviour of the full model, and the swap maps each rule to a rule of the same class
 * (environment, fair, acknowledge), as the Symmetry contract needs for liveness. Written by the
 * independent review of symmetry under liveness (docs/reviews/review-14s.md).
 */
class DeviceSwapLivenessProperties {
    @Provide Arbitrary<Variants> variants() { return RandomTopologies.variants(); }
    @Provide Arbitrary<IrqfdKind> kinds() { return Arbitraries.of(IrqfdKind.class); }
    @Provide Arbitrary<TriggerMode> triggers() { return Arbitraries.of(TriggerMode.class); }

    static Topology shared(IrqfdKind kind, TriggerMode trig, int vcpus) {
        HostHandlerKind h = trig == TriggerMode.LEVEL ? HostHandlerKind.VFIO_PLATFORM_AUTOMASKED : HostHandlerKind.VFIO_PLATFORM_EDGE;
        IrqfdKind k = trig == TriggerMode.LEVEL ? kind : IrqfdKind.PLAIN;
        return new Topology(vcpus, 1,
                List.of(new DeviceSpec("a", trig, 1, h), new DeviceSpec("b", trig, 1, h)),
                List.of(new IrqfdSpec(0, 5, k), new IrqfdSpec(1, 5, k)),
                List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, trig, true, 0)));
    }

    @Property(tries = 40)
    void deviceSwapOnly(@ForAll("kinds") IrqfdKind kind, @ForAll("triggers") TriggerMode trig,
                        @ForAll("variants") Variants v) throws Exception {
        Topology t = shared(kind, trig, 1);
        InterruptSystem m = new InterruptSystem(t, v);
        InterruptSystem full = new InterruptSystem(t, v);
        Assume.that(m.symmetry().isPresent() && m.wiringImages(m.initialStates().get(0).words()).isEmpty());
        List<Claim> claims = WiringSymmetryProperties.allClaims(m);
        SearchConfig config = SearchConfig.defaults().withThreads(1).withMaxStates(200_000);
        CheckReport reduced = new Explorer(config.withSymmetry(true)).check(m, claims);
        CheckReport plain = new Explorer(config.withSymmetry(false)).check(full, WiringSymmetryProperties.allClaims(full));
        Assume.that(reduced.stats().complete() && plain.stats().complete());
        assertTrue(reduced.stats().symmetryReduced());
        for (Claim c : claims) {
            Verdict r = reduced.verdictOf(c.name());
            assertEquals(plain.verdictOf(c.name()).kind(), r.kind(), c.name() + "\n" + t + "\n" + v);
            if (r.kind() == Verdict.Kind.VIOLATED) {
                Counterexamples.verify(full, WiringSymmetryProperties.allClaims(full).stream()
                        .filter(x -> x.name().equals(c.name())).findFirst().orElseThrow(), r.trace().orElseThrow());
            }
            if (c.isLiveness()) Statistics.label("liveness " + c.name()).collect(r.kind());
        }
        // per-rule: the swap of devices 0 and 1 maps each rule to a rule of the same class
        Symmetry sym = m.symmetry().get();
        Method swap = sym.getClass().getDeclaredMethod("swap", long[].class, int.class, int.class);
        swap.setAccessible(true);
        List<Rule> rules = m.rules();
        int n = rules.size();
        BitSet[] cand = RuleClasses.sameClassCandidates(m);
        Set<List<Long>> seen = new HashSet<>();
        ArrayDeque<long[]> q = new ArrayDeque<>();
        long[] init = m.initialStates().get(0).words();
        q.add(init);
        seen.add(key(init));
        while (!q.isEmpty() && seen.size() <= 5000) {
            long[] s = q.poll();
            long[] gs = s.clone();
            swap.invoke(sym, gs, 0, 1);
            for (int r = 0; r < n; r++) {
                long[] succ = null;
                if (rules.get(r).enabled(s)) {
                    succ = s.clone();
                    rules.get(r).apply(s, succ);
                    if (seen.add(key(succ))) q.add(succ);
                    swap.invoke(sym, succ, 0, 1);
                }
                BitSet ok = new BitSet(n);
                for (int r2 = cand[r].nextSetBit(0); r2 >= 0; r2 = cand[r].nextSetBit(r2 + 1)) {
                    boolean en = rules.get(r2).enabled(gs);
                    if (succ == null ? !en : en && Arrays.equals(apply(rules.get(r2), gs), succ)) ok.set(r2);
                }
                cand[r].and(ok);
            }
        }
        List<String> bad = new ArrayList<>();
        for (int r = 0; r < n; r++) if (cand[r].isEmpty()) bad.add(rules.get(r).name());
        assertTrue(bad.isEmpty(), "rules with no image under the device swap: " + bad + "\n" + t + "\n" + v);
    }

    static long[] apply(Rule r, long[] s) { long[] x = s.clone(); r.apply(s, x); return x; }
    private static List<Long> key(long[] w) { return Arrays.stream(w).boxed().toList(); }
}
