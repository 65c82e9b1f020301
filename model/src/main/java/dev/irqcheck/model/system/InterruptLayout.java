package dev.irqcheck.model.system;

import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.EnumField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.guest.GuestFields;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VcpuMode;

/**
 * Every field of the interrupt-path state, declared once, grouped by component so that one
 * component's fields share a word. Nothing else knows bit positions.
 *
 * <p>Per device: the condition outstanding and raises left (device), VFIO's {@code masked} and the
 * genirq disable depth (host). Per irqfd: its inject work item queued, a plain irqfd's pulse half
 * done, and the resamplefd counter (non-zero) when userspace consumes it. Per SPI: the VGIC's
 * {@code enabled, line_level, pending_latch, active} and the ap_list owner ({@code irq->vcpu}, -1
 * for none), plus observer bits that are not kernel state: the strict spurious-acknowledge marker,
 * whether the latched line_level predates the service of every device on the SPI (stale), and
 * the stale-acknowledge marker (reference notes section 5, item 3). Per vCPU: run-loop mode, a kick
 * request, the guest's handler state, and each list register's state, INTID (as SPI index), EOI
 * bit, whether it was loaded at the last entry (so fold visits it), and whether the first half
 * of its ack notification ran; and how many exits for reasons outside the model are left. The
 * SPI's target vCPU is a field because the guest may retarget it (GICD_IROUTER), a bounded number
 * of times per run.
 */
public final class InterruptLayout {
    public final StateLayout layout;

    public final BoolField[] deviceCondition;
    public final IntField[] raisesLeft;
    public final BoolField[] edgeLatched;
    public final BoolField[] hostMasked;
    public final BoolField[] hostSignalOwed;
    public final IntField[] hostDepth;
    public final BoolField[] disIntx;
    public final BoolField[] virqDisabled;
    public final BoolField[] virqfdInjectQueued;
    public final BoolField[] setSignalPending;
    public final BoolField[] qemuLineHigh;

    public final BoolField[] injectQueued;
    public final BoolField[] pulseHigh;
    public final BoolField[] resamplefdCount;
    public final BoolField[] irqfdAssigned;
    public final BoolField[] triggerPending;

    public final BoolField[] spiEnabled;
    public final BoolField[] lineLevel;
    public final BoolField[] pendingLatch;
    public final BoolField[] active;
    public final IntField[] apListOwner;
    public final BoolField[] spuriousAck;
    public final BoolField[] staleLevel;
    public final BoolField[] resampleSourceLevel;
    public final BoolField[] userspaceSourceLevel;
    public final BoolField[] staleAck;
    public final BoolField[] spiEdge;

    public final EnumField<VcpuMode>[] mode;
    public final BoolField[] kicked;
    public final BoolField[] haltRequested;
    public final BoolField[] haltWaitFor;
    public final EnumField<LrState>[][] lrState;
    public final IntField[][] lrSpi;
    public final BoolField[][] lrEoi;
    public final BoolField[][] lrAckHalfDone;
    public final BoolField[][] lrUsed;
    public final IntField[] otherExitsLeft;
    public final EnumField<MmioOp>[] mmio;
    public final IntField[] mmioSpi;
    public final IntField[] mmioArg;
    public final IntField[][] lrAckGsi;
    public final GuestFields guest;
    public final dev.irqcheck.model.vgic.ReworkFields rework;
    public final IntField[] spiTarget;
    public final IntField retargetsLeft;
    public final IntField distributorWritesLeft;
    public final IntField activeWritesLeft;
    public final IntField reassignsLeft;
    public final IntField configWritesLeft;
    public final IntField reroutesApplied;

