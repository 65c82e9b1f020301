package dev.irqcheck.specs.reference;

import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.EnumField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;

/**
 * The reference's packed state (device, irqfd, VGIC, vCPU and guest fields, two observers) and the
 * kernel primitives several rules share: VGIC injection and queueing, the oracle, a trapped write,
 * the guest's service of a handler chain. {@link ReferenceInterpreter} builds the rules on it.
 */
final class ReferenceState {
    enum Mode { GUEST, SYNC, MMIO, READY }

    /** A list register's state as the fold reads it; INVALID_EOI is Invalid with the EOI bit (a level SPI EOI'd). */
    enum Lr { NONE, PENDING, ACTIVE, INVALID_EOI }

    /** Where the guest driver is for an SPI. */
    enum Phase { IDLE, ACKED, HANDLED, MASKED, THREAD, UNMASK_OWED }

    /** The trapped distributor write a vCPU handles after its sync (handle_exit after kvm_vgic_sync_hwstate). */
    enum Mmio { NONE, CENABLE, SENABLE, SPEND, CPEND }

    /** irqfd_resampler_ack's two halves, between kvm_notify_acked_irq and the LR's fold. */
    enum AckStep { NONE, LOWERED, SIGNALLED }

    final RefConfig config;
    final StateLayout layout;
    // devices / irqfds (one irqfd per device)
    final BoolField[] cond;
    final IntField[] raisesLeft;
    final BoolField[] masked;
    final BoolField[] injectQueued;
    final BoolField[] lowerOwed;
    // SPIs
    final BoolField[] lineLevel;
    final BoolField[] pendingLatch;
    final BoolField[] active;
    final BoolField[] enabled;
    final BoolField[] onApList;
    final EnumField<Lr>[] lr;
    final EnumField<Phase>[] phase;
    final BoolField[] enableOwed;
    /** Observer: the line level predates the last service of every device on the SPI (no newer assert or lower). */
    final BoolField[] stale;
    // vCPUs
    final EnumField<Mode>[] mode;
    final BoolField[] kick;
    final IntField[] exitsLeft;
    final IntField[] irqContext;
    final EnumField<Mmio>[] mmio;
    final IntField[] mmioSpi;
    final EnumField<AckStep>[] ackStep;
    final IntField writesLeft;
    /** Observer: the guest acknowledged a stale level with no device condition outstanding. */
    final BoolField spuriousSeen;

    @SuppressWarnings("unchecked")
    ReferenceState(RefConfig config) {
        this.config = config;
        int nd = config.devices().size();
        int ns = config.spis().size();
        int nv = config.vcpus();
        StateLayout.Builder b = StateLayout.builder();
        cond = new BoolField[nd];
        raisesLeft = new IntField[nd];
        masked = new BoolField[nd];
        injectQueued = new BoolField[nd];
        lowerOwed = new BoolField[nd];
        for (int d = 0; d < nd; d++) {
            cond[d] = b.bool("dev" + d + ".cond");
            raisesLeft[d] = b.integer("dev" + d + ".raises_left", 0, config.devices().get(d).raises());
            masked[d] = b.bool("dev" + d + ".vfio_masked");
            injectQueued[d] = b.bool("irqfd" + d + ".inject_queued");
            lowerOwed[d] = b.bool("irqfd" + d + ".pulse_lower_owed");
        }
        lineLevel = new BoolField[ns];
        pendingLatch = new BoolField[ns];
        active = new BoolField[ns];
        enabled = new BoolField[ns];
        onApList = new BoolField[ns];
        lr = new EnumField[ns];
        phase = new EnumField[ns];
        enableOwed = new BoolField[ns];
        stale = new BoolField[ns];
        for (int k = 0; k < ns; k++) {
            String n = "spi" + ScenarioYaml.intid(config.spis().get(k).pin());
            lineLevel[k] = b.bool(n + ".line_level");
            pendingLatch[k] = b.bool(n + ".pending_latch");
            active[k] = b.bool(n + ".active");
            enabled[k] = b.bool(n + ".enabled");
            onApList[k] = b.bool(n + ".on_ap_list");
            lr[k] = b.enumeration(n + ".lr", Lr.class);
            phase[k] = b.enumeration(n + ".guest_phase", Phase.class);
            enableOwed[k] = b.bool(n + ".isenabler_owed");
            stale[k] = b.bool(n + ".stale_level");
        }
        mode = new EnumField[nv];
        kick = new BoolField[nv];
        exitsLeft = new IntField[nv];
        irqContext = new IntField[nv];
        mmio = new EnumField[nv];
        mmioSpi = new IntField[nv];
        ackStep = new EnumField[nv];
        for (int v = 0; v < nv; v++) {
            mode[v] = b.enumeration("vcpu" + v + ".mode", Mode.class);
            kick[v] = b.bool("vcpu" + v + ".kick");
            exitsLeft[v] = b.integer("vcpu" + v + ".other_exits_left", 0, config.otherExits());
            irqContext[v] = b.integer("vcpu" + v + ".irq_context", -1, ns - 1);
            mmio[v] = b.enumeration("vcpu" + v + ".mmio", Mmio.class);
            mmioSpi[v] = b.integer("vcpu" + v + ".mmio_spi", 0, ns - 1);
            ackStep[v] = b.enumeration("vcpu" + v + ".ack_step", AckStep.class);
        }
        writesLeft = b.integer("distributor_writes_left", 0, config.distributorWrites());
        spuriousSeen = b.bool("spurious_seen");
        layout = b.build();
    }

