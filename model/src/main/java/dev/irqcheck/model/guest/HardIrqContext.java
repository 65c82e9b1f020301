package dev.irqcheck.model.guest;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.model.topology.GuestIrq;
import dev.irqcheck.model.variant.EoiMode;
import dev.irqcheck.model.variant.GuestDriver;
import java.util.ArrayList;
import java.util.List;

/**
 * A vCPU's hard-interrupt context in a Linux guest (GICv3; EOImode 0 at EL1, or EOImode 1): gic_handle_irq reads
 * ICV_IAR1 and calls handle_fasteoi_irq (kernel/irq/chip.c), which takes desc->lock, masks a
 * oneshot IRQ (mask_irq -> gic_mask_irq writes GICD_ICENABLER, which traps), drops the lock around
 * the handlers (handle_irq_event), re-takes it and EOIs (cond_unmask_eoi_irq -> gic_eoi_irq writes
 * ICV_EOIR1, which does not trap: the virtual CPU interface deactivates the LR, and KVM sees it at
 * the next exit). One priority level: interrupts do not nest.
 */
final class HardIrqContext {
    private final GuestActions a;
    // Each IRQ's driver, by position: Topology.guestIrqs() builds its list on every call.
    private final GuestDriver[] drivers;

    HardIrqContext(GuestActions actions) {
        this.a = actions;
        this.drivers = actions.topology.guestIrqs().stream().map(GuestIrq::driver).toArray(GuestDriver[]::new);
    }

    private GuestDriver driver(int spi) {
        return drivers[spi];
    }

    private boolean at(long[] s, int vcpu, HardIrqStage stage) {
        return a.g.handlingSpi[vcpu].get(s) >= 0 && a.g.hardIrq[vcpu].is(s, stage);
    }

