package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.store.Fingerprints;
import dev.irqcheck.model.properties.Decided;
import dev.irqcheck.model.properties.RandomTopologies;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.ResampleScope;
import dev.irqcheck.specs.claims.PropertyId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The partial-order reduction on generated routing configurations: reduced and unreduced searches
 * give the same verdicts for the at-quiescence properties (the claims the reduction serves on this
 * model: the always-claims read every field, which makes every rule visible), and every reduced
 * counterexample replays and ends in its violation; and both reach the same quiescent states. {@code PartialOrderRoutingCanFailTest} shows
 * the check fails when the device raises are declared to touch nothing.
 */
class PartialOrderRoutingProperties {
    static final long LIMIT = 50_000;
    /** Measured: 67% of routing samples (20 of 30) are decided within the limit; 40% is 3 standard deviations below. */
    static final double MIN_DECIDED = 40;

    @Provide
    Arbitrary<Topology> configurations() {
        return RandomTopologies.topologies(RoutingConfigurationProperties.ROUTING);
    }

    @Provide
    Arbitrary<KernelVersion> releases() {
        return Arbitraries.of(KernelVersion.V5_8, KernelVersion.V6_18, KernelVersion.V6_19);
    }

    @Property(tries = 30)
    void reducedAndUnreducedVerdictsAgree(@ForAll("configurations") Topology t, @ForAll("releases") KernelVersion k,
                                          @ForAll ResampleScope scope, @ForAll ResampleOrder order) {
        // The resampler variants include designs that lose interrupts, so that violations occur.
        InterruptSystem m = new InterruptSystem(t, Variants.of(k).with(scope).with(order));
        Optional<long[]> counts = checkSameVerdicts(m, m);
        Decided.record(counts.isPresent());
        counts.ifPresent(c -> Statistics.label("reduction").collect(c[1] < c[0] ? "fewer states" : "same states"));
        Decided.requireAtLeast(MIN_DECIDED);
    }

    /** The claims and one more that records the fingerprint of every quiescent state it is shown. */
    static List<Claim> withQuiescentStates(List<Claim> claims, Set<Long> into) {
        List<Claim> all = new ArrayList<>(claims);
        all.add(new Claim.AtQuiescence("record quiescent states", s -> {
            into.add(Fingerprints.of(s));
            return true;
        }));
        return all;
    }

    static List<Claim> claims(InterruptSystem m) {
        return List.of(PropertyId.NO_LOST_INTERRUPT.claim(m), PropertyId.NO_STUCK_MASK.claim(m));
    }

    /**
     * Checks {@code m} unreduced and {@code reduced} (the same model, possibly with other
     * footprints) under the reduction; empty when a search was cut off without a violation, else
     * the unreduced and reduced searches' state counts.
     */
    static Optional<long[]> checkSameVerdicts(InterruptSystem m, TransitionSystem reduced) {
        SearchConfig config = SearchConfig.defaults().withThreads(1).withMaxStates(LIMIT);
        Set<Long> fullQuiescent = new HashSet<>();
        CheckReport full = new Explorer(config).check(m, withQuiescentStates(claims(m), fullQuiescent));
        Set<Long> porQuiescent = new HashSet<>();
        CheckReport por = new Explorer(config.withPartialOrder(true)).check(reduced,
                withQuiescentStates(claims(m), porQuiescent));
        assertTrue(por.stats().partialOrderReduced(), "the reduction was not applied");
        if (!full.stats().complete() || !por.stats().complete()) {
            return Optional.empty();
        }
        for (CheckReport.ClaimResult r : full.results()) {
            Verdict got = por.verdictOf(r.claim().name());
            assertEquals(r.verdict().kind(), got.kind(), () -> r.claim().name() + ": reduced verdict differs from the "
                    + "unreduced one (" + por.stats().distinctStates() + " of " + full.stats().distinctStates() + " states)\n"
                    + m.topology());
            if (got.kind() == Verdict.Kind.VIOLATED) {
                Counterexamples.verify(m, r.claim(), got.trace().orElseThrow());
            }
        }
        assertTrue(por.stats().distinctStates() <= full.stats().distinctStates());
        // Stronger than the verdicts: the reduction keeps every quiescent state (C0 and C1), so every
        // at-quiescence claim would get the same verdict.
        assertEquals(fullQuiescent, porQuiescent, "the reduced search reached other quiescent states ("
                + porQuiescent.size() + " of " + fullQuiescent.size() + ")");
        return Optional.of(new long[] {full.stats().distinctStates(), por.stats().distinctStates()});
    }
}
