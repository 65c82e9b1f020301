package dev.irqcheck.model.guest;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Wiring;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VcpuMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest on each vCPU: acknowledge (ICV_IAR), the Linux handle_fasteoi_irq flow, and EOI with
 * EOImode 0 (ICV_EOIR drops priority and deactivates; a Linux guest at EL1 uses EOImode 0). The
 * driver is per SPI: a normal ISR that services every device on the line, or a oneshot threaded
 * handler whose mask and unmask are trapped distributor writes. Abstracted: one priority level (no
 * nesting), interrupts never masked at the CPU, the irq thread runs on the same vCPU.
 */
public final class GuestCpu {
    private final Topology topology;
    private final InterruptLayout f;
    private final Wiring wiring;
    private final VcpuMode trapMode;

    /** @param trapMode the run-loop mode a trapped write leaves the guest in (the exit's sync) */
    public GuestCpu(Topology topology, InterruptLayout fields, VcpuMode trapMode) {
        this.topology = topology;
        this.f = fields;
        this.wiring = new Wiring(topology, fields.reroutesApplied);
        this.trapMode = trapMode;
    }

    private boolean oneshot(int spi) {
        return topology.spis().get(spi).driver() == GuestDriver.ONESHOT_THREADED;
    }

    private boolean inGuest(long[] s, int vcpu) {
        return f.mode[vcpu].is(s, VcpuMode.GUEST);
    }

    // The guest writes a distributor register: the access traps, the vCPU exits, and the vCPU
    // thread handles the write after the sync.
    private void trap(long[] n, int vcpu, MmioOp op, int spi) {
        f.mmio[vcpu].set(n, op);
        f.mmioSpi[vcpu].set(n, spi);
        f.mode[vcpu].set(n, trapMode);
    }

    private final List<Rule> acknowledges = new ArrayList<>();
    private final List<Rule> adversarial = new ArrayList<>();

    /**
     * Guest steps no liveness claim assumes fair: polling (a driver need not poll) and arbitrary
     * distributor writes. Valid after {@link #rules()}.
     */
    public List<Rule> adversarialRules() {
        return List.copyOf(adversarial);
    }

