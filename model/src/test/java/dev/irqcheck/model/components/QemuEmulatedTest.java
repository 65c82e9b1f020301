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

    static final String RAISE = "qemu: qemu_set_irq -> KVM_IRQ_LINE(37, 1) emu";
    static final String ISR = "guest handle_fasteoi_irq: ISR services devices, vcpu 0";
    static final String ACCESS = "qemu: emulated register access -> KVM_IRQ_LINE(0): vcpu 0";

    /** The trapped register access exits the guest; after the sync, QEMU handles it. */
    private static Map<Field, Object> syncThenAccess(Bench b) {
        b.fire(VcpuRunLoopTest.FOLD);
        b.fire(VcpuRunLoopTest.PRUNE);
        return b.fire(ACCESS);
    }

    /** The guest has acknowledged SPI 37 (LR 0 active) and is about to run its ISR. */
    private static void handlingSpi37(Bench b) {
        b.set(n -> {
            b.f.mode[0].set(n, VcpuMode.GUEST);
            b.f.handlingSpi[0].set(n, 0);
            b.f.apListOwner[0].set(n, 0);
        });
        b.lr(0, 0, LrState.ACTIVE, 0, true);
    }

    @Test
    void qemuRaisesTheLineWithKvmIrqLineWhileTheDeviceHasACondition() {
        Bench b = new Bench(Bench.emulatedOnly());
        InterruptLayout f = b.f;
        b.assertDisabled(RAISE);
        b.fire("device: raise emu");
        assertEquals(effect(f.qemuLineHigh[0], true, f.lineLevel[0], true, f.apListOwner[0], 0, f.kicked[0], true),
                b.fire(RAISE));
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
        assertFalse(b.hasRule("qemu: qemu_set_irq"));
    }

    @Test
    void theGuestsServiceLowersTheEmulatedLine() {
        Bench b = new Bench(Bench.emulatedOnly());
        InterruptLayout f = b.f;
        handlingSpi37(b);
        b.set(n -> {
            f.deviceCondition[0].set(n, true);
            f.qemuLineHigh[0].set(n, true);
            f.lineLevel[0].set(n, true);
        });
        // Reading the emulated device's registers traps: the vCPU exits (its sync runs) and QEMU
        // lowers the line before re-entry. Until then the latched line is stale.
        assertEquals(effect(f.deviceCondition[0], false, f.staleLevel[0], true, f.serviced[0], true,
                f.mmio[0], MmioOp.EMULATED_ACCESS, f.mode[0], VcpuMode.ACK_NOTIFY), b.fire(ISR));
        Map<Field, Object> access = syncThenAccess(b);
        assertEquals(false, access.get(f.qemuLineHigh[0]));
        assertEquals(false, access.get(f.lineLevel[0]));
        assertEquals(false, access.get(f.staleLevel[0]), "a new sample is not stale");
        assertEquals(MmioOp.NONE, access.get(f.mmio[0]));
    }

    @Test
    void serviceBeforeQemuRaisedTheLineLeavesTheLineAlone() {
        Bench b = new Bench(Bench.emulatedOnly());
        InterruptLayout f = b.f;
        handlingSpi37(b);
        b.set(n -> f.deviceCondition[0].set(n, true));
        assertEquals(effect(f.deviceCondition[0], false, f.serviced[0], true), b.fire(ISR));
        b.assertDisabled(RAISE);
    }

    @Test
    void aRaiseOnALineAnAssignedDeviceAlreadyHoldsHighOnlyRecordsQemusOutput() {
        Bench b = new Bench(Bench.assignedAndEmulatedShareSpi());
        InterruptLayout f = b.f;
        b.set(n -> {
            f.deviceCondition[1].set(n, true);
            f.lineLevel[0].set(n, true);
            f.apListOwner[0].set(n, 0);
        });
        assertEquals(effect(f.qemuLineHigh[1], true), b.fire(RAISE), "same level: rejected by vgic_validate_injection");
    }

    @Test
    void underLastWriterWinsTheResamplerLowerWipesAnEmulatedDevicesAssertion() {
        Bench b = new Bench(Bench.assignedAndEmulatedShareSpi());
        InterruptLayout f = b.f;
        b.set(n -> {
            f.mode[0].set(n, VcpuMode.ACK_NOTIFY);
            f.deviceCondition[1].set(n, true);
            f.qemuLineHigh[1].set(n, true);
            f.lineLevel[0].set(n, true);
            f.apListOwner[0].set(n, 0);
        });
        b.lr(0, 0, LrState.INVALID, 0, true);
        assertEquals(effect(f.lineLevel[0], false, f.lrAckHalfDone[0][0], true), b.fire(VcpuRunLoopTest.LOWER),
                "emu still needs service and QEMU still drives its line, but line_level is 0");
    }

    @Test
    void underOrPerSourceTheResamplerLowerLeavesTheEmulatedAssertionStanding() {
        Bench b = new Bench(Bench.assignedAndEmulatedShareSpi(), Variants.kernel().with(LineCombining.OR_PER_SOURCE));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.mode[0].set(n, VcpuMode.ACK_NOTIFY);
            f.deviceCondition[1].set(n, true);
            f.qemuLineHigh[1].set(n, true);
            f.resampleSourceLevel[0].set(n, true);
            f.userspaceSourceLevel[0].set(n, true);
            f.lineLevel[0].set(n, true);
            f.apListOwner[0].set(n, 0);
        });
        b.lr(0, 0, LrState.INVALID, 0, true);
        assertEquals(effect(f.resampleSourceLevel[0], false, f.lrAckHalfDone[0][0], true), b.fire(VcpuRunLoopTest.LOWER));
    }

    @Test
    void underLastWriterWinsServicingTheEmulatedDeviceLowersTheSharedLine() {
        Bench b = new Bench(Bench.assignedAndEmulatedShareSpi());
        InterruptLayout f = b.f;
        handlingSpi37(b);
        b.set(n -> {
            f.deviceCondition[0].set(n, true);
            f.deviceCondition[1].set(n, true);
            f.qemuLineHigh[1].set(n, true);
            f.lineLevel[0].set(n, true);
        });
        assertEquals(effect(f.deviceCondition[0], false, f.deviceCondition[1], false, f.staleLevel[0], true,
                f.serviced[0], true, f.mmio[0], MmioOp.EMULATED_ACCESS, f.mode[0], VcpuMode.ACK_NOTIFY), b.fire(ISR));
        Map<Field, Object> access = syncThenAccess(b);
        assertEquals(false, access.get(f.qemuLineHigh[1]));
        assertEquals(false, access.get(f.lineLevel[0]), "last writer wins: QEMU's 0 lowers the shared line");
    }

    @Test
    void underOrPerSourceServicingTheEmulatedDeviceKeepsTheResampleAssertion() {
        Bench b = new Bench(Bench.assignedAndEmulatedShareSpi(), Variants.kernel().with(LineCombining.OR_PER_SOURCE));
        InterruptLayout f = b.f;
        handlingSpi37(b);
        b.set(n -> {
            f.deviceCondition[0].set(n, true);
            f.deviceCondition[1].set(n, true);
            f.qemuLineHigh[1].set(n, true);
            f.resampleSourceLevel[0].set(n, true);
            f.userspaceSourceLevel[0].set(n, true);
            f.lineLevel[0].set(n, true);
        });
        assertEquals(effect(f.deviceCondition[0], false, f.deviceCondition[1], false, f.staleLevel[0], true,
                f.serviced[0], true, f.mmio[0], MmioOp.EMULATED_ACCESS, f.mode[0], VcpuMode.ACK_NOTIFY), b.fire(ISR));
        Map<Field, Object> access = syncThenAccess(b);
        assertEquals(false, access.get(f.qemuLineHigh[1]));
        assertEquals(false, access.get(f.userspaceSourceLevel[0]));
        assertTrue(f.lineLevel[0].get(b.s), "the resample source still holds the line until the resampler lowers it");
    }
}
