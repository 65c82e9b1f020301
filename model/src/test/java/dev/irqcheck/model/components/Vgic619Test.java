package dev.irqcheck.model.components;

import static dev.irqcheck.model.components.Bench.effect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.EoiCountWalk;
import dev.irqcheck.model.variant.EoiMode;
import dev.irqcheck.model.variant.FoldNotify;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.ReworkFields;
import dev.irqcheck.model.vgic.VcpuMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of the Linux 6.19 VGIC rework (arch/arm64/kvm/vgic/vgic-v3.c, vgic.c as read at
 * swamiljain/linux-next@34092b7d and intel-lab-lkp/linux@014a1672), one test per rule, each
 * quoting the source it stands for.
 */
class Vgic619Test {
    static final String FOLD_619 = "vgic_v3_fold_lr (6.19: notify only if deactivated): vcpu 0";
    static final String LOWER = "kvm_notify_acked_irq -> irqfd_resampler_ack: lower (vcpu 0 lr 0)";
    static final String SIGNAL = "kvm_notify_acked_irq -> irqfd_resampler_ack: signal resamplefds of (vcpu 0 lr 0)";
    static final String PRUNE = "vgic_prune_ap_list: vcpu 0";

    static final Variants V6_19 = Variants.of(KernelVersion.V6_19);

