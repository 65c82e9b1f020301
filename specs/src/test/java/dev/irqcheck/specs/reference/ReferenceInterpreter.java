package dev.irqcheck.specs.reference;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.EnumField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * An independent reference of the arm64 level-interrupt path, written from the kernel sources (not
 * from {@code model/}): VFIO-platform automasked handler, KVM irqfd and resampler, GSI routing,
 * VGIC line level / pending latch / active / enable, list registers and the exit-time fold and
 * prune, and a Linux guest's handle_fasteoi_irq. Each rule is one lock-protected region of the
 * source function it is named after; see docs/reference-disagreements.md for the sources read.
 *
 * <p>Simplifications (each the same for every configuration): an SPI only ever sits on its target
 * vCPU's ap_list (no retargets), so one list-register slot per SPI stands for "its LR on its
 * target"; the guest's actions for an SPI run on that SPI's target vCPU; LRs fold in SPI order.
 */
final class ReferenceInterpreter implements TransitionSystem {
    enum Mode { GUEST, SYNC, MMIO, READY }

    /** A list register's state as the fold reads it; INVALID_EOI is Invalid with the EOI bit (a level SPI EOI'd). */
    enum Lr { NONE, PENDING, ACTIVE, INVALID_EOI }

    /** Where the guest driver is for an SPI. */
    enum Phase { IDLE, ACKED, HANDLED, MASKED, THREAD, UNMASK_OWED }

    /** The trapped distributor write a vCPU handles after its sync (handle_exit after kvm_vgic_sync_hwstate). */
    enum Mmio { NONE, CENABLE, SENABLE, SPEND, CPEND }

    /** irqfd_resampler_ack's two halves, between kvm_notify_acked_irq and the LR's fold. */
    enum AckStep { NONE, LOWERED, SIGNALLED }

    /** A deliberate fault, to show the comparison can fail; NONE is the reference. */
    enum Fault { NONE, RESAMPLEFD_NOT_SIGNALLED }

    final RefConfig config;
    private final Fault fault;
    private final StateLayout layout;
    // devices / irqfds (one irqfd per device)
    private final BoolField[] cond;
    private final IntField[] raisesLeft;
    private final BoolField[] masked;
    private final BoolField[] injectQueued;
    private final BoolField[] lowerOwed;
    // SPIs
    private final BoolField[] lineLevel;
    private final BoolField[] pendingLatch;
    private final BoolField[] active;
    private final BoolField[] enabled;
    private final BoolField[] onApList;
    private final EnumField<Lr>[] lr;
    private final EnumField<Phase>[] phase;
    private final BoolField[] enableOwed;
    /** Observer: the line level predates the last service of every device on the SPI (no newer assert or lower). */
    private final BoolField[] stale;
    // vCPUs
    private final EnumField<Mode>[] mode;
    private final BoolField[] kick;
    private final IntField[] exitsLeft;
    private final IntField[] irqContext;
    private final EnumField<Mmio>[] mmio;
    private final IntField[] mmioSpi;
    private final EnumField<AckStep>[] ackStep;
    private final IntField writesLeft;
    /** Observer: the guest acknowledged a stale level with no device condition outstanding. */
    final BoolField spuriousSeen;

    private final List<Rule> rules = new ArrayList<>();
    final List<Rule> fairRules = new ArrayList<>();
    final List<Rule> acknowledgeRules = new ArrayList<>();

    ReferenceInterpreter(RefConfig config) {
        this(config, Fault.NONE);
    }

    @SuppressWarnings("unchecked")
    ReferenceInterpreter(RefConfig config, Fault fault) {
        this.config = config;
        this.fault = fault;
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
        buildRules();
    }

    @Override
    public StateLayout layout() {
        return layout;
    }

    /** Devices idle, host lines unmasked, SPIs enabled and idle, every vCPU in its guest. */
    @Override
    public List<State> initialStates() {
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
        return List.of(new State(layout, s));
    }

    @Override
    public List<Rule> rules() {
        return rules;
    }

    StatePredicate noDeviceWaiting() {
        return s -> {
            for (BoolField c : cond) {
                if (c.get(s)) {
                    return false;
                }
            }
            return true;
        };
    }

