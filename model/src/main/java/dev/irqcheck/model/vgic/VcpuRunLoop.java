package dev.irqcheck.model.vgic;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.model.kvm.Irqfds;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Wiring;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.AckNotifyPoint;
import dev.irqcheck.model.variant.FoldNotify;
import java.util.ArrayList;
import java.util.List;

/**
 * The vCPU side of the VGIC: flush on entry, exit on a kick or maintenance interrupt, then
 * kvm_vgic_sync_hwstate as ack notification, fold and prune (arch/arm64/kvm/vgic/vgic.c,
 * vgic-v3.c). One step per lock-protected section.
 */
public final class VcpuRunLoop {
    private final Topology topology;
    private final VcpuFields f;
    private final DistributorFields dist;
    private final Vgic vgic;
    private final Irqfds irqfds;
    private final Wiring wiring;
    private final boolean notifyAfterFold;
    private final VcpuMode modeAfterExit;
    private final VcpuMode notifyMode;
    private final DistributorWrites distributor;
    private final dev.irqcheck.model.host.QemuEmulated emulated;
    private final dev.irqcheck.model.host.HostSide host;

    private final FoldNotify foldNotify;
    private final ListRegisterOverflow overflow;
    private final ReworkFields r;
    // Topology.lrOverflowPossible, computed once: it streams over the SPIs.
    private final boolean lrOverflowPossible;

    public VcpuRunLoop(Topology topology, VcpuFields fields, DistributorFields distributorFields, Vgic vgic, Irqfds irqfds,
                       Wiring wiring, Variants variants, DistributorWrites distributor,
                       dev.irqcheck.model.host.QemuEmulated emulated, dev.irqcheck.model.host.HostSide host,
                       ListRegisterOverflow overflow, ReworkFields rework) {
        AckNotifyPoint ackNotify = variants.ackNotify();
        this.foldNotify = variants.foldNotify();
        this.overflow = overflow;
        this.r = rework;
        this.distributor = distributor;
        this.emulated = emulated;
        this.host = host;
        this.topology = topology;
        this.lrOverflowPossible = topology.lrOverflowPossible();
        this.f = fields;
        this.dist = distributorFields;
        this.vgic = vgic;
        this.irqfds = irqfds;
        this.wiring = wiring;
        this.notifyAfterFold = ackNotify == AckNotifyPoint.AFTER_FOLD_IF_DEACTIVATED;
        this.modeAfterExit = notifyAfterFold ? VcpuMode.FOLD : VcpuMode.ACK_NOTIFY;
        this.notifyMode = notifyAfterFold ? VcpuMode.NOTIFY_AFTER_FOLD : VcpuMode.ACK_NOTIFY;
    }

    // A trapped distributor write is completed by the vCPU thread once its exit's sync is done.
    private Rule completesWrite(String name, int vcpu, MmioOp op, StatePredicate alsoRequired, SpiWrite write) {
        return Rule.of(name, s -> f.mode[vcpu].is(s, VcpuMode.HOST) && f.mmio[vcpu].is(s, op) && alsoRequired.test(s),
                (s, n) -> {
                    write.apply(n, f.mmioSpi[vcpu].get(s));
                    endMmio(n, vcpu);
                });
    }

    private static final StatePredicate ANY_STATE = s -> true;

    @FunctionalInterface
    private interface SpiWrite {
        void apply(long[] next, int spi);
    }

    private final List<Rule> environment = new ArrayList<>();

