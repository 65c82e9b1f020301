package dev.irqcheck.model.guest;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Wiring;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.VcpuMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The guest on each vCPU: acknowledge (ICV_IAR), the Linux handle_fasteoi_irq flow with a normal
 * ISR that services every device on the line, and EOI with EOImode 0 (ICV_EOIR drops priority and
 * deactivates). Abstracted: one priority level (no nesting), interrupts never masked at the CPU.
 */
public final class GuestCpu {
    private final Topology topology;
    private final InterruptLayout f;
    private final Wiring wiring;

    public GuestCpu(Topology topology, InterruptLayout fields) {
        this.topology = topology;
        this.f = fields;
        this.wiring = new Wiring(topology);
    }

    private final List<Rule> acknowledges = new ArrayList<>();

    /** The acknowledge (IAR) rules, one per vCPU: what a storm repeats. Valid after {@link #rules()}. */
    public List<Rule> acknowledgeRules() {
        return List.copyOf(acknowledges);
    }

    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        acknowledges.clear();
        for (int v = 0; v < topology.vcpus(); v++) {
            int vcpu = v;
            // icv_iar_read -> icv_activate_irq: the first pending LR becomes active and its INTID is
            // returned. The marker records an acknowledge while no device routed to it needs service.
            Rule acknowledge = Rule.of("guest IAR (icv_iar_read): acknowledge, vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.GUEST) && f.handlingSpi[vcpu].get(s) < 0
                            && firstPendingLr(s, vcpu) >= 0,
                    (s, n) -> {
                        int lr = firstPendingLr(s, vcpu);
                        int spi = f.lrSpi[vcpu][lr].get(s);
                        f.lrState[vcpu][lr].set(n, LrState.ACTIVE);
                        f.handlingSpi[vcpu].set(n, spi);
                        f.serviced[vcpu].set(n, false);
                        if (!anyDeviceNeedsService(s, spi)) {
                            f.spuriousAck[spi].set(n, true);
                            if (f.staleLevel[spi].get(s)) {
                                f.staleAck[spi].set(n, true);
                            }
                        }
                    });
            rules.add(acknowledge);
            acknowledges.add(acknowledge);
            // handle_fasteoi_irq -> handle_irq_event: the driver's ISR reads each device's status
            // and clears its condition.
            rules.add(Rule.of("guest handle_fasteoi_irq: ISR services devices, vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.GUEST) && f.handlingSpi[vcpu].get(s) >= 0
                            && !f.serviced[vcpu].get(s),
                    (s, n) -> {
                        int spi = f.handlingSpi[vcpu].get(s);
                        for (int d : wiring.devicesOfSpi(spi)) {
                            f.deviceCondition[d].set(n, false);
                        }
                        f.serviced[vcpu].set(n, true);
                        // Observer: every device on the SPI is serviced now; a line still latched
                        // high was sampled before that, so it is stale until the next sample.
                        if (f.lineLevel[spi].get(s)) {
                            f.staleLevel[spi].set(n, true);
                        }
                    }));
            // cond_unmask_eoi_irq -> gic_eoi_irq -> icv_eoir_write, EOImode 0: the active LR for
            // this INTID is deactivated (active -> invalid, pending+active -> pending).
            rules.add(Rule.of("guest EOIR (icv_eoir_write): deactivate, vcpu " + v,
                    s -> f.mode[vcpu].is(s, VcpuMode.GUEST) && f.handlingSpi[vcpu].get(s) >= 0
                            && f.serviced[vcpu].get(s) && activeLrOf(s, vcpu, f.handlingSpi[vcpu].get(s)) >= 0,
                    (s, n) -> {
                        int lr = activeLrOf(s, vcpu, f.handlingSpi[vcpu].get(s));
                        LrState state = f.lrState[vcpu][lr].get(s);
                        f.lrState[vcpu][lr].set(n, state == LrState.PENDING_ACTIVE ? LrState.PENDING : LrState.INVALID);
                        f.handlingSpi[vcpu].set(n, -1);
                        f.serviced[vcpu].set(n, false);
                    }));
        }
        return rules;
    }

    private int firstPendingLr(long[] s, int vcpu) {
        for (int l = 0; l < topology.listRegisters(); l++) {
            if (f.lrUsed[vcpu][l].get(s) && f.lrState[vcpu][l].is(s, LrState.PENDING)) {
                return l;
            }
        }
        return -1;
    }

    private int activeLrOf(long[] s, int vcpu, int spi) {
        for (int l = 0; l < topology.listRegisters(); l++) {
            LrState st = f.lrState[vcpu][l].get(s);
            if (f.lrUsed[vcpu][l].get(s) && f.lrSpi[vcpu][l].get(s) == spi
                    && (st == LrState.ACTIVE || st == LrState.PENDING_ACTIVE)) {
                return l;
            }
        }
        return -1;
    }

    private boolean anyDeviceNeedsService(long[] s, int spi) {
        for (int d : wiring.devicesOfSpi(spi)) {
            if (f.deviceCondition[d].get(s)) {
                return true;
            }
        }
        return false;
    }
}