    List<Rule> rules(int vcpu, List<Rule> acknowledges) {
        var g = a.g;
        List<Rule> rules = new ArrayList<>();
        // icv_iar_read -> icv_activate_irq: the first pending LR becomes active and its INTID is
        // returned. The marker records an acknowledge while no device routed to it needs service.
        Rule acknowledge = Rule.of("guest " + a.chip.acknowledgeName() + ": acknowledge, vcpu " + vcpu,
                s -> g.handlingSpi[vcpu].get(s) < 0 && a.inGuest(s, vcpu) && a.chip.hasDeliverable(s, vcpu),
                (s, n) -> {
                    int spi = a.chip.acknowledge(s, n, vcpu);
                    if (spi < 0) {
                        // A spurious interrupt with no handler, which the chip completes (the 8259's IRQ 15).
                        return;
                    }
                    g.handlingSpi[vcpu].set(n, spi);
                    g.hardIrq[vcpu].set(n, HardIrqStage.ACKED);
                    a.chip.observeAcknowledge(s, n, spi, a.anyDeviceNeedsService(s, spi));
                });
        rules.add(acknowledge);
        acknowledges.add(acknowledge);
        // handle_fasteoi_irq under desc->lock: !irq_may_run (IRQD_IRQ_INPROGRESS on another CPU,
        // e.g. after an ICACTIVER or ICFGR write re-delivered the SPI elsewhere): no handler, no
        // mask, straight to the EOI (goto out).
        rules.add(Rule.of("guest handle_fasteoi_irq: !irq_may_run (in progress elsewhere), no handler, vcpu " + vcpu,
                s -> takesDescLock(s, vcpu) && fasteoi(s, vcpu) && a.handlerInProgressElsewhere(s, g.handlingSpi[vcpu].get(s), vcpu),
                (s, n) -> g.hardIrq[vcpu].set(n, HardIrqStage.NO_HANDLER_EOI)));
        // A disabled IRQ (disable_irq) is masked if it is not yet, marked IRQS_PENDING, and EOI'd
        // without running a handler (goto out). IRQS_PENDING only matters for an edge IRQ (enable_irq
        // replays it); a level one's is cleared unused by check_irq_resend, so it is not tracked.
        rules.add(Rule.of("guest handle_fasteoi_irq: irqd_irq_disabled, mask_irq, no handler, vcpu " + vcpu,
                s -> mayRun(s, vcpu) && fasteoi(s, vcpu) && g.disabled[g.handlingSpi[vcpu].get(s)].get(s),
                (s, n) -> {
                    int spi = g.handlingSpi[vcpu].get(s);
                    g.hardIrq[vcpu].set(n, HardIrqStage.NO_HANDLER_EOI);
                    if (a.configuredEdge(spi)) {
                        g.replayPending[spi].set(n, true);
                    }
                    maskIrq(s, n, vcpu, spi);
                }));
        // IRQS_ONESHOT: mask_irq before the handlers (a trapped GICD_ICENABLER if not masked yet;
        // desc->lock is held until KVM completes it), then handle_irq_event.
        rules.add(Rule.of("guest handle_fasteoi_irq: IRQS_ONESHOT, mask_irq (" + a.chip.maskName() + ", traps), vcpu " + vcpu,
                s -> mayRun(s, vcpu) && fasteoi(s, vcpu) && !g.disabled[g.handlingSpi[vcpu].get(s)].get(s)
                        && driver(g.handlingSpi[vcpu].get(s)) == GuestDriver.ONESHOT_THREADED,
                (s, n) -> {
                    int spi = g.handlingSpi[vcpu].get(s);
                    g.hardIrq[vcpu].set(n, HardIrqStage.IN_HANDLER);
                    g.replayPending[spi].set(n, false);
                    maskIrq(s, n, vcpu, spi);
                }));
        rules.add(Rule.of("guest handle_fasteoi_irq -> handle_irq_event (IRQD_IRQ_INPROGRESS), vcpu " + vcpu,
                s -> mayRun(s, vcpu) && fasteoi(s, vcpu) && !g.disabled[g.handlingSpi[vcpu].get(s)].get(s)
                        && driver(g.handlingSpi[vcpu].get(s)) != GuestDriver.ONESHOT_THREADED,
                (s, n) -> {
                    // handle_irq_event clears IRQS_PENDING: this run handles what was pending.
                    g.hardIrq[vcpu].set(n, HardIrqStage.IN_HANDLER);
                    g.replayPending[g.handlingSpi[vcpu].get(s)].set(n, false);
                }));
        // The handlers, with desc->lock dropped: a normal (or polling driver's) ISR reads each
        // device's status and clears its condition.
        rules.add(Rule.of("guest ISR services devices, vcpu " + vcpu,
                s -> at(s, vcpu, HardIrqStage.IN_HANDLER) && a.inGuest(s, vcpu)
                        && driver(g.handlingSpi[vcpu].get(s)) != GuestDriver.ONESHOT_THREADED,
                (s, n) -> {
                    g.hardIrq[vcpu].set(n, HardIrqStage.HANDLED);
                    a.service(s, n, g.handlingSpi[vcpu].get(s), vcpu);
                }));
        // A oneshot driver's primary handler returns IRQ_WAKE_THREAD: __irq_wake_thread sets
        // IRQTF_RUNTHREAD (a no-op if already set) and counts threads_oneshot and threads_active.
        rules.add(Rule.of("guest primary handler: IRQ_WAKE_THREAD, vcpu " + vcpu,
                s -> at(s, vcpu, HardIrqStage.IN_HANDLER) && a.inGuest(s, vcpu)
                        && driver(g.handlingSpi[vcpu].get(s)) == GuestDriver.ONESHOT_THREADED,
                (s, n) -> {
                    int spi = g.handlingSpi[vcpu].get(s);
                    g.hardIrq[vcpu].set(n, HardIrqStage.HANDLED);
                    ThreadStage t = g.thread[spi].get(s);
                    g.thread[spi].set(n, t == ThreadStage.IDLE ? ThreadStage.WOKEN
                            : t == ThreadStage.RAN ? ThreadStage.RAN_WOKEN : t);
                }));
        // desc->lock re-taken: IRQD_IRQ_INPROGRESS cleared and the EOI (cond_unmask_eoi_irq, or the
        // `out:` EOI of a disabled IRQ). A oneshot IRQ stays masked: threads_oneshot is set until
        // the thread's irq_finalize_oneshot, which waits for this step. The chip's EOI: on GICv3
        // EOImode 0 gic_eoi_irq writes ICV_EOIR1 (priority drop and deactivation); EOImode 1
        // gic_eoimode1_eoi_irq writes ICC_DIR_EL1 (the priority dropped at the acknowledge); on x86
        // the trapped LAPIC EOI.
        rules.add(Rule.of("guest " + a.chip.eoiName() + ", vcpu " + vcpu,
                s -> (at(s, vcpu, HardIrqStage.HANDLED) || at(s, vcpu, HardIrqStage.NO_HANDLER_EOI))
                        && fasteoi(s, vcpu) && a.inGuest(s, vcpu)
                        && !a.descLockedByOther(s, g.handlingSpi[vcpu].get(s), vcpu),
                (s, n) -> {
                    a.chip.endOfInterrupt(s, n, vcpu, g.handlingSpi[vcpu].get(s));
                    g.handlingSpi[vcpu].set(n, -1);
                    g.hardIrq[vcpu].set(n, HardIrqStage.ACKED);
                }));
        if (anyIrq(a.chip::edgeFlow)) {
            rules.addAll(edgeFlowRules(vcpu));
        }
        // Every step after the acknowledge has an IRQ in hand: one gate for all of them, which
        // the search tests once per state (none of them is in another list, so wrapping is safe).
        StatePredicate inHand = s -> g.handlingSpi[vcpu].get(s) >= 0;
        List<Rule> gated = new ArrayList<>(rules.size());
        for (Rule rule : rules) {
            gated.add(rule == acknowledge ? rule : Rule.gated(inHand, rule));
        }
        // handle_level_irq's steps (the 8259) stay ungated: only chips with such IRQs have them.
        if (anyIrq(a.chip::levelFlow)) {
            gated.addAll(levelFlowRules(vcpu));
        }
        return gated;
    }

