package dev.irqcheck.model.guest;

import dev.irqcheck.model.device.Devices;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VgicGuestInterface;

/**
 * What every guest execution context does alike: run on a vCPU in guest mode, go through the
 * interrupt controller ({@link GuestIrqChip}) to acknowledge, EOI, mask and unmask (an access that
 * traps keeps the vCPU out of guest mode until KVM completed it), and service devices.
 */
final class GuestActions {
    final Topology topology;
    final GuestFields g;
    final GuestIrqChip chip;
    private final VgicGuestInterface vgic;
    private final Devices devices;

    /** @param vgic the arm64 chip, for the distributor accesses only arm64 has; null on x86 */
    GuestActions(Topology topology, GuestFields fields, GuestIrqChip chip, VgicGuestInterface vgic, Devices devices) {
        this.topology = topology;
        this.g = fields;
        this.chip = chip;
        this.vgic = vgic;
        this.devices = devices;
    }

    String label(int irq) {
        return topology.guestIrqs().get(irq).label();
    }

    /** The VGIC, for arm64-only guest accesses (affinity, raw distributor writes). */
    VgicGuestInterface vgic() {
        if (vgic == null) {
            throw new IllegalStateException("a GIC distributor access on a topology without a VGIC");
        }
        return vgic;
    }

    /**
     * The vCPU runs guest code (a trapped access in flight keeps it out of guest mode) and is free
     * to start any context's next step: nothing forces an exit first (on arm64 an EOI maintenance
     * interrupt) and no irq_set_affinity or enable_irq holds it with interrupts off.
     */
    boolean inGuest(long[] s, int vcpu) {
        return runsGuestCode(s, vcpu) && g.affinityStep[vcpu].is(s, AffinityStep.NONE) && g.resendSpi[vcpu].get(s) < 0;
    }

    boolean runsGuestCode(long[] s, int vcpu) {
        return chip.runsGuestCode(s, vcpu);
    }

    /** Thread or process context can run on the vCPU: it is in the guest and no hard interrupt is in hand there. */
    boolean canRunTask(long[] s, int vcpu) {
        return g.handlingSpi[vcpu].get(s) < 0 && inGuest(s, vcpu);
    }

    /**
     * desc->lock of the IRQ's descriptor is held across a trapped access: every mask, unmask and
     * affinity write the guest makes is issued under it, and no other lock holder can interleave
     * until KVM completes the access.
     */
    boolean descLocked(long[] s, int irq) {
        return descLockedByOther(s, irq, -1);
    }

    /** desc->lock is held by someone other than this vCPU's own hard-interrupt context (which may go on). */
    boolean descLockedByOther(long[] s, int irq, int vcpu) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (chip.accessUnderDescLock(s, v, irq)) {
                return true;
            }
            // handle_fasteoi_irq's no-handler path holds the lock from its entry to its EOI.
            if (v != vcpu && g.handlingSpi[v].get(s) == irq && g.hardIrq[v].is(s, HardIrqStage.NO_HANDLER_EOI)) {
                return true;
            }
            // irq_set_affinity holds it across gic_set_affinity's mask, IROUTER and unmask.
            if (!g.affinityStep[v].is(s, AffinityStep.NONE) && g.affinitySpi[v].get(s) == irq) {
                return true;
            }
            // enable_irq holds it from its unmask to check_irq_resend's retrigger.
            if (g.resendSpi[v].get(s) == irq) {
                return true;
            }
        }
        return false;
    }

    /** The guest configured the IRQ edge-triggered (device tree or IOAPIC RTE; a raw GICD_ICFGR flip does not change it). */
    boolean configuredEdge(int irq) {
        return chip.configuredEdge(irq);
    }

    /** A distributor access only arm64 has; it traps. */
    void trap(long[] n, int vcpu, MmioOp op, int spi) {
        trap(n, vcpu, op, spi, 0);
    }

    void trap(long[] n, int vcpu, MmioOp op, int spi, int argument) {
        vgic().trap(n, vcpu, op, spi, argument);
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
            if (topology.devices().get(d).handler() != HostHandlerKind.QEMU_EMULATED) {
                devices.service(n, d);
            }
        }
        chip.serviced(s, n, vcpu, irq);
    }

    boolean anyDeviceNeedsService(long[] s, int irq) {
        for (int d : chip.devicesOf(s, irq)) {
            if (devices.hasCondition(s, d)) {
                return true;
            }
        }
        return false;
    }
}
