package dev.irqcheck.model.vgic;

import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.kvm.IrqSource;
import dev.irqcheck.model.variant.LineCombining;
import dev.irqcheck.model.variant.TriggerMode;

/**
 * The VGIC distributor's per-SPI logic that other components call into: injection, the target
 * oracle, queueing and kicks. Functions of arch/arm64/kvm/vgic/vgic.c; stateless, acting on the
 * packed words it is given.
 */
public final class Vgic {
    private final Topology topology;
    private final DistributorFields f;
    private final VcpuFields cpu;
    private final LineCombining combining;

    public Vgic(Topology topology, DistributorFields fields, VcpuFields vcpus, LineCombining combining) {
        this.topology = topology;
        this.f = fields;
        this.cpu = vcpus;
        this.combining = combining;
    }

    /** Each SPI enabled and configured as the topology says, targeting its vCPU, on no ap_list. */
    public void initialize(long[] w) {
        for (int s = 0; s < topology.spis().size(); s++) {
            f.spiEnabled[s].set(w, topology.spis().get(s).enabled());
            f.apListOwner[s].set(w, -1);
            f.spiTarget[s].set(w, topology.spis().get(s).targetVcpu());
            f.spiEdge[s].set(w, topology.spis().get(s).config() == TriggerMode.EDGE);
        }
    }

    /** GICD_IROUTER as KVM holds it: the vCPU an SPI targets (the guest's effective affinity). */
    public int target(long[] s, int spi) {
        return f.spiTarget[spi].get(s);
    }

    /** GICD_ISENABLER as KVM holds it. */
    public boolean isEnabled(long[] s, int spi) {
        return f.spiEnabled[spi].get(s);
    }

    /**
     * Observer, not kernel state: every device on the SPI has just been serviced, so a line still
     * latched high was sampled before that and stays stale until the next sample.
     */
    public void observeServiced(long[] n, int spi) {
        if (f.lineLevel[spi].get(n)) {
            f.staleLevel[spi].set(n, true);
        }
    }

    /**
     * Observer: the guest acknowledged the SPI. With no device needing service, and no software
     * pending state (a guest ISPENDR: on a level SPI only that sets pending_latch) to owe it to, it
     * is a spurious acknowledge in the strict form, and a stale one if the latched level was stale.
     */
    public void observeAcknowledge(long[] s, long[] n, int spi, boolean deviceNeedsService) {
        boolean softwarePending = isLevel(s, spi) && f.pendingLatch[spi].get(s);
        if (!deviceNeedsService && !softwarePending) {
            f.spuriousAck[spi].set(n, true);
            if (f.staleLevel[spi].get(s)) {
                f.staleAck[spi].set(n, true);
            }
        }
    }

    /** The VGIC still holds the SPI's interrupt: line or latch set (the guest unmasks eventually), or active. */
    public boolean holdsInterrupt(long[] s, int spi) {
        return f.lineLevel[spi].get(s) || f.pendingLatch[spi].get(s) || f.active[spi].get(s);
    }

    /** The observer's strict spurious-acknowledge marker. */
    public boolean ackedWithNoCondition(long[] s, int spi) {
        return f.spuriousAck[spi].get(s);
    }

    /** The observer's stale-acknowledge marker. */
    public boolean ackedStaleLevel(long[] s, int spi) {
        return f.staleAck[spi].get(s);
    }

    /**
     * A level write from one source: last writer wins on arm64 (the source is ignored); under the
     * OR-per-source variant the source's own level is recorded and the line is the OR of all.
     */
    public void setLevel(long[] n, IrqSource source, int spi, boolean level) {
        if (combining == LineCombining.OR_PER_SOURCE) {
            (source == IrqSource.RESAMPLE ? f.resampleSourceLevel : f.userspaceSourceLevel)[spi].set(n, level);
            level = f.resampleSourceLevel[spi].get(n) || f.userspaceSourceLevel[spi].get(n);
        }
        injectIrq(n, spi, level);
    }

    /** The SPI's current configuration (GICD_ICFGR; the guest may rewrite it). */
    public boolean isLevel(long[] s, int spi) {
        return !f.spiEdge[spi].get(s);
    }

    /** vgic.h irq_is_pending: edge uses the latch alone; level is latch or line. */
    public boolean isPending(long[] s, int spi) {
        boolean latch = f.pendingLatch[spi].get(s);
        return isLevel(s, spi) ? latch || f.lineLevel[spi].get(s) : latch;
    }

    /**
     * vgic.c vgic_target_oracle: an active IRQ stays with the vCPU that has it (or its target);
     * an enabled pending one goes to its target; otherwise nowhere (-1).
     * Abstracted: dist->enabled (GICD_CTLR) is always on; priorities and groups are equal.
     */
    public int oracle(long[] s, int spi) {
        if (f.active[spi].get(s)) {
            int owner = f.apListOwner[spi].get(s);
            return owner >= 0 ? owner : f.spiTarget[spi].get(s);
        }
        if (f.spiEnabled[spi].get(s) && isPending(s, spi)) {
            return f.spiTarget[spi].get(s);
        }
        return -1;
    }

    /**
     * vgic.c kvm_vgic_inject_irq with owner NULL (irqfd and KVM_IRQ_LINE): a level write that does
     * not change line_level, or an edge write of 0, is rejected by vgic_validate_injection and
     * does nothing; otherwise set the line or latch and queue. All level writers share one
     * line_level: the last writer wins.
     */
    public void injectIrq(long[] n, int spi, boolean level) {
        if (isLevel(n, spi)) {
            if (f.lineLevel[spi].get(n) == level) {
                return;
            }
            f.lineLevel[spi].set(n, level);
            // Observer: a new sample (assert or lower) is never stale.
            f.staleLevel[spi].set(n, false);
        } else {
            if (!level) {
                return;
            }
            f.pendingLatch[spi].set(n, true);
        }
        queue(n, spi);
    }

    /**
     * vgic.c vgic_queue_irq_unlock: if the IRQ is already on an ap_list, or the oracle says
     * nowhere, only kick the oracle's vCPU (an edge on an ap_list gets no EOI maintenance
     * interrupt); else append to the oracle vCPU's ap_list and kick it.
     * Abstracted: the lock drop and retry loop is one atomic step; the ap_list order is SPI index.
     */
    public void queue(long[] n, int spi) {
        int target = oracle(n, spi);
        if (f.apListOwner[spi].get(n) >= 0 || target < 0) {
            if (target >= 0) {
                kick(n, target);
            }
            return;
        }
        f.apListOwner[spi].set(n, target);
        kick(n, target);
    }

    /** kvm_make_request(KVM_REQ_IRQ_PENDING) + kvm_vcpu_kick: the vCPU exits, or sees it before entry. */
    public void kick(long[] n, int vcpu) {
        cpu.kicked[vcpu].set(n, true);
    }
}
