package dev.irqcheck.model.kvm;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.irqchip.ChipRoute;
import dev.irqcheck.model.irqchip.GsiRouting;
import dev.irqcheck.model.irqchip.IrqChip;
import dev.irqcheck.model.irqchip.IrqChipKind;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Wiring;
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.model.vgic.Vgic;
import java.util.ArrayList;
import java.util.List;

/**
 * GSI routing as the irqfds use it: virt/kvm/irqchip.c kvm_set_irq over the current table's
 * entries, each through its irqchip ({@link GsiRouting}), and whether irqfd_wakeup may inject in
 * its own context (kvm_arch_set_irq_inatomic).
 */
public final class Routing {
    private final Topology topology;
    private final KvmFields f;
    private final Wiring wiring;
    private final GsiRouting[] tables;
    private final boolean injectsInatomic;

    private Routing(Topology topology, KvmFields fields, GsiRouting[] tables, boolean injectsInatomic) {
        this.topology = topology;
        this.f = fields;
        this.wiring = new Wiring(topology, fields.reroutesApplied);
        this.tables = tables;
        this.injectsInatomic = injectsInatomic;
    }

    /**
     * arm64: one table per reachable set of applied reroutes, each entry's set() being
     * vgic_irqfd_set_irq, i.e. kvm_vgic_inject_irq(pin + 32, level). The source only matters under
     * the OR-per-source variant (arm64 ignores it).
     */
    public static Routing arm64(Topology t, KvmFields fields, Vgic vgic, KernelVersion kernel) {
        int[] spiOfPin = new int[IrqChipKind.VGIC.pins()];
        for (int pin = 0; pin < spiOfPin.length; pin++) {
            spiOfPin[pin] = t.spiIndexOf(pin + 32);
        }
        IrqChip vgicChip = new IrqChip() {
            @Override public IrqChipKind kind() { return IrqChipKind.VGIC; }
            @Override public void set(long[] n, IrqSource source, int pin, boolean level) {
                vgic.setLevel(n, source, spiOfPin[pin], level);
            }
        };
        GsiRouting[] tables = new GsiRouting[1 << t.reroutes().size()];
        for (int mask = 0; mask < tables.length; mask++) {
            List<ChipRoute> routes = new ArrayList<>();
            for (RouteEntry r : t.routedAfter(mask).routes()) {
                routes.add(new ChipRoute(r.gsi(), IrqChipKind.VGIC, r.pin()));
            }
            tables[mask] = new GsiRouting(routes).plug(vgicChip);
        }
        return new Routing(t, fields, tables, kernel.injectsSpisInline());
    }

    /**
     * x86: the scenario's table. kvm_arch_set_irq_inatomic (arch/x86/kvm/irq.c) handles only MSI,
     * Hyper-V SINT and Xen event channel routes and returns -EWOULDBLOCK for IRQCHIP routes, so
     * every IOAPIC or PIC injection goes through the irqfd_inject work item.
     */
    public static Routing x86(Topology t, KvmFields fields, GsiRouting table) {
        return new Routing(t, fields, new GsiRouting[] {table}, false);
    }

    /** The routing table's lookups in the current state (which reroutes are applied). */
    public Wiring wiring() {
        return wiring;
    }

    private GsiRouting table(long[] s) {
        return tables.length == 1 ? tables[0] : tables[wiring.appliedReroutes(s)];
    }

    /**
     * irqfd_wakeup's kvm_arch_set_irq_inatomic succeeds: the irqfd's cached entry (irqfd_update
     * caches it only when the GSI has exactly one) is one this architecture injects in atomic context.
     */
    public boolean injectsInatomic(long[] s, int gsi) {
        return injectsInatomic && table(s).routesOf(gsi).length == 1;
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
     * kvm_set_irq(kvm, src, gsi, level) on the current table (reroutes are state); a
     * KVM_SET_GSI_ROUTING swap is atomic between steps (the SRCU grace period is not modelled).
     */
    public void kvmSetIrq(long[] n, IrqSource source, int gsi, boolean level) {
        table(n).kvmSetIrq(n, source, gsi, level);
    }
}