    StatePredicate noHostLineMasked() {
        return s -> {
            for (BoolField m : masked) {
                if (m.get(s)) {
                    return false;
                }
            }
            return true;
        };
    }

    private void add(boolean fair, Rule r) {
        rules.add(r);
        if (fair) {
            fairRules.add(r);
        }
    }

    private void buildRules() {
        int nd = config.devices().size();
        int ns = config.spis().size();
        for (int d = 0; d < nd; d++) {
            int dev = d;
            int spi = config.spiOfGsi(config.devices().get(d).gsi());
            boolean plain = config.devices().get(d).kind() == RefConfig.IrqfdKind.PLAIN;
            // The device's environment: not fair (raises are bounded).
            add(false, Rule.of("device: raise dev" + d, s -> !cond[dev].get(s) && raisesLeft[dev].get(s) > 0,
                    (s, n) -> {
                        cond[dev].set(n, true);
                        raisesLeft[dev].set(n, raisesLeft[dev].get(s) - 1);
                    }));
            // vfio_platform_irq.c vfio_automasked_irq_handler: disable_irq_nosync, masked, eventfd_signal;
            // the signal runs eventfd.c irqfd_wakeup synchronously under the eventfd's wait-queue lock.
            add(true, Rule.of("vfio_automasked_irq_handler + irqfd_wakeup: dev" + d,
                    s -> cond[dev].get(s) && !masked[dev].get(s), (s, n) -> {
                        masked[dev].set(n, true);
                        if (config.kernel().injectsInline()) {
                            // vgic-irqfd.c kvm_arch_set_irq_inatomic: IRQCHIP route, level 1 -> vgic_irqfd_set_irq.
                            inject(n, spi, true);
                        } else {
                            injectQueued[dev].set(n, true);  // schedule_work: a queued work item coalesces
                        }
                    }));
            // eventfd.c irqfd_inject (kworker): resample irqfd kvm_set_irq(gsi, 1); plain irqfd 1 then 0,
            // two kvm_set_irq calls, each its own irq_lock region.
            add(true, Rule.of("irqfd_inject: assert (irqfd " + d + ")", s -> injectQueued[dev].get(s) && !lowerOwed[dev].get(s),
                    (s, n) -> {
                        injectQueued[dev].set(n, false);
                        inject(n, spi, true);
                        if (plain) {
                            lowerOwed[dev].set(n, true);
                        }
                    }));
            if (plain) {
                add(true, Rule.of("irqfd_inject: pulse lower (irqfd " + d + ")", s -> lowerOwed[dev].get(s),
                        (s, n) -> {
                            lowerOwed[dev].set(n, false);
                            inject(n, spi, false);
                        }));
            }
        }
        for (int v = 0; v < config.vcpus(); v++) {
            buildVcpuRules(v);
        }
        for (int k = 0; k < ns; k++) {
            buildGuestRules(k);
        }
    }

