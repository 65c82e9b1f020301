package dev.irqcheck.model.system;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.device.Devices;
import dev.irqcheck.model.guest.Guest;
import dev.irqcheck.model.host.HostSide;
import dev.irqcheck.model.host.QemuEmulated;
import dev.irqcheck.model.kvm.Irqfds;
import dev.irqcheck.model.kvm.Routing;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.vgic.CpuInterface;
import dev.irqcheck.model.vgic.ListRegisterOverflow;
import dev.irqcheck.model.vgic.DistributorWrites;
import dev.irqcheck.model.vgic.Vgic;
import dev.irqcheck.model.vgic.VcpuRunLoop;
import dev.irqcheck.model.vgic.VgicGuestInterface;
import dev.irqcheck.model.x86.X86Platform;
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
    private final Devices devices;
    private final HostSide host;
    private final Irqfds irqfds;
    private final Vgic vgic;
    private final VcpuRunLoop runLoop;
    private final Guest guest;
    /** The x86 irqchips; null on arm64 (where vgic and runLoop are set instead). */
    private final X86Platform x86;

    public InterruptSystem(Topology topology, Variants variants) {
        this.topology = topology;
        this.variants = variants;
        // The 6.19 VGIC rework (active_spis, the maintenance-interrupt summary, the EOIcount replay,
        // the DIR trap) belongs to the fold that notifies after its lock section; its state takes
        // bits only when it runs.
        boolean rework = topology.x86() == null && variants.kernelVersion().reworkedVgic()
                && variants.ackNotify() == dev.irqcheck.model.variant.AckNotifyPoint.AFTER_FOLD_IF_DEACTIVATED;
        this.fields = new InterruptLayout(topology, rework);
        // Each component gets its own fields; the others reach them through its operations.
        this.devices = new Devices(topology, fields.device);
        List<Rule> all = new ArrayList<>();
        List<Rule> environment = new ArrayList<>(devices.rules());
        if (topology.x86() != null) {
            this.x86 = new X86Platform(topology, variants, fields.x86);
            this.vgic = null;
            this.runLoop = null;
            Routing routing = Routing.x86(topology, fields.kvm, x86.table());
            this.wiring = routing.wiring();
            this.irqfds = new Irqfds(topology, variants, fields.kvm, routing);
            x86.connect(irqfds);
            this.host = new HostSide(topology, fields.host, devices, irqfds);
            devices.connect(host);
            irqfds.connect(host);
            irqfds.connectAcks(x86::ackBetweenHalves);
            all.addAll(environment);
            all.addAll(host.rules());
            QemuEmulated emulated = new QemuEmulated(topology, fields.host, devices, x86.irqLines(routing));
            // QEMU's device models raise like devices do: environment steps.
            List<Rule> qemuRaises = emulated.rules();
            environment.addAll(qemuRaises);
            all.addAll(qemuRaises);
            all.addAll(irqfds.rules());
            environment.addAll(irqfds.deassignRules());
            all.addAll(x86.rules(emulated, host));
            this.guest = new Guest(topology, fields.guest, x86.guestChip(), devices, host);
        } else {
            this.x86 = null;
            this.vgic = new Vgic(topology, fields.distributor, fields.vcpu, variants.lineCombining(), fields.rework, rework);
            ListRegisterOverflow overflow = new ListRegisterOverflow(topology, fields.distributor, fields.vcpu, fields.rework,
                    vgic, rework, variants.eoiMode() == dev.irqcheck.model.variant.EoiMode.SPLIT, variants.eoiCountWalk(),
                    variants.foldNotify());
            Routing routing = Routing.arm64(topology, fields.kvm, vgic, variants.kernelVersion());
            this.wiring = routing.wiring();
            this.irqfds = new Irqfds(topology, variants, fields.kvm, routing);
            this.host = new HostSide(topology, fields.host, devices, irqfds);
            devices.connect(host);
            irqfds.connect(host);
            environment.addAll(routing.rerouteRules());
            DistributorWrites distributor = new DistributorWrites(topology, fields.distributor, vgic, variants.unmaskResample(),
                    wiring, irqfds::hasResampler);
            all.addAll(environment);
            all.addAll(host.rules());
            QemuEmulated emulated = new QemuEmulated(topology, fields.host, devices, vgic);
            // QEMU's device models raise like devices do: environment steps.
            List<Rule> qemuRaises = emulated.rules();
            environment.addAll(qemuRaises);
            all.addAll(qemuRaises);
            all.addAll(irqfds.rules());
            environment.addAll(irqfds.deassignRules());
            this.runLoop = new VcpuRunLoop(topology, fields.vcpu, fields.distributor, vgic, irqfds, wiring,
                    variants, distributor, emulated, host, overflow, fields.rework);
            irqfds.connectAcks(runLoop::ackBetweenHalves);
            all.addAll(runLoop.rules());
            environment.addAll(runLoop.environmentRules());
            CpuInterface cpu = new CpuInterface(topology, fields.vcpu, runLoop.modeAfterExit(), overflow, variants.eoiMode());
            this.guest = new Guest(topology, fields.guest, new VgicGuestInterface(topology, cpu, vgic, wiring), devices, host);
        }
        all.addAll(guest.rules());
        environment.addAll(guest.adversarialRules());
        this.acknowledgeRules = guest.acknowledgeRules();
        this.rules = List.copyOf(all);
        this.environmentRules = List.copyOf(environment);
        this.ruleLanes = ruleLanes();
        this.fieldLanes = fieldLanes();
        this.initial = initialState();
        // Wiring automorphisms are kept only where they fix the initial state, so it comes first.
        this.symmetry = WiringSymmetry.of(topology, fields, initial.words(),
                DeviceSymmetry.of(topology, devices, host, irqfds, variants));
    }

    // After set-up: each component's initial state (devices quiet with their raises left, host IRQs
    // enabled or set up disabled, irqfds assigned, SPIs as configured and on no ap_list, every vCPU
    // in the host about to enter with empty LRs, the guest idle with its write budgets).
    private State initialState() {
        long[] w = fields.layout.newWords();
        devices.initialize(w);
        host.initialize(w, variants.exclusiveSetup());
        irqfds.initialize(w);
        if (x86 != null) {
            x86.initialize(w);
        } else {
            vgic.initialize(w);
            runLoop.initialize(w);
        }
        guest.initialize(w);
        return new State(fields.layout, w);
    }

    public Topology topology() { return topology; }
    public Variants variants() { return variants; }
    public InterruptLayout fields() { return fields; }

    /** The VGIC distributor's operations, for component tests (null on x86). */
    public Vgic vgic() { return vgic; }

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
            } else if (n.startsWith("lapic[")) {
                lane = new Lane(Lane.Kind.VCPU, Integer.parseInt(n.substring(6, n.indexOf(']'))));
            } else if (n.startsWith("vgic.") || n.startsWith("ioapic.") || n.startsWith("pic.") || n.startsWith("guest.")) {
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

    /**
     * Identical devices, and vCPUs with the SPIs, GSIs, irqfds and devices wired to them, are
     * interchangeable (see {@link WiringSymmetry}); empty when nothing is.
     */
    @Override
    public java.util.Optional<dev.irqcheck.checker.api.Symmetry> symmetry() {
        return symmetry;
    }
    /**
     * The images of a state under every wiring automorphism other than the identity (without the
     * device swaps), for tests that check the model commutes with them; empty when the wiring has none.
     */
    public List<long[]> wiringImages(long[] state) {
        return symmetry.filter(WiringSymmetry.class::isInstance).map(w -> ((WiringSymmetry) w).images(state))
                .orElse(List.of());
    }

    @Override public List<State> initialStates() { return List.of(initial); }
    @Override public List<Rule> rules() { return rules; }

    // ---- Observables the property catalogue uses (docs: reference notes section 5) ----

    /** Device d has a condition outstanding that the guest has not serviced. */
    public boolean needsService(long[] s, int device) {
        return devices.hasCondition(s, device);
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
     * token that will deliver device d's interrupt, or re-sample it: the host (its IRQ can fire, a
     * re-signal or set-up step is pending, the guest owes INTx enable), its irqfd (inject queued or
     * half done, resamplefd counter set); or, for an SPI the device reaches, the VGIC (line or latch
     * set: the guest eventually unmasks a masked SPI; active), a vCPU (an LR holds it, a trapped
     * access or ack notification is in flight), or the guest (a context or its thread handles it).
     * "no device waits without an obligation" is the safety form of no-lost-interrupt.
     */
    public boolean deliveryObligation(long[] s, int d) {
        if (host.deliveryObligation(s, d)) {
            return true;
        }
        int irqfd = topology.irqfdOfDevice(d);
        if (irqfd >= 0 && irqfds.deliveryObligation(s, irqfd)) {
            return true;
        }
        if (x86 != null) {
            return x86.obligation(s, d, guest);
        }
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            boolean reaches = false;
            for (int x : wiring.devicesOfSpi(s, spi)) {
                reaches |= x == d;
            }
            if (!reaches) {
                continue;
            }
            if (vgic.holdsInterrupt(s, spi) || guest.holdsSpi(s, spi)) {
                return true;
            }
            for (int v = 0; v < topology.vcpus(); v++) {
                if (runLoop.holdsSpi(s, v, spi)) {
                    return true;
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
            if (host.lineMasked(s, d)) {
                return true;
            }
        }
        return false;
    }

    /** Some SPI was acknowledged by the guest while no device routed to it needed service (strict form). */
    public boolean anyAckWithNoCondition(long[] s) {
        if (x86 != null) {
            return x86.anyAckWithNoCondition(s);
        }
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            if (vgic.ackedWithNoCondition(s, spi)) {
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
        if (x86 != null) {
            return x86.anyStaleAck(s);
        }
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            if (vgic.ackedStaleLevel(s, spi)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The model's own invariants: the host disable depth is at most 1 and matches VFIO's masked
     * flag; an SPI is in at most one list register of all vCPUs; an SPI in an LR is on that vCPU's
     * ap_list; a guest handling an SPI that is still active holds it active in an LR.
     */
    public boolean wellFormed(long[] s) {
        for (int d = 0; d < topology.devices().size(); d++) {
            if (!host.wellFormed(s, d)) {
                return false;
            }
        }
        if (x86 != null) {
            return x86.wellFormed(s, guest);
        }
        if (!runLoop.listRegistersWellFormed(s)) {
            return false;
        }
        for (int v = 0; v < topology.vcpus(); v++) {
            int spi = guest.handlingSpi(s, v);
            if (spi >= 0 && !runLoop.handledSpiHeld(s, v, spi)) {
                return false;
            }
        }
        return true;
    }
}
