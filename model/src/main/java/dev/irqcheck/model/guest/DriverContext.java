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
 * <p>disable_irq is lazy on both chips (GICv3, x86 IOAPIC): it only marks the IRQ disabled, and
 * {@link HardIrqContext}'s disabled paths mask it when an interrupt arrives. Abstracted:
 * synchronize_irq, which disable_irq runs before returning, is checked when the owed enable_irq
 * starts (no handler or thread of the IRQ may run in between, as nothing can start one while the
 * IRQ is disabled); its wait for the chip's active state (__synchronize_hardirq(desc, true) ->
 * irq_get_irqchip_state(IRQCHIP_STATE_ACTIVE): a GICD_ISACTIVER read on GICv3,
 * ioapic_irq_get_chip_state's RTE read of remote IRR on x86, each a trapped read) is not modelled.
 * That makes the model looser, not tighter: it lets enable_irq start while a level vector delivered
 * before the disable is still unhandled (remote_irr set), which the kernel's disable_irq would wait
 * out; the state reached is one the kernel reaches too (disable and enable first, the delivery
 * after), so no reachable state is added, only a kernel hang (remote IRR never clearing) is not shown.
 */
final class DriverContext {
    private final GuestActions a;

    DriverContext(GuestActions actions) {
        this.a = actions;
    }

    private static void spend(long[] s, long[] n, IntField budget) {
        budget.set(n, budget.get(s) - 1);
    }

    /**
     * disable_irq and the owed enable_irq on the IRQ, issued from vCPU {@code vcpu}; the disable is
     * adversarial. One rule pair for both architectures: the chip's part goes through
     * {@link GuestIrqChip} (mask, unmask, retrigger).
     *
     * <p>disable_irq (kernel/irq/manage.c) -> __disable_irq: {@code if (!desc->depth++)
     * irq_disable(desc)} -> __irq_disable(desc, irq_settings_disable_unlazy(desc)): {@code
     * irq_state_set_disabled(desc); if (chip->irq_disable) {...} else if (mask) mask_irq(desc);}.
     * Neither GICv3's gic_chip nor x86's ioapic_chip has irq_disable, and no modelled driver sets
     * IRQ_DISABLE_UNLAZY, so the disable is lazy: IRQD_IRQ_DISABLED only, nothing is written.
     * Abstracted: the depth count (one disable at a time per IRQ: the owed enable comes first).
     *
     * <p>enable_irq -> __enable_irq (depth 1) -> irq_startup(desc, IRQ_RESEND, IRQ_START_FORCE):
     * the IRQ is started, so irq_enable: {@code irq_state_clr_disabled(desc); if
     * (chip->irq_enable) ... else unmask_irq(desc);} (neither chip has irq_enable; unmask_irq
     * writes only if IRQD_IRQ_MASKED); then check_irq_resend(desc, false) (kernel/irq/resend.c):
     * {@code if (irq_settings_is_level(desc)) { desc->istate &= ~IRQS_PENDING; return -EINVAL; }}
     * (a level line re-asserts itself, so a level IRQ's IRQS_PENDING is not tracked); for an edge
     * IRQ with IRQS_PENDING, try_retrigger -> the chip's retrigger, all under desc->lock.
     * Abstracted: IRQS_REPLAY's -EBUSY (the replayed interrupt clears it in the flow handler before
     * the IRQ can be marked pending again, and a second enable_irq needs a second disable first).
     */
    void disableEnableRules(int spi, int vcpu, List<Rule> rules, List<Rule> adversarial) {
        var g = a.g;
        String intid = a.label(spi);
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
        // (desc->lock is free) and synchronize_irq saw no handler or thread running; the unmask
        // traps if the IRQ is masked, and an edge replay follows it (resendContinuation) or, if
        // nothing was masked, is the only access.
        rules.add(Rule.of("guest enable_irq(" + intid + "): unmask_irq (" + a.chip.unmaskName() + ", traps), vcpu " + vcpu,
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
                        a.chip.retrigger(n, vcpu, spi);
                    }
                }));
    }

    /**
     * enable_irq's check_irq_resend after its unmask completed, on the same vCPU with desc->lock
     * still held: IRQS_PENDING is cleared and the chip's retrigger runs (it traps). A fair step.
     */
    Rule resendContinuation(int vcpu) {
        var g = a.g;
        return Rule.of("guest enable_irq -> check_irq_resend: " + a.chip.retriggerName() + ", vcpu " + vcpu,
                s -> g.resendSpi[vcpu].get(s) >= 0 && a.runsGuestCode(s, vcpu),
                (s, n) -> {
                    int spi = g.resendSpi[vcpu].get(s);
                    g.resendSpi[vcpu].set(n, -1);
                    g.replayPending[spi].set(n, false);
                    a.chip.retrigger(n, vcpu, spi);
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
                        && !a.chip.pciCommandWriteInFlight(s, device),
                (s, n) -> a.chip.pciCommandWrite(n, vcpu, device));
    }

    static boolean polls(GuestDriver driver) {
        return driver == GuestDriver.POLLING_ISR;
    }
}
