package dev.irqcheck.model.components;

import static dev.irqcheck.model.components.Bench.effect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.guest.GuestFields;
import dev.irqcheck.model.guest.HardIrqStage;
import dev.irqcheck.model.guest.ThreadStage;
import dev.irqcheck.model.system.InterruptLayout;
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
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.variant.UnmaskResample;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VcpuMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The guest's execution contexts (guest/): the hard-interrupt context per vCPU (ICV_IAR,
 * handle_fasteoi_irq, ICV_EOIR), a oneshot handler's irq thread placed by the IRQ's affinity,
 * drivers' disable_irq/enable_irq and irq_set_affinity from any vCPU, and desc->lock held across
 * every trapped mask, unmask and affinity write.
 */
class GuestContextsTest {

    static final String IAR = "guest IAR (icv_iar_read): acknowledge, vcpu 0";
    static final String ENTER = "guest handle_fasteoi_irq -> handle_irq_event (IRQD_IRQ_INPROGRESS), vcpu 0";
    static final String ENTER_DISABLED = "guest handle_fasteoi_irq: irqd_irq_disabled, mask_irq, no handler, vcpu 0";
    static final String MASK = "guest handle_fasteoi_irq: IRQS_ONESHOT, mask_irq (GICD_ICENABLER, traps), vcpu 0";
    static final String ISR = "guest ISR services devices, vcpu 0";
    static final String WAKE = "guest primary handler: IRQ_WAKE_THREAD, vcpu 0";
    static final String EOIR = "guest EOIR (gic_eoi_irq -> icv_eoir_write), vcpu 0";

    static String thread(int vcpu) {
        return "guest irq/37 thread: irq_thread_check_affinity, thread_fn services devices, vcpu " + vcpu;
    }

    static String finalizeOneshot(int vcpu) {
        return "guest irq/37 thread: irq_finalize_oneshot (desc->lock), vcpu " + vcpu;
    }

    static String disable(int vcpu) {
        return "guest disable_irq(37): IRQD_IRQ_DISABLED (lazy, no write), vcpu " + vcpu;
    }

    static String enable(int vcpu) {
        return "guest enable_irq(37): unmask_irq (GICD_ISENABLER, traps), vcpu " + vcpu;
    }

    static final String AFFINITY_TO_1 = "guest irq_set_affinity(37, vcpu 1): gic_set_affinity, vcpu 0";

    private static Topology oneshot() {
        return Bench.single(new DeviceSpec("dev0", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED),
                IrqfdKind.RESAMPLE, new SpiSpec(37, TriggerMode.LEVEL, true, 0, GuestDriver.ONESHOT_THREADED));
    }

