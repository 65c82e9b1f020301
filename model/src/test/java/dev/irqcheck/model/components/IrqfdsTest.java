package dev.irqcheck.model.components;

import static dev.irqcheck.model.components.Bench.effect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.ResampleScope;
import dev.irqcheck.model.variant.UnmaskPath;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.VcpuMode;
import org.junit.jupiter.api.Test;

/**
 * KVM irqfds and resamplers (kvm/Irqfds.java): the inject work item of resample and plain irqfds,
 * the resamplefd's consumers (virqfd in the kernel, or QEMU), and which resamplefds the resampler
 * signals.
 */
class IrqfdsTest {

    static final String ASSERT = "irqfd_inject: assert gsi 5 (irqfd 0)";
    static final String PULSE_UP = "irqfd_inject: kvm_set_irq(gsi 5, 1) (irqfd 0)";
    static final String PULSE_DOWN = "irqfd_inject: kvm_set_irq(gsi 5, 0) (irqfd 0)";
    static final String SIGNAL = "kvm_notify_acked_irq -> irqfd_resampler_ack: signal resamplefds of (vcpu 0 lr 0)";
    static final String QEMU_UNMASK = "qemu: resamplefd read, VFIO unmask ";
    static final String FLUSH_0 = "kvm_vgic_flush_hwstate + enter guest: vcpu 0";

    /** The resampler's first half (the lower) has run for LR 0, which holds SPI 37, EOI'd. */
    private static void lowerDone(Bench b) {
        b.set(n -> {
            b.f.vcpu.mode[0].set(n, VcpuMode.ACK_NOTIFY);
            b.f.distributor.apListOwner[0].set(n, 0);
            b.f.vcpu.lrAckHalfDone[0][0].set(n, true);
            b.f.vcpu.lrAckGsi[0][0].set(n, 5);
        });
        b.lr(0, 0, LrState.INVALID, 0, true);
    }

    private static void masked(Bench b, int device) {
        b.set(n -> {
            b.f.host.hostMasked[device].set(n, true);
            b.f.host.hostDepth[device].set(n, 1);
        });
    }

    // ---- inject ----

