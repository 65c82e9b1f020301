package dev.irqcheck.model.components;

import static dev.irqcheck.model.components.Bench.effect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.FoldNotify;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.VcpuMode;
import org.junit.jupiter.api.Test;

/**
 * The rules of the Linux 6.19 VGIC rework (arch/arm64/kvm/vgic/vgic-v3.c, vgic.c as read at
 * swamiljain/linux-next@34092b7d and intel-lab-lkp/linux@014a1672), one test per rule, each
 * quoting the source it stands for.
 */
class Vgic619Test {
    static final String FOLD_619 = "vgic_v3_fold_lr (6.19: notify only if deactivated): vcpu 0";
    static final String LOWER = "kvm_notify_acked_irq -> irqfd_resampler_ack: lower (vcpu 0 lr 0)";
    static final String SIGNAL = "kvm_notify_acked_irq -> irqfd_resampler_ack: signal resamplefds of (vcpu 0 lr 0)";
    static final String PRUNE = "vgic_prune_ap_list: vcpu 0";

    static final Variants V6_19 = Variants.of(KernelVersion.V6_19);

    private static Bench seed(Variants v) {
        return new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE), v);
    }

    // The guest acknowledged and EOI'd SPI 37 within one run: LR 0 invalid with EOI, irq->active
    // still false from the last fold, the line latched high, VFIO's line masked.
    private static void ackedAndEoidInOneRun(Bench b) {
        InterruptLayout f = b.f;
        b.set(n -> {
            f.mode[0].set(n, VcpuMode.FOLD);
            f.lineLevel[0].set(n, true);
            f.apListOwner[0].set(n, 0);
            f.hostMasked[0].set(n, true);
            f.hostDepth[0].set(n, 1);
        });
        b.lr(0, 0, LrState.INVALID, 0, true);
    }

    // ---- fold_notify: the proposed fix ----

    /*
     * Proposed: `if (lr_signals_eoi_mi(val) && vgic_valid_spi(vcpu->kvm, intid))
     * kvm_notify_acked_irq(...)`; as read: `if (deactivated && lr_signals_eoi_mi(val) && ...)`.
     */
    @Test
    void theFixNotifiesAnLrAckedAndEoidWithinOneRun() {
        Bench b = seed(V6_19.with(FoldNotify.EOI_SIGNALLED));
        InterruptLayout f = b.f;
        ackedAndEoidInOneRun(b);
        assertEquals(effect(f.mode[0], VcpuMode.NOTIFY_AFTER_FOLD), b.fire(FOLD_619),
                "the LR is kept (invalid, EOI) for its kvm_notify_acked_irq");
        b.assertDisabled(PRUNE);
        assertEquals(effect(f.lineLevel[0], false, f.lrAckHalfDone[0][0], true, f.lrAckGsi[0][0], 5), b.fire(LOWER));
        assertEquals(effect(f.hostMasked[0], false, f.hostDepth[0], 0, f.lrAckHalfDone[0][0], false, f.lrAckGsi[0][0], 0,
                f.lrEoi[0][0], false, f.lrUsed[0][0], false), b.fire(SIGNAL));
        b.assertEnabled(PRUNE);
    }

    @Test
    void asReadTheSameLrIsFreedWithoutANotification() {
        Bench b = seed(V6_19);
        InterruptLayout f = b.f;
        ackedAndEoidInOneRun(b);
        assertEquals(effect(f.lrEoi[0][0], false, f.lrUsed[0][0], false, f.mode[0], VcpuMode.NOTIFY_AFTER_FOLD),
                b.fire(FOLD_619));
        b.assertDisabled(LOWER);
        b.assertEnabled(PRUNE);
    }
}
