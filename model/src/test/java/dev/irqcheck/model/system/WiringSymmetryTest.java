package dev.irqcheck.model.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.StateLayout;
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
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.model.variant.TriggerMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which wirings have automorphisms, that every field is moved by them, and that a reduced search
 * agrees with the full one (WiringSymmetryProperties in specs checks the model commutes with them
 * state by state on generated configurations).
 */
class WiringSymmetryTest {

    // Each vCPU has its own SPI with one level device on its own GSI: vCPUs 0 and 1 swap with them.
    static Topology spiPerVcpu(int vcpus, GuestDriver driver, Bounds bounds) {
        List<DeviceSpec> devices = new java.util.ArrayList<>();
        List<IrqfdSpec> irqfds = new java.util.ArrayList<>();
        List<RouteEntry> routes = new java.util.ArrayList<>();
        List<SpiSpec> spis = new java.util.ArrayList<>();
        for (int v = 0; v < vcpus; v++) {
            devices.add(new DeviceSpec("dev" + v, TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED));
            irqfds.add(new IrqfdSpec(v, 5 + v, IrqfdKind.RESAMPLE));
            routes.add(new RouteEntry(5 + v, 5 + v));
            spis.add(new SpiSpec(37 + v, TriggerMode.LEVEL, true, v, driver));
        }
        return new Topology(vcpus, 1, devices, irqfds, routes, spis, bounds);
    }

    private static int automorphisms(Topology t, Variants v) {
        InterruptSystem m = new InterruptSystem(t, v);
        return m.wiringImages(m.initialStates().get(0).words()).size();
    }

    @Test
    void everyFieldOfTheArm64LayoutsIsMoved() {
        for (Topology t : List.of(Topology.singleLevelDevice(1), InterruptSystemVerdictsTest.sharedGsi(IrqfdKind.PLAIN),
                spiPerVcpu(3, GuestDriver.ONESHOT_THREADED, new Bounds(1, 1, 1, 1, 1, 1)))) {
            WiringSymmetry.requireEveryFieldMoved(t, new InterruptLayout(t, true));
            WiringSymmetry.requireEveryFieldMoved(t, new InterruptLayout(t, false));
        }
    }

    @Test
    void aFieldThatNoPermutationMovesIsRefused() {
        StateLayout.Builder b = StateLayout.builder();
        BoolField moved = b.bool("moved");
        b.bool("forgotten");
        PermutedState.Builder permutation = new PermutedState.Builder(b.build());
        permutation.fixed(moved);
        IllegalStateException e = assertThrows(IllegalStateException.class, permutation::build);
        assertTrue(e.getMessage().contains("forgotten"), e.getMessage());
    }

    @Test
    void vcpusWithTheirOwnSpisAreInterchangeable() {
        Variants v = Variants.of(KernelVersion.V6_18);
        assertEquals(1, automorphisms(spiPerVcpu(2, GuestDriver.NORMAL_ISR, Bounds.defaults()), v));
        assertEquals(5, automorphisms(spiPerVcpu(3, GuestDriver.NORMAL_ISR, Bounds.defaults()), v));
        // A retarget may put both SPIs on one vCPU, where flush orders them by index.
        assertEquals(0, automorphisms(spiPerVcpu(2, GuestDriver.NORMAL_ISR, new Bounds(1, 1)), v));
        // An idle oneshot thread's CPU reads 0, like one that last ran on vCPU 0.
        assertEquals(0, automorphisms(spiPerVcpu(2, GuestDriver.ONESHOT_THREADED, Bounds.defaults()), v));
        // ... so with three vCPUs only 1 and 2 swap.
        assertEquals(1, automorphisms(spiPerVcpu(3, GuestDriver.ONESHOT_THREADED, Bounds.defaults()), v));
    }

    @Test
    void spisOfDifferentWiringOnDifferentVcpusAreNot() {
        // Issue 14's benchmark shape: two devices on SPI 37, one on SPI 38, each SPI on its own vCPU.
        Topology t = new Topology(2, 1,
                List.of(new DeviceSpec("nic", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED),
                        new DeviceSpec("disk", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED),
                        new DeviceSpec("gpio", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE), new IrqfdSpec(1, 5, IrqfdKind.RESAMPLE),
                        new IrqfdSpec(2, 6, IrqfdKind.RESAMPLE)),
                List.of(new RouteEntry(5, 5), new RouteEntry(6, 6)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0), new SpiSpec(38, TriggerMode.LEVEL, true, 1)));
        assertEquals(0, automorphisms(t, Variants.of(KernelVersion.V6_18)));
    }

    @Test
    void theReducedSearchStoresFewerStatesWithTheSameVerdictsOnAnyThreadCount() {
        for (KernelVersion k : List.of(KernelVersion.V6_18, KernelVersion.V6_19)) {
            InterruptSystem m = new InterruptSystem(spiPerVcpu(3, GuestDriver.NORMAL_ISR, new Bounds(0, 0)), Variants.of(k));
            CheckReport full = new Explorer(SearchConfig.defaults().withThreads(1).withSymmetry(false))
                    .check(m, DeviceSymmetryTest.safetyClaims(m));
            CheckReport one = new Explorer(SearchConfig.defaults().withThreads(1)).check(m, DeviceSymmetryTest.safetyClaims(m));
            CheckReport two = new Explorer(SearchConfig.defaults().withThreads(2)).check(m, DeviceSymmetryTest.safetyClaims(m));
            assertTrue(one.stats().symmetryReduced());
            // Six orders of three vCPUs: a little under six times fewer states (some states are fixed by a swap):
            // 9,261 -> 1,771 on 6.18, 43,497 -> 7,812 on 6.19.
            assertTrue(one.stats().distinctStates() * 4 < full.stats().distinctStates(),
                    one.stats().distinctStates() + " vs " + full.stats().distinctStates());
            assertEquals(one.stats().distinctStates(), two.stats().distinctStates());
            assertEquals(one.stats().transitions(), two.stats().transitions());
            for (CheckReport.ClaimResult r : full.results()) {
                assertEquals(r.verdict().kind(), one.verdictOf(r.claim().name()).kind(), r.claim().name());
                assertEquals(r.verdict().kind(), two.verdictOf(r.claim().name()).kind(), r.claim().name());
            }
        }
    }
}
