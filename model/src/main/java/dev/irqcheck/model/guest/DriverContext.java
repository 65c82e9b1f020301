package dev.irqcheck.model.guest;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.model.host.HostSide;
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
 * <p>disable_irq is lazy, as on GICv3: it only marks the IRQ disabled, and {@link HardIrqContext}'s
 * disabled path masks it when an interrupt arrives. Abstracted: synchronize_irq, which disable_irq
 * runs before returning, is checked when the owed enable_irq starts (no handler or thread of the
 * IRQ may run in between, as nothing can start one while the IRQ is disabled); its halting
 * GICD_ISACTIVER read (__synchronize_hardirq -> irq_get_irqchip_state) is not modelled.
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
        String intid = a.label(spi);
        // __disable_irq: depth 0 -> 1, IRQD_IRQ_DISABLED. GICv3's chip has no irq_disable and does not
        // set IRQ_DISABLE_UNLAZY, so the disable is lazy: nothing is written; an interrupt that
        // arrives meanwhile is masked by handle_fasteoi_irq's disabled path.
        Rule disable = Rule.of("guest disable_irq(" + intid + "): IRQD_IRQ_DISABLED (lazy, no write), vcpu " + vcpu,
                s -> g.distributorWritesLeft.get(s) > 0 && !g.disabled[spi].get(s) && a.canRunTask(s, vcpu)
                        && !a.descLocked(s, spi),
                (s, n) -> {
                    spend(s, n, g.distributorWritesLeft);
                    g.disabled[spi].set(n, true);
                });
        rules.add(disable);
        adversarial.add(disable);
        // enable_irq, owed by the driver that disabled (a fair step): after disable_irq returned
        // (its write completed: desc->lock is free) and synchronize_irq saw no handler or thread
        // running; __enable_irq: depth 1 -> 0, irq_startup(IRQ_RESEND) -> irq_enable -> unmask_irq:
        // GICD_ISENABLER (traps) if masked; then check_irq_resend, still under desc->lock: a level
        // IRQ is not resent (the line re-asserts itself), an edge one that arrived while disabled
        // (IRQS_PENDING) is replayed by gic_retrigger, a GICD_ISPENDR write (traps).
        rules.add(Rule.of("guest enable_irq(" + intid + "): unmask_irq (GICD_ISENABLER, traps), vcpu " + vcpu,
                s -> g.disabled[spi].get(s) && a.canRunTask(s, vcpu) && !a.descLocked(s, spi)
                        && !a.handlerInProgress(s, spi) && g.thread[spi].is(s, ThreadStage.IDLE),
                (s, n) -> {
                    g.disabled[spi].set(n, false);
                    boolean replay = g.replayPending[spi].get(s);
                    if (g.masked[spi].get(s)) {
                        g.masked[spi].set(n, false);
                        a.chip.unmask(n, vcpu, spi);
                        if (replay) {
                            g.resendSpi[vcpu].set(n, spi);
                        }
                    } else if (replay) {
                        g.replayPending[spi].set(n, false);
                        a.trap(n, vcpu, MmioOp.RETRIGGER, spi);
                    }
                }));
    }

    /**
     * enable_irq's check_irq_resend after its unmask completed, on the same vCPU with desc->lock
     * still held: IRQS_PENDING is cleared and gic_retrigger writes GICD_ISPENDR (traps). A fair step.
     */
    Rule resendContinuation(int vcpu) {
        var g = a.g;
        return Rule.of("guest enable_irq -> check_irq_resend: gic_retrigger (GICD_ISPENDR, traps), vcpu " + vcpu,
                s -> g.resendSpi[vcpu].get(s) >= 0 && a.runsGuestCode(s, vcpu),
                (s, n) -> {
                    int spi = g.resendSpi[vcpu].get(s);
                    g.resendSpi[vcpu].set(n, -1);
                    g.replayPending[spi].set(n, false);
                    a.trap(n, vcpu, MmioOp.RETRIGGER, spi);
                });
    }

    /** A polling driver services its devices outside any interrupt, on any vCPU; adversarial (it need not poll). */
    Rule pollRule(int spi, int vcpu) {
        String intid = a.label(spi);
        return Rule.of("guest driver polls SPI " + intid + "'s devices, vcpu " + vcpu,
                s -> a.canRunTask(s, vcpu) && a.anyDeviceNeedsService(s, spi),
                (s, n) -> a.service(s, n, spi, vcpu));
    }

    /**
     * irq_set_affinity -> gic_set_affinity under desc->lock (interrupts off): it reads GICD_ISENABLER
     * and, if the SPI is enabled, masks it (GICD_ICENABLER), writes GICD_IROUTER, then unmasks it
     * (GICD_ISENABLER); each access traps. The read is taken together with the first write (one
     * exit instead of two: only the guest writes the enable bit, under this lock, so the value read
     * is the value KVM holds). The new effective affinity is the vCPU written. Adversarial and
     * bounded per run.
     */
    Rule affinityRule(int spi, int vcpu, int newTarget) {
        var g = a.g;
        String intid = a.label(spi);
        return Rule.of("guest irq_set_affinity(" + intid + ", vcpu " + newTarget + "): gic_set_affinity, vcpu " + vcpu,
                s -> g.retargetsLeft.get(s) > 0 && a.canRunTask(s, vcpu) && a.vgic().target(s, spi) != newTarget
                        && !a.descLocked(s, spi),
                (s, n) -> {
                    spend(s, n, g.retargetsLeft);
                    if (a.vgic().isEnabled(s, spi)) {
                        g.affinityStep[vcpu].set(n, AffinityStep.MASKED);
                        g.affinitySpi[vcpu].set(n, spi);
                        g.affinityTarget[vcpu].set(n, newTarget);
                        a.trap(n, vcpu, MmioOp.CLEAR_ENABLE, spi);
                    } else {
                        a.trap(n, vcpu, MmioOp.SET_TARGET, spi, newTarget);
                    }
                });
    }

    /** gic_set_affinity's IROUTER write and unmask after its mask, on the vCPU that started it (fair steps). */
    List<Rule> affinityContinuation(int vcpu) {
        var g = a.g;
        Rule route = Rule.of("guest gic_set_affinity: GICD_IROUTER (traps), vcpu " + vcpu,
                s -> g.affinityStep[vcpu].is(s, AffinityStep.MASKED) && a.runsGuestCode(s, vcpu),
                (s, n) -> {
                    g.affinityStep[vcpu].set(n, AffinityStep.UNMASK_NEXT);
                    a.trap(n, vcpu, MmioOp.SET_TARGET, g.affinitySpi[vcpu].get(s), g.affinityTarget[vcpu].get(s));
                });
        Rule unmask = Rule.of("guest gic_set_affinity: gic_unmask_irq (GICD_ISENABLER, traps), vcpu " + vcpu,
                s -> g.affinityStep[vcpu].is(s, AffinityStep.UNMASK_NEXT) && a.runsGuestCode(s, vcpu),
                (s, n) -> {
                    int spi = g.affinitySpi[vcpu].get(s);
                    g.affinityStep[vcpu].set(n, AffinityStep.NONE);
                    g.affinitySpi[vcpu].set(n, 0);
                    g.affinityTarget[vcpu].set(n, 0);
                    a.trap(n, vcpu, MmioOp.SET_ENABLE, spi);
                });
        return List.of(route, unmask);
    }

    /**
     * The driver enables INTx at probe (pci_intx(pdev, 1)): it clears INTx Disable in PCI_COMMAND, a
     * config-space write that traps to QEMU on the vCPU running the driver (process context). A fair
     * step: the driver owes it. The guest reads its own virtual command register (VFIO's
     * virq_disabled) and writes it once.
     */
    Rule intxEnableRule(int device, int vcpu, HostSide host) {
        return Rule.of("guest pci_intx(" + a.topology.devices().get(device).name()
                        + ", 1): PCI_COMMAND write (traps to QEMU), vcpu " + vcpu,
                s -> a.canRunTask(s, vcpu) && host.guestIntxDisabled(s, device)
                        && !a.vgic().valueInFlightAnywhere(s, MmioOp.PCI_COMMAND_WRITE, device),
                (s, n) -> a.trap(n, vcpu, MmioOp.PCI_COMMAND_WRITE, 0, device));
    }

    static boolean polls(GuestDriver driver) {
        return driver == GuestDriver.POLLING_ISR;
    }
}