    @SuppressWarnings("unchecked")
    public InterruptLayout(Topology t) {
        StateLayout.Builder b = StateLayout.builder();
        int d = t.devices().size();
        deviceCondition = new BoolField[d];
        raisesLeft = new IntField[d];
        edgeLatched = new BoolField[d];
        hostMasked = new BoolField[d];
        hostSignalOwed = new BoolField[d];
        hostDepth = new IntField[d];
        disIntx = new BoolField[d];
        virqDisabled = new BoolField[d];
        virqfdInjectQueued = new BoolField[d];
        setSignalPending = new BoolField[d];
        qemuLineHigh = new BoolField[d];
        for (int i = 0; i < d; i++) {
            String dev = "device." + t.devices().get(i).name();
            String host = "host." + t.devices().get(i).name();
            deviceCondition[i] = b.bool(dev + ".condition");
            raisesLeft[i] = b.integer(dev + ".raises_left", 0, t.devices().get(i).raises());
            edgeLatched[i] = b.bool(host + ".edge_latched");
            hostMasked[i] = b.bool(host + ".masked");
            // The handler masked under its lock and dropped the lock; eventfd_signal(trigger) is next.
            hostSignalOwed[i] = b.bool(host + ".signal_owed");
            // Depth 2 is representable so that a double disable is a state the checker can report.
            hostDepth[i] = b.integer(host + ".depth", 0, 2);
            // PCI only: the command register's DisINTx bit, VFIO's virq_disabled (the guest's view of
            // DisINTx), the virqfd inject work item, and the exclusive set-up's pending disable.
            disIntx[i] = b.bool(dev + ".disintx");
            virqDisabled[i] = b.bool(host + ".virq_disabled");
            virqfdInjectQueued[i] = b.bool(host + ".virqfd_inject_queued");
            setSignalPending[i] = b.bool(host + ".set_signal_pending");
            // QEMU-emulated devices only: the device model's output as last sent with KVM_IRQ_LINE.
            qemuLineHigh[i] = b.bool("qemu." + t.devices().get(i).name() + ".irq_line");
        }
        int f = t.irqfds().size();
        injectQueued = new BoolField[f];
        pulseHigh = new BoolField[f];
        resamplefdCount = new BoolField[f];
        irqfdAssigned = new BoolField[f];
        triggerPending = new BoolField[f];
        for (int i = 0; i < f; i++) {
            String name = "irqfd[" + i + "]";
            injectQueued[i] = b.bool(name + ".inject_queued");
            pulseHigh[i] = b.bool(name + ".pulse_high");
            resamplefdCount[i] = b.bool(name + ".resamplefd_count");
            // Reconfiguration only: whether KVM_IRQFD assigned it, and the trigger eventfd's count
            // while nobody consumes it.
            irqfdAssigned[i] = b.bool(name + ".assigned");
            triggerPending[i] = b.bool(name + ".trigger_count");
        }
        int s = t.spis().size();
        spiEnabled = new BoolField[s];
        lineLevel = new BoolField[s];
        pendingLatch = new BoolField[s];
        active = new BoolField[s];
        apListOwner = new IntField[s];
        spuriousAck = new BoolField[s];
        staleLevel = new BoolField[s];
        resampleSourceLevel = new BoolField[s];
        userspaceSourceLevel = new BoolField[s];
        staleAck = new BoolField[s];
        spiEdge = new BoolField[s];
        spiTarget = new IntField[s];
        for (int i = 0; i < s; i++) {
            String name = "vgic.spi[" + t.spis().get(i).intid() + "]";
            spiEnabled[i] = b.bool(name + ".enabled");
            lineLevel[i] = b.bool(name + ".line_level");
            pendingLatch[i] = b.bool(name + ".pending_latch");
            active[i] = b.bool(name + ".active");
            apListOwner[i] = b.integer(name + ".vcpu", -1, t.vcpus() - 1);
            spuriousAck[i] = b.bool(name + ".acked_with_no_condition");
            staleLevel[i] = b.bool(name + ".observer.level_stale");
            // Only the OR-per-source variant writes these (x86's irq_states bitmap, per pin).
            resampleSourceLevel[i] = b.bool(name + ".source.resample");
            userspaceSourceLevel[i] = b.bool(name + ".source.userspace");
            staleAck[i] = b.bool(name + ".observer.acked_stale_level");
            spiEdge[i] = b.bool(name + ".config_edge");
            spiTarget[i] = b.integer(name + ".target_vcpu", 0, t.vcpus() - 1);
        }
        int v = t.vcpus();
        int lrs = t.listRegisters();
        mode = new EnumField[v];
        kicked = new BoolField[v];
        haltRequested = new BoolField[v];
        haltWaitFor = new BoolField[v];
        lrState = new EnumField[v][lrs];
        lrSpi = new IntField[v][lrs];
        lrEoi = new BoolField[v][lrs];
        lrAckHalfDone = new BoolField[v][lrs];
        lrUsed = new BoolField[v][lrs];
        otherExitsLeft = new IntField[v];
        mmio = new EnumField[v];
        mmioSpi = new IntField[v];
        mmioArg = new IntField[v];
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
            // The written value where the SPI alone does not say it (GICD_IROUTER: the new target).
            mmioArg[i] = b.integer(name + ".mmio_value", 0, t.bounds().retargets() > 0 ? t.vcpus() - 1 : 0);
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
        guest = new GuestFields(b, t);
        rework = new dev.irqcheck.model.vgic.ReworkFields(b, t);
        retargetsLeft = b.integer("guest.irouter_writes_left", 0, t.bounds().retargets());
        distributorWritesLeft = b.integer("guest.distributor_writes_left", 0, t.bounds().distributorWrites());
        activeWritesLeft = b.integer("guest.icactiver_writes_left", 0, t.bounds().activeWrites());
        reassignsLeft = b.integer("vmm.irqfd_reassigns_left", 0, t.bounds().reassigns());
        configWritesLeft = b.integer("guest.icfgr_writes_left", 0, t.bounds().configWrites());
        reroutesApplied = b.integer("kvm.routing.reroutes_applied", 0, (1 << t.reroutes().size()) - 1);
        layout = b.build();
    }
}
