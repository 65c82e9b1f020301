package dev.irqcheck.specs.reference;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.specs.reference.ReferenceState.AckStep;
import dev.irqcheck.specs.reference.ReferenceState.Lr;
import dev.irqcheck.specs.reference.ReferenceState.Mmio;
import dev.irqcheck.specs.reference.ReferenceState.Mode;
import dev.irqcheck.specs.reference.ReferenceState.Phase;
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
    /** A deliberate fault, to show the comparison can fail; NONE is the reference. */
    enum Fault { NONE, RESAMPLEFD_NOT_SIGNALLED }

    final RefConfig config;
    private final Fault fault;
    final ReferenceState st;
    private final List<Rule> rules = new ArrayList<>();
    final List<Rule> fairRules = new ArrayList<>();
    final List<Rule> acknowledgeRules = new ArrayList<>();

    ReferenceInterpreter(RefConfig config) {
        this(config, Fault.NONE);
    }

    ReferenceInterpreter(RefConfig config, Fault fault) {
        this.config = config;
        this.fault = fault;
        this.st = new ReferenceState(config);
        buildRules();
    }

    @Override
    public StateLayout layout() {
        return st.layout;
    }

    /** See {@link ReferenceState#initialWords()}. */
    @Override
    public List<State> initialStates() {
        return List.of(new State(st.layout, st.initialWords()));
    }

    @Override
    public List<Rule> rules() {
        return rules;
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
            add(false, Rule.of("device: raise dev" + d, s -> !st.cond[dev].get(s) && st.raisesLeft[dev].get(s) > 0,
                    (s, n) -> {
                        st.cond[dev].set(n, true);
                        st.raisesLeft[dev].set(n, st.raisesLeft[dev].get(s) - 1);
                    }));
            // vfio_platform_irq.c vfio_automasked_irq_handler: disable_irq_nosync, masked, eventfd_signal;
            // the signal runs eventfd.c irqfd_wakeup synchronously under the eventfd's wait-queue lock.
            add(true, Rule.of("vfio_automasked_irq_handler + irqfd_wakeup: dev" + d,
                    s -> st.cond[dev].get(s) && !st.masked[dev].get(s), (s, n) -> {
                        st.masked[dev].set(n, true);
                        if (config.kernel().injectsInline()) {
                            // vgic-irqfd.c kvm_arch_set_irq_inatomic: IRQCHIP route, level 1 -> vgic_irqfd_set_irq.
                            st.inject(n, spi, true);
                        } else {
                            st.injectQueued[dev].set(n, true);  // schedule_work: a queued work item coalesces
                        }
                    }));
            // eventfd.c irqfd_inject (kworker): resample irqfd kvm_set_irq(gsi, 1); plain irqfd 1 then 0,
            // two kvm_set_irq calls, each its own irq_lock region.
            add(true, Rule.of("irqfd_inject: assert (irqfd " + d + ")", s -> st.injectQueued[dev].get(s) && !st.lowerOwed[dev].get(s),
                    (s, n) -> {
                        st.injectQueued[dev].set(n, false);
                        st.inject(n, spi, true);
                        if (plain) {
                            st.lowerOwed[dev].set(n, true);
                        }
                    }));
            if (plain) {
                add(true, Rule.of("irqfd_inject: pulse lower (irqfd " + d + ")", s -> st.lowerOwed[dev].get(s),
                        (s, n) -> {
                            st.lowerOwed[dev].set(n, false);
                            st.inject(n, spi, false);
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
        add(true, Rule.of("kvm_vgic_flush_hwstate + enter guest: vcpu " + v, s -> st.mode[v].is(s, Mode.READY), (s, n) -> {
            for (int k = 0; k < ns; k++) {
                if (st.target(k) == v && st.onApList[k].get(n) && st.oracleIsTarget(n, k)) {
                    st.lr[k].set(n, st.active[k].get(n) ? Lr.ACTIVE : Lr.PENDING);
                }
            }
            st.mode[v].set(n, Mode.GUEST);
            st.kick[v].set(n, false);
        }));
        // A maintenance interrupt (an LR Invalid with EOI set: lr_signals_eoi_mi) or a kick IPI forces an exit.
        add(true, Rule.of("exit guest (maintenance interrupt or kick): vcpu " + v,
                s -> st.mode[v].is(s, Mode.GUEST) && (st.kick[v].get(s) || st.anyLr(s, v, Lr.INVALID_EOI)), (s, n) -> {
                    st.mode[v].set(n, Mode.SYNC);
                    st.kick[v].set(n, false);
                }));
        add(false, Rule.of("exit guest (timer, MMIO or other reason): vcpu " + v,
                s -> st.mode[v].is(s, Mode.GUEST) && st.exitsLeft[v].get(s) > 0, (s, n) -> {
                    st.exitsLeft[v].set(n, st.exitsLeft[v].get(s) - 1);
                    st.mode[v].set(n, Mode.SYNC);
                    st.kick[v].set(n, false);
                }));
        for (int k = 0; k < ns; k++) {
            if (st.target(k) != v) {
                continue;
            }
            int spi = k;
            int ackGsi = config.ackGsiOfSpi(k);
            List<Integer> resampled = config.resampleIrqfdsOnGsi(ackGsi);
            boolean hasResampler = !resampled.isEmpty();
            StatePredicate foldingThis = s -> st.mode[v].is(s, Mode.SYNC) && st.firstLr(s, v) == spi;
            if (hasResampler) {
                // vgic-v3.c vgic_v3_fold_lr_state (<= 6.18): kvm_notify_acked_irq before the irq_lock, for
                // every LR that signals the EOI maintenance interrupt -> eventfd.c irqfd_resampler_ack:
                // first kvm_set_irq(gsi, 0), then signal every resamplefd on the GSI's resampler.
                add(true, Rule.of("kvm_notify_acked_irq -> irqfd_resampler_ack: lower (vcpu " + v + " spi " + k + ")",
                        foldingThis.and(s -> st.lr[spi].is(s, Lr.INVALID_EOI) && st.ackStep[v].is(s, AckStep.NONE)), (s, n) -> {
                            st.inject(n, config.spiOfGsi(ackGsi), false);
                            st.ackStep[v].set(n, AckStep.LOWERED);
                        }));
                // virqfd_wakeup -> vfio_platform_unmask_handler -> vfio_platform_unmask, synchronously in the signal.
                add(true, Rule.of("kvm_notify_acked_irq -> irqfd_resampler_ack: signal resamplefds (vcpu " + v + " spi " + k + ")",
                        foldingThis.and(s -> st.ackStep[v].is(s, AckStep.LOWERED)), (s, n) -> {
                            for (int d : resampled) {
                                if (fault != Fault.RESAMPLEFD_NOT_SIGNALLED) {
                                    st.masked[d].set(n, false);
                                }
                            }
                            st.ackStep[v].set(n, AckStep.SIGNALLED);
                        }));
            }
            // The fold proper, under the irq_lock: active from the LR; a level LR that is Invalid clears the
            // soft pending latch; line_level is left to the resampler.
            add(true, Rule.of("vgic_fold_lr_state: vcpu " + v + " spi " + k, foldingThis.and(s -> !st.lr[spi].is(s, Lr.INVALID_EOI)
                    || !hasResampler || st.ackStep[v].is(s, AckStep.SIGNALLED)), (s, n) -> {
                        Lr was = st.lr[spi].get(s);
                        st.active[spi].set(n, was == Lr.ACTIVE);
                        if (was == Lr.INVALID_EOI) {
                            st.pendingLatch[spi].set(n, false);
                        }
                        st.lr[spi].set(n, Lr.NONE);
                        st.ackStep[v].set(n, AckStep.NONE);
                    }));
        }
        // vgic.c vgic_prune_ap_list: drop entries whose oracle is NULL (targets are fixed: no migration).
        add(true, Rule.of("vgic_prune_ap_list: vcpu " + v, s -> st.mode[v].is(s, Mode.SYNC) && st.firstLr(s, v) < 0, (s, n) -> {
            for (int k = 0; k < ns; k++) {
                if (st.target(k) == v && st.onApList[k].get(n) && !st.oracleIsTarget(n, k)) {
                    st.onApList[k].set(n, false);
                }
            }
            st.mode[v].set(n, st.mmio[v].is(n, Mmio.NONE) ? Mode.READY : Mode.MMIO);
        }));
        // vgic-mmio.c: the trapped write is emulated after the sync (handle_exit).
        add(true, Rule.of("vgic-mmio write handler: vcpu " + v, s -> st.mode[v].is(s, Mode.MMIO), (s, n) -> {
            int k = st.mmioSpi[v].get(s);
            switch (st.mmio[v].get(s)) {
                case CENABLE -> st.enabled[k].set(n, false);              // vgic_mmio_write_cenable: nothing else
                case SENABLE -> {                                      // vgic_mmio_write_senable: no re-sample for non-HW
                    st.enabled[k].set(n, true);
                    st.queue(n, k);
                }
                case SPEND -> {                                        // vgic_mmio_write_spending
                    st.pendingLatch[k].set(n, true);
                    st.queue(n, k);
                }
                case CPEND -> st.pendingLatch[k].set(n, false);           // vgic_mmio_write_cpending: line_level stays
                default -> throw new IllegalStateException("no write pending");
            }
            st.mmio[v].set(n, Mmio.NONE);
            st.mmioSpi[v].set(n, 0);
            st.mode[v].set(n, Mode.READY);
        }));
    }

    private void buildGuestRules(int k) {
        int v = st.target(k);
        boolean oneshot = config.spis().get(k).driver() == RefConfig.Driver.ONESHOT_THREADED;
        StatePredicate inGuest = s -> st.mode[v].is(s, Mode.GUEST);
        // icv_iar_read: the highest pending LR (one priority level: any) becomes Active; no nesting.
        Rule iar = Rule.of("guest IAR (icv_iar_read): acknowledge spi " + k + ", vcpu " + v,
                inGuest.and(s -> st.irqContext[v].get(s) < 0 && st.lr[k].is(s, Lr.PENDING) && st.phase[k].is(s, Phase.IDLE)), (s, n) -> {
                    st.lr[k].set(n, Lr.ACTIVE);
                    st.irqContext[v].set(n, k);
                    st.phase[k].set(n, Phase.ACKED);
                    if (st.noConditionOn(s, k) && st.stale[k].get(s) && !st.pendingLatch[k].get(s)) {
                        st.spuriousSeen.set(n, true);
                    }
                });
        add(true, iar);
        acknowledgeRules.add(iar);
        if (!oneshot) {
            // kernel/irq/chip.c handle_fasteoi_irq -> handle_irq_event: the shared handler chain services every device.
            add(true, Rule.of("guest handle_fasteoi_irq: ISR services devices, spi " + k,
                    inGuest.and(s -> st.phase[k].is(s, Phase.ACKED)), (s, n) -> {
                        st.service(s, n, k);
                        st.phase[k].set(n, Phase.HANDLED);
                    }));
            // cond_unmask_eoi_irq: EOI (EOImode 0: priority drop and deactivate; the LR goes Invalid with EOI set).
            add(true, Rule.of("guest EOIR (icv_eoir_write): spi " + k, inGuest.and(s -> st.phase[k].is(s, Phase.HANDLED)), (s, n) -> {
                st.lr[k].set(n, Lr.INVALID_EOI);
                st.irqContext[v].set(n, -1);
                st.phase[k].set(n, Phase.IDLE);
            }));
        } else {
            // handle_fasteoi_irq with IRQS_ONESHOT: mask_irq is a GICD_ICENABLER write, which traps.
            add(true, Rule.of("guest handle_fasteoi_irq: mask_irq (GICD_ICENABLER), spi " + k,
                    inGuest.and(s -> st.phase[k].is(s, Phase.ACKED)), (s, n) -> {
                        st.phase[k].set(n, Phase.MASKED);
                        st.trap(n, v, Mmio.CENABLE, k);
                    }));
            // The primary handler returns IRQ_WAKE_THREAD; cond_unmask_eoi_irq EOIs now and leaves the SPI masked.
            add(true, Rule.of("guest cond_unmask_eoi_irq: EOIR, thread woken, spi " + k,
                    inGuest.and(s -> st.phase[k].is(s, Phase.MASKED)), (s, n) -> {
                        st.lr[k].set(n, Lr.INVALID_EOI);
                        st.irqContext[v].set(n, -1);
                        st.phase[k].set(n, Phase.THREAD);
                    }));
            add(true, Rule.of("guest irq thread services devices, spi " + k, inGuest.and(s -> st.phase[k].is(s, Phase.THREAD)),
                    (s, n) -> {
                        st.service(s, n, k);
                        st.phase[k].set(n, Phase.UNMASK_OWED);
                    }));
            // kernel/irq/manage.c irq_finalize_oneshot -> unmask_threaded_irq: a GICD_ISENABLER write.
            add(true, Rule.of("guest irq_finalize_oneshot: unmask (GICD_ISENABLER), spi " + k,
                    inGuest.and(s -> st.phase[k].is(s, Phase.UNMASK_OWED)), (s, n) -> {
                        st.phase[k].set(n, Phase.IDLE);
                        st.trap(n, v, Mmio.SENABLE, k);
                    }));
        }
        if (config.distributorWrites() > 0) {
            StatePredicate budget = inGuest.and(s -> st.writesLeft.get(s) > 0);
            // disable_irq / enable_irq as raw distributor writes: the mask at any moment, the unmask owed (fair).
            add(false, Rule.of("guest GICD_ICENABLER (disable, enable owed): spi " + k, budget.and(s -> !st.enableOwed[k].get(s)),
                    (s, n) -> {
                        st.writesLeft.set(n, st.writesLeft.get(s) - 1);
                        st.enableOwed[k].set(n, true);
                        st.trap(n, v, Mmio.CENABLE, k);
                    }));
            add(true, Rule.of("guest owed GICD_ISENABLER (enable): spi " + k, inGuest.and(s -> st.enableOwed[k].get(s)), (s, n) -> {
                st.enableOwed[k].set(n, false);
                st.trap(n, v, Mmio.SENABLE, k);
            }));
            add(false, Rule.of("guest GICD_ISPENDR: spi " + k, budget, (s, n) -> {
                st.writesLeft.set(n, st.writesLeft.get(s) - 1);
                st.trap(n, v, Mmio.SPEND, k);
            }));
            add(false, Rule.of("guest GICD_ICPENDR: spi " + k, budget, (s, n) -> {
                st.writesLeft.set(n, st.writesLeft.get(s) - 1);
                st.trap(n, v, Mmio.CPEND, k);
            }));
        }
    }
}
