package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.model.properties.RandomTopologies;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.specs.mutants.Mutant;
import dev.irqcheck.specs.sweep.SafeRule;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.state.ActionChain;
import org.junit.jupiter.api.Test;

/**
 * Each jqwik suite over generated configurations can fail: given a deliberately broken model, the
 * check it runs on every sample fails. Safe rule: a broken kernel (signal the resamplefds before
 * lowering) on samples of CI's own generator; replay: a model whose device raise writes one more
 * field, so a trace found without it no longer replays; random walks: the same kind of model, so
 * its walks leave the reachable set of the unbroken one; long runs: a host handler that forgets
 * VFIO's masked flag, caught by the invariant after a few steps; wiring symmetry: an automorphism
 * that leaves one field out of the permutation.
 */
class SuitesCanFailTest {
    // The release the rule is stated for in full and the mutation is held against.
    static final Variants KERNEL = Variants.of(dev.irqcheck.model.variant.KernelVersion.V6_18);


    // Samples of the generator CI uses, drawn inside jqwik with a fixed seed: the first few the
    // rule calls safe that have a level device (the mutation is in the resampler, which only
    // level devices use).
    @Property(tries = 1, seed = "7")
    void aBrokenResamplerMakesTheSafeRulePropertyFail() {
        List<Topology> safe = RandomTopologies.topologies(RoutingConfigurationProperties.ROUTING).sampleStream()
                .filter(t -> SafeRule.predictsSafe(t, KERNEL))
                .filter(t -> t.devices().stream().anyMatch(d -> d.trigger() == TriggerMode.LEVEL)).limit(6).toList();
        Variants broken = KERNEL.with(ResampleOrder.SIGNAL_THEN_LOWER);
        assertTrue(safe.stream().anyMatch(t -> RoutingConfigurationProperties.ruleAgrees(t, broken).equals(Optional.of(false))),
                "signal-then-lower must break a configuration the rule calls safe");
        assertTrue(safe.stream().allMatch(t -> !RoutingConfigurationProperties.ruleAgrees(t, KERNEL).equals(Optional.of(false))),
                "the kernel itself agrees with the rule on the same samples");
    }

    static Mutant raiseAlsoMarksASpuriousAck(InterruptSystem m) {
        return new Mutant(m, "device: raise", (f, s, n) -> f.distributor.spuriousAck[0].set(n, true));
    }

    @Test
    void aModelThatChangedSinceTheSearchFailsTheReplayCheck() {
        InterruptSystem m = ScenarioModels.of("review/resampler-ack-order.yaml", 1);
        CheckReport r = RoutingConfigurationProperties.check(m);
        assertTrue(RoutingConfigurationProperties.anyViolated(r), "the mutation has counterexamples");
        RoutingConfigurationProperties.checkEveryCounterexample(m, r);
        AssertionError e = assertThrows(AssertionError.class,
                () -> RoutingConfigurationProperties.checkEveryCounterexample(raiseAlsoMarksASpuriousAck(m), r));
        assertTrue(e.getMessage().contains("device: raise") && e.getMessage().contains("leads elsewhere"), e.getMessage());
    }

    @Test
    void walksOfABrokenModelLeaveTheReachableSet() {
        InterruptSystem m = ScenarioModels.seed();
        Set<Long> reachable = RoutingConfigurationProperties.reachableSet(m).orElseThrow();
        RoutingConfigurationProperties.walkInside(m, reachable, 1);
        AssertionError e = assertThrows(AssertionError.class,
                () -> RoutingConfigurationProperties.walkInside(raiseAlsoMarksASpuriousAck(m), reachable, 1));
        assertTrue(e.getMessage().contains("a walk left the reachable set"), e.getMessage());
    }

    @Provide
    Arbitrary<ActionChain<LongRunProperties.Run>> brokenRuns() {
        InterruptSystem m = ScenarioModels.seed();
        Mutant broken = new Mutant(m, "vfio_automasked_irq_handler", (f, s, n) -> f.host.hostMasked[0].set(n, false));
        return LongRunProperties.chains(Arbitraries.just(new LongRunProperties.Run(broken, m, false)));
    }

    // Every chain of the seed design takes the host handler within its first steps.
    @Property(tries = 5, seed = "7")
    void aLongRunOfABrokenHostHandlerBreaksTheInvariant(@ForAll("brokenRuns") ActionChain<LongRunProperties.Run> chain) {
        AssertionError e = assertThrows(AssertionError.class, () -> chain.withInvariant(LongRunProperties.Run::checkInvariants).run());
        assertTrue(e.getMessage().contains("well-formed"), e.getMessage());
    }

    @Property(tries = 5, seed = "7")
    void theSameRunsOfTheUnbrokenModelKeepIt(@ForAll("unbrokenRuns") ActionChain<LongRunProperties.Run> chain) {
        chain.withInvariant(LongRunProperties.Run::checkInvariants).run();
    }

    @Provide
    Arbitrary<ActionChain<LongRunProperties.Run>> unbrokenRuns() {
        InterruptSystem m = ScenarioModels.seed();
        return LongRunProperties.chains(Arbitraries.just(new LongRunProperties.Run(m, m, true)));
    }

    @Test
    void aWiringAutomorphismThatForgetsAFieldFailsTheCommutationCheck() {
        InterruptSystem m = new InterruptSystem(WiringSymmetryProperties.build(
                new WiringSymmetryProperties.Block(List.of(TriggerMode.LEVEL), false, TriggerMode.LEVEL,
                        dev.irqcheck.model.variant.GuestDriver.NORMAL_ISR),
                2, true, 1, new dev.irqcheck.model.topology.Bounds(0, 0)), KERNEL);
        dev.irqcheck.checker.state.Field forgotten = m.layout().field("vcpu[0].mode").orElseThrow();
        // The image keeps vCPU 0's own mode where vCPU 1's belongs: a field left out of the permutation.
        java.util.function.Function<long[], List<long[]>> broken = s -> m.wiringImages(s).stream().map(image -> {
            forgotten.setRaw(image, forgotten.raw(s));
            return image;
        }).toList();
        assertTrue(WiringSymmetryProperties.assertCommutes(m, m::wiringImages, 100_000), "the real symmetry commutes");
        assertThrows(org.opentest4j.AssertionFailedError.class,
                () -> WiringSymmetryProperties.assertCommutes(m, broken, 100_000));
    }
}
