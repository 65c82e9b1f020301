package dev.irqcheck.model.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.irqchip.ChipRoute;
import dev.irqcheck.model.irqchip.IrqChipKind;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IoapicPinSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.topology.X86Setup;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.x86.X86Exit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * disable_irq/enable_irq on the x86 guest, step by step through the same DriverContext and
 * HardIrqContext rules as arm64, with the IOAPIC and LAPIC behind GuestIrqChip. Each test replays
 * one path of the kernel source quoted with it and checks the state after the steps that matter.
 */
class X86DisableEnableFlowsTest {
    // One disable_irq (each owes its enable_irq), no raw pending writes: the x86 budget.
    static final Bounds ONE_PAIR = new Bounds(0, 0, 1, 0, 0, 0, false);

    static Topology x86(int vcpus, int destVcpu, TriggerMode trigger) {
        DeviceSpec device = trigger == TriggerMode.LEVEL
                ? new DeviceSpec("nic", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PCI_INTX_DISINTX)
                : new DeviceSpec("nic", TriggerMode.EDGE, 1, HostHandlerKind.VFIO_PLATFORM_EDGE);
        IrqfdKind kind = trigger == TriggerMode.LEVEL ? IrqfdKind.RESAMPLE : IrqfdKind.PLAIN;
        return new Topology(vcpus, 1, List.of(device), List.of(new IrqfdSpec(0, 5, kind)), List.of(), List.of(),
                ONE_PAIR, List.of(), List.of(), new X86Setup(List.of(new ChipRoute(5, IrqChipKind.IOAPIC, 5)),
                        List.of(new IoapicPinSpec(5, trigger, false, destVcpu, GuestDriver.NORMAL_ISR)), true));
    }

    @Test
    void disableIrqIsLazyOnX86AndALevelInterruptIsMaskedThenEoidWithoutItsHandler() {
        // __irq_disable: irq_state_set_disabled(desc); ioapic_chip has no irq_disable and
        // IRQ_DISABLE_UNLAZY is not set: nothing is written. handle_fasteoi_irq: "If its disabled or
        // no action available then mask it and get out of here": desc->istate |= IRQS_PENDING;
        // mask_irq(desc); goto out; out: chip->irq_eoi (ioapic_ack_level -> apic_eoi).
        InterruptSystem m = new InterruptSystem(x86(1, 0, TriggerMode.LEVEL), Variants.of(KernelVersion.V6_18));
        InterruptLayout f = m.fields();
        Replay r = new Replay(m);
        r.step("guest disable_irq(ioapic5)");
        assertTrue(f.guest.disabled[0].get(r.state));
        assertEquals(X86Exit.NONE, f.x86.exit[0].get(r.state), "lazy: no RTE write");
        assertFalse(f.x86.ioapic.mask[0].get(r.state));
        r.step("device: raise nic").step("vfio_intx_handler: pci_check_and_mask_intx").step("vfio_intx_handler: vfio_send_intx_eventfd")
                .step("irqfd_inject: assert gsi 5");
        assertTrue(f.x86.lapic.irr[0][0].get(r.state), "the pin is not masked: the IOAPIC delivers");
        r.step("guest LAPIC IRR -> ISR").step("guest handle_fasteoi_irq: irqd_irq_disabled, mask_irq, no handler");
        assertEquals(X86Exit.RTE_MASK, f.x86.exit[0].get(r.state), "mask_ioapic_irq traps");
        assertFalse(f.guest.replayPending[0].get(r.state), "a level IRQ's IRQS_PENDING is cleared unused by check_irq_resend");
        r.step("ioapic_mmio_write -> ioapic_write_indirect: RTE mask");
        assertTrue(f.x86.ioapic.mask[0].get(r.state));
        r.step("guest EOI (ioapic_ack_level -> apic_eoi");
        assertEquals(X86Exit.EOI, f.x86.exit[0].get(r.state), "the out: EOI, no handler ran");
        assertTrue(f.device.deviceCondition[0].get(r.state), "the handler did not run");
    }