    /** Devices idle, host lines unmasked, SPIs enabled and idle, every vCPU in its guest. */
    long[] initialWords() {
        long[] s = layout.newWords();
        for (int d = 0; d < config.devices().size(); d++) {
            raisesLeft[d].set(s, config.devices().get(d).raises());
        }
        for (int k = 0; k < config.spis().size(); k++) {
            enabled[k].set(s, true);
        }
        for (int v = 0; v < config.vcpus(); v++) {
            mode[v].set(s, Mode.GUEST);
            exitsLeft[v].set(s, config.otherExits());
            irqContext[v].set(s, -1);
        }
        writesLeft.set(s, config.distributorWrites());
        return s;
    }

    StatePredicate noDeviceWaiting() {
        return noneSet(cond);
    }

    StatePredicate noHostLineMasked() {
        return noneSet(masked);
    }

    private static StatePredicate noneSet(BoolField[] flags) {
        return s -> {
            for (BoolField f : flags) {
                if (f.get(s)) {
                    return false;
                }
            }
            return true;
        };
    }

    int target(int k) {
        return config.spis().get(k).targetVcpu();
    }

    /** vgic.h irq_is_pending for a level SPI. */
    boolean pending(long[] s, int k) {
        return pendingLatch[k].get(s) || lineLevel[k].get(s);
    }

    /** vgic.c vgic_target_oracle: non-NULL (always the fixed target here) when active, or pending and enabled. */
    boolean oracleIsTarget(long[] s, int k) {
        return active[k].get(s) || (enabled[k].get(s) && pending(s, k));
    }

    /** vgic.c kvm_vgic_inject_irq: a level injection that does not change line_level is a no-op. */
    void inject(long[] n, int k, boolean level) {
        if (lineLevel[k].get(n) == level) {
            return;
        }
        lineLevel[k].set(n, level);
        stale[k].set(n, false);
        queue(n, k);
    }

    /** vgic.c vgic_queue_irq_unlock: add to the oracle's ap_list if on none, and kick the oracle. */
    void queue(long[] n, int k) {
        if (!oracleIsTarget(n, k)) {
            return;
        }
        onApList[k].set(n, true);
        int v = target(k);
        if (mode[v].is(n, Mode.GUEST)) {
            kick[v].set(n, true);  // kvm_vcpu_kick: an IPI only matters to a vCPU in guest mode
        }
    }

    void trap(long[] n, int v, Mmio op, int k) {
        mmio[v].set(n, op);
        mmioSpi[v].set(n, k);
        mode[v].set(n, Mode.SYNC);
        kick[v].set(n, false);
    }

    /** The guest services every device on the SPI; a level still latched from before becomes stale. */
    void service(long[] s, long[] n, int k) {
        boolean cleared = false;
        for (int d : config.devicesOfSpi(k)) {
            cleared |= cond[d].get(s);
            cond[d].set(n, false);
        }
        if (cleared && lineLevel[k].get(n)) {
            stale[k].set(n, true);
        }
    }

    boolean noConditionOn(long[] s, int k) {
        for (int d : config.devicesOfSpi(k)) {
            if (cond[d].get(s)) {
                return false;
            }
        }
        return true;
    }

    boolean anyLr(long[] s, int v, Lr state) {
        for (int k = 0; k < config.spis().size(); k++) {
            if (target(k) == v && lr[k].is(s, state)) {
                return true;
            }
        }
        return false;
    }

    /** The SPI whose LR the fold handles next on this vCPU, or -1 when all are folded. */
    int firstLr(long[] s, int v) {
        for (int k = 0; k < config.spis().size(); k++) {
            if (target(k) == v && !lr[k].is(s, Lr.NONE)) {
                return k;
            }
        }
        return -1;
    }
}
