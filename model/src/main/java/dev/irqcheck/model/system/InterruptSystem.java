package dev.irqcheck.model.system;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.device.Devices;
import dev.irqcheck.model.guest.Guest;
import dev.irqcheck.model.guest.ThreadStage;
import dev.irqcheck.model.host.HostSide;
import dev.irqcheck.model.host.QemuEmulated;
import dev.irqcheck.model.kvm.Irqfds;
import dev.irqcheck.model.kvm.Routing;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.ExclusiveSetup;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VcpuMode;
import dev.irqcheck.model.vgic.DistributorWrites;
import dev.irqcheck.model.vgic.ListRegisterOverflow;
import dev.irqcheck.model.vgic.Vgic;
import dev.irqcheck.model.vgic.VcpuRunLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * The interrupt path of one routing configuration and one choice of design variants, as a
 * transition system: devices, the VFIO host handler, irqfds and resamplers, GSI routing, the VGIC
 * and each vCPU's run loop and guest.
 *
 * <p>Rules are listed component by component (devices first), so rule ordinals, and with them
 * traces and state counts, are stable for a given topology.
 */
public final class InterruptSystem implements TransitionSystem {
    private final Topology topology;
    private final Variants variants;
    private final InterruptLayout fields;
    private final List<Rule> rules;
    private final List<Rule> environmentRules;
    private final State initial;
    private final java.util.Map<Rule, Lane> ruleLanes;
    private final List<Rule> acknowledgeRules;
    private final java.util.Optional<dev.irqcheck.checker.api.Symmetry> symmetry;
    private final dev.irqcheck.model.topology.Wiring wiring;
    private final Lane[] fieldLanes;

    public InterruptSystem(Topology topology, Variants variants) {
        this.topology = topology;
        this.variants = variants;
        this.fields = new InterruptLayout(topology);
        boolean rework = variants.kernelVersion().reworkedVgic()
                && variants.ackNotify() == dev.irqcheck.model.variant.AckNotifyPoint.AFTER_FOLD_IF_DEACTIVATED;
        Vgic vgic = new Vgic(topology, fields, variants.lineCombining(), rework);
        ListRegisterOverflow overflow = new ListRegisterOverflow(topology, fields, vgic, rework,
                variants.eoiMode() == dev.irqcheck.model.variant.EoiMode.SPLIT, variants.eoiCountWalk(), variants.foldNotify());
        this.wiring = new dev.irqcheck.model.topology.Wiring(topology, fields.reroutesApplied);
        Routing routing = new Routing(wiring, vgic);
        Irqfds irqfds = new Irqfds(topology, variants, fields, routing);
        HostSide host = new HostSide(topology, fields, irqfds);
        irqfds.connect(host);
        List<Rule> all = new ArrayList<>();
        List<Rule> environment = new ArrayList<>(new Devices(topology, fields).rules());
        environment.addAll(routing.rerouteRules(topology, fields));
        DistributorWrites distributor = new DistributorWrites(topology, fields, vgic, variants.unmaskResample(),
                irqfds::hasResampler);
        all.addAll(environment);
        all.addAll(host.rules());
        QemuEmulated emulated = new QemuEmulated(topology, fields, vgic);
        // QEMU's device models raise like devices do: environment steps.
        List<Rule> qemuRaises = emulated.rules();
        environment.addAll(qemuRaises);
        all.addAll(qemuRaises);
        all.addAll(irqfds.rules());
        environment.addAll(irqfds.deassignRules());
        VcpuRunLoop runLoop = new VcpuRunLoop(topology, fields, vgic, irqfds, variants, distributor, emulated, overflow);
        all.addAll(runLoop.rules());
        environment.addAll(runLoop.environmentRules());
        Guest guest = new Guest(topology, fields, runLoop.modeAfterExit(), overflow, variants.eoiMode());
        all.addAll(guest.rules());
        environment.addAll(guest.adversarialRules());
        this.acknowledgeRules = guest.acknowledgeRules();
        this.rules = List.copyOf(all);
        this.environmentRules = List.copyOf(environment);
        this.symmetry = DeviceSymmetry.of(topology, fields, variants);
        this.ruleLanes = ruleLanes();
        this.fieldLanes = fieldLanes();
        this.initial = initialState();
    }

