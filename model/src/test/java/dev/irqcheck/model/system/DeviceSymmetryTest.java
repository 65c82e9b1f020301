package dev.irqcheck.model.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.ResampleScope;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Interchangeable devices: the reduced search stores fewer states and gives the same verdicts. */
class DeviceSymmetryTest {

    static List<Claim> safetyClaims(InterruptSystem m) {
        return List.of(new Claim.Always("well-formed", m::wellFormed),
                new Claim.AtQuiescence("no-lost", s -> !m.anyDeviceNeedsService(s)),
                new Claim.AtQuiescence("no-stuck", s -> !m.anyHostLineMasked(s)),
                new Claim.Always("no-stale-ack", s -> !m.anyStaleAck(s)));
    }

    void assertSameVerdicts(Topology t, Variants v) {
        InterruptSystem m = new InterruptSystem(t, v);
        assertTrue(m.symmetry().isPresent(), "two identical devices are interchangeable");
        CheckReport reduced = new Explorer(SearchConfig.defaults().withSymmetry(true)).check(m, safetyClaims(m));
        CheckReport full = new Explorer(SearchConfig.defaults().withSymmetry(false)).check(m, safetyClaims(m));
        assertTrue(reduced.stats().symmetryReduced());
        assertTrue(reduced.stats().distinctStates() < full.stats().distinctStates(),
                reduced.stats().distinctStates() + " vs " + full.stats().distinctStates());
        for (CheckReport.ClaimResult r : full.results()) {
            assertEquals(r.verdict().kind(), reduced.verdictOf(r.claim().name()).kind(), r.claim().name());
            reduced.verdictOf(r.claim().name()).trace().ifPresent(trace ->
                    assertEquals(r.verdict().trace().orElseThrow().length(), trace.length(), "shortest traces agree"));
        }
    }

    @Test
    void identicalDevicesOnASharedGsiFoldTogetherWithTheSameVerdicts() {
        assertSameVerdicts(InterruptSystemVerdictsTest.sharedGsi(IrqfdKind.RESAMPLE), Variants.kernel());
        assertSameVerdicts(InterruptSystemVerdictsTest.sharedGsi(IrqfdKind.PLAIN), Variants.kernel());
        assertSameVerdicts(InterruptSystemVerdictsTest.sharedGsi(IrqfdKind.RESAMPLE),
                Variants.kernel().with(ResampleOrder.SIGNAL_THEN_LOWER));
    }

    @Test
    void theListHeadMutationKeepsResampleIrqfdsApart() {
        InterruptSystem m = new InterruptSystem(InterruptSystemVerdictsTest.sharedGsi(IrqfdKind.RESAMPLE),
                Variants.kernel().with(ResampleScope.LIST_HEAD_ONLY));
        assertTrue(m.symmetry().isEmpty());
    }
}
