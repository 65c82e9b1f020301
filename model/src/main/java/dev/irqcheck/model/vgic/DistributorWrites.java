package dev.irqcheck.model.vgic;

import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Wiring;
import dev.irqcheck.model.variant.UnmaskResample;

/**
 * KVM's handlers of the guest's trapped distributor writes (arch/arm64/kvm/vgic/vgic-mmio.c,
 * vgic-mmio-v3.c), for non-HW SPIs.
 */
public final class DistributorWrites {
    private final Topology topology;
    private final DistributorFields f;
    private final Vgic vgic;
    private final UnmaskResample unmaskResample;
    private final Wiring wiring;
    private final java.util.function.BiPredicate<long[], Integer> hasResampler;

    public DistributorWrites(Topology topology, DistributorFields fields, Vgic vgic, UnmaskResample unmaskResample,
                             Wiring wiring, java.util.function.BiPredicate<long[], Integer> gsiHasResampler) {
        this.topology = topology;
        this.f = fields;
        this.vgic = vgic;
        this.unmaskResample = unmaskResample;
        this.wiring = wiring;
        this.hasResampler = gsiHasResampler;
    }

    /**
     * vgic_mmio_write_spending (__set_pending, non-HW): pending_latch := 1 and queue. A software
     * pending state is a new sample: an acknowledge owed to it is not stale.
     */
    public void setPending(long[] n, int spi) {
        f.pendingLatch[spi].set(n, true);
        f.staleLevel[spi].set(n, false);
        vgic.queue(n, spi);
    }

    /**
     * vgic_mmio_write_cpending (__clear_pending, non-HW): pending_latch := 0; line_level is
     * untouched, so a level SPI whose line is high stays pending.
     */
    public void clearPending(long[] n, int spi) {
        f.pendingLatch[spi].set(n, false);
    }

    /**
     * vgic_mmio_write_cactive -> vgic_mmio_change_active(false), with every vCPU halted: active :=
     * 0. It does not call kvm_notify_acked_irq: a deactivation this way never reaches the
     * resampler.
     */
    public void clearActive(long[] n, int spi) {
        f.active[spi].set(n, false);
    }

    /** vgic_mmio_write_sactive -> vgic_mmio_change_active(true), every vCPU halted: active := 1, queued. */
    public void setActive(long[] n, int spi) {
        f.active[spi].set(n, true);
        vgic.queue(n, spi);
    }

    /**
     * vgic_mmio_write_config: under irq_lock only, config := level or edge; nothing is re-queued
     * and line_level / pending_latch keep their values (the GIC architecture leaves a change while
     * the SPI is enabled UNPREDICTABLE; KVM just switches).
     */
    public void toggleConfig(long[] n, int spi) {
        f.spiEdge[spi].set(n, !f.spiEdge[spi].get(n));
    }

    /**
     * vgic_mmio_write_cenable: enabled := 0 and nothing else: no requeue, no kick; prune drops a
     * queued, inactive IRQ at the holder's next exit.
     */
    public void clearEnable(long[] n, int spi) {
        f.spiEnabled[spi].set(n, false);
    }

    /**
     * vgic_mmio_write_senable for a non-HW SPI: enabled := 1 and vgic_queue_irq_unlock; irqfd SPIs
     * are not HW-mapped, so their latched line_level is queued as it is. With the
     * resample-on-unmask variant, a latched, idle level SPI owned by a resampler is lowered instead
     * and the caller owes kvm_notify_irqfd_resampler (returns true).
     */
    public boolean setEnable(long[] n, int spi) {
        if (unmaskResample == UnmaskResample.PRESENT && vgic.isLevel(n, spi) && f.lineLevel[spi].get(n)
                && !f.pendingLatch[spi].get(n) && !f.active[spi].get(n) && f.apListOwner[spi].get(n) < 0
                && hasResampler.test(n, wiring.gsiOfSpi(n, spi))) {
            // Only the resample source is withdrawn: under OR per source another writer (an
            // emulated device's KVM_IRQ_LINE) may still hold the line, and then it is queued.
            vgic.setLevel(n, dev.irqcheck.model.kvm.IrqSource.RESAMPLE, spi, false);
            f.staleLevel[spi].set(n, false);
            f.spiEnabled[spi].set(n, true);
            if (vgic.isPending(n, spi)) {
                vgic.queue(n, spi);
            }
            return true;
        }
        f.spiEnabled[spi].set(n, true);
        vgic.queue(n, spi);
        return false;
    }

    /**
     * vgic_mmio_write_irouter: under irq_lock only, target_vcpu := the vCPU written. No requeue and
     * no kick: an IRQ already on an ap_list migrates lazily at the holder's next prune, and an
     * active one stays where it is.
     */
    public void setTarget(long[] n, int spi, int vcpu) {
        f.spiTarget[spi].set(n, vcpu);
    }
}
