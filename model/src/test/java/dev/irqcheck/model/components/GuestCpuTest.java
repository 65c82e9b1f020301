package dev.irqcheck.model.components;

import static dev.irqcheck.model.components.Bench.effect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.guest.OneshotStage;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.variant.UnmaskResample;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VcpuMode;
import org.junit.jupiter.api.Test;

/**
 * The guest on a vCPU (guest/GuestCpu.java): acknowledge (ICV_IAR) with the spurious observers, the
 * handle_fasteoi_irq ISR, EOI with EOImode 0, and the oneshot threaded flow whose mask and unmask
 * are trapped distributor writes.
 */
class GuestCpuTest {

    static final String IAR = "guest IAR (icv_iar_read): acknowledge, vcpu 0";
    static final String ISR = "guest handle_fasteoi_irq: ISR services devices, vcpu 0";
    static final String EOIR = "guest EOIR (icv_eoir_write): deactivate, vcpu 0";
    static final String MASK = "guest handle_fasteoi_irq: mask_irq (GICD_ICENABLER, traps), vcpu 0";
    static final String EOI_WAKE = "guest cond_unmask_eoi_irq: EOIR, wake the irq thread, vcpu 0";
    static final String THREAD = "guest irq thread: services devices, vcpu 0";
    static final String UNMASK = "guest irq_finalize_oneshot: unmask (GICD_ISENABLER, traps), vcpu 0";

    private static Topology oneshot() {
        return Bench.single(new DeviceSpec("dev0", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED),
                IrqfdKind.RESAMPLE, new SpiSpec(37, TriggerMode.LEVEL, true, 0, GuestDriver.ONESHOT_THREADED));
    }

    private static void inGuest(Bench b) {
        b.set(n -> b.f.mode[0].set(n, VcpuMode.GUEST));
    }

    /** The guest has acknowledged SPI index {@code spi}, held active in LR 0. */
    private static void handling(Bench b, int spi) {
        inGuest(b);
        b.set(n -> {
            b.f.handlingSpi[0].set(n, spi);
            b.f.apListOwner[spi].set(n, 0);
        });
        b.lr(0, 0, LrState.ACTIVE, spi, true);
    }

    // ---- IAR ----

