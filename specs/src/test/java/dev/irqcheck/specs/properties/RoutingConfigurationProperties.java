package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.SimulationReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.Simulator;
import dev.irqcheck.checker.store.Fingerprints;
import dev.irqcheck.model.properties.Decided;
import dev.irqcheck.model.properties.RandomTopologies;
import dev.irqcheck.model.properties.RandomTopologies.Reach;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqLineSpec;
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
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The owner's promise across configurations, on generated configurations beyond the sweep's
 * bounds: the documented safe rule agrees with the checker on routing configurations; on
 * configurations of the whole model with any variants, every counterexample replays and ends in
 * its violation, renaming never changes a verdict or a count, and random walks stay inside the
 * exhaustive reachable set.
 *
 * <p>A search cut off by {@link #LIMIT} decides nothing unless it found a violation: such samples
 * are counted ({@link Decided}, in jqwik's statistics) and each property fails when fewer than
 * its minimum share of samples is decided.
 *
 * <p>Tries come from {@code jqwik.tries.default}: 30 in CI (specs' junit-platform.properties), more
 * with {@code mvn verify -Djqwik.tries.default=1000} (README, "the long run").
 */
class RoutingConfigurationProperties {
    static final long LIMIT = 400_000;
    /** Lower for the whole model, whose searches are larger: a cut-off costs less, and is counted. */
    static final long WHOLE_MODEL_LIMIT = 100_000;
    /** Measured: about 93-100% of routing samples are decided (a violation or a complete search). */
    static final double MIN_DECIDED_ROUTING = 70;
    /** Measured: about 80-85% of whole-model samples are decided (30 tries: 50% is 4 standard deviations below). */
    static final double MIN_DECIDED_WHOLE_MODEL = 50;

    static final Reach ROUTING = Reach.routing(3, 2, 2);
    static final Reach WHOLE_MODEL = Reach.wholeModel(2, 2);

    @Provide
    Arbitrary<Topology> configurations() {
        return RandomTopologies.topologies(ROUTING);
    }

    @Provide
    Arbitrary<RandomTopologies.Config> wholeModel() {
        return RandomTopologies.configs(WHOLE_MODEL);
    }

    static CheckReport check(InterruptSystem m) {
        return check(m, LIMIT);
    }

    static CheckReport check(InterruptSystem m, long limit) {
        List<Claim> claims = new ArrayList<>();
        for (PropertyId p : SweepRunner.PROPERTIES) {
            claims.add(p.claim(m));
        }
        return new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(limit)).check(m, claims);
    }

    static boolean anyViolated(CheckReport r) {
        return r.results().stream().anyMatch(c -> c.verdict().kind() == Verdict.Kind.VIOLATED);
    }

    @Property
    void theDocumentedSafeRuleAgreesWithTheChecker(@ForAll("configurations") Topology t, @ForAll("ruleReleases") KernelVersion kernel) {
        Variants v = Variants.of(kernel);
        Optional<Boolean> agrees = ruleAgrees(t, v);
        Decided.record(agrees.isPresent());
        agrees.ifPresent(a -> assertTrue(a, () -> kernel.spelling() + " rule: " + SafeRule.reason(t, v) + "\n" + t));
        Decided.requireAtLeast(MIN_DECIDED_ROUTING);
    }

    /**
     * The x86 rule on the same generated shapes, each checked on the x86 IOAPIC (SPI s as IOAPIC pin
     * s), before 6.3 and since.
     */
    @Property
    void theX86SafeRuleAgreesWithTheChecker(@ForAll("configurations") Topology shape, @ForAll("x86RuleReleases") KernelVersion kernel) {
        // A PCI device whose guest starts with INTx off is not modelled on x86 (docs/warts.md).
        net.jqwik.api.Assume.that(shape.devices().stream().noneMatch(d -> d.intxStartsDisabled()));
        Topology t = dev.irqcheck.specs.sweep.ArchForm.toX86(shape);
        Variants v = Variants.of(kernel);
        Optional<Boolean> agrees = ruleAgrees(t, v);
        Decided.record(agrees.isPresent());
        agrees.ifPresent(a -> assertTrue(a, () -> "x86 " + kernel.spelling() + " rule: " + SafeRule.reason(t, v) + "\n" + t));
        Decided.requireAtLeast(MIN_DECIDED_ROUTING);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<KernelVersion> x86RuleReleases() {
        return net.jqwik.api.Arbitraries.of(KernelVersion.V6_2, KernelVersion.V6_18);
    }

    /** The releases the rule is stated for in full (SafeRule: on 6.19 only the level-device clause). */
    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<KernelVersion> ruleReleases() {
        return net.jqwik.api.Arbitraries.of(KernelVersion.V5_8, KernelVersion.V6_18);
    }

    /**
     * Whether the rule's prediction matches the checker. A violation decides "unsafe" even when the
     * search was cut off; a cut-off search without one decides nothing (empty).
     */
    static Optional<Boolean> ruleAgrees(Topology t, Variants v) {
        CheckReport r = check(new InterruptSystem(t, v));
        boolean violated = anyViolated(r);
        if (!violated && !r.stats().complete()) {
            return Optional.empty();
        }
        return Optional.of(SafeRule.predictsSafe(t, v) == !violated);
    }

    @Property
    void everyCounterexampleReplaysAndEndsInItsViolation(@ForAll("wholeModel") RandomTopologies.Config c) {
        InterruptSystem m = new InterruptSystem(c.topology(), c.variants());
        CheckReport r = check(m, WHOLE_MODEL_LIMIT);
        checkEveryCounterexample(m, r);
        Decided.record(r.stats().complete() || anyViolated(r));
        Decided.requireAtLeast(MIN_DECIDED_WHOLE_MODEL);
    }

    /** Each violated claim's trace replays in {@code m} and is a counterexample to the claim (lassos: closed, goal-free, fair). */
    static void checkEveryCounterexample(dev.irqcheck.checker.api.TransitionSystem m, CheckReport r) {
        for (CheckReport.ClaimResult result : r.results()) {
            if (result.verdict().kind() == Verdict.Kind.VIOLATED) {
                Counterexamples.verify(m, result.claim(), result.verdict().trace().orElseThrow());
            }
        }
    }

    @Property
    void renamingDevicesGsisAndSpisChangesNoVerdictOrCount(@ForAll("wholeModel") RandomTopologies.Config c,
                                                           @ForAll @IntRange(min = 0, max = 100) int shift) {
        Topology t = c.topology();
        CheckReport a = check(new InterruptSystem(t, c.variants()), WHOLE_MODEL_LIMIT);
        CheckReport b = check(new InterruptSystem(rename(t, shift), c.variants()), WHOLE_MODEL_LIMIT);
        assertEquals(a.stats().distinctStates(), b.stats().distinctStates());
        assertEquals(a.stats().transitions(), b.stats().transitions());
        // A cut-off search's verdicts depend on which states fit under the limit: compare complete ones.
        if (Decided.record(a.stats().complete())) {
            for (PropertyId p : SweepRunner.PROPERTIES) {
                assertEquals(a.verdictOf(p.id()).kind(), b.verdictOf(p.id()).kind(), p.id());
            }
        }
        Decided.requireAtLeast(MIN_DECIDED_WHOLE_MODEL);
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
        List<IrqLineSpec> lines = new ArrayList<>();
        for (IrqLineSpec l : t.irqLines()) {
            lines.add(new IrqLineSpec(n - 1 - l.device(), l.intid() + shift));
        }
        List<SpiSpec> spis = new ArrayList<>();
        for (SpiSpec s : t.spis()) {
            spis.add(new SpiSpec(s.intid() + shift, s.config(), s.enabled(), s.targetVcpu(), s.driver()));
        }
        return new Topology(t.vcpus(), t.listRegisters(), devices, irqfds, shifted(t.routes(), shift), spis, t.bounds(),
                lines, shifted(t.reroutes(), shift));
    }

    private static List<RouteEntry> shifted(List<RouteEntry> routes, int shift) {
        return routes.stream().map(r -> new RouteEntry(r.gsi() + shift, r.pin() + shift)).toList();
    }

    @Property
    void randomWalksStayInsideTheExhaustiveReachableSet(@ForAll("wholeModel") RandomTopologies.Config c,
                                                        @ForAll long seed) {
        InterruptSystem m = new InterruptSystem(c.topology(), c.variants());
        Optional<Set<Long>> reachable = reachableSet(m);
        if (Decided.record(reachable.isPresent())) {
            walkInside(m, reachable.get(), seed);
        }
        Decided.requireAtLeast(MIN_DECIDED_WHOLE_MODEL);
    }

    /**
     * The exhaustive reachable set, by fingerprint, through a claim that records every state;
     * unreduced, since random walks visit real states, not symmetry representatives. Empty when
     * the search was cut off.
     */
    static Optional<Set<Long>> reachableSet(InterruptSystem m) {
        Set<Long> reachable = new HashSet<>();
        CheckReport r = new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(WHOLE_MODEL_LIMIT).withSymmetry(false)).check(m,
                List.of(new Claim.Always("record", s -> {
                    synchronized (reachable) {
                        reachable.add(Fingerprints.of(s));
                    }
                    return true;
                })));
        if (!r.stats().complete()) {
            return Optional.empty();
        }
        assertEquals(r.stats().distinctStates(), reachable.size());
        return Optional.of(reachable);
    }

    /** Seeded random walks of {@code walked} visit only states in {@code reachable}. */
    static void walkInside(dev.irqcheck.checker.api.TransitionSystem walked, Set<Long> reachable, long seed) {
        SimulationReport sim = new Simulator(walked).run(List.of(new Claim.Always("true", s -> true)),
                10, 300, seed, s -> assertTrue(reachable.contains(Fingerprints.of(s)), "a walk left the reachable set"));
        assertTrue(sim.runsDone() > 0);
    }
}
