package dev.irqcheck.model.x86;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.guest.GuestIrqChip;
import dev.irqcheck.model.irqchip.ChipRoute;
import dev.irqcheck.model.irqchip.IrqChipKind;
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
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guest's view of the x86 irqchip (X86GuestChip): desc->lock across trapped accesses, the flow handler per pin. */
class X86GuestChipTest {
    static Topology twoPins() {
        return new Topology(2, 1,
                List.of(new DeviceSpec("lvl", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PCI_INTX_DISINTX),
                        new DeviceSpec("edg", TriggerMode.EDGE, 1, HostHandlerKind.VFIO_PLATFORM_EDGE)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE), new IrqfdSpec(1, 6, IrqfdKind.PLAIN)),
                List.of(), List.of(), new Bounds(0, 0), List.of(), List.of(),
                new X86Setup(List.of(new ChipRoute(5, IrqChipKind.IOAPIC, 5), new ChipRoute(6, IrqChipKind.IOAPIC, 6)),
                        List.of(new IoapicPinSpec(5, TriggerMode.LEVEL, false, 0, GuestDriver.ONESHOT_THREADED),
                                new IoapicPinSpec(6, TriggerMode.EDGE, false, 1, GuestDriver.NORMAL_ISR)), true));
    }

    @Test
    void descLockIsHeldAcrossTheWholeTrappedEoi() {
        // handle_fasteoi_irq -> cond_unmask_eoi_irq -> ioapic_ack_level -> apic_eoi runs under
        // desc->lock, which is released only after the EOI write returned: after KVM's
        // kvm_ioapic_update_eoi, lock drop included.
        Topology t = twoPins();
        StateLayout.Builder b = StateLayout.builder();
        X86Fields f = new X86Fields(b, t);
        StateLayout layout = b.build();
        GuestIrqChip chip = new X86Platform(t, Variants.of(KernelVersion.V6_18), f).guestChip();
        long[] w = layout.newWords();
        chip.endOfInterrupt(w, w, 0, 0);
        for (X86Exit stage : new X86Exit[] {X86Exit.EOI, X86Exit.ACK_LOWER, X86Exit.ACK_SIGNAL, X86Exit.RELOCK}) {
            f.exit[0].set(w, stage);
            assertTrue(chip.accessUnderDescLock(w, 0, 0), stage.name());
            assertFalse(chip.accessUnderDescLock(w, 0, 1), "another pin's lock: " + stage.name());
        }
        f.exit[0].set(w, X86Exit.NONE);
        assertFalse(chip.accessUnderDescLock(w, 0, 0));
    }

    @Test
    void aLevelPinRunsFasteoiAndAnEdgePinRunsHandleEdgeIrq() {
        // arch/x86/kernel/apic/io_apic.c mp_register_handler: hdl = fasteoi ? handle_fasteoi_irq : handle_edge_irq.
        Topology t = twoPins();
        StateLayout.Builder b = StateLayout.builder();
        GuestIrqChip chip = new X86Platform(t, Variants.of(KernelVersion.V6_18), new X86Fields(b, t)).guestChip();
        assertFalse(chip.edgeFlow(0));
        assertTrue(chip.edgeFlow(1));
    }
}