    /** The seed device on two vCPUs, SPI 37 on vCPU 0, with the given driver, one disable/enable pair and retargets. */
    private static Topology twoVcpus(GuestDriver driver, int retargets) {
        return new Topology(2, 1,
                List.of(new DeviceSpec("dev0", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE)), List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0, driver)), new Bounds(0, retargets, 1, 0, 0, 0),
                List.of());
    }

    private static void inGuest(Bench b, int vcpu) {
        b.set(n -> b.f.vcpu.mode[vcpu].set(n, VcpuMode.GUEST));
    }

    /** The guest on vCPU 0 has acknowledged SPI index {@code spi}, held active in LR 0, at {@code stage}. */
    private static void handling(Bench b, int spi, HardIrqStage stage) {
        inGuest(b, 0);
        b.set(n -> {
            b.f.guest.handlingSpi[0].set(n, spi);
            b.f.guest.hardIrq[0].set(n, stage);
            b.f.distributor.apListOwner[spi].set(n, 0);
        });
        b.lr(0, 0, LrState.ACTIVE, spi, true);
    }

    // ---- IAR ----

    @Test
    void iarIsEnabledOnlyInTheGuestWithAPendingLrAndNoInterruptInHand() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        GuestFields g = b.f.guest;
        b.lr(0, 0, LrState.PENDING, 0, true);
        b.assertDisabled(IAR);
        inGuest(b, 0);
        b.assertEnabled(IAR);
        b.set(n -> g.handlingSpi[0].set(n, 0));
        b.assertDisabled(IAR);
        b.set(n -> g.handlingSpi[0].set(n, -1));
        b.lr(0, 0, LrState.PENDING_ACTIVE, 0, false);
        b.assertDisabled(IAR);
    }

    @Test
    void iarTakesTheFirstPendingLrAndMakesItActive() {
        Bench b = new Bench(Bench.twoSpisOneVcpu());
        InterruptLayout f = b.f;
        inGuest(b, 0);
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.device.deviceCondition[1].set(n, true);
        });
        b.lr(0, 0, LrState.PENDING, 1, true);
        b.lr(0, 1, LrState.PENDING, 0, true);
        assertEquals(effect(f.vcpu.lrState[0][0], LrState.ACTIVE, f.guest.handlingSpi[0], 1), b.fire(IAR),
                "hardirq is already ACKED (its reset value)");
    }

    @Test
    void iarWithNoDeviceNeedingServiceSetsOnlyTheStrictSpuriousMarkerWhenTheLevelIsFresh() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        inGuest(b, 0);
        b.lr(0, 0, LrState.PENDING, 0, true);
        assertEquals(effect(f.vcpu.lrState[0][0], LrState.ACTIVE, f.guest.handlingSpi[0], 0, f.distributor.spuriousAck[0], true),
                b.fire(IAR), "e.g. an assert already in flight when the device was serviced");
    }

    @Test
    void iarOfAStaleLevelWithNoDeviceNeedingServiceSetsBothMarkers() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        inGuest(b, 0);
        b.set(n -> f.distributor.staleLevel[0].set(n, true));
        b.lr(0, 0, LrState.PENDING, 0, true);
        assertEquals(effect(f.vcpu.lrState[0][0], LrState.ACTIVE, f.guest.handlingSpi[0], 0, f.distributor.spuriousAck[0], true,
                f.distributor.staleAck[0], true), b.fire(IAR));
    }

    // ---- handle_fasteoi_irq, the ISR, EOI ----

    @Test
    void aNormalIsrRunsOnlyAfterHandleIrqEventAndServicesEveryDeviceOnTheSpi() {
        Bench b = new Bench(Bench.sharedGsi(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        handling(b, 0, HardIrqStage.ACKED);
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.device.deviceCondition[1].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
        });
        b.assertDisabled(ISR);
        b.assertDisabled(EOIR);
        assertEquals(effect(f.guest.hardIrq[0], HardIrqStage.IN_HANDLER), b.fire(ENTER));
        assertEquals(effect(f.device.deviceCondition[0], false, f.device.deviceCondition[1], false, f.distributor.staleLevel[0], true,
                f.guest.hardIrq[0], HardIrqStage.HANDLED), b.fire(ISR));
        b.assertDisabled(ISR);
    }

    @Test
    void eoirDeactivatesAnActiveLrToInvalidAndEndsTheHardInterrupt() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        handling(b, 0, HardIrqStage.HANDLED);
        assertEquals(effect(f.vcpu.lrState[0][0], LrState.INVALID, f.guest.handlingSpi[0], -1,
                f.guest.hardIrq[0], HardIrqStage.ACKED), b.fire(EOIR));
        assertTrue(f.vcpu.lrEoi[0][0].get(b.s), "the EOI bit stays for the maintenance interrupt");
    }

    @Test
    void eoirOfAPendingActiveLrLeavesItPending() {
        Bench b = new Bench(Bench.platformEdge());
        InterruptLayout f = b.f;
        handling(b, 0, HardIrqStage.HANDLED);
        b.lr(0, 0, LrState.PENDING_ACTIVE, 0, false);
        assertEquals(effect(f.vcpu.lrState[0][0], LrState.PENDING, f.guest.handlingSpi[0], -1,
                f.guest.hardIrq[0], HardIrqStage.ACKED), b.fire(EOIR));
        b.assertEnabled(IAR);
    }

    @Test
    void eoirWithNoActiveLrOnlyDropsThePriority() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        handling(b, 0, HardIrqStage.HANDLED);
        b.lr(0, 0, LrState.INVALID, 0, false);
        assertEquals(effect(f.guest.handlingSpi[0], -1, f.guest.hardIrq[0], HardIrqStage.ACKED), b.fire(EOIR),
                "an ICACTIVER write deactivated it behind the guest's back");
    }

    @Test
    void aDisabledIrqIsMaskedAndEoidWithoutRunningTheHandler() {
        Bench b = new Bench(twoVcpus(GuestDriver.NORMAL_ISR, 0));
        InterruptLayout f = b.f;
        handling(b, 0, HardIrqStage.ACKED);
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.guest.disabled[0].set(n, true);
        });
        b.assertDisabled(ENTER);
        assertEquals(effect(f.guest.hardIrq[0], HardIrqStage.NO_HANDLER_EOI, f.guest.masked[0], true,
                f.vcpu.mmio[0], MmioOp.CLEAR_ENABLE, f.vcpu.mode[0], VcpuMode.ACK_NOTIFY), b.fire(ENTER_DISABLED));
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.NONE);
            f.vcpu.mode[0].set(n, VcpuMode.GUEST);
        });
        b.assertDisabled(ISR);
        b.fire(EOIR);
        assertTrue(f.device.deviceCondition[0].get(b.s), "IRQS_PENDING: the device still waits for the enable");
    }

    // ---- the oneshot threaded flow ----

    @Test
    void oneshotMasksWithATrappedClearEnableThenWakesItsThreadInsteadOfServicing() {
        Bench b = new Bench(oneshot());
        InterruptLayout f = b.f;
        handling(b, 0, HardIrqStage.ACKED);
        b.set(n -> f.device.deviceCondition[0].set(n, true));
        b.assertDisabled(ENTER);
        assertEquals(effect(f.guest.hardIrq[0], HardIrqStage.IN_HANDLER, f.guest.masked[0], true,
                f.vcpu.mmio[0], MmioOp.CLEAR_ENABLE, f.vcpu.mode[0], VcpuMode.ACK_NOTIFY), b.fire(MASK),
                "mmio_spi is already 0 (SPI 37); the vCPU exits into the sync");
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.NONE);
            f.vcpu.mode[0].set(n, VcpuMode.GUEST);
        });
        b.assertDisabled(ISR);
        assertEquals(effect(f.guest.hardIrq[0], HardIrqStage.HANDLED, f.guest.thread[0], ThreadStage.WOKEN), b.fire(WAKE));
        assertTrue(f.device.deviceCondition[0].get(b.s));
    }

    @Test
    void finalizeWaitsForTheHardHandlerThenUnmasksWithATrappedSetEnable() {
        Bench b = new Bench(oneshot());
        InterruptLayout f = b.f;
        handling(b, 0, HardIrqStage.HANDLED);
        b.set(n -> {
            f.guest.masked[0].set(n, true);
            f.guest.thread[0].set(n, ThreadStage.RAN);
        });
        b.assertDisabled(finalizeOneshot(0)); // IRQD_IRQ_INPROGRESS: the hard handler has not EOI'd yet
        // The EOI happened, and the vCPU's exit for its maintenance interrupt folded the LR.
        b.set(n -> {
            f.guest.handlingSpi[0].set(n, -1);
            f.vcpu.lrUsed[0][0].set(n, false);
        });
        assertEquals(effect(f.guest.thread[0], ThreadStage.IDLE, f.guest.masked[0], false, f.vcpu.mmio[0], MmioOp.SET_ENABLE,
                f.vcpu.mode[0], VcpuMode.ACK_NOTIFY), b.fire(finalizeOneshot(0)));
    }

    @Test
    void finalizeSpinsWhileTheHardHandlerIsInProgressOnAnotherVcpu() {
        Bench b = new Bench(twoVcpus(GuestDriver.ONESHOT_THREADED, 0));
        InterruptLayout f = b.f;
        inGuest(b, 1);
        handling(b, 0, HardIrqStage.HANDLED);
        b.set(n -> {
            f.guest.masked[0].set(n, true);
            f.guest.thread[0].set(n, ThreadStage.RAN);
            f.guest.threadVcpu[0].set(n, 1);
        });
        b.assertDisabled(finalizeOneshot(1));
        b.fire(EOIR);
        b.assertEnabled(finalizeOneshot(1));
    }

    @Test
    void finalizeLeavesADisabledIrqMaskedForEnableIrq() {
        Bench b = new Bench(twoVcpus(GuestDriver.ONESHOT_THREADED, 0));
        InterruptLayout f = b.f;
        inGuest(b, 0);
        b.set(n -> {
            f.guest.masked[0].set(n, true);
            f.guest.disabled[0].set(n, true);
            f.guest.thread[0].set(n, ThreadStage.RAN);
        });
        assertEquals(effect(f.guest.thread[0], ThreadStage.IDLE), b.fire(finalizeOneshot(0)),
                "irq_finalize_oneshot: no unmask while irqd_irq_disabled");
        assertEquals(effect(f.guest.disabled[0], false, f.guest.masked[0], false, f.vcpu.mmio[0], MmioOp.SET_ENABLE,
                f.vcpu.mode[0], VcpuMode.ACK_NOTIFY), b.fire(enable(0)), "enable_irq unmasks instead");
    }

    @Test
    void finalizeAfterASecondWakeLeavesTheIrqMaskedAndRunsTheThreadAgain() {
        Bench b = new Bench(oneshot());
        InterruptLayout f = b.f;
        inGuest(b, 0);
        b.set(n -> {
            f.guest.masked[0].set(n, true);
            f.guest.thread[0].set(n, ThreadStage.RAN_WOKEN);
        });
        assertEquals(effect(f.guest.thread[0], ThreadStage.WOKEN), b.fire(finalizeOneshot(0)));
    }

    @Test
    void theThreadRunsWhereTheIrqsAffinityPointsWhenItRuns() {
        Bench b = new Bench(twoVcpus(GuestDriver.ONESHOT_THREADED, 1));
        InterruptLayout f = b.f;
        inGuest(b, 0);
        inGuest(b, 1);
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.guest.masked[0].set(n, true);
            f.guest.thread[0].set(n, ThreadStage.WOKEN);
            f.distributor.spiTarget[0].set(n, 1);
        });
        b.assertDisabled(thread(0));
        assertEquals(effect(f.device.deviceCondition[0], false, f.guest.thread[0], ThreadStage.RAN, f.guest.threadVcpu[0], 1),
                b.fire(thread(1)), "irq_thread_check_affinity moved it to vCPU 1");
        b.assertDisabled(finalizeOneshot(0));
        b.assertEnabled(finalizeOneshot(1));
    }

    // ---- drivers' process context: disable_irq / enable_irq, affinity ----

    @Test
    void disableIrqIsLazyAndTheHardInterruptMasksHoldingDescLockUntilItsEoi() {
        Bench b = new Bench(twoVcpus(GuestDriver.NORMAL_ISR, 0));
        InterruptLayout f = b.f;
        inGuest(b, 1);
        assertEquals(effect(f.guest.distributorWritesLeft, 0, f.guest.disabled[0], true), b.fire(disable(1)),
                "GICv3 has no irq_disable: only IRQD_IRQ_DISABLED, nothing written");
        handling(b, 0, HardIrqStage.ACKED);
        b.fire(ENTER_DISABLED);
        b.assertDisabled(enable(1));
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.NONE);
            f.vcpu.mode[0].set(n, VcpuMode.GUEST);
        });
        b.assertDisabled(enable(1)); // handle_fasteoi_irq still holds desc->lock until its EOI
        b.fire(EOIR);
        b.assertEnabled(enable(1));
    }

    @Test
    void aSecondVcpuFindsTheIrqInProgressAndEoisWithoutAHandler() {
        Bench b = new Bench(twoVcpus(GuestDriver.NORMAL_ISR, 0));
        InterruptLayout f = b.f;
        handling(b, 0, HardIrqStage.IN_HANDLER);
        inGuest(b, 1);
        b.set(n -> {
            f.guest.handlingSpi[1].set(n, 0);
            f.guest.hardIrq[1].set(n, HardIrqStage.ACKED);
        });
        b.assertDisabled("guest handle_fasteoi_irq -> handle_irq_event (IRQD_IRQ_INPROGRESS), vcpu 1");
        assertEquals(effect(f.guest.hardIrq[1], HardIrqStage.NO_HANDLER_EOI),
                b.fire("guest handle_fasteoi_irq: !irq_may_run (in progress elsewhere), no handler, vcpu 1"));
    }

    @Test
    void enableIrqWaitsForARunningHandlerOrThread() {
        Bench b = new Bench(twoVcpus(GuestDriver.ONESHOT_THREADED, 0));
        InterruptLayout f = b.f;
        inGuest(b, 1);
        handling(b, 0, HardIrqStage.IN_HANDLER);
        b.set(n -> {
            f.guest.disabled[0].set(n, true);
            f.guest.masked[0].set(n, true);
        });
        b.assertDisabled(enable(1));
        b.set(n -> {
            f.guest.handlingSpi[0].set(n, -1);
            f.guest.thread[0].set(n, ThreadStage.RAN);
        });
        b.assertDisabled(enable(1));
        b.set(n -> f.guest.thread[0].set(n, ThreadStage.IDLE));
        b.assertEnabled(enable(1));
    }

    @Test
    void noContextTakesDescLockWhileAMaskIsInFlight() {
        Bench b = new Bench(twoVcpus(GuestDriver.ONESHOT_THREADED, 1));
        InterruptLayout f = b.f;
        inGuest(b, 1);
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.HOST);
            f.vcpu.mmio[0].set(n, MmioOp.CLEAR_ENABLE);
            f.guest.masked[0].set(n, true);
        });
        b.assertDisabled(disable(1));
        b.assertDisabled("guest irq_set_affinity(37, vcpu 1): gic_set_affinity, vcpu 1");
        b.set(n -> f.vcpu.mmio[0].set(n, MmioOp.NONE));
        b.assertEnabled(disable(1));
    }

    @Test
    void affinityIsAGuestWriteThatTrapsOnTheIssuingVcpu() {
        Bench b = new Bench(twoVcpus(GuestDriver.NORMAL_ISR, 1));
        InterruptLayout f = b.f;
        b.assertDisabled(AFFINITY_TO_1);
        inGuest(b, 0);
        assertEquals(effect(f.guest.retargetsLeft, 0, f.vcpu.mmio[0], MmioOp.CLEAR_ENABLE, f.vcpu.mode[0], VcpuMode.ACK_NOTIFY,
                f.guest.affinityStep[0], dev.irqcheck.model.guest.AffinityStep.MASKED, f.guest.affinityTarget[0], 1),
                b.fire(AFFINITY_TO_1), "gic_set_affinity masks an enabled SPI before the IROUTER write");
        assertEquals(0, f.distributor.spiTarget[0].get(b.s), "KVM changes the target only when it completes the IROUTER access");
    }

    @Test
    void unmaskResampleVariantStillAppliesToTheThreadsUnmask() {
        Bench b = new Bench(oneshot(), Bench.WORK_ITEM.with(UnmaskResample.PRESENT));
        InterruptLayout f = b.f;
        inGuest(b, 0);
        b.set(n -> {
            f.guest.masked[0].set(n, true);
            f.guest.thread[0].set(n, ThreadStage.RAN);
            f.distributor.spiEnabled[0].set(n, false);
            f.distributor.lineLevel[0].set(n, true);
        });
        b.fire(finalizeOneshot(0));
        b.fire(VcpuRunLoopTest.FOLD);
        b.fire(VcpuRunLoopTest.PRUNE);
        b.fire(VcpuRunLoopTest.SENABLE);
        assertFalse(f.distributor.lineLevel[0].get(b.s), "resample on unmask lowered the latched level");
    }

    // ---- an end-to-end oneshot flow ----

    @Test
    void afterTheEoiTheMaintenanceInterruptExitsTheVcpuBeforeAnyGuestStep() {
        Bench b = new Bench(oneshot());
        InterruptLayout f = b.f;
        b.fire("device: raise dev0");
        b.fire("vfio_automasked_irq_handler: mask dev0");
        b.fire("vfio_automasked_irq_handler: eventfd_signal(trigger) dev0");
        b.fire("irqfd_inject: assert gsi 5 (irqfd 0)");
        b.fire(VcpuRunLoopTest.FLUSH);
        b.fire(IAR);
        b.fire(MASK);
        b.fire(VcpuRunLoopTest.FOLD);
        b.fire(VcpuRunLoopTest.PRUNE);
        b.fire(VcpuRunLoopTest.CENABLE);
        b.fire(VcpuRunLoopTest.FLUSH);
        b.fire(WAKE);
        b.fire(EOIR);
        // The LR is invalid with its EOI bit: ICH_MISR.EOI raises the maintenance interrupt, which
        // the guest cannot mask; the irq thread runs only after the exit and re-entry.
        b.assertDisabled(thread(0));
        b.assertEnabled(VcpuRunLoopTest.EXIT);
        b.fire(VcpuRunLoopTest.EXIT);
        b.fire(VcpuRunLoopTest.LOWER);
        b.fire(VcpuRunLoopTest.SIGNAL);
        b.fire(VcpuRunLoopTest.FOLD);
        b.fire(VcpuRunLoopTest.PRUNE);
        b.fire(VcpuRunLoopTest.FLUSH);
        b.assertEnabled(thread(0));
    }

    @Test
    void inlineInjectionOnRecentKernelsAssertsTheLineInsideTheHostHandler() {
        Bench b = new Bench(oneshot(), Variants.of(dev.irqcheck.model.variant.KernelVersion.V6_18));
        InterruptLayout f = b.f;
        b.fire("device: raise dev0");
        b.fire("vfio_automasked_irq_handler: mask dev0");
        b.fire("vfio_automasked_irq_handler: eventfd_signal(trigger) dev0");
        assertTrue(f.distributor.lineLevel[0].get(b.s), "kvm_arch_set_irq_inatomic injected at once");
        assertFalse(f.kvm.injectQueued[0].get(b.s), "no irqfd_inject work item");
    }

    // ---- enable_irq's check_irq_resend (edge) and the driver's PCI_COMMAND write ----

    /** An edge device on an edge SPI, two vCPUs, one disable/enable pair and no raw ISPENDR/ICPENDR writes. */
    private static Topology edgeTwoVcpus() {
        return new Topology(2, 1,
                List.of(new DeviceSpec("dev0", TriggerMode.EDGE, 1, HostHandlerKind.VFIO_PLATFORM_EDGE)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.PLAIN)), List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, TriggerMode.EDGE, true, 0, GuestDriver.NORMAL_ISR)),
                new Bounds(0, 0, 1, 0, 0, 0, false), List.of());
    }

    static final String RESEND = "guest enable_irq -> check_irq_resend: gic_retrigger (GICD_ISPENDR, traps), vcpu 1";

    @Test
    void anEdgeInterruptWhileDisabledIsMarkedPendingAndReplayedAfterTheUnmaskUnderDescLock() {
        Bench b = new Bench(edgeTwoVcpus());
        InterruptLayout f = b.f;
        assertFalse(b.hasRule("guest writes GICD_ISPENDR"), "raw pending writes are off in this topology");
        b.set(n -> f.guest.disabled[0].set(n, true));
        handling(b, 0, HardIrqStage.ACKED);
        // handle_fasteoi_irq: desc->istate |= IRQS_PENDING; mask_irq; goto out.
        assertEquals(effect(f.guest.hardIrq[0], HardIrqStage.NO_HANDLER_EOI, f.guest.masked[0], true,
                        f.guest.replayPending[0], true, f.vcpu.mmio[0], MmioOp.CLEAR_ENABLE, f.vcpu.mode[0], VcpuMode.ACK_NOTIFY),
                b.fire(ENTER_DISABLED));
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.NONE);
            f.vcpu.mode[0].set(n, VcpuMode.GUEST);
        });
        b.fire(EOIR);
        inGuest(b, 1);
        // irq_startup(IRQ_RESEND): unmask first (GICD_ISENABLER), the resend owed under desc->lock.
        assertEquals(effect(f.guest.disabled[0], false, f.guest.masked[0], false, f.guest.resendSpi[1], 0,
                        f.vcpu.mmio[1], MmioOp.SET_ENABLE, f.vcpu.mode[1], VcpuMode.ACK_NOTIFY),
                b.fire(enable(1)));
        b.set(n -> {
            f.vcpu.mmio[1].set(n, MmioOp.NONE);
            f.vcpu.mode[1].set(n, VcpuMode.GUEST);
        });
        // desc->lock is still held and vCPU 1 has interrupts off until the retrigger is issued.
        handling(b, 0, HardIrqStage.ACKED);
        b.assertDisabled(ENTER);
        assertEquals(effect(f.guest.resendSpi[1], -1, f.guest.replayPending[0], false,
                        f.vcpu.mmio[1], MmioOp.RETRIGGER, f.vcpu.mode[1], VcpuMode.ACK_NOTIFY),
                b.fire(RESEND));
        b.assertDisabled(ENTER); // until KVM completes the ISPENDR
        b.set(n -> f.vcpu.mode[1].set(n, VcpuMode.HOST));
        assertEquals(effect(f.distributor.pendingLatch[0], true, f.vcpu.mmio[1], MmioOp.NONE, f.vcpu.kicked[0], true),
                b.fire("vgic_mmio_write_spending (GICD_ISPENDR from gic_retrigger): vcpu 1"));
        b.assertEnabled(ENTER);
    }

    @Test
    void aLevelInterruptWhileDisabledIsNotReplayed() {
        Bench b = new Bench(twoVcpus(GuestDriver.NORMAL_ISR, 0));
        InterruptLayout f = b.f;
        b.set(n -> f.guest.disabled[0].set(n, true));
        handling(b, 0, HardIrqStage.ACKED);
        b.fire(ENTER_DISABLED);
        assertFalse(f.guest.replayPending[0].get(b.s), "check_irq_resend never replays a level IRQ");
        assertFalse(b.hasRule("guest enable_irq -> check_irq_resend"), "no resend rule without an edge SPI");
    }

    @Test
    void theDriversPciCommandWriteTrapsAndQemuEnablesIntxBeforeReentry() {
        Bench b = new Bench(new Topology(2, 1,
                List.of(new DeviceSpec("legacy", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PCI_INTX_DISINTX, true)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE)), List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0, GuestDriver.NORMAL_ISR)), new Bounds(0, 0), List.of()));
        InterruptLayout f = b.f;
        String write = "guest pci_intx(legacy, 1): PCI_COMMAND write (traps to QEMU), vcpu ";
        String complete = "qemu: PCI_COMMAND write -> vfio_basic_config_write: INTx enabled, vfio_pci_intx_unmask: vcpu 1";
        b.assertDisabled(write + 1); // only a vCPU running guest code issues it
        inGuest(b, 0);
        inGuest(b, 1);
        assertEquals(effect(f.vcpu.mmio[1], MmioOp.PCI_COMMAND_WRITE, f.vcpu.mode[1], VcpuMode.ACK_NOTIFY),
                b.fire(write + 1), "the access carries device 0 (the value field's only value)");
        b.assertDisabled(write + 0); // written once: the write in flight carries the device
        b.assertDisabled(complete); // QEMU handles it after the exit's sync
        b.set(n -> f.vcpu.mode[1].set(n, VcpuMode.HOST));
        assertEquals(effect(f.host.virqDisabled[0], false, f.host.hostMasked[0], false, f.device.disIntx[0], false,
                        f.vcpu.mmio[1], MmioOp.NONE),
                b.fire(complete));
        b.assertDisabled(write + 0);
    }
}