    /** The exits for other reasons: environment steps, not assumed fair. Valid after {@link #rules()}. */
    public List<Rule> environmentRules() {
        return List.copyOf(environment);
    }

    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        environment.clear();
        int lrs = topology.listRegisters();
        for (int v = 0; v < topology.vcpus(); v++) {
            int vcpu = v;
            rules.add(Rule.of("kvm_vgic_flush_hwstate + enter guest: vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.HOST) && f.mmio[vcpu].is(s, MmioOp.NONE) && !guestHalted(s)
                            && r.replayAckSpi[vcpu].get(s) < 0 && !r.processUpdate[vcpu].get(s),
                    (s, n) -> flushAndEnter(n, vcpu)));
            // vgic_access_active_prepare -> kvm_arm_halt_guest -> kvm_make_all_cpus_request(kvm,
            // KVM_REQ_SLEEP): every vCPU gets the request (none enters the guest until resumed);
            // those in guest mode are sent an IPI, and the request waits for it, which they take at
            // local_irq_enable after their whole sync. A vCPU already out of guest mode (between
            // its exit and the end of kvm_vgic_sync_hwstate) is not waited for.
            // The steps that complete a trapped access run in host mode with one in flight: one
            // gate for all of them, which the search tests once per state.
            List<Rule> mmio = new ArrayList<>();
            mmio.add(Rule.of("kvm_arm_halt_guest (vgic_access_active_prepare): vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.HOST) && f.mmio[vcpu].get(s).haltsGuest() && !f.haltRequested[vcpu].get(s),
                    (s, n) -> {
                        f.haltRequested[vcpu].set(n, true);
                        for (int w = 0; w < topology.vcpus(); w++) {
                            if (w != vcpu && f.mode[w].is(s, VcpuMode.GUEST)) {
                                f.haltWaitFor[w].set(n, true);
                                f.kicked[w].set(n, true);
                            }
                        }
                    }));
            // vgic_access_active_finish -> kvm_arm_resume_guest once the write is done.
            mmio.add(completesWrite("vgic_mmio_write_sactive (GICD_ISACTIVER), guest halted: vcpu " + v,
                    vcpu, MmioOp.SET_ACTIVE, s -> haltComplete(s, vcpu), (n, spi) -> {
                        distributor.setActive(n, spi);
                        resumeGuest(n, vcpu);
                    }));
            mmio.add(completesWrite("vgic_mmio_write_cactive (GICD_ICACTIVER), guest halted: vcpu " + v,
                    vcpu, MmioOp.CLEAR_ACTIVE, s -> haltComplete(s, vcpu), (n, spi) -> {
                        distributor.clearActive(n, spi);
                        resumeGuest(n, vcpu);
                    }));
            mmio.add(completesWrite("vgic_mmio_write_cenable (GICD_ICENABLER): vcpu " + v,
                    vcpu, MmioOp.CLEAR_ENABLE, ANY_STATE, distributor::clearEnable));
            mmio.add(Rule.of("vgic_mmio_write_senable (GICD_ISENABLER): vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.HOST) && f.mmio[vcpu].is(s, MmioOp.SET_ENABLE),
                    (s, n) -> {
                        int spi = f.mmioSpi[vcpu].get(s);
                        if (distributor.setEnable(n, spi)) {
                            f.mmio[vcpu].set(n, MmioOp.NOTIFY_RESAMPLER);
                        } else {
                            endMmio(n, vcpu);
                        }
                    }));
            mmio.add(completesWrite("vgic_mmio_write_spending (GICD_ISPENDR): vcpu " + v,
                    vcpu, MmioOp.SET_PENDING, ANY_STATE, distributor::setPending));
            if (topology.guestMayReplayEdges()) {
                mmio.add(completesWrite("vgic_mmio_write_spending (GICD_ISPENDR from gic_retrigger): vcpu " + v,
                        vcpu, MmioOp.RETRIGGER, ANY_STATE, distributor::setPending));
            }
            mmio.add(completesWrite("vgic_mmio_write_cpending (GICD_ICPENDR): vcpu " + v,
                    vcpu, MmioOp.CLEAR_PENDING, ANY_STATE, distributor::clearPending));
            mmio.add(completesWrite("vgic_mmio_write_config (GICD_ICFGR): vcpu " + v,
                    vcpu, MmioOp.TOGGLE_CONFIG, ANY_STATE, distributor::toggleConfig));
            mmio.add(completesWrite("qemu: emulated device register access (BQL), device model update + qemu_set_irq: vcpu " + v,
                    vcpu, MmioOp.EMULATED_ACCESS, ANY_STATE, emulated::guestAccess));
            if (topology.anyDeviceStartsIntxOff()) {
                // QEMU handles the config access in the vCPU thread after the exit's sync, before re-entry.
                mmio.add(Rule.of("qemu: PCI_COMMAND write -> vfio_basic_config_write: INTx enabled, vfio_pci_intx_unmask: vcpu " + v,
                        s -> f.mode[vcpu].is(s, VcpuMode.HOST) && f.mmio[vcpu].is(s, MmioOp.PCI_COMMAND_WRITE)
                                && host.acceptsGuestIntxEnable(s, f.mmioArg[vcpu].get(s)),
                        (s, n) -> {
                            host.guestEnablesIntx(n, f.mmioArg[vcpu].get(s));
                            endMmio(n, vcpu);
                        }));
            }
            mmio.add(Rule.of("vgic_mmio_write_irouter (GICD_IROUTER): vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.HOST) && f.mmio[vcpu].is(s, MmioOp.SET_TARGET),
                    (s, n) -> {
                        distributor.setTarget(n, f.mmioSpi[vcpu].get(s), f.mmioArg[vcpu].get(s));
                        endMmio(n, vcpu);
                    }));
            mmio.add(Rule.of("kvm_notify_irqfd_resampler (resample on unmask): vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.HOST) && f.mmio[vcpu].is(s, MmioOp.NOTIFY_RESAMPLER),
                    (s, n) -> {
                        irqfds.notifyResampler(n, wiring.gsiOfSpi(s, f.mmioSpi[vcpu].get(s)));
                        endMmio(n, vcpu);
                    }));
            StatePredicate completingAccess = s -> f.mode[vcpu].is(s, VcpuMode.HOST) && !f.mmio[vcpu].is(s, MmioOp.NONE);
            for (Rule rule : mmio) {
                rules.add(Rule.gated(completingAccess, rule));
            }
            // The vCPU leaves the guest on a kick (KVM_REQ_IRQ_PENDING) or a maintenance interrupt:
            // an LR invalid with EOI set (lr_signals_eoi_mi), or after an LR overflow underflow
            // (UIE), no pending LR (NPIE) or a non-zero EOIcount (LRENPIE).
            StatePredicate inGuestMode = s -> f.mode[vcpu].is(s, VcpuMode.GUEST);
            rules.add(Rule.gated(inGuestMode, Rule.of("exit guest (kick or maintenance interrupt): vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.GUEST) && (f.kicked[vcpu].get(s) || anyAckPendingInGuest(s, vcpu)
                            || overflow.maintenanceInterrupt(s, vcpu)),
                    (s, n) -> f.mode[vcpu].set(n, modeAfterExit))));
            // Exits for reasons the model does not otherwise represent (timer tick, MMIO trap, WFI):
            // the sync (notify, fold, prune) then runs at an arbitrary point. Bounded per run, and an
            // environment step: liveness does not assume it fair.
            Rule otherExit = Rule.gated(inGuestMode, Rule.of("exit guest (timer, MMIO or other reason): vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.GUEST) && f.otherExitsLeft[vcpu].get(s) > 0,
                    (s, n) -> {
                        f.otherExitsLeft[vcpu].set(n, f.otherExitsLeft[vcpu].get(s) - 1);
                        f.mode[vcpu].set(n, modeAfterExit);
                    }));
            rules.add(otherExit);
            environment.add(otherExit);
            // Every LR's ack notification runs in the notifying mode (ackPending tests it first).
            StatePredicate notifying = s -> f.mode[vcpu].is(s, notifyMode);
            for (int l = 0; l < lrs; l++) {
                int lr = l;
                // vgic_v3_fold_lr_state: for an LR that is invalid with EOI and not HW, and a valid
                // SPI, kvm_notify_acked_irq(kvm, 0, intid - 32) finds the GSI through the reverse map
                // and calls irqfd_resampler_ack: two halves, two steps. Up to 6.18 before the irq lock
                // for every such LR; since 6.19 after the fold, for the LRs it found deactivated.
                rules.add(Rule.gated(notifying, Rule.of("kvm_notify_acked_irq -> irqfd_resampler_ack: " + irqfds.firstHalfName()
                                + " (vcpu " + v + " lr " + l + ")",
                        s -> ackPending(s, vcpu, lr) && !f.lrAckHalfDone[vcpu][lr].get(s)
                                && irqfds.hasResampler(s, gsiOf(s, vcpu, lr)),
                        (s, n) -> {
                            int gsi = gsiOf(s, vcpu, lr);
                            irqfds.resamplerAckFirstHalf(n, gsi);
                            f.lrAckHalfDone[vcpu][lr].set(n, true);
                            f.lrAckGsi[vcpu][lr].set(n, gsi);
                        })));
                rules.add(Rule.gated(notifying, Rule.of("kvm_notify_acked_irq -> irqfd_resampler_ack: " + irqfds.secondHalfName()
                                + " (vcpu " + v + " lr " + l + ")",
                        s -> ackPending(s, vcpu, lr) && f.lrAckHalfDone[vcpu][lr].get(s),
                        (s, n) -> {
                            // The resampler found by the first half: its GSI, not the reverse map's now.
                            irqfds.resamplerAckSecondHalf(n, f.lrAckGsi[vcpu][lr].get(s));
                            notified(n, vcpu, lr);
                        })));
                // No resampler owns the GSI the reverse map gives (none was assigned, or
                // irqfd_shutdown removed it). One removed between the two halves is walked under
                // SRCU: the second half signals the resamplefds still on its list.
                rules.add(Rule.gated(notifying, Rule.of("kvm_notify_acked_irq: no ack notifier (vcpu " + v + " lr " + l + ")",
                        s -> ackPending(s, vcpu, lr) && !f.lrAckHalfDone[vcpu][lr].get(s)
                                && !irqfds.hasResampler(s, gsiOf(s, vcpu, lr)),
                        (s, n) -> notified(n, vcpu, lr))));
            }
            if (notifyAfterFold) {
                rules.add(Rule.of("vgic_v3_fold_lr (6.19: notify only if deactivated): vcpu " + v,
                        s -> f.mode[vcpu].is(s, VcpuMode.FOLD),
                        (s, n) -> fold(s, n, vcpu)));
            } else {
                rules.add(Rule.of("vgic_fold_lr_state: vcpu " + v,
                        s -> f.mode[vcpu].is(s, VcpuMode.ACK_NOTIFY) && !anyAckPending(s, vcpu),
                        (s, n) -> fold(s, n, vcpu)));
            }
            if (notifyAfterFold) {
                rules.addAll(reworkRules(vcpu));
            }
            rules.add(Rule.of("vgic_prune_ap_list: vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.PRUNE)
                            || (f.mode[vcpu].is(s, VcpuMode.NOTIFY_AFTER_FOLD) && !anyAckPending(s, vcpu)
                                && r.replayAckSpi[vcpu].get(s) < 0 && r.eoiCount[vcpu].get(s) == 0),
                    (s, n) -> prune(n, vcpu)));
        }
        return rules;
    }

    // An LR whose ack notification is due: in ACK_NOTIFY mode, invalid with EOI, and every
    // lower-numbered LR already notified (fold walks the LRs in order).
    private boolean ackPending(long[] s, int vcpu, int lr) {
        if (!f.mode[vcpu].is(s, notifyMode) || !signalsEoi(s, vcpu, lr)) {
            return false;
        }
        for (int j = 0; j < lr; j++) {
            if (signalsEoi(s, vcpu, j)) {
                return false;
            }
        }
        return true;
    }

    private boolean anyAckPending(long[] s, int vcpu) {
        for (int l = 0; l < topology.listRegisters(); l++) {
            if (signalsEoi(s, vcpu, l)) {
                return true;
            }
        }
        return false;
    }

    // lr_signals_eoi_mi: state invalid, EOI set (HW is never set: irqfd SPIs are not HW-mapped).
    private boolean signalsEoi(long[] s, int vcpu, int lr) {
        return f.lrUsed[vcpu][lr].get(s) && f.lrState[vcpu][lr].is(s, LrState.INVALID) && f.lrEoi[vcpu][lr].get(s);
    }

    // The EOI maintenance interrupt (ICH_MISR.EOI): some LR is invalid with EOI set and not HW.
    private boolean anyAckPendingInGuest(long[] s, int vcpu) {
        return anyAckPending(s, vcpu);
    }

    // The notification for an LR is done. Before 6.19 the fold still has to visit the LR; after
    // the 6.19 fold, the LR was only kept for the notification and is now free.
    private void notified(long[] n, int vcpu, int lr) {
        if (r.lrDeactivated[vcpu][lr].get(n)) {
            vgic.countActiveSpi(n, -1);
            r.lrDeactivated[vcpu][lr].set(n, false);
        }
        f.lrEoi[vcpu][lr].set(n, false);
        f.lrAckHalfDone[vcpu][lr].set(n, false);
        f.lrAckGsi[vcpu][lr].set(n, 0);
        if (notifyAfterFold) {
            clearLr(n, vcpu, lr);
        }
    }

    // Some vCPU halted the guest for an I{S,C}ACTIVER write: no vCPU may enter the guest meanwhile.
    private boolean guestHalted(long[] s) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (f.haltRequested[v].get(s)) {
                return true;
            }
        }
        return false;
    }

    // The halt this vCPU requested is complete: no vCPU runs the guest, and every vCPU that was in
    // guest mode at the request has finished its sync.
    private boolean haltComplete(long[] s, int vcpu) {
        if (!f.haltRequested[vcpu].get(s)) {
            return false;
        }
        for (int w = 0; w < topology.vcpus(); w++) {
            if (f.mode[w].is(s, VcpuMode.GUEST) || (f.haltWaitFor[w].get(s) && !f.mode[w].is(s, VcpuMode.HOST))) {
                return false;
            }
        }
        return true;
    }

    private void resumeGuest(long[] n, int vcpu) {
        f.haltRequested[vcpu].set(n, false);
        for (int v = 0; v < topology.vcpus(); v++) {
            if (f.haltRequested[v].get(n)) {
                return;
            }
        }
        for (int w = 0; w < topology.vcpus(); w++) {
            f.haltWaitFor[w].set(n, false);
        }
    }


    private void endMmio(long[] n, int vcpu) {
        f.mmio[vcpu].set(n, MmioOp.NONE);
        f.mmioSpi[vcpu].set(n, 0);
        f.mmioArg[vcpu].set(n, 0);
    }

    /** The vCPU leaves the guest for a trap (an MMIO write); the sync then runs as for any exit. */
    public VcpuMode modeAfterExit() {
        return modeAfterExit;
    }

    /** Every vCPU in the host about to enter, with its budget of other exits and its LRs empty. */
    public void initialize(long[] w) {
        for (int v = 0; v < topology.vcpus(); v++) {
            f.otherExitsLeft[v].set(w, topology.bounds().otherExitsPerVcpu());
            f.mode[v].set(w, VcpuMode.HOST);
            r.replayAckSpi[v].set(w, -1);
        }
    }

    /** Some vCPU is between the two halves of an ack notification (inside kvm->irq_srcu's read side). */
    public boolean ackBetweenHalves(long[] s) {
        for (int v = 0; v < topology.vcpus(); v++) {
            for (int l = 0; l < topology.listRegisters(); l++) {
                if (f.lrAckHalfDone[v][l].get(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The vCPU still holds a token for the SPI: a trapped access to it is in flight, or a list
     * register holds it pending or active, or with its EOI bit set (the ack is owed).
     */
    public boolean holdsSpi(long[] s, int vcpu, int spi) {
        // ... or its kvm_notify_acked_irq is owed after a deactivation outside the LRs (6.19).
        if ((f.mmio[vcpu].get(s).namesSpi() && f.mmioSpi[vcpu].get(s) == spi) || r.replayAckSpi[vcpu].get(s) == spi) {
            return true;
        }
        for (int l = 0; l < topology.listRegisters(); l++) {
            if (f.lrUsed[vcpu][l].get(s) && f.lrSpi[vcpu][l].get(s) == spi
                    && (!f.lrState[vcpu][l].is(s, LrState.INVALID) || f.lrEoi[vcpu][l].get(s))) {
                return true;
            }
        }
        return false;
    }

    /** An SPI is in at most one list register of all vCPUs, and an SPI in an LR is on that vCPU's ap_list. */
    public boolean listRegistersWellFormed(long[] s) {
        int spis = topology.spis().size();
        if (spis > Long.SIZE) {
            return listRegistersWellFormedBySpi(s);
        }
        // One pass over the LRs (a claim checked on every state): each SPI held at most once, and
        // only by its ap_list owner.
        long held = 0;
        for (int v = 0; v < topology.vcpus(); v++) {
            for (int l = 0; l < topology.listRegisters(); l++) {
                if (!f.lrUsed[v][l].get(s)) {
                    continue;
                }
                int spi = f.lrSpi[v][l].get(s);
                if (spi < 0 || spi >= spis) {
                    continue;
                }
                if ((held & (1L << spi)) != 0 || dist.apListOwner[spi].get(s) != v) {
                    return false;
                }
                held |= 1L << spi;
            }
        }
        return true;
    }

    private boolean listRegistersWellFormedBySpi(long[] s) {
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            int holders = 0;
            for (int v = 0; v < topology.vcpus(); v++) {
                for (int l = 0; l < topology.listRegisters(); l++) {
                    if (f.lrUsed[v][l].get(s) && f.lrSpi[v][l].get(s) == spi) {
                        holders++;
                        if (dist.apListOwner[spi].get(s) != v) {
                            return false;
                        }
                    }
                }
            }
            if (holders > 1) {
                return false;
            }
        }
        return true;
    }

    /**
     * A guest handling the SPI on this vCPU holds it active in an LR while the VGIC has it active
     * on this vCPU's ap_list (unless an ICACTIVER write deactivated it behind the guest's back: it
     * may since have been acknowledged on another vCPU, whose list register then holds it).
     */
    public boolean handledSpiHeld(long[] s, int vcpu, int spi) {
        if (!f.mode[vcpu].is(s, VcpuMode.GUEST) || !dist.active[spi].get(s) || dist.apListOwner[spi].get(s) != vcpu) {
            return true;
        }
        // With LR overflow, only if it was given an LR at this entry (6.19 sorts pending
        // interrupts first, so an active one may stay outside the LRs).
        if (lrOverflowPossible && (r.lrSpisAtEntry[vcpu].get(s) & (1 << spi)) == 0) {
            return true;
        }
        for (int l = 0; l < topology.listRegisters(); l++) {
            LrState st = f.lrState[vcpu][l].get(s);
            if (f.lrUsed[vcpu][l].get(s) && f.lrSpi[vcpu][l].get(s) == spi
                    && (st == LrState.ACTIVE || st == LrState.PENDING_ACTIVE)) {
                return true;
            }
        }
        return false;
    }

    private void clearLr(long[] n, int vcpu, int lr) {
        f.lrAckHalfDone[vcpu][lr].set(n, false);
        f.lrAckGsi[vcpu][lr].set(n, 0);
        r.lrDeactivated[vcpu][lr].set(n, false);
        f.lrState[vcpu][lr].set(n, LrState.INVALID);
        f.lrSpi[vcpu][lr].set(n, 0);
        f.lrEoi[vcpu][lr].set(n, false);
        f.lrUsed[vcpu][lr].set(n, false);
    }

    private int gsiOf(long[] s, int vcpu, int lr) {
        return wiring.gsiOfSpi(s, f.lrSpi[vcpu][lr].get(s));
    }

    /**
     * vgic_flush_lr_state + vgic_v3_populate_lr: the ap_list IRQs {@link ListRegisterOverflow}
     * chooses get LRs, in order. Active -> LR active; level IRQs get the EOI bit and are never
     * pending+active; an edge's pending state moves into the LR (pending_latch := 0).
     */
    private void flushAndEnter(long[] n, int vcpu) {
        int next = 0;
        for (int spi : overflow.chooseAndConfigure(n, vcpu)) {
            boolean isActive = dist.active[spi].get(n);
            boolean pending = vgic.isPending(n, spi);
            boolean level = vgic.isLevel(n, spi);
            LrState state;
            if (isActive) {
                state = !level && pending ? LrState.PENDING_ACTIVE : LrState.ACTIVE;
            } else {
                state = LrState.PENDING;
            }
            if (!level && (state == LrState.PENDING || state == LrState.PENDING_ACTIVE)) {
                dist.pendingLatch[spi].set(n, false);
            }
            f.lrState[vcpu][next].set(n, state);
            f.lrSpi[vcpu][next].set(n, spi);
            f.lrEoi[vcpu][next].set(n, level);
            f.lrUsed[vcpu][next].set(n, true);
            next++;
        }
        f.kicked[vcpu].set(n, false);
        f.mode[vcpu].set(n, VcpuMode.GUEST);
    }

    /**
     * The 6.19 rework's steps after the LR folds: the EOIcount replay (vgic_v3_fold_lr_state), the
     * ICC_DIR_EL1 trap (access_gic_dir -> vgic_v3_deactivate), and the kvm_notify_acked_irq that
     * vgic_v3_fold_lr makes for an interrupt either of them deactivated outside the LRs.
     */
    private List<Rule> reworkRules(int vcpu) {
        List<Rule> rules = new ArrayList<>();
        // vgic_v3_fold_lr_state: while eoicount, take the next active ap_list entry of this vCPU
        // (from the head, or after last_lr_irq), vgic_v3_fold_lr a pseudo-LR without the active
        // bit, eoicount--. One entry per step, each after the previous one's notification.
        rules.add(Rule.of("vgic_v3_fold_lr_state: EOIcount replay (vgic_v3_fold_lr of a pseudo-LR): vcpu " + vcpu,
                s -> f.mode[vcpu].is(s, VcpuMode.NOTIFY_AFTER_FOLD) && !anyAckPending(s, vcpu)
                        && r.replayAckSpi[vcpu].get(s) < 0 && r.eoiCount[vcpu].get(s) > 0,
                (s, n) -> {
                    int spi = overflow.nextReplay(s, vcpu);
                    if (spi < 0) {
                        r.eoiCount[vcpu].set(n, 0);
                        return;
                    }
                    oweNotification(s, n, vcpu, spi);
                    r.eoiCount[vcpu].set(n, r.eoiCount[vcpu].get(s) - 1);
                }));
        // access_gic_dir -> vgic_v3_deactivate, after this vCPU's sync (its own LRs are folded):
        // not on any ap_list: nothing; on an LR of a vCPU that has not folded it yet (on_lr): "big
        // hammer", vgic_mmio_write_cactive; otherwise fold a pseudo-LR without the active bit (its
        // kvm_notify_acked_irq follows) and kvm_make_request(KVM_REQ_VGIC_PROCESS_UPDATE, owner).
        rules.add(Rule.of("access_gic_dir -> vgic_v3_deactivate (ICC_DIR_EL1 trap): vcpu " + vcpu,
                s -> f.mode[vcpu].is(s, VcpuMode.HOST) && f.mmio[vcpu].is(s, MmioOp.DEACTIVATE),
                (s, n) -> {
                    int spi = f.mmioSpi[vcpu].get(s);
                    int owner = dist.apListOwner[spi].get(s);
                    if (owner >= 0 && onLrUnfolded(s, spi)) {
                        // vgic_mmio_write_cactive, then the prune request all the same.
                        f.mmio[vcpu].set(n, MmioOp.CLEAR_ACTIVE);
                        r.processUpdate[owner].set(n, true);
                        return;
                    }
                    if (owner >= 0) {
                        oweNotification(s, n, vcpu, spi);
                        r.processUpdate[owner].set(n, true);
                    }
                    endMmio(n, vcpu);
                }));
        // check_vcpu_requests -> kvm_vgic_process_async_update: the owner prunes its ap_list in
        // the host, before it enters the guest again (a request does not kick a running vCPU).
        rules.add(Rule.of("kvm_vgic_process_async_update -> vgic_prune_ap_list: vcpu " + vcpu,
                s -> f.mode[vcpu].is(s, VcpuMode.HOST) && r.processUpdate[vcpu].get(s) && f.mmio[vcpu].is(s, MmioOp.NONE)
                        && !notificationOwedOnListOf(s, vcpu),
                (s, n) -> {
                    pruneApList(n, vcpu);
                    r.processUpdate[vcpu].set(n, false);
                }));
        rules.add(Rule.of("kvm_notify_acked_irq -> irqfd_resampler_ack: " + irqfds.firstHalfName()
                        + " (vcpu " + vcpu + ", deactivated outside the LRs)",
                s -> replayAckDue(s, vcpu) && !r.replayAckHalfDone[vcpu].get(s) && irqfds.hasResampler(s, replayGsi(s, vcpu)),
                (s, n) -> {
                    int gsi = replayGsi(s, vcpu);
                    irqfds.resamplerAckFirstHalf(n, gsi);
                    r.replayAckHalfDone[vcpu].set(n, true);
                    r.replayAckGsi[vcpu].set(n, gsi);
                }));
        rules.add(Rule.of("kvm_notify_acked_irq -> irqfd_resampler_ack: " + irqfds.secondHalfName()
                        + " (vcpu " + vcpu + ", deactivated outside the LRs)",
                s -> replayAckDue(s, vcpu) && r.replayAckHalfDone[vcpu].get(s),
                (s, n) -> {
                    irqfds.resamplerAckSecondHalf(n, r.replayAckGsi[vcpu].get(s));
                    replayNotified(n, vcpu);
                }));
        rules.add(Rule.of("kvm_notify_acked_irq: no ack notifier (vcpu " + vcpu + ", deactivated outside the LRs)",
                s -> replayAckDue(s, vcpu) && !r.replayAckHalfDone[vcpu].get(s) && !irqfds.hasResampler(s, replayGsi(s, vcpu)),
                (s, n) -> replayNotified(n, vcpu)));
        return rules;
    }

    // The notification of an interrupt deactivated outside the LRs is due: after the LR
    // notifications of a fold, or in the host after a DIR trap.
    private boolean replayAckDue(long[] s, int vcpu) {
        return r.replayAckSpi[vcpu].get(s) >= 0
                && ((f.mode[vcpu].is(s, VcpuMode.NOTIFY_AFTER_FOLD) && !anyAckPending(s, vcpu)) || f.mode[vcpu].is(s, VcpuMode.HOST));
    }

    // vgic_v3_fold_lr of the pseudo-LR: its kvm_notify_acked_irq (if due) is owed by this vCPU.
    private void oweNotification(long[] s, long[] n, int vcpu, int spi) {
        boolean wasActive = dist.active[spi].get(n);
        boolean signalsEoi = overflow.pseudoLrSignalsEoi(n, spi);
        if (overflow.foldDeactivated(n, spi)) {
            r.replayAckSpi[vcpu].set(n, spi);
            r.replayDeactivated[vcpu].set(n, wasActive && signalsEoi);
        }
    }

    // vgic_v3_deactivate makes the KVM_REQ_VGIC_PROCESS_UPDATE request after its notification:
    // the owner does not prune while some vCPU still owes one for an SPI on its ap_list.
    private boolean notificationOwedOnListOf(long[] s, int owner) {
        for (int w = 0; w < topology.vcpus(); w++) {
            int spi = r.replayAckSpi[w].get(s);
            if (spi >= 0 && dist.apListOwner[spi].get(s) == owner) {
                return true;
            }
        }
        return false;
    }

    private int replayGsi(long[] s, int vcpu) {
        return wiring.gsiOfSpi(s, r.replayAckSpi[vcpu].get(s));
    }

    private void replayNotified(long[] n, int vcpu) {
        if (r.replayDeactivated[vcpu].get(n)) {
            vgic.countActiveSpi(n, -1);
            r.replayDeactivated[vcpu].set(n, false);
        }
        r.replayAckSpi[vcpu].set(n, -1);
        r.replayAckHalfDone[vcpu].set(n, false);
        r.replayAckGsi[vcpu].set(n, 0);
    }

    // irq->on_lr: populated into an LR of a vCPU whose fold has not run yet.
    private boolean onLrUnfolded(long[] s, int spi) {
        for (int w = 0; w < topology.vcpus(); w++) {
            if (!f.mode[w].is(s, VcpuMode.GUEST) && !f.mode[w].is(s, modeAfterExit)) {
                continue;
            }
            for (int l = 0; l < topology.listRegisters(); l++) {
                if (f.lrUsed[w][l].get(s) && f.lrSpi[w][l].get(s) == spi) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * vgic_v3_fold_lr_state under each irq_lock: active follows the LR; an edge LR still pending
     * goes back to pending_latch; a level LR that is invalid clears pending_latch (line_level is
     * left alone: only the resampler lowers it). The LRs are then free, except, in the 6.19 fold
     * (vgic_v3_fold_lr), an EOI'd level LR whose IRQ was active at the last fold and is not now
     * ({@code deactivated}): it stays until its kvm_notify_acked_irq, which runs after the locks.
     */
    private void fold(long[] s, long[] n, int vcpu) {
        for (int l = 0; l < topology.listRegisters(); l++) {
            if (!f.lrUsed[vcpu][l].get(s)) {
                continue;
            }
            int spi = f.lrSpi[vcpu][l].get(s);
            LrState state = f.lrState[vcpu][l].get(s);
            dist.active[spi].set(n, state == LrState.ACTIVE || state == LrState.PENDING_ACTIVE);
            boolean lrPending = state == LrState.PENDING || state == LrState.PENDING_ACTIVE;
            if (!vgic.isLevel(s, spi) && lrPending) {
                dist.pendingLatch[spi].set(n, true);
            }
            if (vgic.isLevel(s, spi) && state == LrState.INVALID) {
                dist.pendingLatch[spi].set(n, false);
            }
            boolean deactivated = dist.active[spi].get(s) && state != LrState.ACTIVE && state != LrState.PENDING_ACTIVE;
            if (notifyAfterFold && notifies(deactivated) && signalsEoi(s, vcpu, l)) {
                // Kept until kvm_notify_acked_irq has run for it, after the lock section; then,
                // if `deactivated`, atomic_dec_if_positive(&active_spis) (notified()).
                r.lrDeactivated[vcpu][l].set(n, deactivated && overflow.reworked());
                continue;
            }
            clearLr(n, vcpu, l);
        }
        f.mode[vcpu].set(n, notifyAfterFold ? VcpuMode.NOTIFY_AFTER_FOLD : VcpuMode.PRUNE);
    }

    // vgic_v3_fold_lr's notify gate (6.19): `deactivated && lr_signals_eoi_mi(val)` as read, or
    // lr_signals_eoi_mi(val) alone under the proposed fix (the caller tests lr_signals_eoi_mi).
    private boolean notifies(boolean deactivated) {
        return foldNotify == FoldNotify.EOI_SIGNALLED || deactivated;
    }

    /**
     * vgic_prune_ap_list: an IRQ whose oracle is nowhere leaves the ap_list; one whose oracle is
     * another vCPU migrates there (and that vCPU is kicked); the rest stay.
     */
    private void prune(long[] n, int vcpu) {
        pruneApList(n, vcpu);
        f.mode[vcpu].set(n, VcpuMode.HOST);
    }

    private void pruneApList(long[] n, int vcpu) {
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            if (dist.apListOwner[spi].get(n) != vcpu) {
                continue;
            }
            int target = vgic.oracle(n, spi);
            if (target < 0) {
                dist.apListOwner[spi].set(n, -1);
            } else if (target != vcpu) {
                dist.apListOwner[spi].set(n, target);
                vgic.kick(n, target);
            }
        }
    }
}