    @Test
    void enableIrqUnmasksTheRteAndSince63ItsResampleDeliversTheStillAssertedLevel() {
        // enable_irq -> __enable_irq -> irq_startup(desc, IRQ_RESEND, IRQ_START_FORCE) -> irq_enable ->
        // unmask_irq -> unmask_ioapic_irq (an RTE write, trapped: ioapic_write_indirect). Since 6.3
        // (fef8f2b90edb): "if (!mask && !remote_irr && irr) { if (kvm_notify_irqfd_resampler(...))
        // ioapic->irr &= ~(1 << index); else ioapic_service(...) }": irr is dropped and VFIO re-samples
        // the device, whose line is still high, so the interrupt comes back through irqfd_inject.
        InterruptSystem m = new InterruptSystem(x86(1, 0, TriggerMode.LEVEL), Variants.of(KernelVersion.V6_18));
        InterruptLayout f = m.fields();
        Replay r = new Replay(m);
        r.step("guest disable_irq(ioapic5)").step("device: raise nic").step("vfio_intx_handler: pci_check_and_mask_intx")
                .step("vfio_intx_handler: vfio_send_intx_eventfd").step("irqfd_inject: assert gsi 5")
                .step("guest LAPIC IRR -> ISR").step("guest handle_fasteoi_irq: irqd_irq_disabled, mask_irq, no handler")
                .step("ioapic_mmio_write -> ioapic_write_indirect: RTE mask").step("guest EOI (ioapic_ack_level -> apic_eoi")
                .step("apic_set_eoi -> kvm_ioapic_send_eoi").step("kvm_notify_acked_irq -> irqfd_resampler_ack: lower")
                .step("kvm_notify_acked_irq -> irqfd_resampler_ack: signal").step("kvm_ioapic_update_eoi_one");
        // The resamplefd is VFIO's unmask eventfd: the device still asserts INTx, so
        // vfio_pci_intx_unmask_handler leaves it masked and the virqfd signals the trigger again:
        // irr set on the masked pin, nothing delivered.
        r.step("virqfd_inject: vfio_send_intx_eventfd nic").step("irqfd_inject: assert gsi 5");
        assertTrue(f.x86.ioapic.irr[0].get(r.state));
        assertFalse(f.x86.lapic.irr[0][0].get(r.state), "masked: not delivered");
        r.step("guest enable_irq(ioapic5): unmask_irq (unmask_ioapic_irq: RTE write, traps)");
        assertFalse(f.guest.disabled[0].get(r.state));
        assertEquals(X86Exit.RTE_UNMASK, f.x86.exit[0].get(r.state));
        r.step("ioapic_mmio_write -> ioapic_write_indirect: RTE unmask (6.3+: kvm_notify_irqfd_resampler)");
        assertFalse(f.x86.ioapic.mask[0].get(r.state));
        assertFalse(f.x86.ioapic.irr[0].get(r.state), "6.3+: irr dropped, the resamplefd signalled");
        r.step("virqfd_inject: vfio_send_intx_eventfd nic").step("irqfd_inject: assert gsi 5");
        assertTrue(f.x86.lapic.irr[0][0].get(r.state), "re-sampled: the level is delivered afresh");
        r.step("guest LAPIC IRR -> ISR").step("guest handle_fasteoi_irq -> handle_irq_event").step("guest ISR services devices");
        assertFalse(f.device.deviceCondition[0].get(r.state));
    }

