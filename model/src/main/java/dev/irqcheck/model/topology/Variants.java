package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.AckNotifyPoint;
import dev.irqcheck.model.variant.ExclusiveSetup;
import dev.irqcheck.model.variant.EoiCountWalk;
import dev.irqcheck.model.variant.EoiMode;
import dev.irqcheck.model.variant.FoldNotify;
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.model.variant.LineCombining;
import dev.irqcheck.model.variant.ReassignProtocol;
import dev.irqcheck.model.variant.UnmaskResample;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.ResampleScope;
import dev.irqcheck.model.variant.UnmaskPath;

/**
 * One choice per design axis under review. {@link #kernel()} is Linux as it is (the newest release
 * modelled); {@link #of(KernelVersion)} another release. The kernel sets the injection path and the
 * fold's notify point; {@code ackNotify} may still be overridden alone (a design question).
 */
public record Variants(KernelVersion kernelVersion, ResampleOrder resampleOrder, ResampleScope resampleScope,
                       UnmaskPath unmaskPath, AckNotifyPoint ackNotify, UnmaskResample unmaskResample,
                       ExclusiveSetup exclusiveSetup, LineCombining lineCombining, ReassignProtocol reassignProtocol,
                       FoldNotify foldNotify, EoiCountWalk eoiCountWalk, EoiMode eoiMode,
                       dev.irqcheck.model.variant.IoapicMutation ioapicMutation,
                       dev.irqcheck.model.variant.PicMutation picMutation) {

    /** Another release: its injection path and its fold. */
    public Variants with(KernelVersion x) { return new Variants(x, resampleOrder, resampleScope, unmaskPath, x.ackNotify(), unmaskResample, exclusiveSetup, lineCombining, reassignProtocol, foldNotify, eoiCountWalk, eoiMode, ioapicMutation, picMutation); }
    public Variants with(ResampleOrder x) { return new Variants(kernelVersion, x, resampleScope, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, lineCombining, reassignProtocol, foldNotify, eoiCountWalk, eoiMode, ioapicMutation, picMutation); }
    public Variants with(ResampleScope x) { return new Variants(kernelVersion, resampleOrder, x, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, lineCombining, reassignProtocol, foldNotify, eoiCountWalk, eoiMode, ioapicMutation, picMutation); }
    public Variants with(UnmaskPath x) { return new Variants(kernelVersion, resampleOrder, resampleScope, x, ackNotify, unmaskResample, exclusiveSetup, lineCombining, reassignProtocol, foldNotify, eoiCountWalk, eoiMode, ioapicMutation, picMutation); }
    public Variants with(AckNotifyPoint x) { return new Variants(kernelVersion, resampleOrder, resampleScope, unmaskPath, x, unmaskResample, exclusiveSetup, lineCombining, reassignProtocol, foldNotify, eoiCountWalk, eoiMode, ioapicMutation, picMutation); }
    public Variants with(UnmaskResample x) { return new Variants(kernelVersion, resampleOrder, resampleScope, unmaskPath, ackNotify, x, exclusiveSetup, lineCombining, reassignProtocol, foldNotify, eoiCountWalk, eoiMode, ioapicMutation, picMutation); }
    public Variants with(ExclusiveSetup x) { return new Variants(kernelVersion, resampleOrder, resampleScope, unmaskPath, ackNotify, unmaskResample, x, lineCombining, reassignProtocol, foldNotify, eoiCountWalk, eoiMode, ioapicMutation, picMutation); }
    public Variants with(LineCombining x) { return new Variants(kernelVersion, resampleOrder, resampleScope, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, x, reassignProtocol, foldNotify, eoiCountWalk, eoiMode, ioapicMutation, picMutation); }
    public Variants with(ReassignProtocol x) { return new Variants(kernelVersion, resampleOrder, resampleScope, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, lineCombining, x, foldNotify, eoiCountWalk, eoiMode, ioapicMutation, picMutation); }

    /** The 6.19 fold's notify condition (the kernel's, or the proposed fix). */
    public Variants with(FoldNotify x) { return new Variants(kernelVersion, resampleOrder, resampleScope, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, lineCombining, reassignProtocol, x, eoiCountWalk, eoiMode, ioapicMutation, picMutation); }

    public Variants with(EoiCountWalk x) { return new Variants(kernelVersion, resampleOrder, resampleScope, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, lineCombining, reassignProtocol, foldNotify, x, eoiMode, ioapicMutation, picMutation); }
    public Variants with(EoiMode x) { return new Variants(kernelVersion, resampleOrder, resampleScope, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, lineCombining, reassignProtocol, foldNotify, eoiCountWalk, x, ioapicMutation, picMutation); }

    /** x86 only: a mutation of KVM's i8259 (pic: unmasked). */
    public Variants with(dev.irqcheck.model.variant.PicMutation x) { return new Variants(kernelVersion, resampleOrder, resampleScope, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, lineCombining, reassignProtocol, foldNotify, eoiCountWalk, eoiMode, ioapicMutation, x); }

    /** x86 only: a mutation of KVM's IOAPIC. */
    public Variants with(dev.irqcheck.model.variant.IoapicMutation x) { return new Variants(kernelVersion, resampleOrder, resampleScope, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, lineCombining, reassignProtocol, foldNotify, eoiCountWalk, eoiMode, x, picMutation); }

    /** Linux as it is: the newest release modelled, with the 2024 VFIO INTx fixes and VFIO's kernel unmask path. */
    public static Variants kernel() {
        return of(KernelVersion.NEWEST);
    }

    /** One release, with the 2024 VFIO INTx fixes and VFIO's kernel unmask path. */
    public static Variants of(KernelVersion release) {
        return new Variants(release, ResampleOrder.LOWER_THEN_SIGNAL, ResampleScope.ALL_ON_GSI, UnmaskPath.KERNEL_VIRQFD,
                release.ackNotify(), UnmaskResample.ABSENT, ExclusiveSetup.NO_AUTOEN,
                LineCombining.LAST_WRITER_WINS, ReassignProtocol.QEMU_UNMASK_AFTER,
                FoldNotify.DEACTIVATED, EoiCountWalk.AFTER_LAST_LR, EoiMode.SPLIT_NO,
                dev.irqcheck.model.variant.IoapicMutation.NONE, dev.irqcheck.model.variant.PicMutation.NONE);
    }
}
