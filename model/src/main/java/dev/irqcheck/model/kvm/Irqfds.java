package dev.irqcheck.model.kvm;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.host.HostSide;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.topology.Wiring;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.ReassignProtocol;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.ResampleScope;
import dev.irqcheck.model.variant.UnmaskPath;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * KVM irqfds and their resamplers: virt/kvm/eventfd.c, with the resamplefd's consumer
 * (drivers/vfio/virqfd.c in the kernel, or QEMU in userspace).
 */
public final class Irqfds {
    private final Topology topology;
    private final Variants variants;
    private final KvmFields f;
    private final Routing routing;
    private final Wiring wiring;
    private HostSide host;
    private Predicate<long[]> ackBetweenHalves;

    public Irqfds(Topology topology, Variants variants, KvmFields fields, Routing routing) {
        this.topology = topology;
        this.variants = variants;
        this.f = fields;
        this.routing = routing;
        this.wiring = routing.wiring();
    }

    /** The host side is wired after construction: it calls into irqfds and irqfds call back. */
    public void connect(HostSide hostSide) {
        this.host = hostSide;
    }

    /**
     * The vCPUs are wired after construction: a deassign waits for an ack notification between its
     * two halves (it holds kvm->irq_srcu's read side).
     */
    public void connectAcks(Predicate<long[]> ackInFlight) {
        this.ackBetweenHalves = ackInFlight;
    }

    /** After set-up every irqfd is assigned, and the VMM has its reassign budget. */
    public void initialize(long[] w) {
        for (int i = 0; i < topology.irqfds().size(); i++) {
            f.irqfdAssigned[i].set(w, true);
        }
        f.reassignsLeft.set(w, topology.bounds().reassigns());
    }

    /**
     * The irqfd still holds a token that will deliver or re-sample its device's interrupt: its
     * inject work is queued or half done, its resamplefd counter is set, its trigger count waits
     * for an assign; or it is deassigned and the VMM re-assigns it and follows with a VFIO unmask.
     */
    public boolean deliveryObligation(long[] s, int irqfd) {
        return f.injectQueued[irqfd].get(s) || f.pulseHigh[irqfd].get(s) || f.resamplefdCount[irqfd].get(s)
                || f.triggerPending[irqfd].get(s)
                || (!f.irqfdAssigned[irqfd].get(s) && variants.reassignProtocol() == ReassignProtocol.QEMU_UNMASK_AFTER);
    }

    /** The irqfd's fields, for symmetry (interchangeable devices swap their irqfds' state too). */
    public List<Field> fieldsOf(int irqfd) {
        return List.of(f.injectQueued[irqfd], f.pulseHigh[irqfd], f.resamplefdCount[irqfd], f.irqfdAssigned[irqfd],
                f.triggerPending[irqfd]);
    }

    /**
     * eventfd_signal(trigger): irqfd_wakeup runs synchronously under the eventfd's lock and drains
     * the counter. Up to 5.8, arm64's kvm_arch_set_irq_inatomic refused SPIs (-EWOULDBLOCK), so it
     * schedule_work(inject): queuing a queued work item is a no-op, so signals coalesce. Since 5.9
     * it injects an IRQCHIP route at once: vgic_irqfd_set_irq -> kvm_vgic_inject_irq(level 1) with
     * KVM_USERSPACE_IRQ_SOURCE_ID, for plain and resample irqfds alike, and queues no work. With no
     * irqfd on the eventfd (deassigned), the count stays until one is assigned.
     */
    public void signalTrigger(long[] n, int device) {
        int irqfd = wiring.irqfdOfDevice(device);
        if (irqfd < 0) {
            return;
        }
        if (!f.irqfdAssigned[irqfd].get(n)) {
            f.triggerPending[irqfd].set(n, true);
        } else if (variants.kernelVersion().injectsSpisInline()
                && wiring.spisOfGsi(n, topology.irqfds().get(irqfd).gsi()).length == 1) {
            routing.kvmSetIrq(n, IrqSource.USERSPACE, topology.irqfds().get(irqfd).gsi(), true);
        } else {
            f.injectQueued[irqfd].set(n, true);
        }
    }

    private final List<Rule> deassigns = new ArrayList<>();

