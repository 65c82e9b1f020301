package dev.irqcheck.model.components;

import static dev.irqcheck.model.components.Bench.effect;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqLineSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.ResampleScope;
import dev.irqcheck.model.variant.TriggerMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Identical devices are interchangeable (system/DeviceSymmetry.java, package-private, reached through
 * InterruptSystem.symmetry()): canonicalize sorts each class of identical devices by their state
 * tuple (device, host, irqfd and QEMU fields, in that order), swapping whole device states.
 */
class DeviceSymmetryTest {

    private static DeviceSpec level(String name, int raises) {
        return new DeviceSpec(name, TriggerMode.LEVEL, raises, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED);
    }

    private static Symmetry symmetryOf(Bench b) {
        return b.model.symmetry().orElseThrow();
    }

    /** Canonicalizes the bench's current state and returns what changed. */
    private static Map<dev.irqcheck.checker.state.Field, Object> canonicalize(Bench b) {
        Symmetry sym = symmetryOf(b);
        return b.apply(sym::canonicalize);
    }

    @Test
    void canonicalizeSwapsTwoIdenticalDevicesSoTheSmallerTupleComesFirst() {
        Bench b = new Bench(Bench.sharedGsi(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        // Device a raised, was masked and signalled; b is untouched. a's tuple starts (condition 1, ...)
        // and b's (condition 0, ...), so b's state moves to index 0.
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.device.raisesLeft[0].set(n, 0);
            f.host.hostMasked[0].set(n, true);
            f.host.hostDepth[0].set(n, 1);
            f.kvm.injectQueued[0].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
        });
        assertEquals(effect(f.device.deviceCondition[0], false, f.device.raisesLeft[0], 1, f.host.hostMasked[0], false, f.host.hostDepth[0], 0,
                f.kvm.injectQueued[0], false,
                f.device.deviceCondition[1], true, f.device.raisesLeft[1], 0, f.host.hostMasked[1], true, f.host.hostDepth[1], 1,
                f.kvm.injectQueued[1], true), canonicalize(b), "the irqfd's fields travel with the device; the VGIC's stay");
    }

