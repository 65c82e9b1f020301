package dev.irqcheck.model.guest;

import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VgicGuestInterface;

/**
 * What every guest execution context does alike: run on a vCPU in guest mode, go through the
 * interrupt controller ({@link GuestIrqChip}) to acknowledge, EOI, mask and unmask (an access that
 * traps keeps the vCPU out of guest mode until KVM completed it), and service devices.
 */
final class GuestActions {
    final Topology topology;
    final InterruptLayout f;
    final GuestFields g;
    final GuestIrqChip chip;
    private final VgicGuestInterface vgic;

    /** @param vgic the arm64 chip for the distributor writes only arm64 has; null on x86 */
    GuestActions(Topology topology, InterruptLayout fields, GuestIrqChip chip, VgicGuestInterface vgic) {
        this.topology = topology;
        this.f = fields;
        this.g = fields.guest;
        this.chip = chip;
        this.vgic = vgic;
    }

    String label(int irq) {
        return topology.guestIrqs().get(irq).label();
    }

    /**
     * The vCPU runs guest code and is free to start any context's next step: nothing forces an
     * exit first and no irq_set_affinity holds it with interrupts off.
     */
    boolean inGuest(long[] s, int vcpu) {
        return runsGuestCode(s, vcpu) && g.affinityStep[vcpu].is(s, AffinityStep.NONE);
    }

    boolean runsGuestCode(long[] s, int vcpu) {
        return chip.runsGuestCode(s, vcpu);
    }

    /** Thread or process context can run on the vCPU: it is in the guest and no hard interrupt is in hand there. */
    boolean canRunTask(long[] s, int vcpu) {
        return inGuest(s, vcpu) && g.handlingSpi[vcpu].get(s) < 0;
    }

    /**
     * desc->lock of the IRQ's descriptor is held across a trapped access: every mask, unmask and
     * affinity write the guest makes is issued under it, and no other lock holder can interleave
     * until KVM completes the access.
     */
    boolean descLocked(long[] s, int irq) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (chip.accessUnderDescLock(s, v, irq)) {
                return true;
            }
            // handle_fasteoi_irq's no-handler path holds the lock from its entry to its EOI.
            if (g.handlingSpi[v].get(s) == irq && g.hardIrq[v].is(s, HardIrqStage.NO_HANDLER_EOI)) {
                return true;
            }
            // irq_set_affinity holds it across gic_set_affinity's mask, IROUTER and unmask.
            if (!g.affinityStep[v].is(s, AffinityStep.NONE) && g.affinitySpi[v].get(s) == irq) {
                return true;
            }
        }
        return false;
    }

    /** desc->lock is free, or held by this vCPU's own hard-interrupt context (which may go on). */
    boolean descLockedByOther(long[] s, int irq, int vcpu) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (chip.accessUnderDescLock(s, v, irq)) {
                return true;
            }
            if (v != vcpu && g.handlingSpi[v].get(s) == irq && g.hardIrq[v].is(s, HardIrqStage.NO_HANDLER_EOI)) {
                return true;
            }
            if (!g.affinityStep[v].is(s, AffinityStep.NONE) && g.affinitySpi[v].get(s) == irq) {
                return true;
            }
        }
        return false;
    }

    /** A distributor access only arm64 has (IROUTER, I[SC]PENDR, I[SC]ACTIVER, ICFGR): it traps. */
    void trapDistributor(long[] n, int vcpu, MmioOp op, int spi) {
        trapDistributor(n, vcpu, op, spi, 0);
    }

    void trapDistributor(long[] n, int vcpu, MmioOp op, int spi, int argument) {
        if (vgic == null) {
            throw new IllegalStateException("a GIC distributor access on a topology without a VGIC");
        }
        vgic.trap(n, vcpu, op, spi, argument);
    }

    /** IRQD_IRQ_INPROGRESS: some vCPU's hard-interrupt context is inside handle_irq_event for the IRQ. */
    boolean handlerInProgress(long[] s, int irq) {
        return handlerInProgressElsewhere(s, irq, -1);
    }

    /** IRQD_IRQ_INPROGRESS set by a vCPU other than {@code vcpu}. */
    boolean handlerInProgressElsewhere(long[] s, int irq, int vcpu) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (v == vcpu) {
                continue;
            }
            HardIrqStage st = g.hardIrq[v].get(s);
            if (g.handlingSpi[v].get(s) == irq && (st == HardIrqStage.IN_HANDLER || st == HardIrqStage.HANDLED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The driver reads each device's status and clears its condition. An assigned device's
     * registers are mapped into the guest: the access does not trap. An emulated device's access
     * always traps, and QEMU updates the device model and its line together under the BQL when KVM
     * hands it the access (the chip's {@link GuestIrqChip#serviced}).
     */
    void service(long[] s, long[] n, int irq, int vcpu) {
        for (int d : chip.devicesOf(s, irq)) {
            if (topology.devices().get(d).handler() != dev.irqcheck.model.variant.HostHandlerKind.QEMU_EMULATED) {
                f.deviceCondition[d].set(n, false);
            }
        }
        chip.serviced(s, n, vcpu, irq);
    }

    boolean anyDeviceNeedsService(long[] s, int irq) {
        for (int d : chip.devicesOf(s, irq)) {
            if (f.deviceCondition[d].get(s)) {
                return true;
            }
        }
        return false;
    }
}