    private void buildVcpuRules(int v) {
        int ns = config.spis().size();
        // vgic.c kvm_vgic_flush_hwstate -> vgic_flush_lr_state: every ap_list entry whose oracle is this vCPU
        // gets an LR (vgic-v3.c vgic_v3_populate_lr: active level -> Active only, never P+A; pending -> Pending).
        add(true, Rule.of("kvm_vgic_flush_hwstate + enter guest: vcpu " + v, s -> mode[v].is(s, Mode.READY), (s, n) -> {
            for (int k = 0; k < ns; k++) {
                if (target(k) == v && onApList[k].get(n) && oracleIsTarget(n, k)) {
                    lr[k].set(n, active[k].get(n) ? Lr.ACTIVE : Lr.PENDING);
                }
            }
            mode[v].set(n, Mode.GUEST);
            kick[v].set(n, false);
        }));
        // A maintenance interrupt (an LR Invalid with EOI set: lr_signals_eoi_mi) or a kick IPI forces an exit.
        add(true, Rule.of("exit guest (maintenance interrupt or kick): vcpu " + v,
                s -> mode[v].is(s, Mode.GUEST) && (kick[v].get(s) || anyLr(s, v, Lr.INVALID_EOI)), (s, n) -> {
                    mode[v].set(n, Mode.SYNC);
                    kick[v].set(n, false);
                }));
        add(false, Rule.of("exit guest (timer, MMIO or other reason): vcpu " + v,
                s -> mode[v].is(s, Mode.GUEST) && exitsLeft[v].get(s) > 0, (s, n) -> {
                    exitsLeft[v].set(n, exitsLeft[v].get(s) - 1);
                    mode[v].set(n, Mode.SYNC);
                    kick[v].set(n, false);
                }));
        for (int k = 0; k < ns; k++) {
            if (target(k) != v) {
                continue;
            }
            int spi = k;
            int ackGsi = config.ackGsiOfSpi(k);
            List<Integer> resampled = config.resampleIrqfdsOnGsi(ackGsi);
            boolean hasResampler = !resampled.isEmpty();
            StatePredicate foldingThis = s -> mode[v].is(s, Mode.SYNC) && firstLr(s, v) == spi;
            if (hasResampler) {
                // vgic-v3.c vgic_v3_fold_lr_state (<= 6.18): kvm_notify_acked_irq before the irq_lock, for
                // every LR that signals the EOI maintenance interrupt -> eventfd.c irqfd_resampler_ack:
                // first kvm_set_irq(gsi, 0), then signal every resamplefd on the GSI's resampler.
                add(true, Rule.of("kvm_notify_acked_irq -> irqfd_resampler_ack: lower (vcpu " + v + " spi " + k + ")",
                        foldingThis.and(s -> lr[spi].is(s, Lr.INVALID_EOI) && ackStep[v].is(s, AckStep.NONE)), (s, n) -> {
                            inject(n, config.spiOfGsi(ackGsi), false);
                            ackStep[v].set(n, AckStep.LOWERED);
                        }));
                // virqfd_wakeup -> vfio_platform_unmask_handler -> vfio_platform_unmask, synchronously in the signal.
                add(true, Rule.of("kvm_notify_acked_irq -> irqfd_resampler_ack: signal resamplefds (vcpu " + v + " spi " + k + ")",
                        foldingThis.and(s -> ackStep[v].is(s, AckStep.LOWERED)), (s, n) -> {
                            for (int d : resampled) {
                                if (fault != Fault.RESAMPLEFD_NOT_SIGNALLED) {
                                    masked[d].set(n, false);
                                }
                            }
                            ackStep[v].set(n, AckStep.SIGNALLED);
                        }));
            }
            // The fold proper, under the irq_lock: active from the LR; a level LR that is Invalid clears the
            // soft pending latch; line_level is left to the resampler.
            add(true, Rule.of("vgic_fold_lr_state: vcpu " + v + " spi " + k, foldingThis.and(s -> !lr[spi].is(s, Lr.INVALID_EOI)
                    || !hasResampler || ackStep[v].is(s, AckStep.SIGNALLED)), (s, n) -> {
                        Lr was = lr[spi].get(s);
                        active[spi].set(n, was == Lr.ACTIVE);
                        if (was == Lr.INVALID_EOI) {
                            pendingLatch[spi].set(n, false);
                        }
                        lr[spi].set(n, Lr.NONE);
                        ackStep[v].set(n, AckStep.NONE);
                    }));
        }
        // vgic.c vgic_prune_ap_list: drop entries whose oracle is NULL (targets are fixed: no migration).
        add(true, Rule.of("vgic_prune_ap_list: vcpu " + v, s -> mode[v].is(s, Mode.SYNC) && firstLr(s, v) < 0, (s, n) -> {
            for (int k = 0; k < ns; k++) {
                if (target(k) == v && onApList[k].get(n) && !oracleIsTarget(n, k)) {
                    onApList[k].set(n, false);
                }
            }
            mode[v].set(n, mmio[v].is(n, Mmio.NONE) ? Mode.READY : Mode.MMIO);
        }));
        // vgic-mmio.c: the trapped write is emulated after the sync (handle_exit).
        add(true, Rule.of("vgic-mmio write handler: vcpu " + v, s -> mode[v].is(s, Mode.MMIO), (s, n) -> {
            int k = mmioSpi[v].get(s);
            switch (mmio[v].get(s)) {
                case CENABLE -> enabled[k].set(n, false);              // vgic_mmio_write_cenable: nothing else
                case SENABLE -> {                                      // vgic_mmio_write_senable: no re-sample for non-HW
                    enabled[k].set(n, true);
                    queue(n, k);
                }
                case SPEND -> {                                        // vgic_mmio_write_spending
                    pendingLatch[k].set(n, true);
                    queue(n, k);
                }
                case CPEND -> pendingLatch[k].set(n, false);           // vgic_mmio_write_cpending: line_level stays
                default -> throw new IllegalStateException("no write pending");
            }
            mmio[v].set(n, Mmio.NONE);
            mmioSpi[v].set(n, 0);
            mode[v].set(n, Mode.READY);
        }));
    }

