package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.AckNotifyPoint;
import dev.irqcheck.model.variant.UnmaskResample;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.ResampleScope;
import dev.irqcheck.model.variant.UnmaskPath;

/** One choice per design axis under review. {@link #kernel()} is Linux as it is. */
public record Variants(ResampleOrder resampleOrder, ResampleScope resampleScope, UnmaskPath unmaskPath,
                       AckNotifyPoint ackNotify, UnmaskResample unmaskResample) {
    /** Linux up to 6.18 with VFIO's kernel unmask path. */
    public static Variants kernel() {
        return new Variants(ResampleOrder.LOWER_THEN_SIGNAL, ResampleScope.ALL_ON_GSI, UnmaskPath.KERNEL_VIRQFD,
                AckNotifyPoint.BEFORE_FOLD_ALWAYS, UnmaskResample.ABSENT);
    }

    public Variants with(ResampleOrder o) { return new Variants(o, resampleScope, unmaskPath, ackNotify, unmaskResample); }
    public Variants with(ResampleScope s) { return new Variants(resampleOrder, s, unmaskPath, ackNotify, unmaskResample); }
    public Variants with(UnmaskPath u) { return new Variants(resampleOrder, resampleScope, u, ackNotify, unmaskResample); }
    public Variants with(AckNotifyPoint a) { return new Variants(resampleOrder, resampleScope, unmaskPath, a, unmaskResample); }
    public Variants with(UnmaskResample r) { return new Variants(resampleOrder, resampleScope, unmaskPath, ackNotify, r); }
}
