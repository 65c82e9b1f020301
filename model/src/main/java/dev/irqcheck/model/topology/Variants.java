package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.AckNotifyPoint;
import dev.irqcheck.model.variant.ExclusiveSetup;
import dev.irqcheck.model.variant.LineCombining;
import dev.irqcheck.model.variant.UnmaskResample;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.ResampleScope;
import dev.irqcheck.model.variant.UnmaskPath;

/** One choice per design axis under review. {@link #kernel()} is Linux as it is. */
public record Variants(ResampleOrder resampleOrder, ResampleScope resampleScope, UnmaskPath unmaskPath,
                       AckNotifyPoint ackNotify, UnmaskResample unmaskResample, ExclusiveSetup exclusiveSetup,
                       LineCombining lineCombining) {
    public Variants with(ResampleOrder o) { return new Variants(o, resampleScope, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, lineCombining); }
    public Variants with(ResampleScope s) { return new Variants(resampleOrder, s, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, lineCombining); }
    public Variants with(UnmaskPath u) { return new Variants(resampleOrder, resampleScope, u, ackNotify, unmaskResample, exclusiveSetup, lineCombining); }
    public Variants with(AckNotifyPoint a) { return new Variants(resampleOrder, resampleScope, unmaskPath, a, unmaskResample, exclusiveSetup, lineCombining); }
    public Variants with(UnmaskResample r) { return new Variants(resampleOrder, resampleScope, unmaskPath, ackNotify, r, exclusiveSetup, lineCombining); }
    public Variants with(ExclusiveSetup e) { return new Variants(resampleOrder, resampleScope, unmaskPath, ackNotify, unmaskResample, e, lineCombining); }
    public Variants with(LineCombining c) { return new Variants(resampleOrder, resampleScope, unmaskPath, ackNotify, unmaskResample, exclusiveSetup, c); }

    /** Linux up to 6.18 (with the 2024 VFIO INTx fixes) and VFIO's kernel unmask path. */
    public static Variants kernel() {
        return new Variants(ResampleOrder.LOWER_THEN_SIGNAL, ResampleScope.ALL_ON_GSI, UnmaskPath.KERNEL_VIRQFD,
                AckNotifyPoint.BEFORE_FOLD_ALWAYS, UnmaskResample.ABSENT, ExclusiveSetup.NO_AUTOEN,
                LineCombining.LAST_WRITER_WINS);
    }

}