    /** The acknowledge (IAR) rules, one per vCPU: what a storm repeats. Valid after {@link #rules()}. */
    public List<Rule> acknowledgeRules() {
        return List.copyOf(acknowledges);
    }

    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        acknowledges.clear();
        adversarial.clear();
        for (int v = 0; v < topology.vcpus(); v++) {
            int vcpu = v;
            // icv_iar_read -> icv_activate_irq: the first pending LR becomes active and its INTID is
            // returned. The marker records an acknowledge while no device routed to it needs service.
            Rule acknowledge = Rule.of("guest IAR (icv_iar_read): acknowledge, vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.GUEST) && f.handlingSpi[vcpu].get(s) < 0
                            && firstPendingLr(s, vcpu) >= 0,
                    (s, n) -> {
                        int lr = firstPendingLr(s, vcpu);
                        int spi = f.lrSpi[vcpu][lr].get(s);
                        f.lrState[vcpu][lr].set(n, LrState.ACTIVE);
                        f.handlingSpi[vcpu].set(n, spi);
                        f.serviced[vcpu].set(n, false);
                        // The strict form excludes an acknowledge owed to a software pending state (a
                        // guest ISPENDR): on a level SPI only that sets pending_latch.
                        boolean softwarePending = !f.spiEdge[spi].get(s) && f.pendingLatch[spi].get(s);
                        if (!anyDeviceNeedsService(s, spi) && !softwarePending) {
                            f.spuriousAck[spi].set(n, true);
                            if (f.staleLevel[spi].get(s)) {
                                f.staleAck[spi].set(n, true);
                            }
                        }
                    });
            rules.add(acknowledge);
            acknowledges.add(acknowledge);
            // handle_fasteoi_irq -> handle_irq_event: the driver's ISR reads each device's status
            // and clears its condition.
            rules.add(Rule.of("guest handle_fasteoi_irq: ISR services devices, vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.GUEST) && f.handlingSpi[vcpu].get(s) >= 0
                            && !oneshot(f.handlingSpi[vcpu].get(s)) && !f.serviced[vcpu].get(s),
                    (s, n) -> {
                        service(s, n, f.handlingSpi[vcpu].get(s), vcpu);
                        f.serviced[vcpu].set(n, true);
                    }));
            // cond_unmask_eoi_irq -> gic_eoi_irq -> icv_eoir_write, EOImode 0: the active LR for
            // this INTID is deactivated (active -> invalid, pending+active -> pending).
            // Oneshot: handle_fasteoi_irq masks first (IRQS_ONESHOT -> mask_irq -> gic_mask_irq writes
            // GICD_ICENABLER, which traps).
            rules.add(Rule.of("guest handle_fasteoi_irq: mask_irq (GICD_ICENABLER, traps), vcpu " + v,
                    s -> inGuest(s, vcpu) && f.handlingSpi[vcpu].get(s) >= 0 && oneshot(f.handlingSpi[vcpu].get(s))
                            && f.oneshot[vcpu].is(s, OneshotStage.NONE),
                    (s, n) -> {
                        f.oneshot[vcpu].set(n, OneshotStage.MASKED);
                        trap(n, vcpu, MmioOp.CLEAR_ENABLE, f.handlingSpi[vcpu].get(s));
                    }));
            // The primary handler returns IRQ_WAKE_THREAD; cond_unmask_eoi_irq EOIs at once and leaves
            // the IRQ masked for the thread.
            rules.add(Rule.of("guest cond_unmask_eoi_irq: EOIR, wake the irq thread, vcpu " + v,
                    s -> inGuest(s, vcpu) && f.handlingSpi[vcpu].get(s) >= 0 && f.oneshot[vcpu].is(s, OneshotStage.MASKED)
                            && activeLrOf(s, vcpu, f.handlingSpi[vcpu].get(s)) >= 0,
                    (s, n) -> {
                        int spi = f.handlingSpi[vcpu].get(s);
                        deactivate(s, n, vcpu, spi);
                        f.oneshot[vcpu].set(n, OneshotStage.THREAD_PENDING);
                        f.threadSpi[vcpu].set(n, spi);
                    }));
            rules.add(Rule.of("guest irq thread: services devices, vcpu " + v,
                    s -> inGuest(s, vcpu) && f.oneshot[vcpu].is(s, OneshotStage.THREAD_PENDING),
                    (s, n) -> {
                        service(s, n, f.threadSpi[vcpu].get(s), vcpu);
                        f.oneshot[vcpu].set(n, OneshotStage.THREAD_DONE);
                    }));
            // irq_finalize_oneshot -> unmask_threaded_irq -> gic_unmask_irq writes GICD_ISENABLER (traps).
            rules.add(Rule.of("guest irq_finalize_oneshot: unmask (GICD_ISENABLER, traps), vcpu " + v,
                    s -> inGuest(s, vcpu) && f.oneshot[vcpu].is(s, OneshotStage.THREAD_DONE),
                    (s, n) -> {
                        int spi = f.threadSpi[vcpu].get(s);
                        f.oneshot[vcpu].set(n, OneshotStage.NONE);
                        f.threadSpi[vcpu].set(n, 0);
                        trap(n, vcpu, MmioOp.SET_ENABLE, spi);
                    }));
            // A polling driver services its devices outside any interrupt.
            Rule poll = Rule.of("guest driver polls and services its devices, vcpu " + v,
                    s -> inGuest(s, vcpu) && pollableConditionOutstanding(s, vcpu),
                    (s, n) -> {
                        for (int spi = 0; spi < topology.spis().size(); spi++) {
                            if (topology.spis().get(spi).driver() == GuestDriver.POLLING_ISR
                                    && topology.spis().get(spi).targetVcpu() == vcpu) {
                                service(s, n, spi, vcpu);
                            }
                        }
                    });
            rules.add(poll);
            adversarial.add(poll);
            // Arbitrary guest writes to the distributor (bounded): each traps like any MMIO write.
            // A guest that masks an SPI owes the unmask (disable_irq/enable_irq pairs): that
            // re-enable is a fair guest step, so a masked SPI is not lost by design.
            if (topology.bounds().distributorWrites() > 0 || topology.bounds().activeWrites() > 0
                    || topology.bounds().configWrites() > 0) {
                for (int spi = 0; spi < topology.spis().size(); spi++) {
                    int target = spi;
                    String intid = Integer.toString(topology.spis().get(spi).intid());
                    for (MmioOp op : new MmioOp[] {MmioOp.CLEAR_ENABLE, MmioOp.SET_PENDING, MmioOp.CLEAR_PENDING}) {
                        Rule write = Rule.of("guest writes " + registerOf(op) + " for SPI " + intid + " (traps), vcpu " + v,
                                s -> canTrapWithin(s, vcpu, f.distributorWritesLeft)
                                        && !(op == MmioOp.CLEAR_ENABLE && f.guestMasked[target].get(s)),
                                (s, n) -> {
                                    spend(s, n, f.distributorWritesLeft);
                                    if (op == MmioOp.CLEAR_ENABLE) {
                                        f.guestMasked[target].set(n, true);
                                    }
                                    trap(n, vcpu, op, target);
                                });
                        rules.add(write);
                        adversarial.add(write);
                    }
                    if (topology.bounds().configWrites() > 0) {
                        // A guest rewriting the SPI's trigger configuration while it is live (bounded).
                        Rule flip = Rule.of("guest writes GICD_ICFGR for SPI " + intid + " (flip level/edge, traps), vcpu " + v,
                                s -> canTrapWithin(s, vcpu, f.configWritesLeft),
                                (s, n) -> {
                                    spend(s, n, f.configWritesLeft);
                                    trap(n, vcpu, MmioOp.TOGGLE_CONFIG, target);
                                });
                        rules.add(flip);
                        adversarial.add(flip);
                    }
                    if (topology.bounds().activeWrites() > 0) {
                        // A guest deactivating through GICD_ICACTIVER instead of EOI (bounded).
                        Rule deactivate = Rule.of("guest writes GICD_ICACTIVER for SPI " + intid + " (traps, halts all vCPUs), vcpu " + v,
                                s -> canTrapWithin(s, vcpu, f.activeWritesLeft),
                                (s, n) -> {
                                    spend(s, n, f.activeWritesLeft);
                                    trap(n, vcpu, MmioOp.CLEAR_ACTIVE, target);
                                    haltOthers(n, vcpu);
                                });
                        rules.add(deactivate);
                        adversarial.add(deactivate);
                        // A guest activating an SPI it does not handle (e.g. restoring saved state)
                        // owes the deactivation, which is then a fair guest step.
                        Rule activate = Rule.of("guest writes GICD_ISACTIVER for SPI " + intid + " (traps, halts all vCPUs), vcpu " + v,
                                s -> canTrapWithin(s, vcpu, f.activeWritesLeft)
                                        && !f.guestActivated[target].get(s),
                                (s, n) -> {
                                    spend(s, n, f.activeWritesLeft);
                                    f.guestActivated[target].set(n, true);
                                    trap(n, vcpu, MmioOp.SET_ACTIVE, target);
                                    haltOthers(n, vcpu);
                                });
                        rules.add(activate);
                        adversarial.add(activate);
                        // Program order: the owed write follows the activating write's completion,
                        // which may have been issued on another vCPU.
                        rules.add(Rule.of("guest deactivates the SPI it activated, " + intid + " (GICD_ICACTIVER, traps), vcpu " + v,
                                s -> inGuest(s, vcpu) && f.mmio[vcpu].is(s, MmioOp.NONE) && f.guestActivated[target].get(s)
                                        && !activationInFlight(s, target),
                                (s, n) -> {
                                    f.guestActivated[target].set(n, false);
                                    trap(n, vcpu, MmioOp.CLEAR_ACTIVE, target);
                                    haltOthers(n, vcpu);
                                }));
                    }
                    rules.add(Rule.of("guest re-enables SPI " + intid + " (GICD_ISENABLER, traps), vcpu " + v,
                            s -> inGuest(s, vcpu) && f.mmio[vcpu].is(s, MmioOp.NONE) && f.guestMasked[target].get(s),
                            (s, n) -> {
                                f.guestMasked[target].set(n, false);
                                trap(n, vcpu, MmioOp.SET_ENABLE, target);
                            }));
                }
            }
            rules.add(Rule.of("guest EOIR (icv_eoir_write): deactivate, vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.GUEST) && f.handlingSpi[vcpu].get(s) >= 0
                            && !oneshot(f.handlingSpi[vcpu].get(s))
                            && f.serviced[vcpu].get(s) && activeLrOf(s, vcpu, f.handlingSpi[vcpu].get(s)) >= 0,
                    (s, n) -> deactivate(s, n, vcpu, f.handlingSpi[vcpu].get(s))));
            // icv_eoir_write when no LR holds the INTID active (an ICACTIVER write deactivated it
            // behind the guest's back): the priority drop happens, nothing is deactivated (EOIcount).
            rules.add(Rule.of("guest EOIR (icv_eoir_write): no active LR, priority drop only, vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.GUEST) && f.handlingSpi[vcpu].get(s) >= 0
                            && (f.serviced[vcpu].get(s) || f.oneshot[vcpu].is(s, OneshotStage.MASKED))
                            && activeLrOf(s, vcpu, f.handlingSpi[vcpu].get(s)) < 0,
                    (s, n) -> {
                        int spi = f.handlingSpi[vcpu].get(s);
                        if (f.oneshot[vcpu].is(s, OneshotStage.MASKED)) {
                            f.oneshot[vcpu].set(n, OneshotStage.THREAD_PENDING);
                            f.threadSpi[vcpu].set(n, spi);
                        }
                        f.handlingSpi[vcpu].set(n, -1);
                        f.serviced[vcpu].set(n, false);
                    }));
        }
        return rules;
    }

    /** An adversarial register write: the vCPU is in the guest, has no access pending, and budget is left. */
    private boolean canTrapWithin(long[] s, int vcpu, IntField budget) {
        return inGuest(s, vcpu) && f.mmio[vcpu].is(s, MmioOp.NONE) && budget.get(s) > 0;
    }

    private boolean activationInFlight(long[] s, int spi) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (f.mmio[v].is(s, MmioOp.SET_ACTIVE) && f.mmioSpi[v].get(s) == spi) {
                return true;
            }
        }
        return false;
    }

    private static void spend(long[] s, long[] n, IntField budget) {
        budget.set(n, budget.get(s) - 1);
    }

    private static String registerOf(MmioOp op) {
        switch (op) {
            case CLEAR_ENABLE: return "GICD_ICENABLER";
            case SET_ENABLE: return "GICD_ISENABLER";
            case SET_PENDING: return "GICD_ISPENDR";
            case SET_ACTIVE: return "GICD_ISACTIVER";
            case CLEAR_ACTIVE: return "GICD_ICACTIVER";
            case TOGGLE_CONFIG: return "GICD_ICFGR (flip level/edge)";
            default: return "GICD_ICPENDR";
        }
    }

    // kvm_arm_halt_guest: every other vCPU is asked to exit (a kick).
    private void haltOthers(long[] n, int vcpu) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (v != vcpu) {
                f.kicked[v].set(n, true);
            }
        }
    }

    private boolean pollableConditionOutstanding(long[] s, int vcpu) {
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            if (topology.spis().get(spi).driver() == GuestDriver.POLLING_ISR
                    && topology.spis().get(spi).targetVcpu() == vcpu) {
                for (int d : wiring.devicesOfSpi(s, spi)) {
                    if (f.deviceCondition[d].get(s)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    // The driver reads each device's status and clears its condition. An emulated device's
    // registers are emulated by QEMU: the access traps, the vCPU exits (its sync runs), and QEMU
    // lowers the device's line before re-entry (the EMULATED_ACCESS trap).
    private void service(long[] s, long[] n, int spi, int vcpu) {
        boolean emulatedAccess = false;
        for (int d : wiring.devicesOfSpi(s, spi)) {
            f.deviceCondition[d].set(n, false);
            emulatedAccess |= f.qemuLineHigh[d].get(n);
        }
        // Observer: every device on the SPI is serviced now; a line still latched high was sampled
        // before that, so it is stale until the next sample.
        if (f.lineLevel[spi].get(n)) {
            f.staleLevel[spi].set(n, true);
        }
        if (emulatedAccess) {
            trap(n, vcpu, MmioOp.EMULATED_ACCESS, spi);
        }
    }

    // icv_eoir_write, EOImode 0: the active LR for this INTID is deactivated.
    private void deactivate(long[] s, long[] n, int vcpu, int spi) {
        int lr = activeLrOf(s, vcpu, spi);
        LrState state = f.lrState[vcpu][lr].get(s);
        f.lrState[vcpu][lr].set(n, state == LrState.PENDING_ACTIVE ? LrState.PENDING : LrState.INVALID);
        f.handlingSpi[vcpu].set(n, -1);
        f.serviced[vcpu].set(n, false);
    }

    private int firstPendingLr(long[] s, int vcpu) {
        for (int l = 0; l < topology.listRegisters(); l++) {
            if (f.lrUsed[vcpu][l].get(s) && f.lrState[vcpu][l].is(s, LrState.PENDING)) {
                return l;
            }
        }
        return -1;
    }

    private int activeLrOf(long[] s, int vcpu, int spi) {
        for (int l = 0; l < topology.listRegisters(); l++) {
            LrState st = f.lrState[vcpu][l].get(s);
            if (f.lrUsed[vcpu][l].get(s) && f.lrSpi[vcpu][l].get(s) == spi
                    && (st == LrState.ACTIVE || st == LrState.PENDING_ACTIVE)) {
                return l;
            }
        }
        return -1;
    }

    private boolean anyDeviceNeedsService(long[] s, int spi) {
        for (int d : wiring.devicesOfSpi(s, spi)) {
            if (f.deviceCondition[d].get(s)) {
                return true;
            }
        }
        return false;
    }
}