    /**
     * handle_level_irq (kernel/irq/chip.c), for the 8259's lines: under desc->lock, mask_ack_irq
     * (the chip's irq_mask_ack, then irq_state_set_masked) comes first, so the EOI reaches the
     * interrupt controller before any handler ran; then {@code if (!irq_may_run(desc)) goto
     * out_unlock;}, a disabled IRQ gets IRQS_PENDING and no handler, otherwise handle_irq_event runs
     * the handlers (the ISR and primary-handler rules above) with the lock dropped, and
     * cond_unmask_irq unmasks {@code if (!irqd_irq_disabled && irqd_irq_masked &&
     * !desc->threads_oneshot)}: a oneshot IRQ whose thread was woken stays masked until
     * irq_finalize_oneshot. irq_may_run and the disabled test are decided with the mask_ack: desc->lock
     * is held from the entry to there, so nothing changes them in between.
     */
    private List<Rule> levelFlowRules(int vcpu) {
        var g = a.g;
        Rule maskAck = Rule.of("guest handle_level_irq: mask_ack_irq (irq_mask_ack traps), vcpu " + vcpu,
                s -> takesDescLock(s, vcpu) && level(s, vcpu),
                (s, n) -> {
                    int irq = g.handlingSpi[vcpu].get(s);
                    g.masked[irq].set(n, true);
                    a.chip.maskAck(n, vcpu, irq);
                    boolean disabled = g.disabled[irq].get(s);
                    if (a.handlerInProgressElsewhere(s, irq, vcpu) || disabled) {
                        // goto out_unlock: nothing more to write, the EOI went with the mask_ack.
                        if (disabled && a.configuredEdge(irq)) {
                            g.replayPending[irq].set(n, true);
                        }
                        g.handlingSpi[vcpu].set(n, -1);
                        g.hardIrq[vcpu].set(n, HardIrqStage.ACKED);
                        return;
                    }
                    g.hardIrq[vcpu].set(n, HardIrqStage.IN_HANDLER);
                    g.replayPending[irq].set(n, false);
                });
        Rule condUnmask = Rule.of("guest handle_level_irq: cond_unmask_irq (desc->lock re-taken), vcpu " + vcpu,
                s -> a.inGuest(s, vcpu) && level(s, vcpu) && at(s, vcpu, HardIrqStage.HANDLED)
                        && !a.descLockedByOther(s, g.handlingSpi[vcpu].get(s), vcpu),
                (s, n) -> {
                    int irq = g.handlingSpi[vcpu].get(s);
                    // threads_oneshot is set from the primary handler's IRQ_WAKE_THREAD until
                    // irq_finalize_oneshot, which is when the thread is back to IDLE.
                    boolean threadsOneshot = !g.thread[irq].is(s, ThreadStage.IDLE);
                    if (!g.disabled[irq].get(s) && g.masked[irq].get(s) && !threadsOneshot) {
                        g.masked[irq].set(n, false);
                        a.chip.unmask(n, vcpu, irq);
                    }
                    g.handlingSpi[vcpu].set(n, -1);
                    g.hardIrq[vcpu].set(n, HardIrqStage.ACKED);
                });
        return List.of(maskAck, condUnmask);
    }

