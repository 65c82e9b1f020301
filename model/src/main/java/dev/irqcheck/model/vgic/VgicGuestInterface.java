package dev.irqcheck.model.vgic;

import dev.irqcheck.model.guest.GuestIrqChip;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Wiring;
import dev.irqcheck.model.variant.EoiMode;
import dev.irqcheck.model.variant.HostHandlerKind;

/**
 * The GICv3 virtual CPU interface and distributor as a Linux guest at EL1 uses them (EOImode 0),
 * the VGIC's side of {@link GuestIrqChip}: ICV_IAR1 and ICV_EOIR1 on the list registers
 * ({@link CpuInterface}, no trap); gic_mask_irq/gic_unmask_irq write GICD_IC/ISENABLER, which trap;
 * the effective affinity is the one vCPU GICD_IROUTER names. The distributor accesses only arm64
 * has (IROUTER, I[SC]PENDR, I[SC]ACTIVER, ICFGR) are its own operations.
 */
public final class VgicGuestInterface implements GuestIrqChip {
    private final Topology topology;
    private final CpuInterface cpu;
    private final Vgic vgic;
    private final Wiring wiring;
    private final boolean[] spiHasEmulatedDevice;

    public VgicGuestInterface(Topology topology, CpuInterface cpu, Vgic vgic, Wiring wiring) {
        this.topology = topology;
        this.cpu = cpu;
        this.vgic = vgic;
        this.wiring = wiring;
        spiHasEmulatedDevice = new boolean[topology.spis().size()];
        for (int d = 0; d < topology.devices().size(); d++) {
            int spi = topology.irqLineSpiOfDevice(d);
            if (spi >= 0 && topology.devices().get(d).handler() == HostHandlerKind.QEMU_EMULATED) {
                spiHasEmulatedDevice[spi] = true;
            }
        }
    }

    @Override public boolean runsGuestCode(long[] s, int vcpu) { return cpu.runsGuestCode(s, vcpu); }
    @Override public boolean hasDeliverable(long[] s, int vcpu) { return cpu.firstPendingLr(s, vcpu) >= 0; }
    @Override public int acknowledge(long[] s, long[] n, int vcpu) { return cpu.acknowledge(s, n, vcpu); }

    @Override
    public void observeAcknowledge(long[] s, long[] n, int spi, boolean deviceNeedsService) {
        vgic.observeAcknowledge(s, n, spi, deviceNeedsService);
    }

    /**
     * EOImode 0: gic_eoi_irq writes ICV_EOIR1 (priority drop and deactivation). EOImode 1:
     * gic_eoimode1_eoi_irq writes ICC_DIR_EL1 (the priority dropped right after the acknowledge).
     */
    @Override
    public void endOfInterrupt(long[] s, long[] n, int vcpu, int spi) {
        if (cpu.eoiMode() == EoiMode.SPLIT) {
            cpu.deactivate(s, n, vcpu, spi);
        } else {
            cpu.endOfInterrupt(s, n, vcpu, spi);
        }
    }

    /** gic_mask_irq writes GICD_ICENABLER (traps). */
    @Override
    public void mask(long[] n, int vcpu, int spi) {
        cpu.trap(n, vcpu, MmioOp.CLEAR_ENABLE, spi, 0);
    }

    /** gic_unmask_irq writes GICD_ISENABLER (traps). */
    @Override
    public void unmask(long[] n, int vcpu, int spi) {
        cpu.trap(n, vcpu, MmioOp.SET_ENABLE, spi, 0);
    }

    @Override
    public void pciCommandWrite(long[] n, int vcpu, int device) {
        cpu.trap(n, vcpu, MmioOp.PCI_COMMAND_WRITE, 0, device);
    }

    @Override
    public boolean pciCommandWriteInFlight(long[] s, int device) {
        return cpu.valueInFlightAnywhere(s, MmioOp.PCI_COMMAND_WRITE, device);
    }

    /** gic_retrigger: gic_poke_irq(d, GICD_ISPENDR) (traps). */
    @Override
    public void retrigger(long[] n, int vcpu, int spi) {
        cpu.trap(n, vcpu, MmioOp.RETRIGGER, spi, 0);
    }

    @Override
    public boolean accessUnderDescLock(long[] s, int vcpu, int spi) {
        return cpu.inFlight(s, vcpu).underDescLock() && cpu.inFlightSpi(s, vcpu) == spi;
    }

    /** GICD_IROUTER names one vCPU: the effective affinity. */
    @Override
    public int effectiveAffinity(long[] s, int spi) {
        return vgic.target(s, spi);
    }

    @Override
    public int[] devicesOf(long[] s, int spi) {
        return wiring.devicesOfSpi(s, spi);
    }

    /**
     * An emulated device's access always traps, and QEMU finishes the service (and the stale
     * observer) when it completes it; otherwise the VGIC's stale-level observer.
     */
    @Override
    public void serviced(long[] s, long[] n, int vcpu, int spi) {
        if (spiHasEmulatedDevice[spi]) {
            cpu.trap(n, vcpu, MmioOp.EMULATED_ACCESS, spi, 0);
        } else {
            vgic.observeServiced(n, spi);
        }
    }

    @Override
    public boolean configuredEdge(int spi) {
        return topology.spis().get(spi).config() == dev.irqcheck.model.variant.TriggerMode.EDGE;
    }

    /** gic_chip: handle_fasteoi_irq for level and edge SPIs alike. */
    @Override
    public boolean edgeFlow(int spi) {
        return false;
    }

    @Override public String acknowledgeName() { return "IAR (icv_iar_read)"; }
    @Override public String eoiName() {
        return cpu.eoiMode() == EoiMode.SPLIT ? "DIR (gic_eoimode1_eoi_irq -> ICC_DIR_EL1)" : "EOIR (gic_eoi_irq -> icv_eoir_write)";
    }
    @Override public String maskName() { return "GICD_ICENABLER"; }
    @Override public String unmaskName() { return "GICD_ISENABLER"; }
    @Override public String retriggerName() { return "gic_retrigger (GICD_ISPENDR, traps)"; }

    /** A distributor access the guest makes (it traps). */
    public void trap(long[] n, int vcpu, MmioOp op, int spi, int argument) {
        cpu.trap(n, vcpu, op, spi, argument);
    }

    public int target(long[] s, int spi) {
        return vgic.target(s, spi);
    }

    public boolean isEnabled(long[] s, int spi) {
        return vgic.isEnabled(s, spi);
    }

    public boolean inFlightAnywhere(long[] s, MmioOp op, int spi) {
        return cpu.inFlightAnywhere(s, op, spi);
    }

    public boolean valueInFlightAnywhere(long[] s, MmioOp op, int value) {
        return cpu.valueInFlightAnywhere(s, op, value);
    }
}