    private void buildGuestRules(int k) {
        int v = target(k);
        boolean oneshot = config.spis().get(k).driver() == RefConfig.Driver.ONESHOT_THREADED;
        StatePredicate inGuest = s -> mode[v].is(s, Mode.GUEST);
        // icv_iar_read: the highest pending LR (one priority level: any) becomes Active; no nesting.
        Rule iar = Rule.of("guest IAR (icv_iar_read): acknowledge spi " + k + ", vcpu " + v,
                inGuest.and(s -> irqContext[v].get(s) < 0 && lr[k].is(s, Lr.PENDING) && phase[k].is(s, Phase.IDLE)), (s, n) -> {
                    lr[k].set(n, Lr.ACTIVE);
                    irqContext[v].set(n, k);
                    phase[k].set(n, Phase.ACKED);
                    if (noConditionOn(s, k) && stale[k].get(s) && !pendingLatch[k].get(s)) {
                        spuriousSeen.set(n, true);
                    }
                });
        add(true, iar);
        acknowledgeRules.add(iar);
        if (!oneshot) {
            // kernel/irq/chip.c handle_fasteoi_irq -> handle_irq_event: the shared handler chain services every device.
            add(true, Rule.of("guest handle_fasteoi_irq: ISR services devices, spi " + k,
                    inGuest.and(s -> phase[k].is(s, Phase.ACKED)), (s, n) -> {
                        service(s, n, k);
                        phase[k].set(n, Phase.HANDLED);
                    }));
            // cond_unmask_eoi_irq: EOI (EOImode 0: priority drop and deactivate; the LR goes Invalid with EOI set).
            add(true, Rule.of("guest EOIR (icv_eoir_write): spi " + k, inGuest.and(s -> phase[k].is(s, Phase.HANDLED)), (s, n) -> {
                lr[k].set(n, Lr.INVALID_EOI);
                irqContext[v].set(n, -1);
                phase[k].set(n, Phase.IDLE);
            }));
        } else {
            // handle_fasteoi_irq with IRQS_ONESHOT: mask_irq is a GICD_ICENABLER write, which traps.
            add(true, Rule.of("guest handle_fasteoi_irq: mask_irq (GICD_ICENABLER), spi " + k,
                    inGuest.and(s -> phase[k].is(s, Phase.ACKED)), (s, n) -> {
                        phase[k].set(n, Phase.MASKED);
                        trap(n, v, Mmio.CENABLE, k);
                    }));
            // The primary handler returns IRQ_WAKE_THREAD; cond_unmask_eoi_irq EOIs now and leaves the SPI masked.
            add(true, Rule.of("guest cond_unmask_eoi_irq: EOIR, thread woken, spi " + k,
                    inGuest.and(s -> phase[k].is(s, Phase.MASKED)), (s, n) -> {
                        lr[k].set(n, Lr.INVALID_EOI);
                        irqContext[v].set(n, -1);
                        phase[k].set(n, Phase.THREAD);
                    }));
            add(true, Rule.of("guest irq thread services devices, spi " + k, inGuest.and(s -> phase[k].is(s, Phase.THREAD)),
                    (s, n) -> {
                        service(s, n, k);
                        phase[k].set(n, Phase.UNMASK_OWED);
                    }));
            // kernel/irq/manage.c irq_finalize_oneshot -> unmask_threaded_irq: a GICD_ISENABLER write.
            add(true, Rule.of("guest irq_finalize_oneshot: unmask (GICD_ISENABLER), spi " + k,
                    inGuest.and(s -> phase[k].is(s, Phase.UNMASK_OWED)), (s, n) -> {
                        phase[k].set(n, Phase.IDLE);
                        trap(n, v, Mmio.SENABLE, k);
                    }));
        }
        if (config.distributorWrites() > 0) {
            StatePredicate budget = inGuest.and(s -> writesLeft.get(s) > 0);
            // disable_irq / enable_irq as raw distributor writes: the mask at any moment, the unmask owed (fair).
            add(false, Rule.of("guest GICD_ICENABLER (disable, enable owed): spi " + k, budget.and(s -> !enableOwed[k].get(s)),
                    (s, n) -> {
                        writesLeft.set(n, writesLeft.get(s) - 1);
                        enableOwed[k].set(n, true);
                        trap(n, v, Mmio.CENABLE, k);
                    }));
            add(true, Rule.of("guest owed GICD_ISENABLER (enable): spi " + k, inGuest.and(s -> enableOwed[k].get(s)), (s, n) -> {
                enableOwed[k].set(n, false);
                trap(n, v, Mmio.SENABLE, k);
            }));
            add(false, Rule.of("guest GICD_ISPENDR: spi " + k, budget, (s, n) -> {
                writesLeft.set(n, writesLeft.get(s) - 1);
                trap(n, v, Mmio.SPEND, k);
            }));
            add(false, Rule.of("guest GICD_ICPENDR: spi " + k, budget, (s, n) -> {
                writesLeft.set(n, writesLeft.get(s) - 1);
                trap(n, v, Mmio.CPEND, k);
            }));
        }
    }