    @Test
    void resampleInjectIsEnabledOnlyWhileItsWorkIsQueued() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        b.assertDisabled(ASSERT);
        b.set(n -> b.f.kvm.injectQueued[0].set(n, true));
        b.assertEnabled(ASSERT);
    }

    @Test
    void resampleInjectAssertsTheGsiAndLeavesItHigh() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        b.set(n -> f.kvm.injectQueued[0].set(n, true));
        assertEquals(effect(f.kvm.injectQueued[0], false, f.distributor.lineLevel[0], true, f.distributor.apListOwner[0], 0, f.vcpu.kicked[0], true),
                b.fire(ASSERT));
        assertFalse(b.hasRule("irqfd_inject: kvm_set_irq"), "no pulse for a resample irqfd");
    }

    @Test
    void resampleInjectOnAnAlreadyHighLineOnlyConsumesTheWork() {
        Bench b = new Bench(Bench.sharedGsi(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.kvm.injectQueued[1].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
            f.distributor.apListOwner[0].set(n, 0);
        });
        assertEquals(effect(f.kvm.injectQueued[1], false), b.fire("irqfd_inject: assert gsi 5 (irqfd 1)"));
    }

    @Test
    void plainInjectRaisesAndLowersTheGsiInTwoSeparateSteps() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.PLAIN));
        InterruptLayout f = b.f;
        b.set(n -> f.kvm.injectQueued[0].set(n, true));
        b.assertDisabled(PULSE_DOWN);
        assertEquals(effect(f.kvm.injectQueued[0], false, f.kvm.pulseHigh[0], true, f.distributor.lineLevel[0], true, f.distributor.apListOwner[0], 0,
                f.vcpu.kicked[0], true), b.fire(PULSE_UP));
        b.assertEnabled(FLUSH_0);
        assertEquals(effect(f.kvm.pulseHigh[0], false, f.distributor.lineLevel[0], false), b.fire(PULSE_DOWN));
        assertFalse(b.hasRule("irqfd_inject: assert"));
    }

    @Test
    void aRequeuedPlainInjectWaitsForTheRunningPulseToFinish() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.PLAIN));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.kvm.injectQueued[0].set(n, true);
            f.kvm.pulseHigh[0].set(n, true);
            f.distributor.lineLevel[0].set(n, true);
        });
        b.assertDisabled(PULSE_UP);
        b.fire(PULSE_DOWN);
        b.assertEnabled(PULSE_UP);
    }

    @Test
    void signallingTheTriggerTwiceCoalescesIntoOneQueuedInject() {
        Bench b = new Bench(Bench.platformEdge());
        InterruptLayout f = b.f;
        b.set(n -> {
            f.host.edgeLatched[0].set(n, true);
            f.kvm.injectQueued[0].set(n, true);
        });
        assertEquals(effect(f.host.edgeLatched[0], false), b.fire("vfio_irq_handler: signal dev0"));
    }

    // ---- the resamplefd's consumer ----

    @Test
    void kernelVirqfdUnmasksInsideTheResamplerSignalAndThereIsNoQemuStep() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        lowerDone(b);
        masked(b, 0);
        assertFalse(b.hasRule(QEMU_UNMASK));
        assertEquals(effect(f.host.hostMasked[0], false, f.host.hostDepth[0], 0, f.vcpu.lrAckHalfDone[0][0], false, f.vcpu.lrAckGsi[0][0], 0,
                f.vcpu.lrEoi[0][0], false), b.fire(SIGNAL));
    }

    @Test
    void userspaceUnmaskBumpsTheResamplefdCounterAndQemuUnmasksLater() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE), Bench.WORK_ITEM.with(UnmaskPath.USERSPACE));
        InterruptLayout f = b.f;
        lowerDone(b);
        masked(b, 0);
        b.assertDisabled(QEMU_UNMASK + "dev0");
        assertEquals(effect(f.kvm.resamplefdCount[0], true, f.vcpu.lrAckHalfDone[0][0], false, f.vcpu.lrAckGsi[0][0], 0, f.vcpu.lrEoi[0][0], false),
                b.fire(SIGNAL), "the host line is still masked after the signal");
        assertEquals(effect(f.kvm.resamplefdCount[0], false, f.host.hostMasked[0], false, f.host.hostDepth[0], 0),
                b.fire(QEMU_UNMASK + "dev0"));
        b.assertDisabled(QEMU_UNMASK + "dev0");
    }

    @Test
    void userspaceUnmaskHasNoQemuStepForAPlainIrqfd() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.PLAIN), Bench.WORK_ITEM.with(UnmaskPath.USERSPACE));
        assertFalse(b.hasRule(QEMU_UNMASK));
    }

    // ---- resampler scope ----

    @Test
    void theKernelResamplerSignalsEveryResamplefdOnTheGsi() {
        Bench b = new Bench(Bench.sharedGsi(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        lowerDone(b);
        masked(b, 0);
        masked(b, 1);
        assertEquals(effect(f.host.hostMasked[0], false, f.host.hostDepth[0], 0, f.host.hostMasked[1], false, f.host.hostDepth[1], 0,
                f.vcpu.lrAckHalfDone[0][0], false, f.vcpu.lrAckGsi[0][0], 0, f.vcpu.lrEoi[0][0], false), b.fire(SIGNAL));
    }

    @Test
    void listHeadOnlySignalsOnlyTheMostRecentlyAssignedIrqfd() {
        Bench b = new Bench(Bench.sharedGsi(IrqfdKind.RESAMPLE), Bench.WORK_ITEM.with(ResampleScope.LIST_HEAD_ONLY));
        InterruptLayout f = b.f;
        lowerDone(b);
        masked(b, 0);
        masked(b, 1);
        assertEquals(effect(f.host.hostMasked[1], false, f.host.hostDepth[1], 0, f.vcpu.lrAckHalfDone[0][0], false, f.vcpu.lrAckGsi[0][0], 0,
                f.vcpu.lrEoi[0][0], false), b.fire(SIGNAL), "irqfd 1 (device b) was assigned last: list_add_rcu puts it at the head");
        assertTrue(f.host.hostMasked[0].get(b.s), "device a stays masked");
    }

    @Test
    void listHeadOnlyWithUserspaceUnmaskCountsOnlyTheHeadsResamplefd() {
        Bench b = new Bench(Bench.sharedGsi(IrqfdKind.RESAMPLE),
                Bench.WORK_ITEM.with(ResampleScope.LIST_HEAD_ONLY).with(UnmaskPath.USERSPACE));
        InterruptLayout f = b.f;
        lowerDone(b);
        assertEquals(effect(f.kvm.resamplefdCount[1], true, f.vcpu.lrAckHalfDone[0][0], false, f.vcpu.lrAckGsi[0][0], 0, f.vcpu.lrEoi[0][0], false),
                b.fire(SIGNAL));
    }
}
