package dev.irqcheck.model.guest;

import dev.irqcheck.checker.api.Rule;
import java.util.ArrayList;
import java.util.List;

/**
 * The irq thread of a oneshot threaded handler (kernel/irq/manage.c irq_thread), one per SPI. Each
 * run starts with irq_thread_check_affinity, which moves the thread to the IRQ's effective
 * affinity: on GICv3 the one CPU GICD_IROUTER names. Then thread_fn services the devices, and
 * irq_finalize_oneshot takes desc->lock; while the hard handler is still in progress
 * (IRQD_IRQ_INPROGRESS) it drops the lock and retries; if IRQTF_RUNTHREAD was set again it leaves
 * the IRQ masked for the next run; otherwise it clears threads_oneshot and, unless the IRQ is
 * disabled (disable_irq) or not masked, unmasks it (unmask_threaded_irq -> gic_unmask_irq writes
 * GICD_ISENABLER, which traps, under desc->lock).
 */
final class IrqThread {
    private final GuestActions a;

    IrqThread(GuestActions actions) {
        this.a = actions;
    }

    List<Rule> rules(int spi) {
        var g = a.g;
        List<Rule> rules = new ArrayList<>();
        String intid = a.label(spi);
        for (int v = 0; v < a.topology.vcpus(); v++) {
            int vcpu = v;
            rules.add(Rule.of("guest irq/" + intid + " thread: irq_thread_check_affinity, thread_fn services devices, vcpu " + v,
                    s -> g.thread[spi].is(s, ThreadStage.WOKEN) && a.chip.threadRunsOn(s, spi, vcpu) && a.canRunTask(s, vcpu),
                    (s, n) -> {
                        g.thread[spi].set(n, ThreadStage.RAN);
                        g.threadVcpu[spi].set(n, vcpu);
                        a.service(s, n, spi, vcpu);
                    }));
            rules.add(Rule.of("guest irq/" + intid + " thread: irq_finalize_oneshot (desc->lock), vcpu " + v,
                    s -> (g.thread[spi].is(s, ThreadStage.RAN) || g.thread[spi].is(s, ThreadStage.RAN_WOKEN))
                            && g.threadVcpu[spi].get(s) == vcpu && a.canRunTask(s, vcpu)
                            && !a.descLocked(s, spi) && !a.handlerInProgress(s, spi),
                    (s, n) -> {
                        if (g.thread[spi].is(s, ThreadStage.RAN_WOKEN)) {
                            g.thread[spi].set(n, ThreadStage.WOKEN);
                            return;
                        }
                        g.thread[spi].set(n, ThreadStage.IDLE);
                        g.threadVcpu[spi].set(n, 0);
                        if (!g.disabled[spi].get(s) && g.masked[spi].get(s)) {
                            g.masked[spi].set(n, false);
                            a.chip.unmask(n, vcpu, spi);
                        }
                    }));
        }
        return rules;
    }
}
