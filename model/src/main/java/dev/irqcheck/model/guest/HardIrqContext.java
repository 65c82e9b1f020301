package dev.irqcheck.model.guest;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.vgic.MmioOp;
import java.util.ArrayList;
import java.util.List;

/**
 * A vCPU's hard-interrupt context in a Linux guest at EL1 (GICv3, EOImode 0): gic_handle_irq reads
 * ICV_IAR1 and calls handle_fasteoi_irq (kernel/irq/chip.c), which takes desc->lock, masks a
 * oneshot IRQ (mask_irq -> gic_mask_irq writes GICD_ICENABLER, which traps), drops the lock around
 * the handlers (handle_irq_event), re-takes it and EOIs (cond_unmask_eoi_irq -> gic_eoi_irq writes
 * ICV_EOIR1, which does not trap: the virtual CPU interface deactivates the LR, and KVM sees it at
 * the next exit). One priority level: interrupts do not nest.
 */
final class HardIrqContext {
    private final GuestActions a;

    HardIrqContext(GuestActions actions) {
        this.a = actions;
    }

    private GuestDriver driver(int spi) {
        return a.topology.spis().get(spi).driver();
    }

    private boolean at(long[] s, int vcpu, HardIrqStage stage) {
        return a.g.handlingSpi[vcpu].get(s) >= 0 && a.g.hardIrq[vcpu].is(s, stage);
    }