    @Test
    void anEdgeThatArrivesWhileDisabledIsMaskAckedAndReplayedByAnIpiToItsDestination() {
        // handle_edge_irq: "if (irqd_irq_disabled(&desc->irq_data) || !desc->action) { desc->istate |=
        // IRQS_PENDING; mask_ack_irq(desc); goto out_unlock; }"; ioapic_chip has no irq_mask_ack, so
        // mask_ack_irq = mask_irq (RTE write) then irq_ack (irq_chip_ack_parent -> apic_ack_irq: the
        // LAPIC EOI). enable_irq: unmask_irq, then check_irq_resend: "desc->istate &= ~IRQS_PENDING;
        // if (!try_retrigger(desc)) ..." -> irq_chip_retrigger_hierarchy -> apic_retrigger_irq:
        // __apic_send_IPI(apicd->cpu, apicd->vector). Here the driver runs on vCPU 0 and the pin
        // targets vCPU 1: the IPI crosses vCPUs.
        InterruptSystem m = new InterruptSystem(x86(2, 1, TriggerMode.EDGE), Variants.of(KernelVersion.V6_18));
        InterruptLayout f = m.fields();
        Replay r = new Replay(m);
        r.step("guest disable_irq(ioapic5): IRQD_IRQ_DISABLED (lazy, no write), vcpu 0").step("device: raise nic")
                .step("vfio_irq_handler: signal nic").step("irqfd_inject: kvm_set_irq(gsi 5, 1)");
        assertTrue(f.x86.lapic.irr[1][0].get(r.state), "delivered to the pin's destination, vCPU 1");
        r.step("irqfd_inject: kvm_set_irq(gsi 5, 0)").step("guest LAPIC IRR -> ISR (kvm_apic_ack_interrupt): acknowledge, vcpu 1")
                .step("guest handle_edge_irq: irqd_irq_disabled, IRQS_PENDING, mask_ack_irq: mask_irq");
        assertTrue(f.guest.replayPending[0].get(r.state), "IRQS_PENDING");
        assertEquals(X86Exit.RTE_MASK, f.x86.exit[1].get(r.state), "mask_irq first");
        r.step("ioapic_mmio_write -> ioapic_write_indirect: RTE mask: vcpu 1");
        assertTrue(f.x86.ioapic.mask[0].get(r.state));
        r.step("guest handle_edge_irq: mask_ack_irq: irq_ack");
        assertEquals(X86Exit.EOI, f.x86.exit[1].get(r.state), "then irq_ack: the LAPIC EOI");
        assertEquals(-1, f.guest.handlingSpi[1].get(r.state), "no handler ran");
        r.step("apic_set_eoi -> kvm_ioapic_send_eoi");
        assertTrue(f.device.deviceCondition[0].get(r.state), "the edge waits for its replay");
        r.step("guest enable_irq(ioapic5): unmask_irq (unmask_ioapic_irq: RTE write, traps), vcpu 0");
        assertEquals(X86Exit.RTE_UNMASK, f.x86.exit[0].get(r.state));
        assertEquals(0, f.guest.resendSpi[0].get(r.state), "check_irq_resend owed after the unmask, desc->lock held");
        r.step("ioapic_mmio_write -> ioapic_write_indirect: RTE unmask");
        assertFalse(f.x86.lapic.irr[1][0].get(r.state), "an edge pin is not re-serviced on unmask: the IOAPIC has nothing to deliver");
        r.step("guest enable_irq -> check_irq_resend: apic_retrigger_irq");
        assertFalse(f.guest.replayPending[0].get(r.state), "IRQS_PENDING cleared");
        assertEquals(X86Exit.RETRIGGER, f.x86.exit[0].get(r.state), "the ICR write traps on the vCPU running enable_irq");
        r.step("kvm_apic_send_ipi");
        assertTrue(f.x86.lapic.irr[1][0].get(r.state), "the vector is pending on apicd->cpu, vCPU 1");
        assertFalse(f.x86.lapic.tmr[1][0].get(r.state), "a fixed IPI is edge: TMR clear");
        assertFalse(f.x86.ioapic.remoteIrr[0].get(r.state), "the IOAPIC is not involved");
        r.step("guest LAPIC IRR -> ISR (kvm_apic_ack_interrupt): acknowledge, vcpu 1")
                .step("guest handle_edge_irq: irq_ack").step("apic_set_eoi -> kvm_ioapic_send_eoi").step("guest ISR services devices, vcpu 1");
        assertFalse(f.device.deviceCondition[0].get(r.state), "the replayed interrupt ran the handler");
    }