    @Test
    void canonicalizeBreaksTiesOnLaterFieldsOfTheTuple() {
        Bench b = new Bench(Bench.sharedGsi(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        // Same condition and raises left; a is masked and b is not: b's tuple is smaller.
        b.set(n -> {
            f.device.raisesLeft[0].set(n, 0);
            f.device.raisesLeft[1].set(n, 0);
            f.host.hostMasked[0].set(n, true);
            f.host.hostDepth[0].set(n, 1);
            f.kvm.resamplefdCount[1].set(n, true);
        });
        assertEquals(effect(f.host.hostMasked[0], false, f.host.hostDepth[0], 0, f.kvm.resamplefdCount[0], true,
                f.host.hostMasked[1], true, f.host.hostDepth[1], 1, f.kvm.resamplefdCount[1], false), canonicalize(b));
    }

    @Test
    void canonicalizeLeavesACanonicalStateAloneAndIsIdempotent() {
        Bench b = new Bench(Bench.sharedGsi(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        assertEquals(Map.of(), canonicalize(b), "identical states");
        b.set(n -> {
            f.device.deviceCondition[1].set(n, true);
            f.device.raisesLeft[1].set(n, 0);
        });
        assertEquals(Map.of(), canonicalize(b), "(0, 1, ...) already sorts before (1, 0, ...)");
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.device.deviceCondition[1].set(n, false);
        });
        canonicalize(b);
        long[] once = b.s.clone();
        canonicalize(b);
        assertArrayEquals(once, b.s);
    }

    @Test
    void canonicalizeLeavesADeviceOutsideTheClassAlone() {
        // Device c (index 0) raises twice, a and b once: only a and b are interchangeable.
        Bench b = new Bench(new Topology(1, 1, List.of(level("c", 2), level("a", 1), level("b", 1)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE), new IrqfdSpec(1, 5, IrqfdKind.RESAMPLE),
                        new IrqfdSpec(2, 5, IrqfdKind.RESAMPLE)),
                List.of(new RouteEntry(5, 5)), List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0)), new Bounds(0, 0)));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.device.deviceCondition[1].set(n, true);
            f.device.raisesLeft[1].set(n, 0);
        });
        assertEquals(effect(f.device.deviceCondition[1], false, f.device.raisesLeft[1], 1, f.device.deviceCondition[2], true,
                f.device.raisesLeft[2], 0), canonicalize(b), "c keeps its (larger) tuple at index 0");
    }

    @Test
    void devicesThatDifferInHandlerRaisesGsiOrIrqfdKindAreNotInterchangeable() {
        assertTrue(new Bench(pair(level("a", 1), level("b", 2), 5, 5, IrqfdKind.RESAMPLE, IrqfdKind.RESAMPLE))
                .model.symmetry().isEmpty(), "raises differ");
        assertTrue(new Bench(pair(level("a", 1), level("b", 1), 5, 6, IrqfdKind.RESAMPLE, IrqfdKind.RESAMPLE))
                .model.symmetry().isEmpty(), "GSIs differ");
        assertTrue(new Bench(pair(level("a", 1), level("b", 1), 5, 5, IrqfdKind.RESAMPLE, IrqfdKind.PLAIN))
                .model.symmetry().isEmpty(), "irqfd kinds differ");
        assertTrue(new Bench(pair(level("a", 1),
                new DeviceSpec("b", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE), 5, 5,
                IrqfdKind.RESAMPLE, IrqfdKind.RESAMPLE)).model.symmetry().isEmpty(), "handlers differ");
    }

    @Test
    void theListHeadMutationSeparatesResampleIrqfdsButNotPlainOnes() {
        Variants head = Bench.WORK_ITEM.with(ResampleScope.LIST_HEAD_ONLY);
        assertTrue(new Bench(Bench.sharedGsi(IrqfdKind.RESAMPLE), head).model.symmetry().isEmpty());
        assertTrue(new Bench(Bench.sharedGsi(IrqfdKind.PLAIN), head).model.symmetry().isPresent());
    }

    @Test
    void emulatedDevicesAreInterchangeableOnlyOnTheSameSpi() {
        DeviceSpec e1 = new DeviceSpec("e1", TriggerMode.LEVEL, 1, HostHandlerKind.QEMU_EMULATED);
        DeviceSpec e2 = new DeviceSpec("e2", TriggerMode.LEVEL, 1, HostHandlerKind.QEMU_EMULATED);
        List<SpiSpec> spis = List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0), new SpiSpec(38, TriggerMode.LEVEL, true, 0));
        Bench same = new Bench(new Topology(1, 2, List.of(e1, e2), List.of(), List.of(), spis, new Bounds(0, 0),
                List.of(new IrqLineSpec(0, 37), new IrqLineSpec(1, 37))));
        assertTrue(same.model.symmetry().isPresent());
        same.set(n -> {
            same.f.device.deviceCondition[0].set(n, true);
            same.f.host.qemuLineHigh[0].set(n, true);
        });
        assertEquals(effect(same.f.device.deviceCondition[0], false, same.f.host.qemuLineHigh[0], false,
                same.f.device.deviceCondition[1], true, same.f.host.qemuLineHigh[1], true), canonicalize(same));
        Bench apart = new Bench(new Topology(1, 2, List.of(e1, e2), List.of(), List.of(), spis, new Bounds(0, 0),
                List.of(new IrqLineSpec(0, 37), new IrqLineSpec(1, 38))));
        assertTrue(apart.model.symmetry().isEmpty());
    }

    private static Topology pair(DeviceSpec a, DeviceSpec b, int gsiA, int gsiB, IrqfdKind kindA, IrqfdKind kindB) {
        List<RouteEntry> routes = gsiA == gsiB ? List.of(new RouteEntry(gsiA, 5))
                : List.of(new RouteEntry(gsiA, 5), new RouteEntry(gsiB, 6));
        List<SpiSpec> spis = gsiA == gsiB ? List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0))
                : List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0), new SpiSpec(38, TriggerMode.LEVEL, true, 0));
        return new Topology(1, spis.size(), List.of(a, b), List.of(new IrqfdSpec(0, gsiA, kindA), new IrqfdSpec(1, gsiB, kindB)),
                routes, spis, new Bounds(0, 0));
    }
}
