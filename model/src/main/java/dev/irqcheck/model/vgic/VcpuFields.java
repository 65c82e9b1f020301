package dev.irqcheck.model.vgic;

import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.EnumField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.topology.Topology;

/**
 * Each vCPU's run-loop and CPU-interface state, declared here: run-loop mode, a kick request,
 * a kvm_arm_halt_guest request and whether a halt waits for it, the exits left for reasons outside
 * the model, the trapped access in flight (register, SPI, value), and per list register its state,
 * INTID (as SPI index), EOI bit, whether it was loaded at the last entry (so fold visits it),
 * whether the first half of its ack notification ran, and the GSI that ack acts on.
 */
public final class VcpuFields {
    public final EnumField<VcpuMode>[] mode;
    public final BoolField[] kicked;
    public final BoolField[] haltRequested;
    public final BoolField[] haltWaitFor;
    public final IntField[] otherExitsLeft;
    public final EnumField<MmioOp>[] mmio;
    public final IntField[] mmioSpi;
    public final IntField[] mmioArg;
    public final EnumField<LrState>[][] lrState;
    public final IntField[][] lrSpi;
    public final BoolField[][] lrEoi;
    public final BoolField[][] lrAckHalfDone;
    public final BoolField[][] lrUsed;
    public final IntField[][] lrAckGsi;

    @SuppressWarnings("unchecked")
    public VcpuFields(StateLayout.Builder b, Topology t) {
        int v = t.vcpus();
        int lrs = t.listRegisters();
        int s = t.spis().size();
        mode = new EnumField[v];
        kicked = new BoolField[v];
        haltRequested = new BoolField[v];
        haltWaitFor = new BoolField[v];
        otherExitsLeft = new IntField[v];
        mmio = new EnumField[v];
        mmioSpi = new IntField[v];
        mmioArg = new IntField[v];
        lrState = new EnumField[v][lrs];
        lrSpi = new IntField[v][lrs];
        lrEoi = new BoolField[v][lrs];
        lrAckHalfDone = new BoolField[v][lrs];
        lrUsed = new BoolField[v][lrs];
        lrAckGsi = new IntField[v][lrs];
        for (int i = 0; i < v; i++) {
            String name = "vcpu[" + i + "]";
            mode[i] = b.enumeration(name + ".mode", VcpuMode.class);
            kicked[i] = b.bool(name + ".kicked");
            // kvm_arm_halt_guest requested by this vCPU's I[SC]ACTIVER access; and whether a halt
            // waits for this vCPU (it was in guest mode when the request was made).
            haltRequested[i] = b.bool(name + ".halt_requested");
            haltWaitFor[i] = b.bool(name + ".halt_waits_for");
            otherExitsLeft[i] = b.integer(name + ".other_exits_left", 0, t.bounds().otherExitsPerVcpu());
            mmio[i] = b.enumeration(name + ".mmio", MmioOp.class);
            mmioSpi[i] = b.integer(name + ".mmio_spi", 0, Math.max(0, s - 1));
            // The written value where the SPI alone does not say it (GICD_IROUTER: the new target;
            // PCI_COMMAND: the device).
            mmioArg[i] = b.integer(name + ".mmio_value", 0, Math.max(t.bounds().retargets() > 0 ? t.vcpus() - 1 : 0,
                    t.anyDeviceStartsIntxOff() ? t.devices().size() - 1 : 0));
            for (int l = 0; l < lrs; l++) {
                String lr = name + ".lr[" + l + "]";
                lrState[i][l] = b.enumeration(lr + ".state", LrState.class);
                lrSpi[i][l] = b.integer(lr + ".spi", 0, Math.max(0, s - 1));
                lrEoi[i][l] = b.bool(lr + ".eoi");
                lrAckHalfDone[i][l] = b.bool(lr + ".ack_half_done");
                lrUsed[i][l] = b.bool(lr + ".used");
                // kvm_notify_acked_irq maps the pin to a GSI once; both halves of the ack act on it.
                lrAckGsi[i][l] = b.integer(lr + ".ack_gsi", 0, Math.max(0, t.maxGsi()));
            }
        }
    }
}