    /** The deassign steps: adversarial (the VMM decides when), not assumed fair. Valid after {@link #rules()}. */
    public List<Rule> deassignRules() {
        return List.copyOf(deassigns);
    }

    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        deassigns.clear();
        if (topology.bounds().reassigns() > 0) {
            addReassignRules(rules);
        }
        for (int i = 0; i < topology.irqfds().size(); i++) {
            IrqfdSpec spec = topology.irqfds().get(i);
            int irqfd = i;
            int gsi = spec.gsi();
            if (spec.kind() == IrqfdKind.RESAMPLE) {
                // irqfd_inject, resample: kvm_set_irq(KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID, gsi, 1).
                rules.add(Rule.of("irqfd_inject: assert gsi " + gsi + " (irqfd " + i + ")",
                        s -> f.injectQueued[irqfd].get(s),
                        (s, n) -> {
                            f.injectQueued[irqfd].set(n, false);
                            routing.kvmSetIrq(n, IrqSource.RESAMPLE, gsi, true);
                        }));
            } else {
                // irqfd_inject, plain: kvm_set_irq(USERSPACE_SRC, gsi, 1) then (gsi, 0). The two calls
                // are separate steps: vCPUs and other work can run between them. A re-queued work
                // item waits for the running one (a work item is not reentrant).
                rules.add(Rule.of("irqfd_inject: kvm_set_irq(gsi " + gsi + ", 1) (irqfd " + i + ")",
                        s -> f.injectQueued[irqfd].get(s) && !f.pulseHigh[irqfd].get(s),
                        (s, n) -> {
                            f.injectQueued[irqfd].set(n, false);
                            f.pulseHigh[irqfd].set(n, true);
                            routing.kvmSetIrq(n, IrqSource.USERSPACE, gsi, true);
                        }));
                rules.add(Rule.of("irqfd_inject: kvm_set_irq(gsi " + gsi + ", 0) (irqfd " + i + ")",
                        s -> f.pulseHigh[irqfd].get(s),
                        (s, n) -> {
                            f.pulseHigh[irqfd].set(n, false);
                            routing.kvmSetIrq(n, IrqSource.USERSPACE, gsi, false);
                        }));
            }
            if (spec.kind() == IrqfdKind.RESAMPLE && variants.unmaskPath() == UnmaskPath.USERSPACE) {
                // QEMU reads the resamplefd (event_notifier_test_and_clear) and issues
                // VFIO_DEVICE_SET_IRQS(ACTION_UNMASK): vfio_platform_unmask, later than the signal.
                int device = spec.device();
                rules.add(Rule.of("qemu: resamplefd read, VFIO unmask " + topology.devices().get(device).name(),
                        s -> f.resamplefdCount[irqfd].get(s),
                        (s, n) -> {
                            f.resamplefdCount[irqfd].set(n, false);
                            host.unmaskFromIoctl(n, device);
                        }));
            }
        }
        return rules;
    }

    // kvm_irqfd_deassign -> irqfd_deactivate -> irqfd_shutdown (one step here): the eventfd's wait
    // queue entry goes, flush_work runs a queued inject to completion, then
    // irqfd_resampler_shutdown: if no other irqfd is left on the resampler, its ack notifier is
    // unregistered and kvm_set_irq(KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID, gsi, 0) lowers the line.
    // kvm_irqfd_assign: the irqfd (and a resampler for its GSI) come back; an eventfd already
    // signalled (vfs_poll reports EPOLLIN) queues the inject at once. The re-assign is the VMM
    // finishing what it started, so it is a fair step.
    private void addReassignRules(List<Rule> rules) {
        for (int i = 0; i < topology.irqfds().size(); i++) {
            int irqfd = i;
            IrqfdSpec spec = topology.irqfds().get(i);
            int gsi = spec.gsi();
            // irqfd_shutdown and irqfd_resampler_shutdown synchronize_srcu(kvm->irq_srcu): an ack
            // between its two halves (kvm_notify_acked_irq holds the SRCU read side) finishes first.
            Rule deassign = Rule.of("kvm_irqfd_deassign -> irqfd_shutdown: irqfd " + i + " (gsi " + gsi + ")",
                    s -> f.irqfdAssigned[irqfd].get(s) && f.reassignsLeft.get(s) > 0 && !ackBetweenHalves.test(s),
                    (s, n) -> {
                        f.reassignsLeft.set(n, f.reassignsLeft.get(s) - 1);
                        if (f.injectQueued[irqfd].get(s)) {
                            f.injectQueued[irqfd].set(n, false);
                            IrqSource src = spec.kind() == IrqfdKind.RESAMPLE ? IrqSource.RESAMPLE : IrqSource.USERSPACE;
                            routing.kvmSetIrq(n, src, gsi, true);
                            if (spec.kind() == IrqfdKind.PLAIN) {
                                routing.kvmSetIrq(n, IrqSource.USERSPACE, gsi, false);
                            }
                        }
                        if (f.pulseHigh[irqfd].get(s)) {
                            f.pulseHigh[irqfd].set(n, false);
                            routing.kvmSetIrq(n, IrqSource.USERSPACE, gsi, false);
                        }
                        f.irqfdAssigned[irqfd].set(n, false);
                        if (spec.kind() == IrqfdKind.RESAMPLE && !hasResampler(n, gsi)) {
                            routing.kvmSetIrq(n, IrqSource.RESAMPLE, gsi, false);
                        }
                    });
            rules.add(deassign);
            deassigns.add(deassign);
            rules.add(Rule.of("kvm_irqfd_assign: irqfd " + i + " (gsi " + gsi + ")"
                            + (variants.reassignProtocol() == ReassignProtocol.QEMU_UNMASK_AFTER ? " + VFIO unmask" : ""),
                    s -> !f.irqfdAssigned[irqfd].get(s),
                    (s, n) -> {
                        f.irqfdAssigned[irqfd].set(n, true);
                        if (f.triggerPending[irqfd].get(s)) {
                            f.triggerPending[irqfd].set(n, false);
                            f.injectQueued[irqfd].set(n, true);
                        }
                        if (variants.reassignProtocol() == ReassignProtocol.QEMU_UNMASK_AFTER) {
                            host.unmaskFromIoctl(n, spec.device());
                        }
                    }));
        }
    }

    /** Whether kvm_notify_acked_irq for this GSI reaches a resampler (some resample irqfd assigned on it). */
    public boolean hasResampler(long[] s, int gsi) {
        for (int irqfd : wiring.resampleIrqfdsOnGsi(gsi)) {
            if (f.irqfdAssigned[irqfd].get(s)) {
                return true;
            }
        }
        return false;
    }

    /** irqfd_resampler_ack, first half: per the variant, lower the GSI or signal the resamplefds. */
    public void resamplerAckFirstHalf(long[] n, int gsi) {
        if (variants.resampleOrder() == ResampleOrder.LOWER_THEN_SIGNAL) {
            lower(n, gsi);
        } else {
            signalResamplefds(n, gsi);
        }
    }

    /** irqfd_resampler_ack, second half. */
    public void resamplerAckSecondHalf(long[] n, int gsi) {
        if (variants.resampleOrder() == ResampleOrder.LOWER_THEN_SIGNAL) {
            signalResamplefds(n, gsi);
        } else {
            lower(n, gsi);
        }
    }

    public String firstHalfName() {
        return variants.resampleOrder() == ResampleOrder.LOWER_THEN_SIGNAL ? "lower" : "signal resamplefds of";
    }

    public String secondHalfName() {
        return variants.resampleOrder() == ResampleOrder.LOWER_THEN_SIGNAL ? "signal resamplefds of" : "lower";
    }

    /**
     * virt/kvm/eventfd.c kvm_notify_irqfd_resampler: signal every resamplefd of the GSI's resampler
     * without lowering the line (used by the resample-on-unmask variant).
     */
    public void notifyResampler(long[] n, int gsi) {
        signalResamplefds(n, gsi);
    }

    // kvm_set_irq(KVM_IRQFD_RESAMPLE_IRQ_SOURCE_ID, gsi, 0): once, for all irqfds on the GSI.
    private void lower(long[] n, int gsi) {
        routing.kvmSetIrq(n, IrqSource.RESAMPLE, gsi, false);
    }

    // irqfd_resampler_notify: eventfd_signal(resamplefd) for every irqfd on the resampler's list
    // (or only its head, as a mutation). Signal order does not matter: the whole loop is one step. With the kernel consumer, virqfd_wakeup runs the unmask
    // handler synchronously inside the signal; with QEMU, the counter waits for a later read.
    private void signalResamplefds(long[] n, int gsi) {
        int[] list = wiring.resampleIrqfdsOnGsi(gsi);
        // The list is in assignment order here; the kernel's head is the last assigned.
        int head = -1;
        for (int k = 0; k < list.length; k++) {
            if (f.irqfdAssigned[list[k]].get(n)) {
                head = k;
            }
        }
        for (int k = 0; k < list.length; k++) {
            int irqfd = list[k];
            if (!f.irqfdAssigned[irqfd].get(n)
                    || (variants.resampleScope() == ResampleScope.LIST_HEAD_ONLY && k != head)) {
                continue;
            }
            if (variants.unmaskPath() == UnmaskPath.KERNEL_VIRQFD) {
                host.unmaskFromVirqfd(n, topology.irqfds().get(irqfd).device());
            } else {
                f.resamplefdCount[irqfd].set(n, true);
            }
        }
    }
}
