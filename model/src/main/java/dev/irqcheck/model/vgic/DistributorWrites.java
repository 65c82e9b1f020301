package dev.irqcheck.model.vgic;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Topology;
import java.util.ArrayList;
import java.util.List;

/**
 * Guest writes to the distributor that the model lets the adversary make (a bounded number of
 * times): arch/arm64/kvm/vgic/vgic-mmio-v3.c.
 */
public final class DistributorWrites {
    private final Topology topology;
    private final InterruptLayout f;

    public DistributorWrites(Topology topology, InterruptLayout fields) {
        this.topology = topology;
        this.f = fields;
    }

    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        if (topology.bounds().retargets() == 0 || topology.vcpus() < 2) {
            return rules;
        }
        for (int s = 0; s < topology.spis().size(); s++) {
            for (int v = 0; v < topology.vcpus(); v++) {
                int spi = s;
                int vcpu = v;
                // vgic_mmio_write_irouter: under irq_lock only, target_vcpu := the new vCPU. No requeue
                // and no kick: an IRQ already on an ap_list migrates lazily at the holder's next prune,
                // and an active one stays where it is.
                rules.add(Rule.of("vgic_mmio_write_irouter: SPI " + topology.spis().get(s).intid() + " -> vcpu " + v,
                        st -> f.retargetsLeft.get(st) > 0 && f.spiTarget[spi].get(st) != vcpu,
                        (st, n) -> {
                            f.spiTarget[spi].set(n, vcpu);
                            f.retargetsLeft.set(n, f.retargetsLeft.get(st) - 1);
                        }));
            }
        }
        return rules;
    }
}
