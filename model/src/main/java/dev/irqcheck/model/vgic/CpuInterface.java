package dev.irqcheck.model.vgic;

import dev.irqcheck.model.topology.Topology;

/**
 * What a guest sees of a vCPU: whether it runs guest code, the virtual CPU interface's list
 * registers as ICV_IAR1/ICV_EOIR1 read and write them (handled in hardware, no trap), and the
 * trap of a distributor or emulated-device access, which takes the vCPU out of guest mode until
 * KVM (and QEMU) completed it.
 */
public final class CpuInterface {
    private final Topology topology;
    private final VcpuFields f;
    private final VcpuMode trapMode;

    /** @param trapMode the run-loop mode a trapped access leaves the vCPU in (the exit's sync) */
    public CpuInterface(Topology topology, VcpuFields fields, VcpuMode trapMode) {
        this.topology = topology;
        this.f = fields;
        this.trapMode = trapMode;
    }

    /**
     * In guest mode with no EOI maintenance interrupt pending: an LR invalid with its EOI bit set
     * raises the physical maintenance interrupt, which the guest cannot mask; it exits the vCPU first.
     */
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

    /** The guest's access traps: the vCPU exits (its sync runs) and KVM completes the access before re-entry. */
    public void trap(long[] n, int vcpu, MmioOp op, int spi, int argument) {
        f.mmio[vcpu].set(n, op);
        f.mmioSpi[vcpu].set(n, spi);
        f.mmioArg[vcpu].set(n, argument);
        f.mode[vcpu].set(n, trapMode);
    }

    /** The trapped access the vCPU has in flight ({@link MmioOp#NONE} for none). */
    public MmioOp inFlight(long[] s, int vcpu) {
        return f.mmio[vcpu].get(s);
    }

    /** The SPI the in-flight access names. */
    public int inFlightSpi(long[] s, int vcpu) {
        return f.mmioSpi[vcpu].get(s);
    }

    /** Some vCPU has this access to this SPI in flight. */
    public boolean inFlightAnywhere(long[] s, MmioOp op, int spi) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (f.mmio[v].is(s, op) && f.mmioSpi[v].get(s) == spi) {
                return true;
            }
        }
        return false;
    }

    /** Some vCPU has this access, carrying this value, in flight. */
    public boolean valueInFlightAnywhere(long[] s, MmioOp op, int value) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (f.mmio[v].is(s, op) && f.mmioArg[v].get(s) == value) {
                return true;
            }
        }
        return false;
    }

    /** The first list register ICV_IAR1 would acknowledge, or -1. */
    public int firstPendingLr(long[] s, int vcpu) {
        for (int l = 0; l < topology.listRegisters(); l++) {
            if (f.lrUsed[vcpu][l].get(s) && f.lrState[vcpu][l].is(s, LrState.PENDING)) {
                return l;
            }
        }
        return -1;
    }

    /**
     * icv_iar_read -> icv_activate_irq: the first pending LR becomes active and its INTID (as SPI
     * index) is returned. Call only when {@link #firstPendingLr} found one.
     */
    public int acknowledge(long[] s, long[] n, int vcpu) {
        int lr = firstPendingLr(s, vcpu);
        f.lrState[vcpu][lr].set(n, LrState.ACTIVE);
        return f.lrSpi[vcpu][lr].get(s);
    }

    /**
     * icv_eoir_write with EOImode 0: drop the priority and deactivate the LR holding the INTID; if
     * none holds it (an ICACTIVER write deactivated it behind the guest's back) only the priority drops.
     */
    public void endOfInterrupt(long[] s, long[] n, int vcpu, int spi) {
        for (int l = 0; l < topology.listRegisters(); l++) {
            LrState st = f.lrState[vcpu][l].get(s);
            if (f.lrUsed[vcpu][l].get(s) && f.lrSpi[vcpu][l].get(s) == spi
                    && (st == LrState.ACTIVE || st == LrState.PENDING_ACTIVE)) {
                f.lrState[vcpu][l].set(n, st == LrState.PENDING_ACTIVE ? LrState.PENDING : LrState.INVALID);
                return;
            }
        }
    }
}
