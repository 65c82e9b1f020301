package dev.irqcheck.model.components;

import static dev.irqcheck.model.components.Bench.effect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.AckNotifyPoint;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.variant.UnmaskResample;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VcpuMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vCPU side of the VGIC (vgic/VcpuRunLoop.java): flush and enter, exits, the ack notification
 * halves, fold, prune, and the trapped distributor writes handled after the sync.
 */
class VcpuRunLoopTest {

    static final String FLUSH = "kvm_vgic_flush_hwstate + enter guest: vcpu 0";
    static final String EXIT = "exit guest (kick or maintenance interrupt): vcpu 0";
    static final String OTHER_EXIT = "exit guest (timer, MMIO or other reason): vcpu 0";
    static final String LOWER = "kvm_notify_acked_irq -> irqfd_resampler_ack: lower (vcpu 0 lr 0)";
    static final String SIGNAL = "kvm_notify_acked_irq -> irqfd_resampler_ack: signal resamplefds of (vcpu 0 lr 0)";
    static final String NO_NOTIFIER = "kvm_notify_acked_irq: no ack notifier (vcpu 0 lr 0)";
    static final String FOLD = "vgic_fold_lr_state: vcpu 0";
    static final String FOLD_619 = "vgic_v3_fold_lr (6.19: notify only if deactivated): vcpu 0";
    static final String PRUNE = "vgic_prune_ap_list: vcpu 0";
    static final String CENABLE = "vgic_mmio_write_cenable (GICD_ICENABLER): vcpu 0";
    static final String SENABLE = "vgic_mmio_write_senable (GICD_ISENABLER): vcpu 0";
    static final String NOTIFY_RESAMPLER = "kvm_notify_irqfd_resampler (resample on unmask): vcpu 0";

    private static Bench seed() {
        return new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
    }

