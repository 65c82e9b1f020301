package dev.irqcheck.model.components;

import dev.irqcheck.checker.state.Field;
import static dev.irqcheck.model.components.Bench.effect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.LineCombining;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VcpuMode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * QEMU-emulated devices (host/QemuEmulated.java): KVM_IRQ_LINE raises the SPI while the device has
 * a condition; the guest's service lowers it; on a shared SPI the line combining decides who wins.
 */
class QemuEmulatedTest {

    static final String RAISE = "qemu: device model raises emu -> qemu_set_irq -> KVM_IRQ_LINE(37, 1)";
    static final String ISR = GuestContextsTest.ISR;
    static final String ACCESS = "qemu: emulated device register access (BQL), device model update + qemu_set_irq: vcpu 0";

    /** The trapped register access exits the guest; after the sync, QEMU handles it. */
    private static Map<Field, Object> syncThenAccess(Bench b) {
        b.fire(VcpuRunLoopTest.FOLD);
        b.fire(VcpuRunLoopTest.PRUNE);
        return b.fire(ACCESS);
    }

    /** The guest has acknowledged SPI 37 (LR 0 active) and runs its ISR next (handle_irq_event). */
    private static void handlingSpi37(Bench b) {
        b.set(n -> {
            b.f.vcpu.mode[0].set(n, VcpuMode.GUEST);
            b.f.guest.handlingSpi[0].set(n, 0);
            b.f.guest.hardIrq[0].set(n, dev.irqcheck.model.guest.HardIrqStage.IN_HANDLER);
            b.f.distributor.apListOwner[0].set(n, 0);
        });
        b.lr(0, 0, LrState.ACTIVE, 0, true);
    }

    @Test
    void qemusDeviceModelRaisesItsConditionAndItsLineInOneStepUnderTheBql() {
        Bench b = new Bench(Bench.emulatedOnly());
        InterruptLayout f = b.f;
        assertFalse(b.hasRule("device: raise emu"), "an emulated device is raised by QEMU, not by the device rules");
        assertEquals(effect(f.device.deviceCondition[0], true, f.device.raisesLeft[0], 0, f.host.qemuLineHigh[0], true, f.distributor.lineLevel[0], true,
                f.distributor.apListOwner[0], 0, f.vcpu.kicked[0], true), b.fire(RAISE));
        b.assertDisabled(RAISE);
    }

    @Test
    void anEmulatedDeviceHasNoHostHandlerAndNoIrqfd() {
        Bench b = new Bench(Bench.emulatedOnly());
        assertFalse(b.hasRule("vfio_"));
        assertFalse(b.hasRule("irqfd_inject"));
    }

