package dev.irqcheck.model.kvm;

import dev.irqcheck.model.topology.Wiring;
import dev.irqcheck.model.vgic.Vgic;

/** GSI routing: virt/kvm/irqchip.c kvm_set_irq over the table's entries for one GSI. */
public final class Routing {
    private final Wiring wiring;
    private final Vgic vgic;

    public Routing(Wiring wiring, Vgic vgic) {
        this.wiring = wiring;
        this.vgic = vgic;
    }

    /**
     * kvm_set_irq(kvm, src, gsi, level): each entry's set() is vgic_irqfd_set_irq, i.e.
     * kvm_vgic_inject_irq(pin + 32, level). The source only matters under the OR-per-source
     * variant (arm64 ignores it). Abstracted: the routing table is fixed during a run.
     */
    public void kvmSetIrq(long[] n, IrqSource source, int gsi, boolean level) {
        for (int spi : wiring.spisOfGsi(gsi)) {
            vgic.setLevel(n, source, spi, level);
        }
    }
}