    // After set-up: the device quiet with all its raises left; the host IRQ requested with
    // IRQF_NO_AUTOEN and enabled by vfio_set_trigger (depth 0, not masked); each SPI enabled as
    // configured and on no ap_list; every vCPU in the host about to enter, LRs empty.
    private State initialState() {
        long[] w = fields.layout.newWords();
        for (int d = 0; d < topology.devices().size(); d++) {
            DeviceSpec dev = topology.devices().get(d);
            fields.raisesLeft[d].set(w, dev.raises());
            if (dev.intxStartsDisabled()) {
                // vfio_intx_enable: masked := virq_disabled. PCI 2.3 writes DisINTx; an exclusive IRQ
                // is requested disabled (IRQF_NO_AUTOEN) or auto-enabled and disabled again later.
                fields.virqDisabled[d].set(w, true);
                fields.hostMasked[d].set(w, true);
                if (dev.handler() == HostHandlerKind.VFIO_PCI_INTX_DISINTX) {
                    fields.disIntx[d].set(w, true);
                } else if (variants.exclusiveSetup() == ExclusiveSetup.NO_AUTOEN) {
                    fields.hostDepth[d].set(w, 1);
                } else {
                    fields.setSignalPending[d].set(w, true);
                }
            }
        }
        for (int s = 0; s < topology.spis().size(); s++) {
            fields.spiEnabled[s].set(w, topology.spis().get(s).enabled());
            fields.apListOwner[s].set(w, -1);
        }
        for (int v = 0; v < topology.vcpus(); v++) {
            fields.rework.replayAckSpi[v].set(w, -1);
        }
        for (int s = 0; s < topology.spis().size(); s++) {
            fields.spiTarget[s].set(w, topology.spis().get(s).targetVcpu());
            fields.spiEdge[s].set(w, topology.spis().get(s).config() == dev.irqcheck.model.variant.TriggerMode.EDGE);
        }
        fields.retargetsLeft.set(w, topology.bounds().retargets());
        fields.distributorWritesLeft.set(w, topology.bounds().distributorWrites());
        fields.activeWritesLeft.set(w, topology.bounds().activeWrites());
        fields.reassignsLeft.set(w, topology.bounds().reassigns());
        fields.configWritesLeft.set(w, topology.bounds().configWrites());
        for (int i = 0; i < topology.irqfds().size(); i++) {
            fields.irqfdAssigned[i].set(w, true);
        }
        for (int v = 0; v < topology.vcpus(); v++) {
            fields.otherExitsLeft[v].set(w, topology.bounds().otherExitsPerVcpu());
            fields.mode[v].set(w, VcpuMode.HOST);
            fields.guest.handlingSpi[v].set(w, -1);
        }
        return new State(fields.layout, w);
    }

    public Topology topology() { return topology; }
    public Variants variants() { return variants; }
    public InterruptLayout fields() { return fields; }

    /**
     * The environment's rules, which liveness does not assume fair: devices raising conditions,
     * guest retargeting writes, and vCPU exits for reasons outside the model.
     */
    public List<Rule> environmentRules() { return environmentRules; }

    /** The guest's acknowledge (IAR) rules: a cycle through one of them is an interrupt storm. */
    public List<Rule> acknowledgeRules() { return acknowledgeRules; }

    /** Every rule but the environment's: host, KVM, VGIC and vCPU steps, assumed weakly fair. */
    public List<Rule> systemRules() {
        List<Rule> out = new ArrayList<>(rules);
        out.removeAll(environmentRules);
        return out;
    }

    /** The execution context a rule runs in, for sequence diagrams. */
    public Lane laneOf(Rule rule) {
        Lane lane = ruleLanes.get(rule);
        if (lane == null) {
            throw new IllegalArgumentException("not a rule of this model: " + rule.name());
        }
        return lane;
    }

    /** The component a field belongs to, for sequence diagrams. */
    public Lane laneOf(dev.irqcheck.checker.state.Field field) {
        return fieldLanes[field.index()];
    }