    @Test
    void anEmulatedDeviceWithoutAnIrqLineHasNoQemuRule() {
        Bench b = new Bench(new Topology(1, 1,
                List.of(new DeviceSpec("emu", TriggerMode.LEVEL, 1, HostHandlerKind.QEMU_EMULATED)),
                List.of(), List.of(), List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0)), new Bounds(0, 0)));
        assertEquals(effect(b.f.device.deviceCondition[0], true, b.f.device.raisesLeft[0], 0), b.fire("qemu: device model raises emu"),
                "no irq line: the condition alone");
    }

    @Test
    void theGuestsServiceTrapsAndQemuClearsTheConditionAndLowersTheLineTogether() {
        Bench b = new Bench(Bench.emulatedOnly());
        InterruptLayout f = b.f;
        handlingSpi37(b);
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.host.qemuLineHigh[0].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
        });
        // Reading the emulated device's registers traps: the vCPU exits (its sync runs) and QEMU
        // updates the device model and lowers the line under the BQL before re-entry.
        assertEquals(effect(f.guest.hardIrq[0], dev.irqcheck.model.guest.HardIrqStage.HANDLED,
                f.vcpu.mmio[0], MmioOp.EMULATED_ACCESS, f.vcpu.mode[0], VcpuMode.ACK_NOTIFY), b.fire(ISR));
        assertTrue(f.device.deviceCondition[0].get(b.s), "the guest cannot clear an emulated condition without QEMU");
        Map<Field, Object> access = syncThenAccess(b);
        assertEquals(false, access.get(f.device.deviceCondition[0]));
        assertEquals(false, access.get(f.host.qemuLineHigh[0]));
        assertEquals(false, access.get(f.distributor.lineLevel[0]));
        assertEquals(MmioOp.NONE, access.get(f.vcpu.mmio[0]));
    }

    @Test
    void theAccessTrapsEvenWhenTheLatchedLineWasAlreadyWipedLow() {
        Bench b = new Bench(Bench.emulatedOnly());
        InterruptLayout f = b.f;
        handlingSpi37(b);
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.host.qemuLineHigh[0].set(n, true);
        });
        assertEquals(MmioOp.EMULATED_ACCESS, b.fire(ISR).get(f.vcpu.mmio[0]));
        Map<Field, Object> access = syncThenAccess(b);
        assertEquals(false, access.get(f.device.deviceCondition[0]));
        assertEquals(false, access.get(f.host.qemuLineHigh[0]));
    }

    @Test
    void aRaiseOnALineAnAssignedDeviceAlreadyHoldsHighOnlyRecordsQemusOutput() {
        Bench b = new Bench(Bench.assignedAndEmulatedShareSpi());
        InterruptLayout f = b.f;
        b.set(n -> {
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        assertEquals(effect(f.device.deviceCondition[1], true, f.device.raisesLeft[1], 0, f.host.qemuLineHigh[1], true), b.fire(RAISE),
                "same level: rejected by vgic_validate_injection");
    }

    @Test
    void underLastWriterWinsTheResamplerLowerWipesAnEmulatedDevicesAssertion() {
        Bench b = new Bench(Bench.assignedAndEmulatedShareSpi());
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.ACK_NOTIFY);
            f.device.deviceCondition[1].set(n, true);
            f.host.qemuLineHigh[1].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        b.lr(0, 0, LrState.INVALID, 0, true);
        assertEquals(effect(f.distributor.lineLevel[0], false, f.vcpu.lrAckHalfDone[0][0], true, f.vcpu.lrAckGsi[0][0], 5), b.fire(VcpuRunLoopTest.LOWER),
                "emu still needs service and QEMU still drives its line, but line_level is 0");
    }

    @Test
    void underOrPerSourceTheResamplerLowerLeavesTheEmulatedAssertionStanding() {
        Bench b = new Bench(Bench.assignedAndEmulatedShareSpi(), Bench.WORK_ITEM.with(LineCombining.OR_PER_SOURCE));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.ACK_NOTIFY);
            f.device.deviceCondition[1].set(n, true);
            f.host.qemuLineHigh[1].set(n, true);
            f.distributor.resampleSourceLevel[0].set(n, true);
            f.distributor.userspaceSourceLevel[0].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        b.lr(0, 0, LrState.INVALID, 0, true);
        assertEquals(effect(f.distributor.resampleSourceLevel[0], false, f.vcpu.lrAckHalfDone[0][0], true, f.vcpu.lrAckGsi[0][0], 5), b.fire(VcpuRunLoopTest.LOWER));
    }

    @Test
    void underLastWriterWinsServicingTheEmulatedDeviceLowersTheSharedLine() {
        Bench b = new Bench(Bench.assignedAndEmulatedShareSpi());
        InterruptLayout f = b.f;
        handlingSpi37(b);
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.device.deviceCondition[1].set(n, true);
            f.host.qemuLineHigh[1].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
        });
        assertEquals(effect(f.device.deviceCondition[0], false, f.guest.hardIrq[0], dev.irqcheck.model.guest.HardIrqStage.HANDLED,
                f.vcpu.mmio[0], MmioOp.EMULATED_ACCESS, f.vcpu.mode[0], VcpuMode.ACK_NOTIFY), b.fire(ISR),
                "the assigned device's registers are mapped: serviced at once; the emulated one's access traps");
        Map<Field, Object> access = syncThenAccess(b);
        assertEquals(false, access.get(f.host.qemuLineHigh[1]));
        assertEquals(false, access.get(f.distributor.lineLevel[0]), "last writer wins: QEMU's 0 lowers the shared line");
    }

    @Test
    void underOrPerSourceServicingTheEmulatedDeviceKeepsTheResampleAssertion() {
        Bench b = new Bench(Bench.assignedAndEmulatedShareSpi(), Bench.WORK_ITEM.with(LineCombining.OR_PER_SOURCE));
        InterruptLayout f = b.f;
        handlingSpi37(b);
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.device.deviceCondition[1].set(n, true);
            f.host.qemuLineHigh[1].set(n, true);
            f.distributor.resampleSourceLevel[0].set(n, true);
            f.distributor.userspaceSourceLevel[0].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
        });
        assertEquals(effect(f.device.deviceCondition[0], false, f.guest.hardIrq[0], dev.irqcheck.model.guest.HardIrqStage.HANDLED,
                f.vcpu.mmio[0], MmioOp.EMULATED_ACCESS, f.vcpu.mode[0], VcpuMode.ACK_NOTIFY), b.fire(ISR),
                "the assigned device's registers are mapped: serviced at once; the emulated one's access traps");
        Map<Field, Object> access = syncThenAccess(b);
        assertEquals(false, access.get(f.host.qemuLineHigh[1]));
        assertEquals(false, access.get(f.distributor.userspaceSourceLevel[0]));
        assertTrue(f.distributor.lineLevel[0].get(b.s), "the resample source still holds the line until the resampler lowers it");
    }
}
