package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.SimulationReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.Simulator;
import dev.irqcheck.checker.store.Fingerprints;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.sweep.SafeRule;
import dev.irqcheck.specs.sweep.SweepRunner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The owner's promise across routing configurations, on generated configurations beyond the
 * sweep's bounds: the documented safe rule agrees with the checker; every counterexample replays
 * and ends in its violation; renaming never changes a verdict or a count; random walks stay inside
 * the exhaustive reachable set.
 *
 * <p>Tries come from {@code jqwik.tries.default}: 30 in CI (specs' junit-platform.properties), more
 * with {@code mvn verify -Djqwik.tries.default=1000} (README, "the long run").
 */
class RoutingConfigurationProperties {
    static final long LIMIT = 400_000;

    @Provide
    Arbitrary<Topology> configurations() {
        return Configurations.topologies(3, 2, 2);
    }

    @Provide
    Arbitrary<Topology> smallConfigurations() {
        return Configurations.topologies(2, 2, 2);
    }

    @Provide
    Arbitrary<Variants> variants() {
        return Configurations.variants();
    }

    static CheckReport check(InterruptSystem m) {
        List<Claim> claims = new ArrayList<>();
        for (PropertyId p : SweepRunner.PROPERTIES) {
            claims.add(p.claim(m));
        }
        return new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(LIMIT)).check(m, claims);
    }

    static boolean safe(CheckReport r) {
        return r.results().stream().allMatch(c -> c.verdict().kind() == Verdict.Kind.HOLDS);
    }

    @Property
    void theDocumentedSafeRuleAgreesWithTheChecker(@ForAll("configurations") Topology t, @ForAll("ruleReleases") KernelVersion kernel) {
        Variants v = Variants.of(kernel);
        assertTrue(ruleAgrees(t, v), () -> kernel.spelling() + " rule: " + SafeRule.reason(t, v) + "\n" + t);
    }

    /** The releases the rule is stated for in full (SafeRule: on 6.19 only the level-device clause). */
    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<KernelVersion> ruleReleases() {
        return net.jqwik.api.Arbitraries.of(KernelVersion.V5_8, KernelVersion.V6_18);
    }

    /** Whether the rule's prediction matches the checker; true when the search was too large to decide. */
    static boolean ruleAgrees(Topology t, Variants v) {
        CheckReport r = check(new InterruptSystem(t, v));
        return !r.stats().complete() || SafeRule.predictsSafe(t, v) == safe(r);
    }

    @Property
    void everyCounterexampleReplaysAndEndsInItsViolation(@ForAll("smallConfigurations") Topology t,
                                                         @ForAll("variants") Variants v) {
        InterruptSystem m = new InterruptSystem(t, v);
        CheckReport r = check(m);
        for (CheckReport.ClaimResult c : r.results()) {
            if (c.verdict().kind() != Verdict.Kind.VIOLATED) {
                continue;
            }
            Trace trace = c.verdict().trace().orElseThrow();
            long[] s = m.initialStates().get(0).words();
            assertEquals(Arrays.toString(trace.initial().words()), Arrays.toString(s));
            for (int i = 0; i < trace.length(); i++) {
                Rule rule = trace.steps().get(i).rule();
                assertTrue(rule.enabled(s), "step " + (i + 1) + " " + rule.name() + " not enabled");
                long[] next = s.clone();
                rule.apply(s, next);
                assertEquals(Arrays.toString(trace.state(i + 1).words()), Arrays.toString(next));
                s = next;
            }
            Claim claim = c.claim();
            if (claim instanceof Claim.Always a) {
                assertTrue(!a.invariant().test(s), c.claim().name() + ": the last state must violate it");
            } else if (claim instanceof Claim.AtQuiescence q) {
                long[] last = s;
                assertTrue(!q.condition().test(last) && m.rules().stream().noneMatch(x -> x.enabled(last)),
                        c.claim().name() + ": the last state must be quiescent and violate it");
            } else {
                assertTrue(trace.isLasso(), c.claim().name() + ": a liveness counterexample is a lasso");
                if (trace.loopStart() < trace.length()) {
                    assertEquals(Arrays.toString(trace.state(trace.loopStart()).words()), Arrays.toString(s),
                            "the loop closes");
                } else {
                    long[] last = s;
                    assertTrue(m.rules().stream().noneMatch(x -> x.enabled(last)), "a stop is a dead state");
                }
            }
        }
    }

    @Property
    void renamingDevicesGsisAndSpisChangesNoVerdictOrCount(@ForAll("smallConfigurations") Topology t,
                                                           @ForAll("variants") Variants v,
                                                           @ForAll @IntRange(min = 0, max = 100) int shift) {
        Topology renamed = rename(t, shift);
        CheckReport a = check(new InterruptSystem(t, v));
        CheckReport b = check(new InterruptSystem(renamed, v));
        assertEquals(a.stats().distinctStates(), b.stats().distinctStates());
        assertEquals(a.stats().transitions(), b.stats().transitions());
        for (PropertyId p : SweepRunner.PROPERTIES) {
            assertEquals(a.verdictOf(p.id()).kind(), b.verdictOf(p.id()).kind(), p.id());
        }
    }

    // Reverses the device order, renumbers GSIs by +shift and moves every SPI up by shift. The
    // irqfds keep their assignment order: it is not a name (the resampler's list is ordered by it,
    // which the list-head-only mutation observes).
    static Topology rename(Topology t, int shift) {
        int n = t.devices().size();
        List<DeviceSpec> devices = new ArrayList<>(t.devices());
        Collections.reverse(devices);
        List<IrqfdSpec> irqfds = new ArrayList<>();
        for (IrqfdSpec f : t.irqfds()) {
            irqfds.add(new IrqfdSpec(n - 1 - f.device(), f.gsi() + shift, f.kind()));
        }
        List<RouteEntry> routes = new ArrayList<>();
        for (RouteEntry r : t.routes()) {
            routes.add(new RouteEntry(r.gsi() + shift, r.pin() + shift));
        }
        List<SpiSpec> spis = new ArrayList<>();
        for (SpiSpec s : t.spis()) {
            spis.add(new SpiSpec(s.intid() + shift, s.config(), s.enabled(), s.targetVcpu(), s.driver()));
        }
        return new Topology(t.vcpus(), t.listRegisters(), devices, irqfds, routes, spis, t.bounds());
    }

    @Property
    void randomWalksStayInsideTheExhaustiveReachableSet(@ForAll("smallConfigurations") Topology t,
                                                        @ForAll long seed) {
        InterruptSystem m = new InterruptSystem(t, Variants.kernel());
        Set<Long> reachable = new HashSet<>();
        // The exhaustive reachable set, by fingerprint, through a claim that records every state;
        // unreduced, since random walks visit real states, not symmetry representatives.
        CheckReport r = new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(LIMIT).withSymmetry(false)).check(m,
                List.of(new Claim.Always("record", s -> {
                    synchronized (reachable) {
                        reachable.add(Fingerprints.of(s));
                    }
                    return true;
                })));
        if (!r.stats().complete()) {
            return;
        }
        assertEquals(r.stats().distinctStates(), reachable.size());
        SimulationReport sim = new Simulator(m).run(List.of(new Claim.Always("well-formed", m::wellFormed)),
                10, 300, seed, s -> assertTrue(reachable.contains(Fingerprints.of(s)), "a walk left the reachable set"));
        assertTrue(sim.runsDone() > 0);
    }
}