    // Rules are named after the kernel function they model; the context follows from that function.
    private java.util.Map<Rule, Lane> ruleLanes() {
        java.util.Map<Rule, Lane> map = new java.util.IdentityHashMap<>();
        for (Rule r : rules) {
            String n = r.name();
            Lane lane;
            if (n.startsWith("device:")) {
                lane = new Lane(Lane.Kind.DEVICE, 0);
            } else if (n.startsWith("vfio_") || n.startsWith("virqfd_")) {
                lane = new Lane(Lane.Kind.HOST, 0);
            } else if (n.startsWith("qemu:")) {
                lane = new Lane(Lane.Kind.VMM, 0);
            } else if (n.startsWith("irqfd_inject") || n.startsWith("kvm_irqfd_") || n.startsWith("KVM_SET_GSI_ROUTING")) {
                lane = new Lane(Lane.Kind.IRQFD, 0);
            } else if (n.startsWith("kvm_notify_acked_irq -> irqfd_resampler_ack")
                    || n.startsWith("kvm_notify_irqfd_resampler")) {
                lane = new Lane(Lane.Kind.RESAMPLER, 0);
            } else if (n.startsWith("guest ")) {
                lane = new Lane(Lane.Kind.GUEST, vcpuIndex(n));
            } else {
                lane = new Lane(Lane.Kind.VCPU, vcpuIndex(n));
            }
            map.put(r, lane);
        }
        return map;
    }

    private static int vcpuIndex(String ruleName) {
        int at = ruleName.indexOf("vcpu ");
        if (at < 0) {
            return 0;
        }
        int end = at + 5;
        while (end < ruleName.length() && Character.isDigit(ruleName.charAt(end))) {
            end++;
        }
        return Integer.parseInt(ruleName.substring(at + 5, end));
    }

    private Lane[] fieldLanes() {
        List<dev.irqcheck.checker.state.Field> all = fields.layout.fields();
        Lane[] lanes = new Lane[all.size()];
        for (dev.irqcheck.checker.state.Field f : all) {
            String n = f.name();
            Lane lane;
            if (n.startsWith("device.")) {
                lane = new Lane(Lane.Kind.DEVICE, 0);
            } else if (n.startsWith("host.")) {
                lane = new Lane(Lane.Kind.HOST, 0);
            } else if (n.startsWith("qemu.")) {
                lane = new Lane(Lane.Kind.VMM, 0);
            } else if (n.startsWith("irqfd[") && n.endsWith("resamplefd_count")) {
                lane = new Lane(Lane.Kind.EVENTFD, 0);
            } else if (n.startsWith("irqfd[") && n.endsWith("inject_queued")) {
                // irqfd_wakeup queued the inject work: the trigger eventfd's signal arrived.
                lane = new Lane(Lane.Kind.EVENTFD, 0);
            } else if (n.startsWith("irqfd[")) {
                lane = new Lane(Lane.Kind.IRQFD, 0);
            } else if (n.startsWith("guest.irq[")) {
                // The guest's irq descriptors: drawn on the first vCPU's guest lane.
                lane = new Lane(Lane.Kind.GUEST, 0);
            } else if (n.startsWith("vgic.") || n.startsWith("guest.")) {
                lane = new Lane(Lane.Kind.VGIC, 0);
            } else if (n.startsWith("guest[")) {
                lane = new Lane(Lane.Kind.GUEST, Integer.parseInt(n.substring(6, n.indexOf(']'))));
            } else if (n.startsWith("vcpu[")) {
                lane = new Lane(Lane.Kind.VCPU, Integer.parseInt(n.substring(5, n.indexOf(']'))));
            } else if (n.startsWith("vmm.")) {
                lane = new Lane(Lane.Kind.VMM, 0);
            } else {
                // kvm.routing.*: the GSI routing table, which KVM_SET_GSI_ROUTING swaps.
                lane = new Lane(Lane.Kind.IRQFD, 0);
            }
            lanes[f.index()] = lane;
        }
        return lanes;
    }

    @Override public StateLayout layout() { return fields.layout; }

