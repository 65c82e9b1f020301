package dev.irqcheck.model.kvm;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Wiring;
import dev.irqcheck.model.vgic.Vgic;
import java.util.ArrayList;
import java.util.List;

/** GSI routing: virt/kvm/irqchip.c kvm_set_irq over the table's entries for one GSI. */
public final class Routing {
    private final Topology topology;
    private final KvmFields f;
    private final Wiring wiring;
    private final Vgic vgic;

    public Routing(Topology topology, KvmFields fields, Vgic vgic) {
        this.topology = topology;
        this.f = fields;
        this.wiring = new Wiring(topology, fields.reroutesApplied);
        this.vgic = vgic;
    }

    /** The routing table's lookups in the current state (which reroutes are applied). */
    public Wiring wiring() {
        return wiring;
    }

    /**
     * KVM_SET_GSI_ROUTING replacing a GSI's route (an adversarial, bounded step; each listed
     * reroute happens at most once): kvm_set_irq_routing swaps the whole table, forward and
     * reverse maps at once. The irqfd's GSI and the resampler's ack notifier GSI are fixed at
     * assign time and are not re-derived. The SPI the GSI used to reach keeps its latched level.
     */
    public List<Rule> rerouteRules() {
        List<Rule> rules = new ArrayList<>();
        for (int k = 0; k < topology.reroutes().size(); k++) {
            int bit = 1 << k;
            var r = topology.reroutes().get(k);
            rules.add(Rule.of("KVM_SET_GSI_ROUTING: gsi " + r.gsi() + " -> pin " + r.pin()
                            + " (INTID " + r.intid() + ")",
                    s -> (f.reroutesApplied.get(s) & bit) == 0,
                    (s, n) -> f.reroutesApplied.set(n, f.reroutesApplied.get(s) | bit)));
        }
        return rules;
    }

    /**
     * kvm_set_irq(kvm, src, gsi, level): each entry's set() is vgic_irqfd_set_irq, i.e.
     * kvm_vgic_inject_irq(pin + 32, level). The source only matters under the OR-per-source
     * variant (arm64 ignores it). The table is the current one (reroutes are state); a
     * KVM_SET_GSI_ROUTING swap is atomic between steps (the SRCU grace period is not modelled).
     */
    public void kvmSetIrq(long[] n, IrqSource source, int gsi, boolean level) {
        for (int spi : wiring.spisOfGsi(n, gsi)) {
            vgic.setLevel(n, source, spi, level);
        }
    }
}