    private static Bench seed(Variants v) {
        return new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE), v);
    }

    /**
     * The state just after the guest EOI'd SPI 37 and the vCPU exited: LR 0 invalid with EOI, the
     * line still latched high, VFIO's line masked, the device serviced.
     */
    private static void eoiedAndExited(Bench b, VcpuMode mode) {
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, mode);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
            f.host.hostMasked[0].set(n, true);
            f.host.hostDepth[0].set(n, 1);
        });
        b.lr(0, 0, LrState.INVALID, 0, true);
    }

    // ---- flush ----

    /** vCPUs 0 and 1, two LRs each; SPI 37 targets vCPU 1, SPIs 38 and 39 target vCPU 0, 39 disabled. */
    private static Topology threeSpis() {
        return new Topology(2, 2,
                List.of(new DeviceSpec("dev0", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE)), List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 1), new SpiSpec(38, TriggerMode.LEVEL, true, 0),
                        new SpiSpec(39, TriggerMode.LEVEL, false, 0)),
                new Bounds(0, 0));
    }

    @Test
    void flushPopulatesOnlyApListIrqsWhoseOracleIsThisVcpu() {
        Bench b = new Bench(threeSpis());
        InterruptLayout f = b.f;
        b.set(n -> {
            for (int spi = 0; spi < 3; spi++) {
                f.distributor.lineLevel[spi].set(n, true);
                f.distributor.apListOwner[spi].set(n, 0);
            }
            f.vcpu.kicked[0].set(n, true);
        });
        // SPI 37's oracle is vCPU 1 (it migrates at prune), SPI 39's is nowhere (disabled).
        assertEquals(effect(f.vcpu.lrState[0][0], LrState.PENDING, f.vcpu.lrSpi[0][0], 1, f.vcpu.lrEoi[0][0], true,
                        f.vcpu.lrUsed[0][0], true, f.vcpu.kicked[0], false, f.vcpu.mode[0], VcpuMode.GUEST),
                b.fire(FLUSH));
    }

    @Test
    void flushIsEnabledOnlyInTheHostWithNoTrappedWriteOutstanding() {
        Bench b = seed();
        InterruptLayout f = b.f;
        b.assertEnabled(FLUSH);
        b.set(n -> f.vcpu.mmio[0].set(n, MmioOp.SET_ENABLE));
        b.assertDisabled(FLUSH);
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.NONE);
            f.vcpu.mode[0].set(n, VcpuMode.GUEST);
        });
        b.assertDisabled(FLUSH);
    }

    @Test
    void flushOfNothingStillEntersTheGuestAndConsumesTheKick() {
        Bench b = seed();
        b.set(n -> b.f.vcpu.kicked[0].set(n, true));
        assertEquals(effect(b.f.vcpu.kicked[0], false, b.f.vcpu.mode[0], VcpuMode.GUEST), b.fire(FLUSH));
    }

    @Test
    void aLevelLrGetsTheEoiBitAndIsNeverPendingActive() {
        Bench b = seed();
        InterruptLayout f = b.f;
        b.set(n -> {
            f.distributor.active[0].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.pendingLatch[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        assertEquals(effect(f.vcpu.lrState[0][0], LrState.ACTIVE, f.vcpu.lrEoi[0][0], true, f.vcpu.lrUsed[0][0], true,
                f.vcpu.mode[0], VcpuMode.GUEST), b.fire(FLUSH), "active and pending goes in as active only; the latch stays");
    }

    @Test
    void anEdgeLrTakesThePendingLatchAndHasNoEoiBit() {
        Bench b = new Bench(Bench.platformEdge());
        InterruptLayout f = b.f;
        b.set(n -> {
            f.distributor.pendingLatch[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        assertEquals(effect(f.distributor.pendingLatch[0], false, f.vcpu.lrState[0][0], LrState.PENDING, f.vcpu.lrUsed[0][0], true,
                f.vcpu.mode[0], VcpuMode.GUEST), b.fire(FLUSH));
    }

    @Test
    void anActivePendingEdgeGoesInAsPendingActiveAndGivesUpItsLatch() {
        Bench b = new Bench(Bench.platformEdge());
        InterruptLayout f = b.f;
        b.set(n -> {
            f.distributor.active[0].set(n, true);
            f.distributor.pendingLatch[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        assertEquals(effect(f.distributor.pendingLatch[0], false, f.vcpu.lrState[0][0], LrState.PENDING_ACTIVE, f.vcpu.lrUsed[0][0], true,
                f.vcpu.mode[0], VcpuMode.GUEST), b.fire(FLUSH));
    }

    @Test
    void anActiveEdgeWithNothingPendingGoesInAsActive() {
        Bench b = new Bench(Bench.platformEdge());
        InterruptLayout f = b.f;
        b.set(n -> {
            f.distributor.active[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        assertEquals(effect(f.vcpu.lrState[0][0], LrState.ACTIVE, f.vcpu.lrUsed[0][0], true, f.vcpu.mode[0], VcpuMode.GUEST),
                b.fire(FLUSH));
    }

    // ---- exits ----

    @Test
    void theGuestDoesNotExitForAPendingLrWithoutAKick() {
        Bench b = seed();
        b.set(n -> b.f.vcpu.mode[0].set(n, VcpuMode.GUEST));
        b.lr(0, 0, LrState.PENDING, 0, true);
        b.assertDisabled(EXIT);
        b.lr(0, 0, LrState.ACTIVE, 0, true);
        b.assertDisabled(EXIT);
    }

    @Test
    void theGuestExitsOnAKickIntoTheAckNotification() {
        Bench b = seed();
        b.set(n -> {
            b.f.vcpu.mode[0].set(n, VcpuMode.GUEST);
            b.f.vcpu.kicked[0].set(n, true);
        });
        assertEquals(effect(b.f.vcpu.mode[0], VcpuMode.ACK_NOTIFY), b.fire(EXIT), "the kick is consumed at the next flush");
    }

    @Test
    void theGuestExitsOnAnEoiMaintenanceInterruptFromAnInvalidLevelLr() {
        Bench b = seed();
        b.set(n -> b.f.vcpu.mode[0].set(n, VcpuMode.GUEST));
        b.lr(0, 0, LrState.INVALID, 0, true);
        assertEquals(effect(b.f.vcpu.mode[0], VcpuMode.ACK_NOTIFY), b.fire(EXIT));
    }

    @Test
    void anInvalidEdgeLrRaisesNoMaintenanceInterrupt() {
        Bench b = new Bench(Bench.platformEdge());
        b.set(n -> b.f.vcpu.mode[0].set(n, VcpuMode.GUEST));
        b.lr(0, 0, LrState.INVALID, 0, false);
        b.assertDisabled(EXIT);
    }

    @Test
    void theGuestExitsIntoTheFoldUnderThe619Variant() {
        Bench b = seed(Bench.WORK_ITEM.with(AckNotifyPoint.AFTER_FOLD_IF_DEACTIVATED));
        b.set(n -> {
            b.f.vcpu.mode[0].set(n, VcpuMode.GUEST);
            b.f.vcpu.kicked[0].set(n, true);
        });
        assertEquals(effect(b.f.vcpu.mode[0], VcpuMode.FOLD), b.fire(EXIT));
    }

    @Test
    void otherExitsAreBoundedPerVcpu() {
        Topology t = Bench.platformLevel(IrqfdKind.RESAMPLE);
        Bench b = new Bench(new Topology(t.vcpus(), t.listRegisters(), t.devices(), t.irqfds(), t.routes(), t.spis(),
                new Bounds(1, 0)));
        InterruptLayout f = b.f;
        assertEquals(1, f.vcpu.otherExitsLeft[0].get(b.s));
        b.assertDisabled(OTHER_EXIT);
        b.fire(FLUSH);
        assertEquals(effect(f.vcpu.otherExitsLeft[0], 0, f.vcpu.mode[0], VcpuMode.ACK_NOTIFY), b.fire(OTHER_EXIT));
        b.set(n -> f.vcpu.mode[0].set(n, VcpuMode.GUEST));
        b.assertDisabled(OTHER_EXIT);
        assertTrue(b.model.environmentRules().contains(b.rule(OTHER_EXIT)), "an environment step, not assumed fair");
    }

    // ---- kvm_notify_acked_irq -> irqfd_resampler_ack ----

    @Test
    void theResamplerLowersTheLineBeforeSignallingTheResamplefds() {
        Bench b = seed();
        InterruptLayout f = b.f;
        eoiedAndExited(b, VcpuMode.ACK_NOTIFY);
        b.assertDisabled(SIGNAL);
        b.assertDisabled(FOLD);
        b.assertDisabled(NO_NOTIFIER);
        assertEquals(effect(f.distributor.lineLevel[0], false, f.vcpu.lrAckHalfDone[0][0], true, f.vcpu.lrAckGsi[0][0], 5), b.fire(LOWER));
        b.assertDisabled(LOWER);
        b.assertDisabled(FOLD);
        assertEquals(effect(f.host.hostMasked[0], false, f.host.hostDepth[0], 0, f.vcpu.lrAckHalfDone[0][0], false, f.vcpu.lrAckGsi[0][0], 0,
                f.vcpu.lrEoi[0][0], false), b.fire(SIGNAL), "virqfd unmasks synchronously inside the signal");
        b.assertEnabled(FOLD);
    }

    @Test
    void theSignalThenLowerMutationSignalsFirstAndLowersSecond() {
        Bench b = seed(Bench.WORK_ITEM.with(ResampleOrder.SIGNAL_THEN_LOWER));
        InterruptLayout f = b.f;
        eoiedAndExited(b, VcpuMode.ACK_NOTIFY);
        String signalFirst = "kvm_notify_acked_irq -> irqfd_resampler_ack: signal resamplefds of (vcpu 0 lr 0)";
        String lowerSecond = "kvm_notify_acked_irq -> irqfd_resampler_ack: lower (vcpu 0 lr 0)";
        b.assertDisabled(lowerSecond);
        assertEquals(effect(f.host.hostMasked[0], false, f.host.hostDepth[0], 0, f.vcpu.lrAckHalfDone[0][0], true, f.vcpu.lrAckGsi[0][0], 5),
                b.fire(signalFirst));
        assertEquals(effect(f.distributor.lineLevel[0], false, f.vcpu.lrAckHalfDone[0][0], false, f.vcpu.lrAckGsi[0][0], 0, f.vcpu.lrEoi[0][0], false),
                b.fire(lowerSecond));
    }

    @Test
    void aReassertBetweenTheHalvesSurvivesOnlyWhenTheLowerComesFirst() {
        // Kernel order: lower, then the signal unmasks; the re-fired handler's assert comes after the lower.
        Bench kernel = seed();
        eoiedAndExited(kernel, VcpuMode.ACK_NOTIFY);
        kernel.set(n -> kernel.f.device.deviceCondition[0].set(n, true));
        kernel.fire(LOWER);
        kernel.fire(SIGNAL);
        kernel.fire("vfio_automasked_irq_handler: mask dev0");
        kernel.fire("vfio_automasked_irq_handler: eventfd_signal(trigger) dev0");
        kernel.fire("irqfd_inject: assert gsi 5 (irqfd 0)");
        assertTrue(kernel.f.distributor.lineLevel[0].get(kernel.s));

        // The mutation: the assert lands on the still-high line (a no-op) and the lower then wipes it.
        Bench mutant = seed(Bench.WORK_ITEM.with(ResampleOrder.SIGNAL_THEN_LOWER));
        eoiedAndExited(mutant, VcpuMode.ACK_NOTIFY);
        mutant.set(n -> mutant.f.device.deviceCondition[0].set(n, true));
        mutant.fire("kvm_notify_acked_irq -> irqfd_resampler_ack: signal resamplefds of (vcpu 0 lr 0)");
        mutant.fire("vfio_automasked_irq_handler: mask dev0");
        mutant.fire("vfio_automasked_irq_handler: eventfd_signal(trigger) dev0");
        mutant.fire("irqfd_inject: assert gsi 5 (irqfd 0)");
        mutant.fire("kvm_notify_acked_irq -> irqfd_resampler_ack: lower (vcpu 0 lr 0)");
        assertFalse(mutant.f.distributor.lineLevel[0].get(mutant.s));
        assertTrue(mutant.f.host.hostMasked[0].get(mutant.s), "masked, with nothing left to unmask it");
    }

    @Test
    void ackNotificationsRunInLrOrder() {
        Bench b = new Bench(Bench.twoSpisOneVcpu());
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.ACK_NOTIFY);
            f.distributor.apListOwner[0].set(n, 0);
            f.distributor.apListOwner[1].set(n, 0);
        });
        b.lr(0, 0, LrState.INVALID, 1, true);
        b.lr(0, 1, LrState.INVALID, 0, true);
        String lowerLr1 = "kvm_notify_acked_irq -> irqfd_resampler_ack: lower (vcpu 0 lr 1)";
        b.assertDisabled(lowerLr1);
        b.fire(LOWER);
        b.assertDisabled(lowerLr1);
        b.fire(SIGNAL);
        b.assertEnabled(lowerLr1);
    }

    @Test
    void anSpiWithoutAResamplerGetsTheNoAckNotifierStepOnly() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.PLAIN));
        InterruptLayout f = b.f;
        eoiedAndExited(b, VcpuMode.ACK_NOTIFY);
        b.assertDisabled(LOWER);
        b.assertDisabled(FOLD);
        assertEquals(effect(f.vcpu.lrEoi[0][0], false), b.fire(NO_NOTIFIER), "line_level and the host are untouched");
        b.assertEnabled(FOLD);
    }

    @Test
    void theNoAckNotifierStepIsNotEnabledWhenAResamplerOwnsTheGsi() {
        Bench b = seed();
        eoiedAndExited(b, VcpuMode.ACK_NOTIFY);
        b.assertDisabled(NO_NOTIFIER);
    }

    @Test
    void ackNotificationFindsTheGsiThroughTheReverseMapWhereTheLastRouteForThePinWins() {
        // GSI 5 (the resample irqfd's) and GSI 6 both route to pin 5: kvm_irq_map_chip_pin gives 6.
        Bench b = new Bench(new Topology(1, 1,
                List.of(new DeviceSpec("dev0", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE)),
                List.of(new RouteEntry(5, 5), new RouteEntry(6, 5)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0)), new Bounds(0, 0)));
        eoiedAndExited(b, VcpuMode.ACK_NOTIFY);
        b.assertDisabled(LOWER);
        b.assertEnabled(NO_NOTIFIER);
    }

    // ---- fold ----

    @Test
    void foldIsEnabledOnlyOnceEveryAckIsNotified() {
        Bench b = seed();
        eoiedAndExited(b, VcpuMode.ACK_NOTIFY);
        b.assertDisabled(FOLD);
        b.set(n -> b.f.vcpu.lrEoi[0][0].set(n, false));
        b.assertEnabled(FOLD);
        b.set(n -> b.f.vcpu.mode[0].set(n, VcpuMode.PRUNE));
        b.assertDisabled(FOLD);
    }

    @Test
    void foldMakesActiveFollowAnActiveLrAndLeavesTheLevelAlone() {
        Bench b = seed();
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.ACK_NOTIFY);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.pendingLatch[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        b.lr(0, 0, LrState.ACTIVE, 0, true);
        assertEquals(effect(f.distributor.active[0], true, f.vcpu.lrState[0][0], LrState.INVALID, f.vcpu.lrEoi[0][0], false,
                f.vcpu.lrUsed[0][0], false, f.vcpu.mode[0], VcpuMode.PRUNE), b.fire(FOLD),
                "an acknowledged level IRQ keeps its latch and line; the LR is freed");
    }

    @Test
    void foldOfAnInvalidLevelLrClearsActiveAndThePendingLatchButNotTheLineLevel() {
        Bench b = seed();
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.ACK_NOTIFY);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.pendingLatch[0].set(n, true);
            f.distributor.active[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        b.lr(0, 0, LrState.INVALID, 0, false);
        assertEquals(effect(f.distributor.active[0], false, f.distributor.pendingLatch[0], false, f.vcpu.lrUsed[0][0], false,
                f.vcpu.mode[0], VcpuMode.PRUNE), b.fire(FOLD));
        assertTrue(f.distributor.lineLevel[0].get(b.s), "only the resampler lowers line_level");
    }

    @Test
    void foldReturnsAStillPendingEdgeToThePendingLatch() {
        Bench b = new Bench(Bench.platformEdge());
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.ACK_NOTIFY);
            f.distributor.apListOwner[0].set(n, 0);
        });
        b.lr(0, 0, LrState.PENDING_ACTIVE, 0, false);
        assertEquals(effect(f.distributor.active[0], true, f.distributor.pendingLatch[0], true, f.vcpu.lrState[0][0], LrState.INVALID,
                f.vcpu.lrUsed[0][0], false, f.vcpu.mode[0], VcpuMode.PRUNE), b.fire(FOLD));
    }

    // ---- the 6.19 fold: notify after the fold, only if deactivated ----

    @Test
    void the619FoldDropsTheNotificationOfAnIrqAckedAndEoidWithinOneRun() {
        // Documents the variant as stored (AckNotifyPoint javadoc): irq->active was never set by a fold,
        // so the LR is not "deactivated" and the resampler is never told; the line stays latched.
        Bench b = seed(Bench.WORK_ITEM.with(AckNotifyPoint.AFTER_FOLD_IF_DEACTIVATED));
        InterruptLayout f = b.f;
        eoiedAndExited(b, VcpuMode.FOLD);
        assertEquals(effect(f.vcpu.lrEoi[0][0], false, f.vcpu.lrUsed[0][0], false, f.vcpu.mode[0], VcpuMode.NOTIFY_AFTER_FOLD),
                b.fire(FOLD_619));
        b.assertDisabled(LOWER);
        b.assertDisabled(NO_NOTIFIER);
        b.assertEnabled(PRUNE);
        assertTrue(f.distributor.lineLevel[0].get(b.s));
        assertTrue(f.host.hostMasked[0].get(b.s));
    }

    @Test
    void the619FoldKeepsADeactivatedLevelLrUntilItsNotificationHasRun() {
        Bench b = seed(Bench.WORK_ITEM.with(AckNotifyPoint.AFTER_FOLD_IF_DEACTIVATED));
        InterruptLayout f = b.f;
        eoiedAndExited(b, VcpuMode.FOLD);
        b.set(n -> f.distributor.active[0].set(n, true));
        assertEquals(effect(f.distributor.active[0], false, f.vcpu.mode[0], VcpuMode.NOTIFY_AFTER_FOLD), b.fire(FOLD_619),
                "the LR is kept: invalid, EOI, used");
        b.assertDisabled(PRUNE);
        assertEquals(effect(f.distributor.lineLevel[0], false, f.vcpu.lrAckHalfDone[0][0], true, f.vcpu.lrAckGsi[0][0], 5), b.fire(LOWER));
        assertEquals(effect(f.host.hostMasked[0], false, f.host.hostDepth[0], 0, f.vcpu.lrAckHalfDone[0][0], false, f.vcpu.lrAckGsi[0][0], 0,
                f.vcpu.lrEoi[0][0], false, f.vcpu.lrUsed[0][0], false), b.fire(SIGNAL), "notified: the LR is freed");
        b.assertEnabled(PRUNE);
    }

    @Test
    void the619FoldIsTheOnlySyncStepRightAfterTheExit() {
        Bench b = seed(Bench.WORK_ITEM.with(AckNotifyPoint.AFTER_FOLD_IF_DEACTIVATED));
        eoiedAndExited(b, VcpuMode.FOLD);
        b.set(n -> b.f.distributor.active[0].set(n, true));
        assertFalse(b.hasRule(FOLD), "the pre-6.19 fold rule does not exist in this variant");
        b.assertDisabled(LOWER);
        b.assertDisabled(PRUNE);
        b.assertEnabled(FOLD_619);
    }

    // ---- prune ----

    @Test
    void pruneRemovesAnIrqWhoseOracleIsNowhere() {
        Bench b = seed();
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.PRUNE);
            f.distributor.apListOwner[0].set(n, 0);
        });
        assertEquals(effect(f.distributor.apListOwner[0], -1, f.vcpu.mode[0], VcpuMode.HOST), b.fire(PRUNE));
    }

    @Test
    void pruneKeepsAnIrqWhoseOracleIsThisVcpu() {
        Bench b = seed();
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.PRUNE);
            f.distributor.apListOwner[0].set(n, 0);
            f.distributor.lineLevel[0].set(n, true);
        });
        assertEquals(effect(f.vcpu.mode[0], VcpuMode.HOST), b.fire(PRUNE));
    }

    @Test
    void pruneMigratesARetargetedPendingIrqAndKicksItsNewVcpu() {
        Bench b = new Bench(Bench.twoVcpus(0, 1));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.PRUNE);
            f.distributor.apListOwner[0].set(n, 0);
            f.distributor.lineLevel[0].set(n, true);
        });
        b.set(n -> f.distributor.spiTarget[0].set(n, 1)); // a completed GICD_IROUTER write (no requeue, no kick)
        assertEquals(effect(f.distributor.apListOwner[0], 1, f.vcpu.kicked[1], true, f.vcpu.mode[0], VcpuMode.HOST), b.fire(PRUNE));
    }

    @Test
    void pruneLeavesARetargetedActiveIrqWhereItIs() {
        Bench b = new Bench(Bench.twoVcpus(0, 1));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.PRUNE);
            f.distributor.apListOwner[0].set(n, 0);
            f.distributor.active[0].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
        });
        b.set(n -> f.distributor.spiTarget[0].set(n, 1)); // a completed GICD_IROUTER write
        assertEquals(effect(f.vcpu.mode[0], VcpuMode.HOST), b.fire(PRUNE));
    }

    @Test
    void pruneOfTheOtherVcpusIrqsIsNotThisVcpusBusiness() {
        Bench b = new Bench(Bench.twoVcpus(0, 0));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.PRUNE);
            f.distributor.apListOwner[0].set(n, 1);
        });
        assertEquals(effect(f.vcpu.mode[0], VcpuMode.HOST), b.fire(PRUNE), "SPI 37 is on vCPU 1's ap_list");
    }

    // ---- trapped distributor writes ----

    @Test
    void cenableOnlyClearsTheEnableAndEndsTheWrite() {
        Bench b = new Bench(Bench.twoSpisOneVcpu());
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.CLEAR_ENABLE);
            f.vcpu.mmioSpi[0].set(n, 1);
            f.distributor.lineLevel[1].set(n, true);
            f.distributor.apListOwner[1].set(n, 0);
        });
        b.assertDisabled(FLUSH);
        assertEquals(effect(f.distributor.spiEnabled[1], false, f.vcpu.mmio[0], MmioOp.NONE, f.vcpu.mmioSpi[0], 0), b.fire(CENABLE),
                "no requeue, no kick: the IRQ stays queued until the holder prunes it");
        b.assertEnabled(FLUSH);
    }

    @Test
    void trappedWritesWaitForTheSyncToFinish() {
        Bench b = seed();
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.CLEAR_ENABLE);
            f.vcpu.mode[0].set(n, VcpuMode.PRUNE);
        });
        b.assertDisabled(CENABLE);
        b.set(n -> f.vcpu.mmio[0].set(n, MmioOp.SET_ENABLE));
        b.assertDisabled(SENABLE);
    }

    @Test
    void senableEnablesAndQueuesALatchedLevelAsItIs() {
        Bench b = seed();
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.SET_ENABLE);
            f.distributor.spiEnabled[0].set(n, false);
            f.distributor.lineLevel[0].set(n, true);
        });
        assertEquals(effect(f.distributor.spiEnabled[0], true, f.distributor.apListOwner[0], 0, f.vcpu.kicked[0], true, f.vcpu.mmio[0], MmioOp.NONE),
                b.fire(SENABLE), "arm64 today: the irqfd SPI is not HW-mapped, so the stale level is queued");
        b.assertDisabled(NOTIFY_RESAMPLER);
    }

    @Test
    void unmaskResamplePresentLowersALatchedIdleLevelAndThenNotifiesTheResampler() {
        Bench b = seed(Bench.WORK_ITEM.with(UnmaskResample.PRESENT));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.SET_ENABLE);
            f.distributor.spiEnabled[0].set(n, false);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.staleLevel[0].set(n, true);
            f.host.hostMasked[0].set(n, true);
            f.host.hostDepth[0].set(n, 1);
        });
        assertEquals(effect(f.distributor.spiEnabled[0], true, f.distributor.lineLevel[0], false, f.distributor.staleLevel[0], false,
                f.vcpu.mmio[0], MmioOp.NOTIFY_RESAMPLER), b.fire(SENABLE), "enabled without queueing");
        b.assertDisabled(FLUSH);
        assertEquals(effect(f.host.hostMasked[0], false, f.host.hostDepth[0], 0, f.vcpu.mmio[0], MmioOp.NONE),
                b.fire(NOTIFY_RESAMPLER), "the resamplefd's virqfd unmasks the host line; no lower here");
        b.assertEnabled(FLUSH);
    }

    @Test
    void unmaskResamplePresentQueuesNormallyWhenTheIrqIsNotIdle() {
        Bench b = seed(Bench.WORK_ITEM.with(UnmaskResample.PRESENT));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.SET_ENABLE);
            f.distributor.spiEnabled[0].set(n, false);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.active[0].set(n, true);
        });
        assertEquals(effect(f.distributor.spiEnabled[0], true, f.distributor.apListOwner[0], 0, f.vcpu.kicked[0], true, f.vcpu.mmio[0], MmioOp.NONE),
                b.fire(SENABLE), "active: no re-sample");
    }

    @Test
    void unmaskResamplePresentQueuesNormallyWithoutAResampler() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.PLAIN), Bench.WORK_ITEM.with(UnmaskResample.PRESENT));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.SET_ENABLE);
            f.distributor.spiEnabled[0].set(n, false);
            f.distributor.lineLevel[0].set(n, true);
        });
        assertEquals(effect(f.distributor.spiEnabled[0], true, f.distributor.apListOwner[0], 0, f.vcpu.kicked[0], true, f.vcpu.mmio[0], MmioOp.NONE),
                b.fire(SENABLE));
    }
}
