package dev.irqcheck.model.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.irqchip.ChipRoute;
import dev.irqcheck.model.irqchip.GsiRouting;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IoapicPinSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.PicLineSpec;
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
 * The 8259 path of a noapic guest (pic: unmasked), replayed rule by rule with the state checked
 * against the source each step stands for: kvm_pic_set_irq, kvm_pic_read_irq, handle_level_irq's
 * mask_and_ack_8259A (IMR write, specific EOI to the slave, pic_clear_isr's lock drop around
 * irqfd_resampler_ack, the master's EOI of the cascade), the handler, and cond_unmask_irq's IMR
 * write. A level device on GSI 10, QEMU's routing (slave pin 2), a resample irqfd.
 */
class PicFlowTest {
    static InterruptSystem model(List<ChipRoute> routes, int gsi, int irq) {
        return new InterruptSystem(new Topology(1, 1,
                List.of(new DeviceSpec("dev0", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PCI_INTX_DISINTX)),
                List.of(new IrqfdSpec(0, gsi, IrqfdKind.RESAMPLE)), List.of(), List.of(), new Bounds(0, 0), List.of(), List.of(),
                new X86Setup(routes, List.of(new IoapicPinSpec(gsi, TriggerMode.LEVEL, true, 0, GuestDriver.NORMAL_ISR)), false,
                        List.of(), List.of(new PicLineSpec(irq, TriggerMode.LEVEL, GuestDriver.NORMAL_ISR)))),
                Variants.of(KernelVersion.V6_18));
    }

    @Test
    void aSlaveLineIsAcknowledgedThroughTheCascadeAndEoidToBothChips() {
        InterruptSystem m = model(GsiRouting.qemuX86(), 10, 10);
        InterruptLayout f = m.fields();
        var pic = f.x86.pic;
        int line = 0;
        int cascade = 1;
        Replay r = new Replay(m);
        r.step("device: raise dev0").step("vfio_intx_handler: pci_check_and_mask_intx").step("vfio_intx_handler: vfio_send_intx_eventfd");
        // kvm_pic_set_irq -> pic_set_irq1 (ELCR level) -> pic_update_irq: the slave's request latches the master's IRQ 2.
        r.step("irqfd_inject: assert gsi 10");
        assertTrue(pic.irr[line].get(r.state));
        assertTrue(pic.resampleSource[line].get(r.state), "irq_states[10]: the resample source's bit");
        assertTrue(pic.irr[cascade].get(r.state), "pic_set_irq1(&s->pics[0], 2, 1)");
        // kvm_pic_read_irq: pic_intack on the master's 2, then on the slave's line.
        r.step("guest ExtINT: kvm_cpu_get_interrupt -> kvm_pic_read_irq");
        assertTrue(pic.isr[cascade].get(r.state));
        assertFalse(pic.irr[cascade].get(r.state), "the cascade is edge: intack clears its irr");
        assertTrue(pic.isr[line].get(r.state));
        assertTrue(pic.irr[line].get(r.state), "We don't clear a level sensitive interrupt here");
        // handle_level_irq -> mask_ack_irq: mask_and_ack_8259A's writes, each trapped.
        r.step("guest handle_level_irq: mask_ack_irq");
        assertEquals(X86Exit.PIC_MASK_ACK, f.x86.exit[0].get(r.state));
        assertTrue(f.guest.masked[0].get(r.state), "irq_state_set_masked");
        r.step("picdev_write -> pic_ioport_write: OCW1 IMR mask (mask_and_ack_8259A)");
        assertTrue(pic.imr[line].get(r.state));
        r.step("picdev_write -> pic_ioport_write: OCW2 specific EOI -> pic_clear_isr");
        assertFalse(pic.isr[line].get(r.state), "s->isr &= ~(1 << irq) before pic_unlock");
        assertEquals(X86Exit.PIC_ACK_LOWER, f.x86.exit[0].get(r.state), "GSI 10 has a resampler (irq + 8 -> chip[SLAVE][10])");
        r.step("kvm_notify_acked_irq -> irqfd_resampler_ack: lower");
        assertFalse(pic.resampleSource[line].get(r.state));
        assertFalse(pic.irr[line].get(r.state));
        assertFalse(f.x86.ioapic.irr[0].get(r.state), "kvm_set_irq lowers both chips' entries");
        r.step("kvm_notify_acked_irq -> irqfd_resampler_ack: signal");
        r.step("pic_clear_isr: pic->lock re-taken, pic_update_irq");
        assertEquals(X86Exit.PIC_EOI_CASCADE, f.x86.exit[0].get(r.state), "outb(0x60+PIC_CASCADE_IR, PIC_MASTER_CMD) follows");
        assertTrue(pic.isr[cascade].get(r.state));
        r.step("picdev_write -> pic_ioport_write: OCW2 specific EOI of the master's IRQ 2");
        assertFalse(pic.isr[cascade].get(r.state));
        assertEquals(X86Exit.NONE, f.x86.exit[0].get(r.state));
        // handle_irq_event, then cond_unmask_irq: unmask_8259A_irq's IMR write.
        r.step("guest ISR services devices");
        assertFalse(f.device.deviceCondition[0].get(r.state));
        r.step("guest handle_level_irq: cond_unmask_irq");
        assertFalse(f.guest.masked[0].get(r.state));
        r.step("picdev_write -> pic_ioport_write: OCW1 IMR unmask");
        assertFalse(pic.imr[line].get(r.state));
        // The resamplefd's unmask found INTx still asserted (the EOI came before the handler) and
        // re-signalled: that assertion, now stale, arrives on an unmasked line (docs/findings.md 20).
        r.step("virqfd_inject").step("irqfd_inject: assert gsi 10");
        assertTrue(pic.irr[line].get(r.state));
        assertFalse(f.device.deviceCondition[0].get(r.state));
        assertTrue(r.enabledNames().stream().anyMatch(n -> n.startsWith("guest ExtINT")), r.enabledNames().toString());
    }
}
