package dev.irqcheck.model.guest;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.model.vgic.MmioOp;
import java.util.List;

/**
 * Raw guest writes to distributor registers that no Linux IRQ API call makes on its own, bounded
 * per run: GICD_ISPENDR/ICPENDR, GICD_ICFGR flips of a live SPI, and GICD_I[SC]ACTIVER. Any guest
 * context may issue them; each traps like every distributor access.
 */
final class RegisterWrites {
    private final GuestActions a;

    RegisterWrites(GuestActions actions) {
        this.a = actions;
    }

    private boolean canTrapWithin(long[] s, int vcpu, IntField budget) {
        return budget.get(s) > 0 && a.inGuest(s, vcpu);
    }

    private static void spend(long[] s, long[] n, IntField budget) {
        budget.set(n, budget.get(s) - 1);
    }

    /** Adds the SPI's raw writes from vCPU {@code vcpu}: adversarial ones to both lists, owed ones to {@code rules} only. */
    void add(int spi, int vcpu, List<Rule> rules, List<Rule> adversarial) {
        var g = a.g;
        var bounds = a.topology.bounds();
        String intid = a.label(spi);
        String on = " for SPI " + intid;
        if (bounds.distributorWrites() > 0 && bounds.rawPendingWrites()) {
            for (MmioOp op : new MmioOp[] {MmioOp.SET_PENDING, MmioOp.CLEAR_PENDING}) {
                String register = op == MmioOp.SET_PENDING ? "GICD_ISPENDR" : "GICD_ICPENDR";
                Rule write = Rule.of("guest writes " + register + on + " (traps), vcpu " + vcpu,
                        s -> canTrapWithin(s, vcpu, g.distributorWritesLeft),
                        (s, n) -> {
                            spend(s, n, g.distributorWritesLeft);
                            a.trap(n, vcpu, op, spi);
                        });
                rules.add(write);
                adversarial.add(write);
            }
        }
        if (bounds.configWrites() > 0) {
            Rule flip = Rule.of("guest writes GICD_ICFGR" + on + " (flip level/edge, traps), vcpu " + vcpu,
                    s -> canTrapWithin(s, vcpu, g.configWritesLeft),
                    (s, n) -> {
                        spend(s, n, g.configWritesLeft);
                        a.trap(n, vcpu, MmioOp.TOGGLE_CONFIG, spi);
                    });
            rules.add(flip);
            adversarial.add(flip);
        }
        if (bounds.activeWrites() > 0) {
            // KVM halts the guest when it handles the access (VcpuRunLoop: kvm_arm_halt_guest).
            Rule deactivate = Rule.of("guest writes GICD_ICACTIVER" + on + " (traps, halts the guest), vcpu " + vcpu,
                    s -> canTrapWithin(s, vcpu, g.activeWritesLeft),
                    (s, n) -> {
                        spend(s, n, g.activeWritesLeft);
                        a.trap(n, vcpu, MmioOp.CLEAR_ACTIVE, spi);
                    });
            rules.add(deactivate);
            adversarial.add(deactivate);
            // A guest activating an SPI it does not handle (e.g. restoring saved state) owes the
            // deactivation, which is then a fair guest step.
            Rule activate = Rule.of("guest writes GICD_ISACTIVER" + on + " (traps, halts the guest), vcpu " + vcpu,
                    s -> canTrapWithin(s, vcpu, g.activeWritesLeft) && !g.activatedByGuest[spi].get(s),
                    (s, n) -> {
                        spend(s, n, g.activeWritesLeft);
                        g.activatedByGuest[spi].set(n, true);
                        a.trap(n, vcpu, MmioOp.SET_ACTIVE, spi);
                    });
            rules.add(activate);
            adversarial.add(activate);
            // Program order: the owed write follows the activating write's completion, which may
            // have been issued on another vCPU.
            rules.add(Rule.of("guest deactivates the SPI it activated, " + intid + " (GICD_ICACTIVER, traps), vcpu " + vcpu,
                    s -> g.activatedByGuest[spi].get(s) && a.inGuest(s, vcpu) && !activationInFlight(s, spi),
                    (s, n) -> {
                        g.activatedByGuest[spi].set(n, false);
                        a.trap(n, vcpu, MmioOp.CLEAR_ACTIVE, spi);
                    }));
        }
    }

    private boolean activationInFlight(long[] s, int spi) {
        return a.vgic().inFlightAnywhere(s, MmioOp.SET_ACTIVE, spi);
    }
}
