package dev.irqcheck.model.components;

import static dev.irqcheck.model.components.Bench.effect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.kvm.IrqSource;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.LineCombining;
import dev.irqcheck.model.variant.UnmaskResample;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.Vgic;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VcpuMode;
import org.junit.jupiter.api.Test;

/**
 * The guest's adversarial distributor writes (vgic/DistributorWrites.java): GICD_IROUTER
 * retargeting, bounded per run, and how the resample-on-unmask variant's set-enable interacts with
 * per-source line levels. (The trapped ICENABLER/ISENABLER rules are in VcpuRunLoopTest.)
 */
class DistributorWritesTest {

    static final String ISSUE_TO_VCPU_0 = "guest irq_set_affinity(37, vcpu 0): gic_set_affinity, vcpu 1";
    static final String ISSUE_TO_VCPU_1 = "guest irq_set_affinity(37, vcpu 1): gic_set_affinity, vcpu 0";
    static final String COMPLETE_ON_VCPU_0 = "vgic_mmio_write_irouter (GICD_IROUTER): vcpu 0";

    @Test
    void thereAreNoAffinityWritesWithoutRetargetsOrWithASingleVcpu() {
        assertFalse(new Bench(Bench.twoVcpus(0, 0)).hasRule("guest irq_set_affinity"));
        assertFalse(new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE)).hasRule("guest irq_set_affinity"));
    }

    @Test
    void anAffinityWriteIsIssuedOnlyByAVcpuInGuestModeTowardsAnotherVcpuWhileWritesAreLeft() {
        Bench b = new Bench(Bench.twoVcpus(0, 1));
        InterruptLayout f = b.f;
        b.assertDisabled(ISSUE_TO_VCPU_1);
        b.set(n -> {
            f.vcpu.mode[0].set(n, VcpuMode.GUEST);
            f.vcpu.mode[1].set(n, VcpuMode.GUEST);
        });
        b.assertDisabled("guest irq_set_affinity(37, vcpu 0): gic_set_affinity, vcpu 0");
        b.assertEnabled(ISSUE_TO_VCPU_1);
        b.fire(ISSUE_TO_VCPU_1);
        b.assertDisabled(ISSUE_TO_VCPU_0);
        assertTrue(b.model.environmentRules().contains(b.rule(ISSUE_TO_VCPU_1)), "an environment step, not assumed fair");
    }

    @Test
    void gicSetAffinityMasksWritesIrouterAndUnmasksEachATrapUnderDescLock() {
        Bench b = new Bench(Bench.twoVcpus(0, 2));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
            f.vcpu.mode[0].set(n, VcpuMode.GUEST);
        });
        assertEquals(MmioOp.CLEAR_ENABLE, b.fire(ISSUE_TO_VCPU_1).get(f.vcpu.mmio[0]), "an enabled SPI is masked first");
        b.fire(VcpuRunLoopTest.FOLD);
        b.fire(VcpuRunLoopTest.PRUNE);
        b.fire(VcpuRunLoopTest.CENABLE);
        b.fire(VcpuRunLoopTest.FLUSH);
        assertEquals(MmioOp.SET_TARGET, b.fire("guest gic_set_affinity: GICD_IROUTER (traps), vcpu 0").get(f.vcpu.mmio[0]));
        b.assertDisabled(COMPLETE_ON_VCPU_0);
        b.fire(VcpuRunLoopTest.FOLD);
        b.fire(VcpuRunLoopTest.PRUNE);
        assertEquals(effect(f.distributor.spiTarget[0], 1, f.vcpu.mmio[0], MmioOp.NONE, f.vcpu.mmioArg[0], 0), b.fire(COMPLETE_ON_VCPU_0),
                "vgic_mmio_write_irouter: no requeue, no kick");
        b.fire(VcpuRunLoopTest.FLUSH);
        assertEquals(MmioOp.SET_ENABLE, b.fire("guest gic_set_affinity: gic_unmask_irq (GICD_ISENABLER, traps), vcpu 0").get(f.vcpu.mmio[0]));
    }

    @Test
    void unmaskResampleWithdrawsOnlyTheResampleSourceUnderOrPerSource() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE),
                Bench.WORK_ITEM.with(UnmaskResample.PRESENT).with(LineCombining.OR_PER_SOURCE));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.SET_ENABLE);
            f.distributor.spiEnabled[0].set(n, false);
            f.distributor.resampleSourceLevel[0].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
        });
        // Found by this test's first version: the re-sample once cleared line_level outright and left
        // source.resample set, so line_level stopped being the OR of the sources.
        assertEquals(effect(f.distributor.spiEnabled[0], true, f.distributor.lineLevel[0], false, f.distributor.resampleSourceLevel[0], false,
                f.vcpu.mmio[0], MmioOp.NOTIFY_RESAMPLER), b.fire(VcpuRunLoopTest.SENABLE));
        Vgic vgic = b.vgic();
        assertEquals(effect(), b.apply(n -> vgic.setLevel(n, IrqSource.USERSPACE, 0, false)),
                "a later userspace lower changes nothing: no source is left asserting");
    }

    @Test
    void unmaskResampleKeepsAnEmulatedDevicesAssertionOnASharedSpiUnderOrPerSource() {
        Bench b = new Bench(Bench.assignedAndEmulatedShareSpi(),
                Bench.WORK_ITEM.with(UnmaskResample.PRESENT).with(LineCombining.OR_PER_SOURCE));
        InterruptLayout f = b.f;
        // The oneshot guest masked SPI 37; meanwhile the resampler lowered the resample source and the
        // emulated device raised. Only QEMU's KVM_IRQ_LINE holds the line now.
        b.set(n -> {
            f.vcpu.mmio[0].set(n, MmioOp.SET_ENABLE);
            f.distributor.spiEnabled[0].set(n, false);
            f.device.raisesLeft[0].set(n, 0);
            f.device.raisesLeft[1].set(n, 0);
            f.device.deviceCondition[1].set(n, true);
            f.host.qemuLineHigh[1].set(n, true);
            f.distributor.userspaceSourceLevel[0].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
        });
        // Found by this test's first version: the re-sample once cleared line_level outright, wiping
        // the assertion QEMU's KVM_IRQ_LINE held (QEMU never re-sends it). Now only the resample
        // source is withdrawn and the still-high line is queued.
        assertEquals(effect(f.distributor.spiEnabled[0], true, f.distributor.apListOwner[0], 0, f.vcpu.kicked[0], true,
                f.vcpu.mmio[0], MmioOp.NOTIFY_RESAMPLER), b.fire(VcpuRunLoopTest.SENABLE));
        assertTrue(f.distributor.userspaceSourceLevel[0].get(b.s));
        assertTrue(f.distributor.lineLevel[0].get(b.s), "the emulated device's level survives");
    }
}