    /** Identical devices are interchangeable (see {@link DeviceSymmetry}); empty when none are. */
    @Override
    public java.util.Optional<dev.irqcheck.checker.api.Symmetry> symmetry() {
        return symmetry;
    }
    @Override public List<State> initialStates() { return List.of(initial); }
    @Override public List<Rule> rules() { return rules; }

    // ---- Observables the property catalogue uses (docs: reference notes section 5) ----

    /** Device d has a condition outstanding that the guest has not serviced. */
    public boolean needsService(long[] s, int device) {
        return fields.deviceCondition[device].get(s);
    }

    public boolean anyDeviceNeedsService(long[] s) {
        for (int d = 0; d < topology.devices().size(); d++) {
            if (needsService(s, d)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The delivery obligation of the reference notes (section 5): some component still holds a
     * token that will deliver device d's interrupt, or re-sample it: its host IRQ can fire, its
     * trigger's inject work is queued or half done, a VFIO re-signal or set-up step is pending,
     * its resamplefd counter is set, the guest still owes INTx enable; or, for an SPI the device
     * reaches, the line or latch is set (the guest eventually unmasks a masked SPI), an LR holds it,
     * the guest or its thread is handling it, a trapped write or ack notification is in flight.
     * "no device waits without an obligation" is the safety form of no-lost-interrupt.
     */
    public boolean deliveryObligation(long[] s, int d) {
        DeviceSpec spec = topology.devices().get(d);
        boolean lineHigh = fields.deviceCondition[d].get(s) && !fields.disIntx[d].get(s);
        if (spec.handler() == HostHandlerKind.VFIO_PLATFORM_EDGE ? fields.edgeLatched[d].get(s)
                : spec.handler().isVfio() && lineHigh && fields.hostDepth[d].get(s) == 0
                        && (spec.handler() == HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE || !fields.hostMasked[d].get(s))) {
            return true;
        }
        if (fields.virqfdInjectQueued[d].get(s) || fields.setSignalPending[d].get(s) || fields.virqDisabled[d].get(s)
                || fields.hostSignalOwed[d].get(s)) {
            return true;
        }
        int irqfd = topology.irqfdOfDevice(d);
        if (irqfd >= 0 && (fields.injectQueued[irqfd].get(s) || fields.pulseHigh[irqfd].get(s)
                || fields.resamplefdCount[irqfd].get(s) || fields.triggerPending[irqfd].get(s)
                // A deassigned irqfd that the VMM re-assigns and follows with a VFIO unmask.
                || (!fields.irqfdAssigned[irqfd].get(s)
                    && variants.reassignProtocol() == dev.irqcheck.model.variant.ReassignProtocol.QEMU_UNMASK_AFTER))) {
            return true;
        }
        if (!spec.handler().isVfio() && fields.deviceCondition[d].get(s) && !fields.qemuLineHigh[d].get(s)) {
            return true;
        }
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            boolean reaches = false;
            for (int x : wiring.devicesOfSpi(s, spi)) {
                reaches |= x == d;
            }
            if (!reaches) {
                continue;
            }
            if (fields.lineLevel[spi].get(s) || fields.pendingLatch[spi].get(s) || fields.active[spi].get(s)
                    || !fields.guest.thread[spi].is(s, ThreadStage.IDLE)) {
                return true;
            }
            for (int v = 0; v < topology.vcpus(); v++) {
                // ... or its kvm_notify_acked_irq owed after a deactivation outside the LRs (6.19).
                if (fields.guest.handlingSpi[v].get(s) == spi
                        || (!fields.mmio[v].is(s, MmioOp.NONE) && fields.mmioSpi[v].get(s) == spi)
                        || fields.rework.replayAckSpi[v].get(s) == spi) {
                    return true;
                }
                for (int l = 0; l < topology.listRegisters(); l++) {
                    if (fields.lrUsed[v][l].get(s) && fields.lrSpi[v][l].get(s) == spi
                            && (!fields.lrState[v][l].is(s, LrState.INVALID) || fields.lrEoi[v][l].get(s))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Some device needs service while nothing holds a token that would deliver it (notes section 5, item 1). */
    public boolean anyDeviceWaitingWithoutObligation(long[] s) {
        for (int d = 0; d < topology.devices().size(); d++) {
            if (needsService(s, d) && !deliveryObligation(s, d)) {
                return true;
            }
        }
        return false;
    }

    /** VFIO's masked flag or a non-zero disable depth on some host line. */
    public boolean anyHostLineMasked(long[] s) {
        for (int d = 0; d < topology.devices().size(); d++) {
            if (fields.hostMasked[d].get(s) || fields.hostDepth[d].get(s) > 0 || fields.disIntx[d].get(s)) {
                return true;
            }
        }
        return false;
    }

    /** Some SPI was acknowledged by the guest while no device routed to it needed service (strict form). */
    public boolean anyAckWithNoCondition(long[] s) {
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            if (fields.spuriousAck[spi].get(s)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Stale-pending spurious acknowledge: the guest acknowledged an SPI with no device condition
     * outstanding while its line_level was a sample taken before every device on it was serviced.
     * Acknowledges owed to an assert, lower or write already in flight are not counted, because
     * every new sample clears the stale bit.
     */
    public boolean anyStaleAck(long[] s) {
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            if (fields.staleAck[spi].get(s)) {
                return true;
            }
        }
        return false;
    }

    // Per handler kind: the disable depth never exceeds 1 and, once set up, matches VFIO's masked
    // flag; PCI 2.3 never touches the depth and masks exactly with DisINTx.
    private boolean hostWellFormed(long[] s, int d) {
        int depth = fields.hostDepth[d].get(s);
        boolean masked = fields.hostMasked[d].get(s);
        switch (topology.devices().get(d).handler()) {
            case VFIO_PCI_INTX_DISINTX:
                return depth == 0 && masked == fields.disIntx[d].get(s);
            case VFIO_PLATFORM_EDGE:
            case QEMU_EMULATED:
                return depth == 0 && !masked;
            default:
                return depth <= 1 && (fields.setSignalPending[d].get(s) || (depth == 1) == masked);
        }
    }

    /**
     * The model's own invariants: the host disable depth is at most 1 and matches VFIO's masked
     * flag; an SPI is in at most one list register of all vCPUs; an SPI in an LR is on that vCPU's
     * ap_list; a guest handling an SPI that is still active holds it active in an LR.
     */
    public boolean wellFormed(long[] s) {
        for (int d = 0; d < topology.devices().size(); d++) {
            if (!hostWellFormed(s, d)) {
                return false;
            }
        }
        int lrs = topology.listRegisters();
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            int holders = 0;
            for (int v = 0; v < topology.vcpus(); v++) {
                for (int l = 0; l < lrs; l++) {
                    if (fields.lrUsed[v][l].get(s) && fields.lrSpi[v][l].get(s) == spi) {
                        holders++;
                        if (fields.apListOwner[spi].get(s) != v) {
                            return false;
                        }
                    }
                }
            }
            if (holders > 1) {
                return false;
            }
        }
        for (int v = 0; v < topology.vcpus(); v++) {
            int spi = fields.guest.handlingSpi[v].get(s);
            // Unless an ICACTIVER write deactivated it behind the guest's back (it may since have
            // been acknowledged on another vCPU, whose list register then holds it).
            // With LR overflow, only if the SPI was given an LR at this entry (6.19 sorts pending
            // interrupts first, so an active one may stay outside the LRs).
            boolean populated = !topology.lrOverflowPossible() || (fields.rework.lrSpisAtEntry[v].get(s) & (1 << Math.max(spi, 0))) != 0;
            if (spi >= 0 && populated && fields.mode[v].is(s, VcpuMode.GUEST) && fields.active[spi].get(s)
                    && fields.apListOwner[spi].get(s) == v) {
                boolean held = false;
                for (int l = 0; l < lrs; l++) {
                    LrState st = fields.lrState[v][l].get(s);
                    held |= fields.lrUsed[v][l].get(s) && fields.lrSpi[v][l].get(s) == spi
                            && (st == LrState.ACTIVE || st == LrState.PENDING_ACTIVE);
                }
                if (!held) {
                    return false;
                }
            }
        }
        return true;
    }
}
