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
 * A VFIO-PCI device whose x86 guest starts with INTx off: the driver's pci_intx(pdev, 1) clears
 * PCI_COMMAND_INTX_DISABLE with a config-space write that traps (port I/O 0xCF8/0xCFC or MMCONFIG),
 * and QEMU's vfio_pci_write_config hands it to VFIO (vfio_basic_config_write: virq_disabled cleared,
 * vfio_pci_intx_unmask) before the vCPU re-enters: the arm64 guest rule and host operations, with
 * the x86 vCPU's exit.
 */
class X86IntxEnableFlowTest {
    @Test
    void theGuestsPciCommandWriteTrapsAndQemuEnablesIntxBeforeTheVcpuReenters() {
        Topology t = new Topology(1, 1,
                List.of(new DeviceSpec("legacy", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE, true)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE)), List.of(), List.of(), new Bounds(0, 0), List.of(), List.of(),
                new X86Setup(List.of(new ChipRoute(5, IrqChipKind.IOAPIC, 5)),
                        List.of(new IoapicPinSpec(5, TriggerMode.LEVEL, false, 0, GuestDriver.NORMAL_ISR)), true));
        InterruptSystem m = new InterruptSystem(t, Variants.of(KernelVersion.V6_18));
        InterruptLayout f = m.fields();
        Replay r = new Replay(m);
        assertTrue(f.host.virqDisabled[0].get(r.state), "vfio_intx_enable: masked = virq_disabled");
        r.step("guest pci_intx(legacy, 1): PCI_COMMAND write (traps to QEMU), vcpu 0");
        assertEquals(X86Exit.PCI_COMMAND_WRITE, f.x86.exit[0].get(r.state));
        assertEquals(0, f.x86.exitDevice[0].get(r.state));
        assertTrue(f.host.virqDisabled[0].get(r.state), "nothing changes before QEMU handles the exit");
        assertFalse(m.rules().stream().anyMatch(x -> x.name().startsWith("guest LAPIC") && x.enabled(r.state)),
                "the vCPU is out of guest mode until QEMU completes the access");
        r.step("qemu: PCI_COMMAND write -> vfio_basic_config_write");
        assertFalse(f.host.virqDisabled[0].get(r.state));
        assertFalse(f.host.hostMasked[0].get(r.state), "vfio_pci_intx_unmask");
        assertEquals(X86Exit.NONE, f.x86.exit[0].get(r.state));
        r.step("device: raise legacy").step("vfio_intx_handler: disable_irq_nosync").step("vfio_intx_handler: vfio_send_intx_eventfd")
                .step("irqfd_inject: assert gsi 5");
        assertTrue(f.x86.lapic.irr[0][0].get(r.state), "INTx enabled: the interrupt reaches the guest");
    }
}
