package dev.irqcheck.model.x86;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.kvm.Irqfds;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.x86.ioapic.Ioapic;
import dev.irqcheck.model.x86.ioapic.ResamplerHooks;
import dev.irqcheck.model.x86.lapic.Lapic;
import java.util.ArrayList;
import java.util.List;

/**
 * KVM completing an x86 vCPU's trapped access, one step per section between which ioapic->lock
 * is free: the guest's IOAPIC redirection-entry writes (ioapic_write_indirect) and the LAPIC EOI
 * of a vector KVM must see (apic_set_eoi -> kvm_ioapic_send_eoi -> kvm_ioapic_update_eoi), whose
 * kvm_ioapic_update_eoi_one drops the lock around kvm_notify_acked_irq (irqfd_resampler_ack's
 * lower, then its resamplefd signal) and re-takes it to clear remote_irr. The vCPU re-enters the
 * guest when the last step is done.
 */
final class X86VcpuLoop {
    private final Topology topology;
    private final X86Fields f;
    private final Lapic lapic;
    private final Ioapic ioapic;
    private final ResamplerHooks hooks;
    private final Irqfds irqfds;
    private final boolean resampleOnUnmask;
    private final dev.irqcheck.model.host.QemuEmulated emulated;
    private final dev.irqcheck.model.host.HostSide host;

    X86VcpuLoop(Topology topology, X86Fields fields, Lapic lapic, Ioapic ioapic, ResamplerHooks hooks, Irqfds irqfds,
                boolean resampleOnUnmask, dev.irqcheck.model.host.QemuEmulated emulated, dev.irqcheck.model.host.HostSide host) {
        this.emulated = emulated;
        this.host = host;
        this.topology = topology;
        this.f = fields;
        this.lapic = lapic;
        this.ioapic = ioapic;
        this.hooks = hooks;
        this.irqfds = irqfds;
        this.resampleOnUnmask = resampleOnUnmask;
    }

    private boolean at(long[] s, int vcpu, X86Exit stage) {
        return f.exit[vcpu].is(s, stage);
    }

    private void next(long[] n, int vcpu, X86Exit stage) {
        f.exit[vcpu].set(n, stage);
        if (stage == X86Exit.NONE) {
            f.exitPin[vcpu].set(n, 0);
        }
    }