    List<Rule> rules(int vcpu, List<Rule> acknowledges) {
        var g = a.g;
        List<Rule> rules = new ArrayList<>();
        // icv_iar_read -> icv_activate_irq: the first pending LR becomes active and its INTID is
        // returned. The marker records an acknowledge while no device routed to it needs service.
        Rule acknowledge = Rule.of("guest IAR (icv_iar_read): acknowledge, vcpu " + vcpu,
                s -> a.inGuest(s, vcpu) && g.handlingSpi[vcpu].get(s) < 0 && a.cpu.firstPendingLr(s, vcpu) >= 0,
                (s, n) -> {
                    int spi = a.cpu.acknowledge(s, n, vcpu);
                    g.handlingSpi[vcpu].set(n, spi);
                    g.hardIrq[vcpu].set(n, HardIrqStage.ACKED);
                    a.vgic.observeAcknowledge(s, n, spi, a.anyDeviceNeedsService(s, spi));
                });
        rules.add(acknowledge);
        acknowledges.add(acknowledge);
        // handle_fasteoi_irq under desc->lock: !irq_may_run (IRQD_IRQ_INPROGRESS on another CPU,
        // e.g. after an ICACTIVER or ICFGR write re-delivered the SPI elsewhere): no handler, no
        // mask, straight to the EOI (goto out).
        rules.add(Rule.of("guest handle_fasteoi_irq: !irq_may_run (in progress elsewhere), no handler, vcpu " + vcpu,
                s -> takesDescLock(s, vcpu) && a.handlerInProgressElsewhere(s, g.handlingSpi[vcpu].get(s), vcpu),
                (s, n) -> g.hardIrq[vcpu].set(n, HardIrqStage.NO_HANDLER_EOI)));
        // A disabled IRQ (disable_irq) is masked if it is not yet, marked IRQS_PENDING, and EOI'd
        // without running a handler (goto out). IRQS_PENDING only matters for an edge IRQ (enable_irq
        // replays it); a level one's is cleared unused by check_irq_resend, so it is not tracked.
        rules.add(Rule.of("guest handle_fasteoi_irq: irqd_irq_disabled, mask_irq, no handler, vcpu " + vcpu,
                s -> mayRun(s, vcpu) && g.disabled[g.handlingSpi[vcpu].get(s)].get(s),
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
        rules.add(Rule.of("guest handle_fasteoi_irq: IRQS_ONESHOT, mask_irq (GICD_ICENABLER, traps), vcpu " + vcpu,
                s -> mayRun(s, vcpu) && !g.disabled[g.handlingSpi[vcpu].get(s)].get(s)
                        && driver(g.handlingSpi[vcpu].get(s)) == GuestDriver.ONESHOT_THREADED,
                (s, n) -> {
                    int spi = g.handlingSpi[vcpu].get(s);
                    g.hardIrq[vcpu].set(n, HardIrqStage.IN_HANDLER);
                    g.replayPending[spi].set(n, false);
                    maskIrq(s, n, vcpu, spi);
                }));
        rules.add(Rule.of("guest handle_fasteoi_irq -> handle_irq_event (IRQD_IRQ_INPROGRESS), vcpu " + vcpu,
                s -> mayRun(s, vcpu) && !g.disabled[g.handlingSpi[vcpu].get(s)].get(s)
                        && driver(g.handlingSpi[vcpu].get(s)) != GuestDriver.ONESHOT_THREADED,
                (s, n) -> {
                    // handle_irq_event clears IRQS_PENDING: this run handles what was pending.
                    g.hardIrq[vcpu].set(n, HardIrqStage.IN_HANDLER);
                    g.replayPending[g.handlingSpi[vcpu].get(s)].set(n, false);
                }));
        // The handlers, with desc->lock dropped: a normal (or polling driver's) ISR reads each
        // device's status and clears its condition.
        rules.add(Rule.of("guest ISR services devices, vcpu " + vcpu,
                s -> a.inGuest(s, vcpu) && at(s, vcpu, HardIrqStage.IN_HANDLER)
                        && driver(g.handlingSpi[vcpu].get(s)) != GuestDriver.ONESHOT_THREADED,
                (s, n) -> {
                    g.hardIrq[vcpu].set(n, HardIrqStage.HANDLED);
                    a.service(s, n, g.handlingSpi[vcpu].get(s), vcpu);
                }));
        // A oneshot driver's primary handler returns IRQ_WAKE_THREAD: __irq_wake_thread sets
        // IRQTF_RUNTHREAD (a no-op if already set) and counts threads_oneshot and threads_active.
        rules.add(Rule.of("guest primary handler: IRQ_WAKE_THREAD, vcpu " + vcpu,
                s -> a.inGuest(s, vcpu) && at(s, vcpu, HardIrqStage.IN_HANDLER)
                        && driver(g.handlingSpi[vcpu].get(s)) == GuestDriver.ONESHOT_THREADED,
                (s, n) -> {
                    int spi = g.handlingSpi[vcpu].get(s);
                    g.hardIrq[vcpu].set(n, HardIrqStage.HANDLED);
                    ThreadStage t = g.thread[spi].get(s);
                    g.thread[spi].set(n, t == ThreadStage.IDLE ? ThreadStage.WOKEN
                            : t == ThreadStage.RAN ? ThreadStage.RAN_WOKEN : t);
                }));
        // desc->lock re-taken: IRQD_IRQ_INPROGRESS cleared and the EOI (cond_unmask_eoi_irq, or the
        // `out:` EOI of a disabled IRQ). ICV_EOIR1 with EOImode 0 drops the priority and deactivates
        // the LR holding the INTID; if none holds it (an ICACTIVER write deactivated it behind the
        // guest's back) only the priority drops. A oneshot IRQ stays masked: threads_oneshot is set
        // until the thread's irq_finalize_oneshot, which waits for this step.
        rules.add(Rule.of("guest EOIR (gic_eoi_irq -> icv_eoir_write), vcpu " + vcpu,
                s -> a.inGuest(s, vcpu) && (at(s, vcpu, HardIrqStage.HANDLED) || at(s, vcpu, HardIrqStage.NO_HANDLER_EOI))
                        && !a.descLockedByOther(s, g.handlingSpi[vcpu].get(s), vcpu),
                (s, n) -> {
                    a.cpu.endOfInterrupt(s, n, vcpu, g.handlingSpi[vcpu].get(s));
                    g.handlingSpi[vcpu].set(n, -1);
                    g.hardIrq[vcpu].set(n, HardIrqStage.ACKED);
                }));
        return rules;
    }

    // handle_fasteoi_irq's entry: the acknowledged IRQ's desc->lock is free for this vCPU to take.
    private boolean takesDescLock(long[] s, int vcpu) {
        return a.inGuest(s, vcpu) && at(s, vcpu, HardIrqStage.ACKED) && !a.descLocked(s, a.g.handlingSpi[vcpu].get(s));
    }

    // ... and irq_may_run: no other CPU is inside handle_irq_event for it.
    private boolean mayRun(long[] s, int vcpu) {
        return takesDescLock(s, vcpu) && !a.handlerInProgressElsewhere(s, a.g.handlingSpi[vcpu].get(s), vcpu);
    }

    // mask_irq: only when IRQD_IRQ_MASKED is clear does gic_mask_irq write GICD_ICENABLER (traps).
    private void maskIrq(long[] s, long[] n, int vcpu, int spi) {
        if (!a.g.masked[spi].get(s)) {
            a.g.masked[spi].set(n, true);
            a.trap(n, vcpu, MmioOp.CLEAR_ENABLE, spi);
        }
    }
}