    private int target(int k) {
        return config.spis().get(k).targetVcpu();
    }

    /** vgic.h irq_is_pending for a level SPI. */
    private boolean pending(long[] s, int k) {
        return pendingLatch[k].get(s) || lineLevel[k].get(s);
    }

    /** vgic.c vgic_target_oracle: non-NULL (always the fixed target here) when active, or pending and enabled. */
    private boolean oracleIsTarget(long[] s, int k) {
        return active[k].get(s) || (enabled[k].get(s) && pending(s, k));
    }

    /** vgic.c kvm_vgic_inject_irq: a level injection that does not change line_level is a no-op. */
    private void inject(long[] n, int k, boolean level) {
        if (lineLevel[k].get(n) == level) {
            return;
        }
        lineLevel[k].set(n, level);
        stale[k].set(n, false);
        queue(n, k);
    }

    /** vgic.c vgic_queue_irq_unlock: add to the oracle's ap_list if on none, and kick the oracle. */
    private void queue(long[] n, int k) {
        if (!oracleIsTarget(n, k)) {
            return;
        }
        onApList[k].set(n, true);
        int v = target(k);
        if (mode[v].is(n, Mode.GUEST)) {
            kick[v].set(n, true);  // kvm_vcpu_kick: an IPI only matters to a vCPU in guest mode
        }
    }

    private void trap(long[] n, int v, Mmio op, int k) {
        mmio[v].set(n, op);
        mmioSpi[v].set(n, k);
        mode[v].set(n, Mode.SYNC);
        kick[v].set(n, false);
    }

    /** The guest services every device on the SPI; a level still latched from before becomes stale. */
    private void service(long[] s, long[] n, int k) {
        boolean cleared = false;
        for (int d : config.devicesOfSpi(k)) {
            cleared |= cond[d].get(s);
            cond[d].set(n, false);
        }
        if (cleared && lineLevel[k].get(n)) {
            stale[k].set(n, true);
        }
    }

    private boolean noConditionOn(long[] s, int k) {
        for (int d : config.devicesOfSpi(k)) {
            if (cond[d].get(s)) {
                return false;
            }
        }
        return true;
    }

    private boolean anyLr(long[] s, int v, Lr state) {
        for (int k = 0; k < config.spis().size(); k++) {
            if (target(k) == v && lr[k].is(s, state)) {
                return true;
            }
        }
        return false;
    }

    /** The SPI whose LR the fold handles next on this vCPU, or -1 when all are folded. */
    private int firstLr(long[] s, int v) {
        for (int k = 0; k < config.spis().size(); k++) {
            if (target(k) == v && !lr[k].is(s, Lr.NONE)) {
                return k;
            }
        }
        return -1;
    }
}