    @Test
    void iarIsEnabledOnlyInTheGuestWithAPendingLrAndNoInterruptInHand() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        b.lr(0, 0, LrState.PENDING, 0, true);
        b.assertDisabled(IAR);
        inGuest(b);
        b.assertEnabled(IAR);
        b.set(n -> b.f.handlingSpi[0].set(n, 0));
        b.assertDisabled(IAR);
        b.set(n -> b.f.handlingSpi[0].set(n, -1));
        b.lr(0, 0, LrState.PENDING_ACTIVE, 0, false);
        b.assertDisabled(IAR);
    }

    @Test
    void iarTakesTheFirstPendingLrAndMakesItActive() {
        Bench b = new Bench(Bench.twoSpisOneVcpu());
        InterruptLayout f = b.f;
        inGuest(b);
        b.set(n -> {
            f.deviceCondition[0].set(n, true);
            f.deviceCondition[1].set(n, true);
        });
        b.lr(0, 0, LrState.PENDING, 1, true);
        b.lr(0, 1, LrState.PENDING, 0, true);
        assertEquals(effect(f.lrState[0][0], LrState.ACTIVE, f.handlingSpi[0], 1), b.fire(IAR));
    }

    @Test
    void iarSkipsAnInvalidLrThatStillWaitsForItsAck() {
        Bench b = new Bench(Bench.twoSpisOneVcpu());
        InterruptLayout f = b.f;
        inGuest(b);
        b.set(n -> f.deviceCondition[0].set(n, true));
        b.lr(0, 0, LrState.INVALID, 1, true);
        b.lr(0, 1, LrState.PENDING, 0, true);
        assertEquals(effect(f.lrState[0][1], LrState.ACTIVE, f.handlingSpi[0], 0), b.fire(IAR));
    }

    @Test
    void iarWithNoDeviceNeedingServiceSetsOnlyTheStrictSpuriousMarkerWhenTheLevelIsFresh() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        inGuest(b);
        b.lr(0, 0, LrState.PENDING, 0, true);
        assertEquals(effect(f.lrState[0][0], LrState.ACTIVE, f.handlingSpi[0], 0, f.spuriousAck[0], true), b.fire(IAR),
                "e.g. an assert already in flight when the device was serviced");
    }

    @Test
    void iarOfAStaleLevelWithNoDeviceNeedingServiceSetsBothMarkers() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        inGuest(b);
        b.set(n -> f.staleLevel[0].set(n, true));
        b.lr(0, 0, LrState.PENDING, 0, true);
        assertEquals(effect(f.lrState[0][0], LrState.ACTIVE, f.handlingSpi[0], 0, f.spuriousAck[0], true,
                f.staleAck[0], true), b.fire(IAR));
    }

    @Test
    void iarSetsNoMarkerWhileAnyDeviceOnTheSpiNeedsServiceEvenIfTheLevelIsStale() {
        Bench b = new Bench(Bench.sharedGsi(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        inGuest(b);
        b.set(n -> {
            f.deviceCondition[1].set(n, true);
            f.staleLevel[0].set(n, true);
        });
        b.lr(0, 0, LrState.PENDING, 0, true);
        assertEquals(effect(f.lrState[0][0], LrState.ACTIVE, f.handlingSpi[0], 0), b.fire(IAR));
    }

    // ---- ISR ----

    @Test
    void isrServicesEveryDeviceOnTheSpiAndMarksTheStillHighLineStale() {
        Bench b = new Bench(Bench.sharedGsi(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        handling(b, 0);
        b.set(n -> {
            f.deviceCondition[0].set(n, true);
            f.deviceCondition[1].set(n, true);
            f.lineLevel[0].set(n, true);
        });
        assertEquals(effect(f.deviceCondition[0], false, f.deviceCondition[1], false, f.staleLevel[0], true,
                f.serviced[0], true), b.fire(ISR));
        b.assertDisabled(ISR);
    }

    @Test
    void isrLeavesTheStaleBitAloneWhenTheLineIsAlreadyLow() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        handling(b, 0);
        b.set(n -> f.deviceCondition[0].set(n, true));
        assertEquals(effect(f.deviceCondition[0], false, f.serviced[0], true), b.fire(ISR));
    }

    @Test
    void isrDoesNotServiceDevicesOfAnotherSpi() {
        Bench b = new Bench(Bench.twoSpisOneVcpu());
        InterruptLayout f = b.f;
        handling(b, 1);
        b.set(n -> {
            f.deviceCondition[0].set(n, true);
            f.deviceCondition[1].set(n, true);
        });
        assertEquals(effect(f.deviceCondition[1], false, f.serviced[0], true), b.fire(ISR));
    }

    // ---- EOIR ----

    @Test
    void eoirWaitsForTheIsrAndThenDeactivatesAnActiveLrToInvalid() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        handling(b, 0);
        b.assertDisabled(EOIR);
        b.fire(ISR);
        assertEquals(effect(f.lrState[0][0], LrState.INVALID, f.handlingSpi[0], -1, f.serviced[0], false), b.fire(EOIR));
        assertTrue(f.lrEoi[0][0].get(b.s), "the EOI bit stays for the maintenance interrupt");
    }

    @Test
    void eoirOfAPendingActiveLrLeavesItPending() {
        Bench b = new Bench(Bench.platformEdge());
        InterruptLayout f = b.f;
        inGuest(b);
        b.set(n -> {
            f.handlingSpi[0].set(n, 0);
            f.serviced[0].set(n, true);
        });
        b.lr(0, 0, LrState.PENDING_ACTIVE, 0, false);
        assertEquals(effect(f.lrState[0][0], LrState.PENDING, f.handlingSpi[0], -1, f.serviced[0], false), b.fire(EOIR));
        b.assertEnabled(IAR);
    }

    // ---- the oneshot threaded flow ----

    @Test
    void oneshotPrimaryMasksWithATrappedClearEnableInsteadOfServicing() {
        Bench b = new Bench(oneshot());
        InterruptLayout f = b.f;
        handling(b, 0);
        b.set(n -> f.deviceCondition[0].set(n, true));
        b.assertDisabled(ISR);
        b.assertDisabled(EOI_WAKE);
        assertEquals(effect(f.oneshot[0], OneshotStage.MASKED, f.mmio[0], MmioOp.CLEAR_ENABLE, f.mode[0],
                VcpuMode.ACK_NOTIFY), b.fire(MASK), "mmio_spi is already 0 (SPI 37); the vCPU exits into the sync");
        b.assertDisabled(MASK);
    }

    @Test
    void oneshotEoiDeactivatesAndWakesTheThreadWithoutServicing() {
        Bench b = new Bench(oneshot());
        InterruptLayout f = b.f;
        handling(b, 0);
        b.set(n -> {
            f.deviceCondition[0].set(n, true);
            f.oneshot[0].set(n, OneshotStage.MASKED);
        });
        b.assertDisabled(EOIR);
        assertEquals(effect(f.lrState[0][0], LrState.INVALID, f.handlingSpi[0], -1, f.oneshot[0],
                OneshotStage.THREAD_PENDING), b.fire(EOI_WAKE), "thread_spi is already 0 (SPI 37)");
    }

    @Test
    void oneshotThreadServicesTheDevices() {
        Bench b = new Bench(oneshot());
        InterruptLayout f = b.f;
        inGuest(b);
        b.set(n -> {
            f.deviceCondition[0].set(n, true);
            f.lineLevel[0].set(n, true);
            f.oneshot[0].set(n, OneshotStage.THREAD_PENDING);
        });
        assertEquals(effect(f.deviceCondition[0], false, f.staleLevel[0], true, f.oneshot[0], OneshotStage.THREAD_DONE),
                b.fire(THREAD));
    }

    @Test
    void oneshotFinalizeUnmasksWithATrappedSetEnable() {
        Bench b = new Bench(oneshot());
        InterruptLayout f = b.f;
        inGuest(b);
        b.set(n -> f.oneshot[0].set(n, OneshotStage.THREAD_DONE));
        assertEquals(effect(f.oneshot[0], OneshotStage.NONE, f.mmio[0], MmioOp.SET_ENABLE, f.mode[0], VcpuMode.ACK_NOTIFY),
                b.fire(UNMASK));
    }

    @Test
    void oneshotFlowFromRaiseToUnmaskEndsQuiescentWithTheDeviceServiced() {
        Bench b = new Bench(oneshot());
        InterruptLayout f = b.f;
        b.fire("device: raise dev0");
        b.fire("vfio_automasked_irq_handler: mask and signal dev0");
        b.fire("irqfd_inject: assert gsi 5 (irqfd 0)");
        b.fire(VcpuRunLoopTest.FLUSH);
        b.fire(IAR);
        b.fire(MASK);
        assertEquals(effect(f.active[0], true, f.lrState[0][0], LrState.INVALID, f.lrEoi[0][0], false, f.lrUsed[0][0],
                false, f.mode[0], VcpuMode.PRUNE), b.fire(VcpuRunLoopTest.FOLD));
        b.fire(VcpuRunLoopTest.PRUNE);
        assertEquals(0, f.apListOwner[0].get(b.s), "active: it stays on vCPU 0's ap_list");
        b.fire(VcpuRunLoopTest.CENABLE);
        assertFalse(f.spiEnabled[0].get(b.s));
        b.fire(VcpuRunLoopTest.FLUSH);
        assertEquals(LrState.ACTIVE, f.lrState[0][0].get(b.s));
        b.fire(EOI_WAKE);
        b.fire(THREAD);
        b.fire(UNMASK);
        b.fire(VcpuRunLoopTest.LOWER);
        b.fire(VcpuRunLoopTest.SIGNAL);
        b.fire(VcpuRunLoopTest.FOLD);
        b.fire(VcpuRunLoopTest.PRUNE);
        b.fire(VcpuRunLoopTest.SENABLE);
        b.fire(VcpuRunLoopTest.FLUSH);
        assertEquals(java.util.List.of(), b.enabledNames());
        assertFalse(f.deviceCondition[0].get(b.s));
        assertFalse(f.hostMasked[0].get(b.s));
        assertFalse(f.staleAck[0].get(b.s));
    }

    /**
     * The EOI's maintenance interrupt resamples before the thread ran: the device re-asserts, the
     * thread then services it, and the line latched meanwhile is queued by the unmask.
     */
    private static Bench oneshotUnmaskAfterAnEarlyResample(Variants variants) {
        Bench b = new Bench(oneshot(), variants);
        b.fire("device: raise dev0");
        b.fire("vfio_automasked_irq_handler: mask and signal dev0");
        b.fire("irqfd_inject: assert gsi 5 (irqfd 0)");
        b.fire(VcpuRunLoopTest.FLUSH);
        b.fire(IAR);
        b.fire(MASK);
        b.fire(VcpuRunLoopTest.FOLD);
        b.fire(VcpuRunLoopTest.PRUNE);
        b.fire(VcpuRunLoopTest.CENABLE);
        b.fire(VcpuRunLoopTest.FLUSH);
        b.fire(EOI_WAKE);
        b.fire(VcpuRunLoopTest.EXIT);
        b.fire(VcpuRunLoopTest.LOWER);
        b.fire(VcpuRunLoopTest.SIGNAL);
        b.fire(VcpuRunLoopTest.FOLD);
        b.fire(VcpuRunLoopTest.PRUNE);
        b.fire("vfio_automasked_irq_handler: mask and signal dev0");
        b.fire("irqfd_inject: assert gsi 5 (irqfd 0)");
        b.fire(VcpuRunLoopTest.FLUSH);
        b.fire(THREAD);
        assertTrue(b.f.staleLevel[0].get(b.s));
        b.fire(UNMASK);
        b.fire(VcpuRunLoopTest.FOLD);
        b.fire(VcpuRunLoopTest.PRUNE);
        b.fire(VcpuRunLoopTest.SENABLE);
        return b;
    }

    @Test
    void oneshotUnmaskQueuesALevelLatchedBeforeTheThreadServicedAndTheGuestTakesItStale() {
        Bench b = oneshotUnmaskAfterAnEarlyResample(Variants.kernel());
        InterruptLayout f = b.f;
        b.fire(VcpuRunLoopTest.FLUSH);
        assertEquals(effect(f.lrState[0][0], LrState.ACTIVE, f.handlingSpi[0], 0, f.spuriousAck[0], true,
                f.staleAck[0], true), b.fire(IAR));
    }

    @Test
    void oneshotUnmaskWithUnmaskResamplePresentResamplesTheStaleLevelInstead() {
        Bench b = oneshotUnmaskAfterAnEarlyResample(Variants.kernel().with(UnmaskResample.PRESENT));
        InterruptLayout f = b.f;
        assertFalse(f.lineLevel[0].get(b.s));
        b.fire(VcpuRunLoopTest.NOTIFY_RESAMPLER);
        b.fire(VcpuRunLoopTest.FLUSH);
        assertEquals(java.util.List.of(), b.enabledNames());
        assertFalse(f.spuriousAck[0].get(b.s));
        assertFalse(f.hostMasked[0].get(b.s));
    }
}
