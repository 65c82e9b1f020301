package dev.irqcheck.model.guest;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.device.Devices;
import dev.irqcheck.model.host.HostSide;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.topology.Wiring;
import dev.irqcheck.model.vgic.CpuInterface;
import dev.irqcheck.model.vgic.Vgic;
import java.util.ArrayList;
import java.util.List;

/**
 * A Linux guest as execution contexts, each keeping its own program order: per vCPU the
 * hard-interrupt context ({@link HardIrqContext}); per oneshot SPI its irq thread, placed by the
 * IRQ's affinity when it runs ({@link IrqThread}); drivers' process contexts on any vCPU
 * ({@link DriverContext}); and raw register writes ({@link RegisterWrites}). Every guest register
 * access traps on the vCPU that runs the context, and the context goes on only after KVM completed
 * it: a trapped vCPU is out of guest mode until then.
 */
public final class Guest {
    private final Topology topology;
    private final GuestFields g;
    private final GuestActions actions;
    private final List<Rule> acknowledges = new ArrayList<>();
    private final List<Rule> adversarial = new ArrayList<>();

    private final HostSide host;

    public Guest(Topology topology, GuestFields fields, CpuInterface cpu, Vgic vgic, Devices devices, HostSide host,
                 Wiring wiring) {
        this.topology = topology;
        this.g = fields;
        this.host = host;
        this.actions = new GuestActions(topology, fields, cpu, vgic, devices, wiring);
    }

    /** No hard interrupt in hand, no thread woken, and the run's budgets of register writes. */
    public void initialize(long[] w) {
        for (int v = 0; v < topology.vcpus(); v++) {
            g.handlingSpi[v].set(w, -1);
            g.resendSpi[v].set(w, -1);
        }
        g.retargetsLeft.set(w, topology.bounds().retargets());
        g.distributorWritesLeft.set(w, topology.bounds().distributorWrites());
        g.activeWritesLeft.set(w, topology.bounds().activeWrites());
        g.configWritesLeft.set(w, topology.bounds().configWrites());
    }

    /** The SPI a vCPU's hard-interrupt context has in hand, or -1. */
    public int handlingSpi(long[] s, int vcpu) {
        return g.handlingSpi[vcpu].get(s);
    }

    /**
     * The guest still owes the SPI's devices service: some hard-interrupt context has it in hand, its
     * thread is woken or running, or an edge interrupt that arrived while disabled awaits its replay.
     */
    public boolean holdsSpi(long[] s, int spi) {
        // IRQS_PENDING of an edge IRQ: the owed enable_irq replays it.
        if (!g.thread[spi].is(s, ThreadStage.IDLE) || g.replayPending[spi].get(s)) {
            return true;
        }
        for (int v = 0; v < topology.vcpus(); v++) {
            if (g.handlingSpi[v].get(s) == spi) {
                return true;
            }
        }
        return false;
    }

    /** Guest steps no liveness claim assumes fair (a driver need not poll, disable or write). Valid after {@link #rules()}. */
    public List<Rule> adversarialRules() {
        return List.copyOf(adversarial);
    }

    /** The acknowledge (IAR) rules, one per vCPU: what a storm repeats. Valid after {@link #rules()}. */
    public List<Rule> acknowledgeRules() {
        return List.copyOf(acknowledges);
    }

    public List<Rule> rules() {
        acknowledges.clear();
        adversarial.clear();
        List<Rule> rules = new ArrayList<>();
        HardIrqContext hardIrq = new HardIrqContext(actions);
        for (int v = 0; v < topology.vcpus(); v++) {
            rules.addAll(hardIrq.rules(v, acknowledges));
        }
        IrqThread thread = new IrqThread(actions);
        DriverContext driver = new DriverContext(actions);
        if (topology.bounds().retargets() > 0 && topology.vcpus() > 1) {
            for (int v = 0; v < topology.vcpus(); v++) {
                rules.addAll(driver.affinityContinuation(v));
            }
        }
        if (topology.guestMayReplayEdges()) {
            for (int v = 0; v < topology.vcpus(); v++) {
                rules.add(driver.resendContinuation(v));
            }
        }
        RegisterWrites writes = new RegisterWrites(actions);
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            GuestDriver kind = topology.spis().get(spi).driver();
            if (kind == GuestDriver.ONESHOT_THREADED) {
                rules.addAll(thread.rules(spi));
            }
            for (int v = 0; v < topology.vcpus(); v++) {
                if (DriverContext.polls(kind)) {
                    Rule poll = driver.pollRule(spi, v);
                    rules.add(poll);
                    adversarial.add(poll);
                }
                if (topology.bounds().distributorWrites() > 0) {
                    driver.disableEnableRules(spi, v, rules, adversarial);
                }
                if (topology.bounds().retargets() > 0 && topology.vcpus() > 1) {
                    for (int w = 0; w < topology.vcpus(); w++) {
                        Rule retarget = driver.affinityRule(spi, v, w);
                        rules.add(retarget);
                        adversarial.add(retarget);
                    }
                }
                writes.add(spi, v, rules, adversarial);
            }
        }
        for (int d = 0; d < topology.devices().size(); d++) {
            if (topology.devices().get(d).intxStartsDisabled()) {
                for (int v = 0; v < topology.vcpus(); v++) {
                    rules.add(driver.intxEnableRule(d, v, host));
                }
            }
        }
        return rules;
    }
}