    // The IRQ in hand is handled by handle_level_irq (the 8259's lines).
    private boolean level(long[] s, int vcpu) {
        return inHand(s, vcpu, a.chip::levelFlow);
    }

    // ... by handle_fasteoi_irq: neither handle_edge_irq nor handle_level_irq.
    private boolean fasteoi(long[] s, int vcpu) {
        return inHand(s, vcpu, irq -> !a.chip.edgeFlow(irq) && !a.chip.levelFlow(irq));
    }

    private boolean inHand(long[] s, int vcpu, java.util.function.IntPredicate flow) {
        int irq = a.g.handlingSpi[vcpu].get(s);
        return irq >= 0 && flow.test(irq);
    }

    private boolean anyIrq(java.util.function.IntPredicate flow) {
        for (int irq = 0; irq < a.topology.guestIrqs().size(); irq++) {
            if (flow.test(irq)) {
                return true;
            }
        }
        return false;
    }

    /**
     * handle_edge_irq (kernel/irq/chip.c), for x86's edge IOAPIC pins: under desc->lock the chip's
     * irq_ack (apic_ack_irq -> apic_eoi, the LAPIC EOI, which traps when KVM must see it) comes
     * first, then handle_irq_event runs the handlers with the lock dropped; IRQS_ONESHOT is not
     * masked (irq_finalize_oneshot then finds the IRQ unmasked and writes nothing). The handlers are
     * the rules above (ISR, primary handler). A disabled IRQ: {@code if (irqd_irq_disabled(...) ||
     * !desc->action) { desc->istate |= IRQS_PENDING; mask_ack_irq(desc); goto out_unlock; }};
     * ioapic_chip has no irq_mask_ack, so mask_ack_irq is mask_irq (an RTE write if not yet masked)
     * and then irq_ack (the LAPIC EOI), two accesses in program order under desc->lock.
     * Abstracted: the IRQS_PENDING replay loop and the !irq_may_run path (also mask_ack_irq), which
     * need the IRQ in progress on another CPU: on x86 here every delivery of a pin, the retrigger
     * IPI included, goes to its one destination vCPU, whose interrupts do not nest.
     */
    private List<Rule> edgeFlowRules(int vcpu) {
        var g = a.g;
        Rule ack = Rule.of("guest handle_edge_irq: irq_ack (" + a.chip.eoiName() + ") -> handle_irq_event, vcpu " + vcpu,
                s -> mayRun(s, vcpu) && edge(s, vcpu) && !g.disabled[g.handlingSpi[vcpu].get(s)].get(s),
                (s, n) -> {
                    int irq = g.handlingSpi[vcpu].get(s);
                    g.hardIrq[vcpu].set(n, HardIrqStage.IN_HANDLER);
                    g.replayPending[irq].set(n, false);
                    a.chip.endOfInterrupt(s, n, vcpu, irq);
                });
        Rule done = Rule.of("guest handle_edge_irq: handlers returned (IRQD_IRQ_INPROGRESS cleared), vcpu " + vcpu,
                s -> at(s, vcpu, HardIrqStage.HANDLED) && edge(s, vcpu) && a.inGuest(s, vcpu)
                        && !a.descLockedByOther(s, g.handlingSpi[vcpu].get(s), vcpu),
                (s, n) -> {
                    g.handlingSpi[vcpu].set(n, -1);
                    g.hardIrq[vcpu].set(n, HardIrqStage.ACKED);
                });
        // The disabled path: IRQS_PENDING (enable_irq replays it) and mask_ack_irq's mask_irq; the
        // lock stays held (NO_HANDLER_EOI) until its irq_ack.
        Rule disabled = Rule.of("guest handle_edge_irq: irqd_irq_disabled, IRQS_PENDING, mask_ack_irq: mask_irq ("
                        + a.chip.maskName() + ", traps), vcpu " + vcpu,
                s -> mayRun(s, vcpu) && edge(s, vcpu) && g.disabled[g.handlingSpi[vcpu].get(s)].get(s),
                (s, n) -> {
                    int irq = g.handlingSpi[vcpu].get(s);
                    g.hardIrq[vcpu].set(n, HardIrqStage.NO_HANDLER_EOI);
                    g.replayPending[irq].set(n, true);
                    maskIrq(s, n, vcpu, irq);
                });
        Rule ackDisabled = Rule.of("guest handle_edge_irq: mask_ack_irq: irq_ack (" + a.chip.eoiName() + "), no handler, vcpu " + vcpu,
                s -> a.inGuest(s, vcpu) && edge(s, vcpu) && at(s, vcpu, HardIrqStage.NO_HANDLER_EOI),
                (s, n) -> {
                    a.chip.endOfInterrupt(s, n, vcpu, g.handlingSpi[vcpu].get(s));
                    g.handlingSpi[vcpu].set(n, -1);
                    g.hardIrq[vcpu].set(n, HardIrqStage.ACKED);
                });
        return List.of(ack, done, disabled, ackDisabled);
    }

    // The IRQ in hand is handled by handle_edge_irq (x86 edge pin), not handle_fasteoi_irq.
    private boolean edge(long[] s, int vcpu) {
        return inHand(s, vcpu, a.chip::edgeFlow);
    }

    // handle_fasteoi_irq's entry: the acknowledged IRQ's desc->lock is free for this vCPU to take.
    private boolean takesDescLock(long[] s, int vcpu) {
        return at(s, vcpu, HardIrqStage.ACKED) && a.inGuest(s, vcpu) && !a.descLocked(s, a.g.handlingSpi[vcpu].get(s));
    }

    // ... and irq_may_run: no other CPU is inside handle_irq_event for it.
    private boolean mayRun(long[] s, int vcpu) {
        return takesDescLock(s, vcpu) && !a.handlerInProgressElsewhere(s, a.g.handlingSpi[vcpu].get(s), vcpu);
    }

    // mask_irq: only when IRQD_IRQ_MASKED is clear does gic_mask_irq write GICD_ICENABLER (traps).
    private void maskIrq(long[] s, long[] n, int vcpu, int spi) {
        if (!a.g.masked[spi].get(s)) {
            a.g.masked[spi].set(n, true);
            a.chip.mask(n, vcpu, spi);
        }
    }
}
