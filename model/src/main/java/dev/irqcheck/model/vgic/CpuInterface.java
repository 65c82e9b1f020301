package dev.irqcheck.model.vgic;

import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.EoiMode;

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
    private final ListRegisterOverflow overflow;
    private final EoiMode eoiMode;

    /**
     * @param trapMode the run-loop mode a trapped access leaves the vCPU in (the exit's sync)
     * @param eoiMode ICH_VMCR_EL2.VEOIM, the guest's EOImode, on every vCPU
     */
    public CpuInterface(Topology topology, VcpuFields fields, VcpuMode trapMode, ListRegisterOverflow overflow,
                        EoiMode eoiMode) {
        this.topology = topology;
        this.f = fields;
        this.trapMode = trapMode;
        this.overflow = overflow;
        this.eoiMode = eoiMode;
    }

    /** The guest's EOImode: 0, EOIR deactivates; 1, EOIR only drops the priority and DIR deactivates. */
    public EoiMode eoiMode() {
        return eoiMode;
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
     * none holds it (an active interrupt an LR overflow left outside the LRs, or one an ICACTIVER
     * write deactivated behind the guest's back) the CPU interface counts it in EOIcount.
     */
    public void endOfInterrupt(long[] s, long[] n, int vcpu, int spi) {
        if (!deactivateInLr(s, n, vcpu, spi)) {
            overflow.eoiOutsideLrs(n, vcpu);
        }
    }

    /**
     * ICC_DIR_EL1 with EOImode 1 (the priority was dropped at the acknowledge). With
     * ICH_HCR_EL2.TDIR the write traps to EL2 and, on a host with the TDIR capability and no CPU
     * interface trapping (vgic_v3_cpuif_trap off, so __vgic_v3_perform_cpuif_access and its in-LR
     * shortcut from "Handle in-LR deactivation when possible" never run), takes a full exit to
     * access_gic_dir -> vgic_v3_deactivate. Without TDIR the CPU interface deactivates the LR holding
     * the INTID; with no such LR the deactivation is lost (its EOIcount is kept only with LRENPIE,
     * which implies TDIR). Hosts without TDIR (TDIR forced, DIR emulated at EL2) are not modelled.
     */
    public void deactivate(long[] s, long[] n, int vcpu, int spi) {
        if (overflow.dirTraps(s, vcpu)) {
            trap(n, vcpu, MmioOp.DEACTIVATE, spi, 0);
        } else {
            deactivateInLr(s, n, vcpu, spi);
        }
    }

    // The LR holding the INTID active is deactivated (active -> invalid, pending+active ->
    // pending); false when no LR holds it active.
    private boolean deactivateInLr(long[] s, long[] n, int vcpu, int spi) {
        for (int l = 0; l < topology.listRegisters(); l++) {
            LrState st = f.lrState[vcpu][l].get(s);
            if (f.lrUsed[vcpu][l].get(s) && f.lrSpi[vcpu][l].get(s) == spi
                    && (st == LrState.ACTIVE || st == LrState.PENDING_ACTIVE)) {
                f.lrState[vcpu][l].set(n, st == LrState.PENDING_ACTIVE ? LrState.PENDING : LrState.INVALID);
                return true;
            }
        }
        return false;
    }
}
