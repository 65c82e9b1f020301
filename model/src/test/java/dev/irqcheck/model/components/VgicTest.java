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
import dev.irqcheck.model.vgic.Vgic;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The VGIC distributor's per-SPI logic (vgic/Vgic.java): kvm_vgic_inject_irq and its validation,
 * vgic_queue_irq_unlock, vgic_target_oracle, irq_is_pending, and how level writes from several
 * sources combine. Called directly on the model's own layout.
 */
class VgicTest {

    private static Bench level() {
        return new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
    }

    private static Bench level(LineCombining combining) {
        return new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE), Bench.WORK_ITEM.with(combining));
    }

    // ---- kvm_vgic_inject_irq: vgic_validate_injection ----

    @Test
    void levelInjectOfTheLevelTheLineAlreadyHasIsANoOp() {
        Bench b = level();
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        assertEquals(Map.of(), b.apply(n -> vgic.injectIrq(n, 0, false)), "lowering a low line");
        b.set(n -> {
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.staleLevel[0].set(n, true);
        });
        assertEquals(Map.of(), b.apply(n -> vgic.injectIrq(n, 0, true)),
                "re-asserting a high line neither queues, kicks nor clears the stale mark");
    }

    @Test
    void levelInjectOfANewLevelSetsTheLineClearsTheStaleMarkAndQueuesOnTheTarget() {
        Bench b = level();
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        b.set(n -> f.distributor.staleLevel[0].set(n, true));
        assertEquals(effect(f.distributor.lineLevel[0], true, f.distributor.staleLevel[0], false, f.distributor.apListOwner[0], 0, f.vcpu.kicked[0], true),
                b.apply(n -> vgic.injectIrq(n, 0, true)));
    }

    @Test
    void levelLowerOfAnIrqOnAnApListChangesOnlyTheLineAndKicksNobody() {
        Bench b = level();
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        b.set(n -> {
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        assertEquals(effect(f.distributor.lineLevel[0], false), b.apply(n -> vgic.injectIrq(n, 0, false)),
                "nothing pending: the oracle says nowhere, so no kick; prune removes it later");
    }

    @Test
    void edgeInjectOfLevelZeroIsANoOp() {
        Bench b = new Bench(Bench.platformEdge());
        Vgic vgic = b.vgic();
        assertEquals(Map.of(), b.apply(n -> vgic.injectIrq(n, 0, false)));
    }

    @Test
    void edgeInjectOfLevelOneSetsThePendingLatchAndQueues() {
        Bench b = new Bench(Bench.platformEdge());
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        assertEquals(effect(f.distributor.pendingLatch[0], true, f.distributor.apListOwner[0], 0, f.vcpu.kicked[0], true),
                b.apply(n -> vgic.injectIrq(n, 0, true)));
        assertFalse(f.distributor.lineLevel[0].get(b.s), "an edge never touches line_level");
    }

    @Test
    void edgeInjectWhileAlreadyLatchedAndQueuedStillKicksTheOracleVcpu() {
        Bench b = new Bench(Bench.platformEdge());
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        b.set(n -> {
            f.distributor.pendingLatch[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        assertEquals(effect(f.vcpu.kicked[0], true), b.apply(n -> vgic.injectIrq(n, 0, true)),
                "the kernel kicks because an edge on an ap_list gets no EOI maintenance interrupt");
    }

    // ---- vgic_queue_irq_unlock ----

    @Test
    void queueAddsAnIrqOnNoApListToTheOracleVcpuAndKicksIt() {
        Bench b = new Bench(Bench.twoVcpus(1, 0));
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        b.set(n -> f.distributor.lineLevel[0].set(n, true));
        assertEquals(effect(f.distributor.apListOwner[0], 1, f.vcpu.kicked[1], true), b.apply(n -> vgic.queue(n, 0)));
    }

    @Test
    void queueKicksTheOracleVcpuWhenTheIrqIsAlreadyOnAnApList() {
        Bench b = new Bench(Bench.twoVcpus(1, 0));
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        // Queued on vCPU 0, since retargeted to vCPU 1: the oracle (1) is kicked, the IRQ stays put.
        b.set(n -> {
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        assertEquals(effect(f.vcpu.kicked[1], true), b.apply(n -> vgic.queue(n, 0)));
    }

    @Test
    void queueDoesNothingWhenTheOracleSaysNowhere() {
        Bench b = level();
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        assertEquals(Map.of(), b.apply(n -> vgic.queue(n, 0)), "nothing pending");
        b.set(n -> {
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.spiEnabled[0].set(n, false);
        });
        assertEquals(Map.of(), b.apply(n -> vgic.queue(n, 0)), "pending but disabled");
        b.set(n -> f.distributor.apListOwner[0].set(n, 0));
        assertEquals(Map.of(), b.apply(n -> vgic.queue(n, 0)), "on an ap_list, disabled: no kick either");
    }

    @Test
    void kickOnlyRaisesTheKickRequest() {
        Bench b = new Bench(Bench.twoVcpus(0, 0));
        Vgic vgic = b.vgic();
        assertEquals(effect(b.f.vcpu.kicked[1], true), b.apply(n -> vgic.kick(n, 1)));
    }

    // ---- vgic_target_oracle and irq_is_pending ----

    @Test
    void oracleKeepsAnActiveIrqWithTheVcpuWhoseApListHoldsItEvenIfDisabledAndRetargeted() {
        Bench b = new Bench(Bench.twoVcpus(1, 0));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.distributor.active[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
            f.distributor.spiEnabled[0].set(n, false);
        });
        assertEquals(0, b.vgic().oracle(b.s, 0));
    }

    @Test
    void oracleSendsAnActiveIrqOnNoApListToItsTarget() {
        Bench b = new Bench(Bench.twoVcpus(1, 0));
        b.set(n -> b.f.distributor.active[0].set(n, true));
        assertEquals(1, b.vgic().oracle(b.s, 0));
    }

    @Test
    void oracleSendsAnEnabledPendingIrqToItsTargetWhereverItIsQueued() {
        Bench b = new Bench(Bench.twoVcpus(1, 0));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        assertEquals(1, b.vgic().oracle(b.s, 0));
    }

    @Test
    void oracleSendsADisabledOrIdleIrqNowhere() {
        Bench b = level();
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        assertEquals(-1, vgic.oracle(b.s, 0), "enabled, nothing pending");
        b.set(n -> {
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.spiEnabled[0].set(n, false);
        });
        assertEquals(-1, vgic.oracle(b.s, 0), "pending, disabled");
    }

    @Test
    void aLevelIrqIsPendingOnItsLineOrItsLatchAndAnEdgeOnlyOnItsLatch() {
        Bench lvl = level();
        Vgic v = lvl.vgic();
        assertFalse(v.isPending(lvl.s, 0));
        lvl.set(n -> lvl.f.distributor.pendingLatch[0].set(n, true));
        assertTrue(v.isPending(lvl.s, 0), "level: latch");
        lvl.set(n -> {
            lvl.f.distributor.pendingLatch[0].set(n, false);
            lvl.f.distributor.lineLevel[0].set(n, true);
        });
        assertTrue(v.isPending(lvl.s, 0), "level: line");

        Bench edge = new Bench(Bench.platformEdge());
        Vgic e = edge.vgic();
        edge.set(n -> edge.f.distributor.lineLevel[0].set(n, true));
        assertFalse(e.isPending(edge.s, 0), "edge: line_level is ignored");
        edge.set(n -> edge.f.distributor.pendingLatch[0].set(n, true));
        assertTrue(e.isPending(edge.s, 0));
    }

    // ---- setLevel: combining level writes ----

    @Test
    void lastWriterWinsLetsAUserspaceLowerWipeAResampleAssertAndRecordsNoSource() {
        Bench b = level(LineCombining.LAST_WRITER_WINS);
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        assertEquals(effect(f.distributor.lineLevel[0], true, f.distributor.apListOwner[0], 0, f.vcpu.kicked[0], true),
                b.apply(n -> vgic.setLevel(n, IrqSource.RESAMPLE, 0, true)));
        assertEquals(effect(f.distributor.lineLevel[0], false), b.apply(n -> vgic.setLevel(n, IrqSource.USERSPACE, 0, false)),
                "the source is ignored: a 0 from any writer clears another's 1");
    }

    @Test
    void orPerSourceKeepsTheLineHighWhileAnySourceAssertsIt() {
        Bench b = level(LineCombining.OR_PER_SOURCE);
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        assertEquals(effect(f.distributor.resampleSourceLevel[0], true, f.distributor.lineLevel[0], true, f.distributor.apListOwner[0], 0,
                        f.vcpu.kicked[0], true),
                b.apply(n -> vgic.setLevel(n, IrqSource.RESAMPLE, 0, true)));
        assertEquals(effect(f.distributor.userspaceSourceLevel[0], true),
                b.apply(n -> vgic.setLevel(n, IrqSource.USERSPACE, 0, true)), "the OR is already 1: rejected as same level");
        assertEquals(effect(f.distributor.resampleSourceLevel[0], false),
                b.apply(n -> vgic.setLevel(n, IrqSource.RESAMPLE, 0, false)), "userspace still asserts");
        assertEquals(effect(f.distributor.userspaceSourceLevel[0], false, f.distributor.lineLevel[0], false),
                b.apply(n -> vgic.setLevel(n, IrqSource.USERSPACE, 0, false)), "the last source lowers the line");
    }

    @Test
    void orPerSourceLetsAUserspaceLowerThroughWhenNoOtherSourceAsserts() {
        Bench b = level(LineCombining.OR_PER_SOURCE);
        InterruptLayout f = b.f;
        Vgic vgic = b.vgic();
        b.apply(n -> vgic.setLevel(n, IrqSource.USERSPACE, 0, true));
        assertTrue(f.distributor.lineLevel[0].get(b.s));
        assertEquals(effect(f.distributor.userspaceSourceLevel[0], false, f.distributor.lineLevel[0], false),
                b.apply(n -> vgic.setLevel(n, IrqSource.USERSPACE, 0, false)));
    }
}