    /**
     * The 2022 oneshot bug through enable_irq's unmask: the driver disables the IRQ while its thread
     * runs, so irq_finalize_oneshot ("if (!desc->threads_oneshot && !irqd_irq_disabled(&desc->irq_data)
     * && irqd_irq_masked(&desc->irq_data)) unmask_threaded_irq(desc);") leaves it masked, and the
     * unmask that finds the stale irr is enable_irq's. Before 6.3 ioapic_write_indirect re-services
     * it (a stale interrupt); since 6.3 it resamples (fef8f2b90edb covers every RTE unmask alike).
     */
    static long[] untilEnableIrqUnmasks(InterruptSystem m) {
        Replay r = new Replay(m);
        r.step("device: raise nic").step("vfio_intx_handler: pci_check_and_mask_intx").step("vfio_intx_handler: vfio_send_intx_eventfd")
                .step("irqfd_inject: assert gsi 5").step("guest LAPIC IRR -> ISR")
                .step("guest handle_fasteoi_irq: IRQS_ONESHOT, mask_irq").step("ioapic_mmio_write -> ioapic_write_indirect: RTE mask")
                .step("guest primary handler: IRQ_WAKE_THREAD").step("guest EOI (ioapic_ack_level -> apic_eoi")
                .step("apic_set_eoi -> kvm_ioapic_send_eoi").step("kvm_notify_acked_irq -> irqfd_resampler_ack: lower")
                .step("kvm_notify_acked_irq -> irqfd_resampler_ack: signal").step("kvm_ioapic_update_eoi_one")
                .step("virqfd_inject: vfio_send_intx_eventfd nic").step("irqfd_inject: assert gsi 5")
                .step("guest irq/ioapic5 thread: irq_thread_check_affinity").step("guest disable_irq(ioapic5)")
                .step("guest irq/ioapic5 thread: irq_finalize_oneshot");
        assertTrue(m.fields().x86.ioapic.mask[0].get(r.state), "finalize left the disabled IRQ masked");
        r.step("guest enable_irq(ioapic5)").step("ioapic_mmio_write -> ioapic_write_indirect: RTE unmask");
        return r.state;
    }

    static Topology oneshotLevel() {
        Topology t = x86(1, 0, TriggerMode.LEVEL);
        return new Topology(1, 1, t.devices(), t.irqfds(), List.of(), List.of(), ONE_PAIR, List.of(), List.of(),
                new X86Setup(t.x86().routes(), List.of(new IoapicPinSpec(5, TriggerMode.LEVEL, false, 0,
                        GuestDriver.ONESHOT_THREADED)), true));
    }

    @Test
    void before63EnableIrqsUnmaskDeliversTheStaleIrrTheThreadLeftBehind() {
        InterruptSystem m = new InterruptSystem(oneshotLevel(), Variants.of(KernelVersion.V6_2));
        long[] s = untilEnableIrqUnmasks(m);
        InterruptLayout f = m.fields();
        assertFalse(f.device.deviceCondition[0].get(s), "the thread serviced the device");
        assertTrue(f.x86.lapic.irr[0][0].get(s), "ioapic_service delivered the pending irr");
        assertTrue(f.x86.ioapic.staleDelivery[0].get(s), "a sample from before the service");
    }

    @Test
    void since63EnableIrqsUnmaskResamplesInstead() {
        InterruptSystem m = new InterruptSystem(oneshotLevel(), Variants.of(KernelVersion.V6_18));
        long[] s = untilEnableIrqUnmasks(m);
        InterruptLayout f = m.fields();
        assertFalse(f.x86.lapic.irr[0][0].get(s), "nothing delivered");
        assertFalse(f.x86.ioapic.irr[0].get(s), "irr &= ~(1 << index)");
    }
}