    List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (int v = 0; v < topology.vcpus(); v++) {
            int vcpu = v;
            // mask_ioapic_irq's write of the low dword with the mask bit (ioapic_write_indirect).
            rules.add(Rule.of("ioapic_mmio_write -> ioapic_write_indirect: RTE mask: vcpu " + v,
                    s -> at(s, vcpu, X86Exit.RTE_MASK),
                    (s, n) -> {
                        int pin = f.exitPin[vcpu].get(s);
                        ioapic.writeRedirectionEntry(n, pin, true, ioapic.levelTriggered(s, pin));
                        next(n, vcpu, X86Exit.NONE);
                    }));
            // unmask_ioapic_irq: before 6.3 a pending level pin is re-injected; since 6.3 it is
            // resampled through kvm_notify_irqfd_resampler under ioapic->lock.
            rules.add(Rule.of("ioapic_mmio_write -> ioapic_write_indirect: RTE unmask"
                            + (resampleOnUnmask ? " (6.3+: kvm_notify_irqfd_resampler)" : " (< 6.3: ioapic_service)")
                            + ": vcpu " + v,
                    s -> at(s, vcpu, X86Exit.RTE_UNMASK),
                    (s, n) -> {
                        int pin = f.exitPin[vcpu].get(s);
                        ioapic.writeRedirectionEntry(n, pin, false, ioapic.levelTriggered(s, pin));
                        next(n, vcpu, X86Exit.NONE);
                    }));
            // apic_set_eoi: the highest ISR vector is cleared; kvm_ioapic_send_eoi goes on only for a
            // vector in ioapic_handled_vectors (kvm_ioapic_scan_entry: a level RTE, or a pin with an
            // ack notifier); its trigger mode is the vector's TMR bit. kvm_ioapic_update_eoi takes
            // ioapic->lock and, for the pin carrying the vector, kvm_ioapic_update_eoi_one drops it.
            rules.add(Rule.of("apic_set_eoi -> kvm_ioapic_send_eoi -> kvm_ioapic_update_eoi (ioapic->lock, dropped for the ack notifiers): vcpu " + v,
                    s -> at(s, vcpu, X86Exit.EOI),
                    (s, n) -> {
                        int pin = lapic.setEoi(n, vcpu);
                        int gsi = pin < 0 ? -1 : ioapic.gsiOf(pin);
                        if (pin < 0 || !(ioapic.levelTriggered(s, pin) || hooks.hasAckNotifier(s, gsi))) {
                            next(n, vcpu, X86Exit.NONE);
                            return;
                        }
                        f.exitPin[vcpu].set(n, pin);
                        ioapic.eoiBeforeNotifiers(n, pin, lapic.levelTriggered(s, vcpu, pin));
                        next(n, vcpu, hooks.hasAckNotifier(s, gsi) ? X86Exit.ACK_LOWER : X86Exit.RELOCK);
                    }));
            // kvm_notify_acked_irq(KVM_IRQCHIP_IOAPIC, pin) -> kvm_notify_acked_gsi ->
            // irqfd_resampler_ack, with ioapic->lock free: two steps (its kvm_set_irq re-takes the
            // lock; the resamplefd signal follows under SRCU only).
            rules.addAll(AckNotifierSteps.rules(f, irqfds, vcpu, X86Exit.ACK_LOWER, X86Exit.ACK_SIGNAL, X86Exit.RELOCK,
                    (s, cpu) -> ioapic.gsiOf(f.exitPin[cpu].get(s)), "ioapic->lock dropped"));
            // kvm_ioapic_update_eoi_one after spin_lock(&ioapic->lock): remote_irr := 0 and a pin
            // still pending and unmasked is serviced again; then the EOI write completes.
            rules.add(Rule.of("kvm_ioapic_update_eoi_one: ioapic->lock re-taken, remote_irr := 0, re-service: vcpu " + v,
                    s -> at(s, vcpu, X86Exit.RELOCK),
                    (s, n) -> {
                        int pin = f.exitPin[vcpu].get(s);
                        ioapic.eoiAfterNotifiers(n, pin, lapic.levelTriggered(s, vcpu, pin));
                        next(n, vcpu, X86Exit.NONE);
                    }));
            if (topology.guestMayReplayEdges()) {
                // apic_retrigger_irq's ICR write: kvm_x2apic_icr_write (or the xAPIC ICR write) ->
                // kvm_apic_send_ipi -> kvm_irq_delivery_to_apic -> __apic_accept_irq(APIC_DM_FIXED,
                // trig_mode edge): the vector's TMR bit cleared and IRR set on the destination,
                // apicd->cpu, which is the pin's RTE destination. The IOAPIC is not involved: no
                // irr, no remote_irr.
                rules.add(Rule.of("kvm_apic_send_ipi (apic_retrigger_irq's ICR write) -> __apic_accept_irq: vcpu " + v,
                        s -> at(s, vcpu, X86Exit.RETRIGGER),
                        (s, n) -> {
                            int pin = f.exitPin[vcpu].get(s);
                            lapic.acceptIrq(n, ioapic.pins().get(pin).destVcpu(), pin, false);
                            next(n, vcpu, X86Exit.NONE);
                        }));
            }
            if (topology.anyDeviceStartsIntxOff()) {
                // QEMU handles the config access in the vCPU thread (KVM_EXIT_IO or KVM_EXIT_MMIO:
                // vfio_pci_write_config -> vfio_basic_config_write), before the vCPU re-enters, as on
                // arm64 (VcpuRunLoop), with the same host operations.
                rules.add(Rule.of("qemu: PCI_COMMAND write -> vfio_basic_config_write: INTx enabled, vfio_pci_intx_unmask: vcpu " + v,
                        s -> at(s, vcpu, X86Exit.PCI_COMMAND_WRITE) && host.acceptsGuestIntxEnable(s, f.exitDevice[vcpu].get(s)),
                        (s, n) -> {
                            host.guestEnablesIntx(n, f.exitDevice[vcpu].get(s));
                            f.exitDevice[vcpu].set(n, 0);
                            next(n, vcpu, X86Exit.NONE);
                        }));
            }
            if (!topology.x86().lines().isEmpty()) {
                // QEMU handles the guest's trapped access to an emulated device under the BQL: the
                // device model clears its condition and lowers its line (KVM_IRQ_LINE 0) before the
                // vCPU re-enters.
                rules.add(Rule.of("qemu: emulated device register access (BQL), device model update + qemu_set_irq: vcpu " + v,
                        s -> at(s, vcpu, X86Exit.EMULATED_ACCESS),
                        (s, n) -> {
                            emulated.guestAccess(n, f.exitPin[vcpu].get(s));
                            next(n, vcpu, X86Exit.NONE);
                        }));
            }
        }
        return rules;
    }
}
