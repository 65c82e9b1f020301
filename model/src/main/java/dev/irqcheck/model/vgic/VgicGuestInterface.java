package dev.irqcheck.model.vgic;

import dev.irqcheck.model.guest.GuestIrqChip;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Wiring;

/**
 * The GICv3 virtual CPU interface and distributor as a Linux guest at EL1 uses them (EOImode 0):
 * ICV_IAR1 makes the first pending list register active; ICV_EOIR1 deactivates the LR holding
 * the INTID without trapping (KVM sees it at the next exit); GICD_IC/ISENABLER, IROUTER and the
 * other distributor registers trap. The VGIC's side of {@link GuestIrqChip}.
 */
public final class VgicGuestInterface implements GuestIrqChip {
    private final Topology topology;
    private final InterruptLayout f;
    private final Wiring wiring;
    private final VcpuMode trapMode;
    private final boolean[] spiHasEmulatedDevice;

    /** @param trapMode the run-loop mode a trapped access leaves the vCPU in (the exit's sync) */
    public VgicGuestInterface(Topology topology, InterruptLayout fields, VcpuMode trapMode) {
        this.topology = topology;
        this.f = fields;
        this.wiring = new Wiring(topology, fields.reroutesApplied);
        this.trapMode = trapMode;
        spiHasEmulatedDevice = new boolean[topology.spis().size()];
        for (int d = 0; d < topology.devices().size(); d++) {
            int spi = topology.irqLineSpiOfDevice(d);
            if (spi >= 0 && topology.devices().get(d).handler() == HostHandlerKind.QEMU_EMULATED) {
                spiHasEmulatedDevice[spi] = true;
            }
        }
    }

    /**
     * In guest mode with no EOI maintenance interrupt pending (an LR invalid with its EOI bit: the
     * physical maintenance interrupt, which the guest cannot mask, exits the vCPU first).
     */
    @Override
    public boolean runsGuestCode(long[] s, int vcpu) {
        if (!f.mode[vcpu].is(s, VcpuMode.GUEST)) {
            return false;
        }
        for (int l = 0; l < topology.listRegisters(); l++) {
            if (f.lrUsed[vcpu][l].get(s) && f.lrState[vcpu][l].is(s, LrState.INVALID) && f.lrEoi[vcpu][l].get(s)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int deliverable(long[] s, int vcpu) {
        int lr = firstPendingLr(s, vcpu);
        return lr < 0 ? -1 : f.lrSpi[vcpu][lr].get(s);
    }

    /**
     * icv_iar_read -> icv_activate_irq: the first pending LR becomes active. The strict spurious
     * form excludes an acknowledge owed to a software pending state (a guest ISPENDR): on a level
     * SPI only that sets pending_latch.
     */
    @Override
    public void acknowledge(long[] s, long[] n, int vcpu, int spi, boolean noCondition) {
        f.lrState[vcpu][firstPendingLr(s, vcpu)].set(n, LrState.ACTIVE);
        boolean softwarePending = !f.spiEdge[spi].get(s) && f.pendingLatch[spi].get(s);
        if (noCondition && !softwarePending) {
            f.spuriousAck[spi].set(n, true);
            if (f.staleLevel[spi].get(s)) {
                f.staleAck[spi].set(n, true);
            }
        }
    }

    /**
     * ICV_EOIR1 with EOImode 0 drops the priority and deactivates the LR holding the INTID; if none
     * holds it (an ICACTIVER write deactivated it behind the guest's back) only the priority drops.
     */
    @Override
    public void eoi(long[] s, long[] n, int vcpu, int spi) {
        int lr = activeLrOf(s, vcpu, spi);
        if (lr >= 0) {
            LrState state = f.lrState[vcpu][lr].get(s);
            f.lrState[vcpu][lr].set(n, state == LrState.PENDING_ACTIVE ? LrState.PENDING : LrState.INVALID);
        }
    }

    /** gic_mask_irq writes GICD_ICENABLER (traps). */
    @Override
    public void mask(long[] n, int vcpu, int spi) {
        trap(n, vcpu, MmioOp.CLEAR_ENABLE, spi, 0);
    }

    /** gic_unmask_irq writes GICD_ISENABLER (traps). */
    @Override
    public void unmask(long[] n, int vcpu, int spi) {
        trap(n, vcpu, MmioOp.SET_ENABLE, spi, 0);
    }

    @Override
    public boolean accessUnderDescLock(long[] s, int vcpu, int spi) {
        return f.mmio[vcpu].get(s).underDescLock() && f.mmioSpi[vcpu].get(s) == spi;
    }

    /** GICD_IROUTER names one vCPU: the effective affinity. */
    @Override
    public int effectiveAffinity(long[] s, int spi) {
        return f.spiTarget[spi].get(s);
    }

    @Override
    public int[] devicesOf(long[] s, int spi) {
        return wiring.devicesOfSpi(s, spi);
    }

    /**
     * An emulated device's access always traps, and QEMU finishes the service (and the stale
     * observer) when it completes it; otherwise a line still latched high was sampled before the
     * service, so it is stale until the next sample.
     */
    @Override
    public void serviced(long[] s, long[] n, int vcpu, int spi) {
        if (spiHasEmulatedDevice[spi]) {
            trap(n, vcpu, MmioOp.EMULATED_ACCESS, spi, 0);
        } else if (f.lineLevel[spi].get(n)) {
            f.staleLevel[spi].set(n, true);
        }
    }

    @Override public String acknowledgeName() { return "IAR (icv_iar_read)"; }
    @Override public String eoiName() { return "EOIR (gic_eoi_irq -> icv_eoir_write)"; }
    @Override public String maskName() { return "GICD_ICENABLER"; }

    /** The guest's distributor access traps: the vCPU exits (its sync runs) and KVM completes the access before re-entry. */
    public void trap(long[] n, int vcpu, MmioOp op, int spi, int argument) {
        f.mmio[vcpu].set(n, op);
        f.mmioSpi[vcpu].set(n, spi);
        f.mmioArg[vcpu].set(n, argument);
        f.mode[vcpu].set(n, trapMode);
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
}
