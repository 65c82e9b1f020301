package dev.irqcheck.model.guest;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.vgic.MmioOp;
import java.util.ArrayList;
import java.util.List;

/**
 * A driver's process context, which the scheduler may run on any vCPU: disable_irq/enable_irq
 * pairs, polling, and affinity changes (irq_set_affinity, as irqbalance does). Each call takes
 * desc->lock and holds it across its trapped register write, so calls on one IRQ are serialised
 * with each other, with handle_fasteoi_irq's mask and EOI, and with irq_finalize_oneshot; and a
 * call's successor in program order starts only after its write completed.
 *
 * <p>Abstracted: disable_irq masks at once (as with IRQ_DISABLE_UNLAZY; Linux's default lazy
 * disable masks only when an interrupt arrives, which {@link HardIrqContext} models as the
 * disabled path); synchronize_irq, which disable_irq runs before returning, is checked when the
 * owed enable_irq starts (no handler or thread of the IRQ may run in between, as nothing can start
 * one while the IRQ is disabled).
 */
final class DriverContext {
    private final GuestActions a;

    DriverContext(GuestActions actions) {
        this.a = actions;
    }

    private static void spend(long[] s, long[] n, IntField budget) {
        budget.set(n, budget.get(s) - 1);
    }

    /** disable_irq and the owed enable_irq on the SPI, issued from vCPU {@code vcpu}; the disable is adversarial. */
    void disableEnableRules(int spi, int vcpu, List<Rule> rules, List<Rule> adversarial) {
        var g = a.g;
        var f = a.f;
        String intid = Integer.toString(a.topology.spis().get(spi).intid());
        // __disable_irq: depth 0 -> 1, IRQD_IRQ_DISABLED, and irq_disable -> mask_irq: GICD_ICENABLER
        // (traps) unless already masked (a oneshot handler's mask).
        Rule disable = Rule.of("guest disable_irq(" + intid + "): mask_irq (GICD_ICENABLER, traps), vcpu " + vcpu,
                s -> a.canRunTask(s, vcpu) && f.distributorWritesLeft.get(s) > 0 && !g.disabled[spi].get(s)
                        && !a.descLocked(s, spi),
                (s, n) -> {
                    spend(s, n, f.distributorWritesLeft);
                    g.disabled[spi].set(n, true);
                    if (!g.masked[spi].get(s)) {
                        g.masked[spi].set(n, true);
                        a.trap(n, vcpu, MmioOp.CLEAR_ENABLE, spi);
                    }
                });
        rules.add(disable);
        adversarial.add(disable);
        // enable_irq, owed by the driver that disabled (a fair step): after disable_irq returned
        // (its write completed: desc->lock is free) and synchronize_irq saw no handler or thread
        // running; __enable_irq: depth 1 -> 0, irq_enable -> unmask_irq: GICD_ISENABLER (traps) if
        // masked. A level IRQ is not resent (check_irq_resend): the line re-asserts itself.
        rules.add(Rule.of("guest enable_irq(" + intid + "): unmask_irq (GICD_ISENABLER, traps), vcpu " + vcpu,
                s -> a.canRunTask(s, vcpu) && g.disabled[spi].get(s) && !a.descLocked(s, spi)
                        && !a.handlerInProgress(s, spi) && g.thread[spi].is(s, ThreadStage.IDLE),
                (s, n) -> {
                    g.disabled[spi].set(n, false);
                    if (g.masked[spi].get(s)) {
                        g.masked[spi].set(n, false);
                        a.trap(n, vcpu, MmioOp.SET_ENABLE, spi);
                    }
                }));
    }

    /** A polling driver services its devices outside any interrupt, on any vCPU; adversarial (it need not poll). */
    Rule pollRule(int spi, int vcpu) {
        String intid = Integer.toString(a.topology.spis().get(spi).intid());
        return Rule.of("guest driver polls SPI " + intid + "'s devices, vcpu " + vcpu,
                s -> a.canRunTask(s, vcpu) && a.anyDeviceNeedsService(s, spi),
                (s, n) -> a.service(s, n, spi, vcpu));
    }

    /**
     * irq_set_affinity -> gic_set_affinity writes GICD_IROUTER under desc->lock (traps); the new
     * effective affinity is the vCPU written. Adversarial and bounded per run.
     */
    Rule affinityRule(int spi, int vcpu, int newTarget) {
        var f = a.f;
        String intid = Integer.toString(a.topology.spis().get(spi).intid());
        return Rule.of("guest irq_set_affinity(" + intid + ", vcpu " + newTarget + "): GICD_IROUTER (traps), vcpu " + vcpu,
                s -> a.canRunTask(s, vcpu) && f.retargetsLeft.get(s) > 0 && f.spiTarget[spi].get(s) != newTarget
                        && !a.descLocked(s, spi),
                (s, n) -> {
                    spend(s, n, f.retargetsLeft);
                    a.trap(n, vcpu, MmioOp.SET_TARGET, spi, newTarget);
                });
    }

    static boolean polls(GuestDriver driver) {
        return driver == GuestDriver.POLLING_ISR;
    }
}