    private static Bench seed(Variants v) {
        return new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE), v);
    }

    // The guest acknowledged and EOI'd SPI 37 within one run: LR 0 invalid with EOI, irq->active
    // still false from the last fold, the line latched high, VFIO's line masked.
    private static void ackedAndEoidInOneRun(Bench b) {
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.FOLD);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
            f.host.hostMasked[0].set(n, true);
            f.host.hostDepth[0].set(n, 1);
        });
        b.lr(0, 0, LrState.INVALID, 0, true);
    }

    // ---- fold_notify: the proposed fix ----

    /*
     * Proposed: `if (lr_signals_eoi_mi(val) && vgic_valid_spi(vcpu->kvm, intid))
     * kvm_notify_acked_irq(...)`; as read: `if (deactivated && lr_signals_eoi_mi(val) && ...)`.
     */
    @Test
    void theFixNotifiesAnLrAckedAndEoidWithinOneRun() {
        Bench b = seed(V6_19.with(FoldNotify.EOI_SIGNALLED));
        InterruptLayout f = b.f;
        ackedAndEoidInOneRun(b);
        assertEquals(effect(f.vcpu.mode[0], VcpuMode.NOTIFY_AFTER_FOLD), b.fire(FOLD_619),
                "the LR is kept (invalid, EOI) for its kvm_notify_acked_irq");
        b.assertDisabled(PRUNE);
        assertEquals(effect(f.distributor.lineLevel[0], false, f.vcpu.lrAckHalfDone[0][0], true, f.vcpu.lrAckGsi[0][0], 5), b.fire(LOWER));
        assertEquals(effect(f.host.hostMasked[0], false, f.host.hostDepth[0], 0, f.vcpu.lrAckHalfDone[0][0], false, f.vcpu.lrAckGsi[0][0], 0,
                f.vcpu.lrEoi[0][0], false, f.vcpu.lrUsed[0][0], false), b.fire(SIGNAL));
        b.assertEnabled(PRUNE);
    }

    @Test
    void asReadTheSameLrIsFreedWithoutANotification() {
        Bench b = seed(V6_19);
        InterruptLayout f = b.f;
        ackedAndEoidInOneRun(b);
        assertEquals(effect(f.vcpu.lrEoi[0][0], false, f.vcpu.lrUsed[0][0], false, f.vcpu.mode[0], VcpuMode.NOTIFY_AFTER_FOLD),
                b.fire(FOLD_619));
        b.assertDisabled(LOWER);
        b.assertEnabled(PRUNE);
    }

    // ---- vgic_queue_irq_unlock: active_spis ----

    /*
     * bcast = (vgic_model_needs_bcst_kick(vcpu->kvm) && vgic_valid_spi(vcpu->kvm, irq->intid) &&
     *          atomic_fetch_inc(&vcpu->kvm->arch.vgic.active_spis) == 0);
     * ... if (!bcast) { kvm_make_request(KVM_REQ_IRQ_PENDING, vcpu); kvm_vcpu_kick(vcpu); }
     *     else kvm_make_all_cpus_request(vcpu->kvm, KVM_REQ_IRQ_PENDING);
     */
    @Test
    void queueingAnSpiCountsItAndTheFirstOneKicksEveryVcpu() {
        Bench b = new Bench(Bench.twoVcpus(1, 0), V6_19);
        InterruptLayout f = b.f;
        ReworkFields r = f.rework;
        var vgic = b.vgic();
        b.set(n -> f.distributor.lineLevel[0].set(n, true));
        assertEquals(effect(f.distributor.apListOwner[0], 1, f.vcpu.kicked[0], true, f.vcpu.kicked[1], true, r.activeSpis, 1),
                b.apply(n -> vgic.queue(n, 0)), "0 -> 1: every vCPU re-arms TDIR");
        b.set(n -> {
            f.distributor.apListOwner[0].set(n, -1);
            f.vcpu.kicked[0].set(n, false);
            f.vcpu.kicked[1].set(n, false);
        });
        assertEquals(effect(f.distributor.apListOwner[0], 1, f.vcpu.kicked[1], true, r.activeSpis, 2), b.apply(n -> vgic.queue(n, 0)),
                "1 -> 2: only the target is kicked");
    }

    @Test
    void beforeTheReworkNothingIsCounted() {
        Bench b = new Bench(Bench.twoVcpus(1, 0), Variants.of(KernelVersion.V6_18));
        var vgic = b.vgic();
        b.set(n -> b.f.distributor.lineLevel[0].set(n, true));
        assertEquals(effect(b.f.distributor.apListOwner[0], 1, b.f.vcpu.kicked[1], true), b.apply(n -> vgic.queue(n, 0)));
    }

    @Test
    void theCountSaturatesOneAboveTheNumberOfSpis() {
        Bench b = seed(V6_19);
        var vgic = b.vgic();
        b.set(n -> b.f.rework.activeSpis.set(n, 2));
        assertEquals(2, b.f.rework.activeSpisCap);
        assertEquals(effect(), b.apply(n -> vgic.countActiveSpi(n, +1)));
    }

    // ---- vgic_v3_fold_lr: the decrement ----

    /* if (deactivated && lr_signals_eoi_mi(val) && vgic_valid_spi(...)) { ...; atomic_dec_if_positive(&active_spis); } */
    @Test
    void theFoldTakesADeactivatedSpiOutOfTheCount() {
        Bench b = seed(V6_19);
        InterruptLayout f = b.f;
        ackedAndEoidInOneRun(b);
        b.set(n -> {
            f.distributor.active[0].set(n, true);
            f.rework.activeSpis.set(n, 1);
        });
        assertEquals(effect(f.distributor.active[0], false, f.vcpu.mode[0], VcpuMode.NOTIFY_AFTER_FOLD,
                f.rework.lrDeactivated[0][0], true), b.fire(FOLD_619));
        b.fire(LOWER);
        assertEquals(0, b.fire(SIGNAL).get(f.rework.activeSpis), "after kvm_notify_acked_irq returns");
    }

    @Test
    void anSpiAckedAndEoidInOneRunStaysCounted() {
        Bench b = seed(V6_19.with(FoldNotify.EOI_SIGNALLED));
        ackedAndEoidInOneRun(b);
        b.set(n -> b.f.rework.activeSpis.set(n, 1));
        assertEquals(effect(b.f.vcpu.mode[0], VcpuMode.NOTIFY_AFTER_FOLD), b.fire(FOLD_619),
                "the fix notifies but keeps `deactivated` for the count: the leak stays");
    }

    // ---- vgic_flush_lr_state: the sort and vgic_v3_configure_hcr ----

    static final String FLUSH = "kvm_vgic_flush_hwstate + enter guest: vcpu 0";

    /** Three level SPIs 33..35 (devices d0..d2, GSIs 1..3) on vCPU 0 of {@code vcpus}, two LRs. */
    static Topology threeSpisTwoLrs(int vcpus) {
        List<DeviceSpec> d = new ArrayList<>();
        List<IrqfdSpec> q = new ArrayList<>();
        List<RouteEntry> rt = new ArrayList<>();
        List<SpiSpec> spis = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            d.add(new DeviceSpec("d" + i, TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED));
            q.add(new IrqfdSpec(i, i + 1, IrqfdKind.RESAMPLE));
            rt.add(new RouteEntry(i + 1, i + 1));
            spis.add(new SpiSpec(33 + i, TriggerMode.LEVEL, true, 0));
        }
        return new Topology(vcpus, 2, d, q, rt, spis, new Bounds(0, 0));
    }

    // SPI 33 active (acked in an earlier run), 34 and 35 pending; all on vCPU 0's ap_list.
    private static void oneActiveTwoPending(Bench b) {
        InterruptLayout f = b.f;
        b.set(n -> {
            for (int spi = 0; spi < 3; spi++) {
                f.distributor.apListOwner[spi].set(n, 0);
                f.distributor.lineLevel[spi].set(n, true);
            }
            f.distributor.active[0].set(n, true);
            // 6.19 counts the three queued SPIs; before 6.19 the count does not exist (no bits).
            if (f.rework.activeSpis.max() > 0) {
                f.rework.activeSpis.set(n, 3);
            }
        });
    }

    /*
     * vgic_irq_cmp (6.19): penda = irqa->enabled && irq_is_pending(irqa) && !irqa->active; ... ret = (int)pendb - (int)penda;
     * vgic_v3_configure_hcr: NPIE if nr_pend > nr_lr; LRENPIE if nr_act && outside; UIE if outside;
     * TDIR if irqs_active_outside_lrs(als) || atomic_read(&active_spis).
     */
    @Test
    void the619FlushPutsPendingInterruptsFirstAndLeavesTheActiveOneOutside() {
        for (int vcpus = 1; vcpus <= 2; vcpus++) {
            Bench b = new Bench(threeSpisTwoLrs(vcpus), V6_19.with(EoiMode.SPLIT));
            InterruptLayout f = b.f;
            ReworkFields r = f.rework;
            oneActiveTwoPending(b);
            var e = b.fire(FLUSH);
            assertEquals(1, e.get(f.vcpu.lrSpi[0][0]) == null ? 0 : e.get(f.vcpu.lrSpi[0][0]), "LR0: SPI 34");
            assertEquals(2, e.get(f.vcpu.lrSpi[0][1]), "LR1: SPI 35");
            assertEquals(LrState.PENDING, f.vcpu.lrState[0][0].get(b.s));
            assertEquals(LrState.PENDING, f.vcpu.lrState[0][1].get(b.s));
            assertEquals(0b110, r.lrSpisAtEntry[0].get(b.s));
            assertTrue(r.uie[0].get(b.s) && r.lrenpie[0].get(b.s) && r.tdir[0].get(b.s));
            assertFalse(r.npie[0].get(b.s), "2 pending do not exceed 2 LRs");
        }
    }

    /* Up to 6.18, vgic_irq_cmp: if (irqa->active || irqb->active) { ret = (int)irqb->active - (int)irqa->active; ... } */
    @Test
    void the618FlushPutsTheActiveInterruptFirst() {
        Bench b = new Bench(threeSpisTwoLrs(1), Variants.of(KernelVersion.V6_18));
        InterruptLayout f = b.f;
        oneActiveTwoPending(b);
        b.set(n -> f.rework.activeSpis.set(n, 0));
        b.fire(FLUSH);
        assertEquals(0, f.vcpu.lrSpi[0][0].get(b.s));
        assertEquals(LrState.ACTIVE, f.vcpu.lrState[0][0].get(b.s));
        assertEquals(1, f.vcpu.lrSpi[0][1].get(b.s));
        assertTrue(f.rework.uie[0].get(b.s), "vgic_set_underflow");
        assertFalse(f.rework.lrenpie[0].get(b.s) || f.rework.npie[0].get(b.s) || f.rework.tdir[0].get(b.s));
    }

    /*
     * Up to 6.18, vgic_flush_lr_state: if (count == kvm_vgic_global_state.nr_lr) { if (!list_is_last(
     * &irq->ap_list, &vgic_cpu->ap_list_head)) vgic_set_underflow(vcpu); break; } -- any entry after
     * the last populated one, deliverable or not. 6.19 counts only deliverable entries.
     */
    @Test
    void before619AnUndeliverableEntryAfterFullLrsSetsUnderflow() {
        for (KernelVersion k : List.of(KernelVersion.V6_18, KernelVersion.V6_19)) {
            Bench b = new Bench(threeSpisTwoLrs(1), Variants.of(k));
            InterruptLayout f = b.f;
            b.set(n -> {
                for (int spi = 0; spi < 3; spi++) {
                    f.distributor.apListOwner[spi].set(n, 0);
                }
                f.distributor.lineLevel[0].set(n, true);
                f.distributor.lineLevel[1].set(n, true);
            });
            b.fire(FLUSH);
            assertEquals(k == KernelVersion.V6_18, f.rework.uie[0].get(b.s), k.spelling());
        }
    }

    @Test
    void tdirIsRecordedOnlyForAnEoiMode1Guest() {
        Bench b = new Bench(threeSpisTwoLrs(1), V6_19);
        oneActiveTwoPending(b);
        b.fire(FLUSH);
        assertFalse(b.f.rework.tdir[0].get(b.s));
    }

    // ---- maintenance interrupts ----

    static final String EXIT = "exit guest (kick or maintenance interrupt): vcpu 0";

    /* ICH_MISR: U (UIE and at most one valid LR), NP (NPIE and no pending LR), LRENP (LRENPIE and EOIcount != 0). */
    @Test
    void underflowAndEoicountMaintenanceInterruptsExitTheVcpu() {
        Bench b = new Bench(threeSpisTwoLrs(1), V6_19);
        InterruptLayout f = b.f;
        oneActiveTwoPending(b);
        b.fire(FLUSH);
        b.assertDisabled(EXIT);
        b.set(n -> f.vcpu.lrState[0][0].set(n, LrState.ACTIVE));
        b.assertDisabled(EXIT);
        b.set(n -> f.rework.eoiCount[0].set(n, 1));
        b.assertEnabled(EXIT);
        b.set(n -> {
            f.rework.eoiCount[0].set(n, 0);
            f.vcpu.lrState[0][1].set(n, LrState.INVALID);
            f.vcpu.lrEoi[0][1].set(n, false);
        });
        b.assertEnabled(EXIT);
    }

    // ---- the guest's EOI of an interrupt outside the LRs ----

    static final String EOIR = "guest EOIR (gic_eoi_irq -> icv_eoir_write), vcpu 0";

    private static void handlingSpi33OutsideLrs(Bench b) {
        InterruptLayout f = b.f;
        oneActiveTwoPending(b);
        b.fire(FLUSH);
        b.set(n -> {
            f.guest.handlingSpi[0].set(n, 0);
            f.guest.hardIrq[0].set(n, dev.irqcheck.model.guest.HardIrqStage.HANDLED);
        });
    }

    /* EOImode 0: ICV_EOIR1 for an INTID no LR holds increments ICH_HCR_EL2.EOIcount (saved only with LRENPIE). */
    @Test
    void anEoiOutsideTheLrsIsCountedInEoicount() {
        Bench b = new Bench(threeSpisTwoLrs(1), V6_19);
        handlingSpi33OutsideLrs(b);
        assertEquals(1, b.fire(EOIR).get(b.f.rework.eoiCount[0]));
    }

    @Test
    void withoutLrenpieTheCountIsLost() {
        Bench b = new Bench(threeSpisTwoLrs(1), V6_19);
        handlingSpi33OutsideLrs(b);
        b.set(n -> b.f.rework.lrenpie[0].set(n, false));
        assertFalse(b.fire(EOIR).containsKey(b.f.rework.eoiCount[0]));
    }

    // ---- vgic_v3_fold_lr_state: the EOIcount replay ----

    static final String REPLAY = "vgic_v3_fold_lr_state: EOIcount replay (vgic_v3_fold_lr of a pseudo-LR): vcpu 0";
    static final String REPLAY_LOWER = "kvm_notify_acked_irq -> irqfd_resampler_ack: lower (vcpu 0, deactivated outside the LRs)";

    // After the exit and LR fold: SPI 33 (outside the LRs) EOI'd, SPI 34 acknowledged from LR0 and
    // still active; EOIcount 1.
    private static Bench afterFoldWithEoicount(Variants v) {
        Bench b = new Bench(threeSpisTwoLrs(1), v);
        InterruptLayout f = b.f;
        oneActiveTwoPending(b);
        b.set(n -> {
            f.distributor.active[1].set(n, true);
            f.vcpu.mode[0].set(n, VcpuMode.NOTIFY_AFTER_FOLD);
            f.rework.lrSpisAtEntry[0].set(n, 0b110);
            f.rework.lrenpie[0].set(n, true);
            f.rework.eoiCount[0].set(n, 1);
        });
        return b;
    }

    /* list_for_each_entry_continue(irq, &vgic_cpu->ap_list_head, ap_list) from *host_data_ptr(last_lr_irq) */
    @Test
    void theReplayAfterTheLastLrDeactivatesTheInterruptEoidOutsideTheLrs() {
        Bench b = afterFoldWithEoicount(V6_19.with(EoiCountWalk.AFTER_LAST_LR));
        InterruptLayout f = b.f;
        assertEquals(effect(f.distributor.active[0], false, f.rework.eoiCount[0], 0, f.rework.replayAckSpi[0], 0,
                f.rework.replayDeactivated[0], true), b.fire(REPLAY));
        b.assertEnabled(REPLAY_LOWER);
        b.assertDisabled("vgic_prune_ap_list: vcpu 0");
    }

    /* 3cfd59f81e0f: list_for_each_entry(irq, &vgic_cpu->ap_list_head, ap_list): the first active entry. */
    @Test
    void theReplayFromTheHeadDeactivatesTheInterruptStillActiveInAnLr() {
        Bench b = afterFoldWithEoicount(V6_19.with(EoiCountWalk.FROM_HEAD));
        InterruptLayout f = b.f;
        assertEquals(effect(f.distributor.active[1], false, f.rework.eoiCount[0], 0, f.rework.replayAckSpi[0], 1,
                f.rework.replayDeactivated[0], true), b.fire(REPLAY));
    }

    // ---- ICC_DIR_EL1: EOImode 1 ----

    static final String DIR = "guest DIR (gic_eoimode1_eoi_irq -> ICC_DIR_EL1), vcpu 0";
    static final String DEACTIVATE = "access_gic_dir -> vgic_v3_deactivate (ICC_DIR_EL1 trap): vcpu 0";
    static final String ASYNC = "kvm_vgic_process_async_update -> vgic_prune_ap_list: vcpu 0";

    private static Bench handledInLr(boolean tdir) {
        Bench b = seed(V6_19.with(EoiMode.SPLIT));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.GUEST);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
            f.rework.activeSpis.set(n, 1);
            f.rework.tdir[0].set(n, tdir);
            f.guest.handlingSpi[0].set(n, 0);
            f.guest.hardIrq[0].set(n, dev.irqcheck.model.guest.HardIrqStage.HANDLED);
        });
        b.lr(0, 0, LrState.ACTIVE, 0, true);
        return b;
    }

    /*
     * TDIR-capable host, no cpuif trapping: the ICC_DIR_EL1 trap is a full exit to access_gic_dir
     * (sys_regs.c: { SYS_DESC(SYS_ICC_DIR_EL1), access_gic_dir } -> vgic_v3_deactivate), the LR
     * untouched.
     */
    @Test
    void withTdirTheGuestsDirTakesAFullExit() {
        Bench b = handledInLr(true);
        var e = b.fire(DIR);
        assertEquals(MmioOp.DEACTIVATE, e.get(b.f.vcpu.mmio[0]));
        assertEquals(VcpuMode.FOLD, e.get(b.f.vcpu.mode[0]));
        assertFalse(e.containsKey(b.f.vcpu.lrState[0][0]), "the LR stays active: the CPU interface did not deactivate it");
    }

    @Test
    void withoutTdirTheCpuInterfaceDeactivatesTheLr() {
        Bench b = handledInLr(false);
        assertEquals(LrState.INVALID, b.fire(DIR).get(b.f.vcpu.lrState[0][0]));
    }

    /*
     * vgic_v3_deactivate: target_vcpu = irq->vcpu; if (!target_vcpu) goto put; if (irq->on_lr) { mmio = true; ... }
     * lr = vgic_v3_compute_lr(vcpu, irq) & ~ICH_LR_ACTIVE_BIT; vgic_v3_fold_lr(vcpu, lr);
     * ... kvm_make_request(KVM_REQ_VGIC_PROCESS_UPDATE, target_vcpu);
     */
    @Test
    void vgicV3DeactivateFoldsAPseudoLrNotifiesAndAsksForAPrune() {
        Bench b = seed(V6_19.with(EoiMode.SPLIT));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.HOST);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
            f.distributor.active[0].set(n, true);
            f.rework.activeSpis.set(n, 1);
            f.vcpu.mmio[0].set(n, MmioOp.DEACTIVATE);
        });
        assertEquals(effect(f.distributor.active[0], false, f.vcpu.mmio[0], MmioOp.NONE, f.rework.replayAckSpi[0], 0,
                f.rework.replayDeactivated[0], true, f.rework.processUpdate[0], true), b.fire(DEACTIVATE));
        b.assertDisabled(FLUSH);
        b.assertDisabled(ASYNC);
        b.fire(REPLAY_LOWER);
        assertEquals(0, b.fire("kvm_notify_acked_irq -> irqfd_resampler_ack: signal resamplefds of (vcpu 0, deactivated outside the LRs)")
                .get(f.rework.activeSpis), "active_spis drops after the notification");
        assertEquals(effect(f.distributor.apListOwner[0], -1, f.rework.processUpdate[0], false), b.fire(ASYNC),
                "lowered and inactive: pruned before the next entry");
        b.assertEnabled(FLUSH);
    }

    @Test
    void vgicV3DeactivateOfAnSpiOnAnotherVcpusUnfoldedLrIsTheIcactiverBigHammer() {
        Bench b = new Bench(Bench.twoVcpus(1, 0), V6_19.with(EoiMode.SPLIT));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.HOST);
            f.vcpu.mode[1].set(n, VcpuMode.GUEST);
            f.distributor.apListOwner[0].set(n, 1);
            f.distributor.active[0].set(n, true);
            f.vcpu.mmio[0].set(n, MmioOp.DEACTIVATE);
        });
        b.lr(1, 0, LrState.ACTIVE, 0, true);
        assertEquals(effect(f.vcpu.mmio[0], MmioOp.CLEAR_ACTIVE, f.rework.processUpdate[1], true), b.fire(DEACTIVATE),
                "vgic_mmio_write_cactive, and the prune request for the owner");
        b.assertEnabled("kvm_arm_halt_guest (vgic_access_active_prepare): vcpu 0");
    }

    // ---- topology ----

    @Test
    void moreSpisThanListRegistersAreAccepted() {
        assertTrue(threeSpisTwoLrs(1).lrOverflowPossible());
        assertFalse(Bench.platformLevel(IrqfdKind.RESAMPLE).lrOverflowPossible());
    }
}
