package dev.irqcheck.model.guest;

import dev.irqcheck.model.device.Devices;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Wiring;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.vgic.CpuInterface;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.Vgic;

/**
 * What every guest execution context does alike: run on a vCPU in guest mode, trap a register
 * access (the vCPU exits and the context goes on only after KVM completed it), read the list
 * registers through ICV_IAR/ICV_EOIR, and service devices.
 */
final class GuestActions {
    final Topology topology;
    final GuestFields g;
    final CpuInterface cpu;
    final Vgic vgic;
    private final Devices devices;
    private final Wiring wiring;
    private final boolean[] spiHasEmulatedDevice;

    GuestActions(Topology topology, GuestFields fields, CpuInterface cpu, Vgic vgic, Devices devices, Wiring wiring) {
        this.topology = topology;
        this.g = fields;
        this.cpu = cpu;
        this.vgic = vgic;
        this.devices = devices;
        this.wiring = wiring;
        spiHasEmulatedDevice = new boolean[topology.spis().size()];
        for (int d = 0; d < topology.devices().size(); d++) {
            int spi = topology.irqLineSpiOfDevice(d);
            if (spi >= 0 && topology.devices().get(d).handler() == HostHandlerKind.QEMU_EMULATED) {
                spiHasEmulatedDevice[spi] = true;
            }
        }
    }

    /**
     * The vCPU runs guest code (a trapped access in flight keeps it out of guest mode) and is free
     * to start any context's next step: no EOI maintenance interrupt is pending (an LR invalid with
     * its EOI bit: the physical maintenance interrupt, which the guest cannot mask, exits the vCPU
     * first) and no irq_set_affinity or enable_irq holds it with interrupts off.
     */
    boolean inGuest(long[] s, int vcpu) {
        return runsGuestCode(s, vcpu) && g.affinityStep[vcpu].is(s, AffinityStep.NONE) && g.resendSpi[vcpu].get(s) < 0;
    }

    /** In guest mode with no maintenance interrupt pending. */
    boolean runsGuestCode(long[] s, int vcpu) {
        return cpu.runsGuestCode(s, vcpu);
    }

    /** Thread or process context can run on the vCPU: it is in the guest and no hard interrupt is in hand there. */
    boolean canRunTask(long[] s, int vcpu) {
        return inGuest(s, vcpu) && g.handlingSpi[vcpu].get(s) < 0;
    }

    /**
     * desc->lock of the SPI's irq descriptor is held across a trapped access: every mask, unmask
     * and affinity write the guest makes is issued under it, and no other lock holder can interleave
     * until KVM completes the access.
     */
    boolean descLocked(long[] s, int spi) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (cpu.inFlight(s, v).underDescLock() && cpu.inFlightSpi(s, v) == spi) {
                return true;
            }
            // handle_fasteoi_irq's no-handler path holds the lock from its entry to its EOI.
            if (g.handlingSpi[v].get(s) == spi && g.hardIrq[v].is(s, HardIrqStage.NO_HANDLER_EOI)) {
                return true;
            }
            // irq_set_affinity holds it across gic_set_affinity's mask, IROUTER and unmask.
            if (!g.affinityStep[v].is(s, AffinityStep.NONE) && g.affinitySpi[v].get(s) == spi) {
                return true;
            }
            // enable_irq holds it from its unmask to check_irq_resend's retrigger.
            if (g.resendSpi[v].get(s) == spi) {
                return true;
            }
        }
        return false;
    }

    /** desc->lock is free, or held by this vCPU's own hard-interrupt context (which may go on). */
    boolean descLockedByOther(long[] s, int spi, int vcpu) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (cpu.inFlight(s, v).underDescLock() && cpu.inFlightSpi(s, v) == spi) {
                return true;
            }
            if (v != vcpu && g.handlingSpi[v].get(s) == spi && g.hardIrq[v].is(s, HardIrqStage.NO_HANDLER_EOI)) {
                return true;
            }
            if (!g.affinityStep[v].is(s, AffinityStep.NONE) && g.affinitySpi[v].get(s) == spi) {
                return true;
            }
            // enable_irq holds it from its unmask to check_irq_resend's retrigger.
            if (g.resendSpi[v].get(s) == spi) {
                return true;
            }
        }
        return false;
    }

    /** The guest configured the SPI edge-triggered (its device tree says so; a raw GICD_ICFGR flip does not change it). */
    boolean configuredEdge(int spi) {
        return topology.spis().get(spi).config() == TriggerMode.EDGE;
    }

    /** The guest's access traps: the vCPU exits (its sync runs) and KVM completes the access before re-entry. */
    void trap(long[] n, int vcpu, MmioOp op, int spi) {
        trap(n, vcpu, op, spi, 0);
    }

    void trap(long[] n, int vcpu, MmioOp op, int spi, int argument) {
        cpu.trap(n, vcpu, op, spi, argument);
    }

    /** IRQD_IRQ_INPROGRESS: some vCPU's hard-interrupt context is inside handle_irq_event for the SPI. */
    boolean handlerInProgress(long[] s, int spi) {
        return handlerInProgressElsewhere(s, spi, -1);
    }

    /** IRQD_IRQ_INPROGRESS set by a vCPU other than {@code vcpu}. */
    boolean handlerInProgressElsewhere(long[] s, int spi, int vcpu) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (v == vcpu) {
                continue;
            }
            HardIrqStage st = g.hardIrq[v].get(s);
            if (g.handlingSpi[v].get(s) == spi && (st == HardIrqStage.IN_HANDLER || st == HardIrqStage.HANDLED)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The driver reads each device's status and clears its condition. An assigned device's
     * registers are mapped into the guest: the access does not trap. An emulated device's access
     * always traps, and QEMU updates the device model and its line together under the BQL when KVM
     * hands it the access (the EMULATED_ACCESS completion).
     */
    void service(long[] s, long[] n, int spi, int vcpu) {
        for (int d : wiring.devicesOfSpi(s, spi)) {
            if (topology.devices().get(d).handler() != HostHandlerKind.QEMU_EMULATED) {
                devices.service(n, d);
            }
        }
        if (spiHasEmulatedDevice[spi]) {
            // QEMU finishes the service (and the stale observer) when it completes the access.
            trap(n, vcpu, MmioOp.EMULATED_ACCESS, spi);
        } else {
            vgic.observeServiced(n, spi);
        }
    }

    boolean anyDeviceNeedsService(long[] s, int spi) {
        for (int d : wiring.devicesOfSpi(s, spi)) {
            if (devices.hasCondition(s, d)) {
                return true;
            }
        }
        return false;
    }
}
