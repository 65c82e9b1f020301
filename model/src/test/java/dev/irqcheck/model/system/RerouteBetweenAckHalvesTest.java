package dev.irqcheck.model.system;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.TriggerMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A model bug found by the whole-model generator (issue 16) and fixed with issue 10: the two
 * halves of irqfd_resampler_ack each looked the GSI up through the current routing, so a
 * KVM_SET_GSI_ROUTING reroute between them made the second half act on GSI -1 (an
 * ArrayIndexOutOfBoundsException with signal-then-lower, silently no resamplefd signal with
 * lower-then-signal). The kernel does both halves for the one resampler kvm_notify_acked_irq found
 * (under SRCU); the model now keeps the first half's GSI (lrAckGsi). This failed before the fix.
 */
class RerouteBetweenAckHalvesTest {

    @Test
    void aRerouteBetweenTheHalvesOfAResamplerAckDoesNotCrash() {
        Topology t = new Topology(1, 2,
                List.of(new DeviceSpec("d0", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED)),
                List.of(new IrqfdSpec(0, 2, IrqfdKind.RESAMPLE)),
                List.of(new RouteEntry(2, 1)),
                List.of(new SpiSpec(33, TriggerMode.LEVEL, true, 0, GuestDriver.NORMAL_ISR),
                        new SpiSpec(32, TriggerMode.LEVEL, true, 0, GuestDriver.NORMAL_ISR)),
                new Bounds(1, 0), List.of(), List.of(new RouteEntry(2, 0)));
        InterruptSystem m = new InterruptSystem(t, Variants.kernel().with(ResampleOrder.SIGNAL_THEN_LOWER));
        assertDoesNotThrow(() -> new Explorer(SearchConfig.defaults().withThreads(1))
                .check(m, List.of(new Claim.Always("well-formed", m::wellFormed))));
    }
}
