package dev.irqcheck.model.vgic;

import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.EoiCountWalk;
import dev.irqcheck.model.variant.FoldNotify;
import java.util.Arrays;

/**
 * What decides which interrupts get list registers, and what happens to the ones that do not
 * (arch/arm64/kvm/vgic/vgic.c, vgic-v3.c). Up to 6.18: vgic_flush_lr_state sorts the ap_list when
 * it holds more than nr_lr interrupts, with vgic_irq_cmp putting active interrupts first, and sets
 * ICH_HCR_EL2.UIE (vgic_set_underflow) when some did not fit. Since the 6.19 rework ("KVM: arm64:
 * Revamp vgic maintenance interrupt configuration", 877324a1b541; "KVM: arm64: GICv3: Handle LR
 * overflow when EOImode==0", 3cfd59f81e0f): summarize_ap_list counts the interrupts whose oracle
 * is this vCPU, vgic_irq_cmp puts undeliverable interrupts last and pending-not-active ones first,
 * vgic_v3_configure_hcr sets NPIE, LRENPIE, UIE and TDIR, and vgic_v3_fold_lr_state replays
 * ICH_HCR_EL2.EOIcount by deactivating active ap_list entries.
 *
 * <p>Abstracted: priorities and groups are equal (every SPI has the same priority, group 1
 * enabled), so the sort only separates its classes, and within a class the ap_list order (insertion
 * order, kept by the stable list_sort) is taken as SPI index order. Equal priorities also mean an
 * EOImode-0 guest has at most one interrupt active at a time (no preemption).
 */
public final class ListRegisterOverflow {
    private final Topology topology;
    private final DistributorFields dist;
    private final VcpuFields cpu;
    private final ReworkFields r;
    private final Vgic vgic;
    private final boolean rework;
    private final boolean recordTdir;
    private final EoiCountWalk walk;
    private final FoldNotify foldNotify;
    // Topology.lrOverflowPossible, computed once: it streams over the SPIs.
    private final boolean lrOverflowPossible;

    public ListRegisterOverflow(Topology topology, DistributorFields dist, VcpuFields cpu, ReworkFields rework, Vgic vgic,
                                boolean rework619, boolean recordTdir, EoiCountWalk walk, FoldNotify foldNotify) {
        this.topology = topology;
        this.dist = dist;
        this.cpu = cpu;
        this.r = rework;
        this.vgic = vgic;
        this.rework = rework619;
        this.recordTdir = recordTdir;
        this.walk = walk;
        this.foldNotify = foldNotify;
        this.lrOverflowPossible = topology.lrOverflowPossible();
    }

    /**
     * vgic_flush_lr_state's choice: the ap_list entries whose oracle is this vCPU, in the order they
     * are populated (sorted when they do not all fit), at most nr_lr of them get an LR. Also sets
     * the ICH_HCR_EL2 bits this flush computes and remembers which SPIs went into LRs. Returns the
     * chosen SPIs in LR order (an int array, not a boxed list: this runs on every guest entry).
     */
    public int[] chooseAndConfigure(long[] n, int vcpu) {
        return rework ? chooseAndConfigure619(n, vcpu) : chooseAndConfigureBefore619(n, vcpu);
    }

    // 6.19: summarize_ap_list counts the entries whose oracle is this vCPU; vgic_irq_cmp puts
    // undeliverable ones last and enabled, pending, not active ones first; vgic_v3_configure_hcr.
    private int[] chooseAndConfigure619(long[] n, int vcpu) {
        int[] deliverable = new int[topology.spis().size()];
        int count = 0;
        int nrAct = 0;
        for (int spi = 0; spi < deliverable.length; spi++) {
            if (dist.apListOwner[spi].get(n) == vcpu && vgic.oracle(n, spi) == vcpu) {
                deliverable[count++] = spi;
                nrAct += dist.active[spi].get(n) ? 1 : 0;
            }
        }
        int lrs = topology.listRegisters();
        int nrPend = count - nrAct;
        boolean outside = count > lrs;
        if (outside) {
            // Stable: enabled, pending and not active first, the rest after, each in list order.
            int[] rank = new int[count];
            for (int i = 0; i < count; i++) {
                int spi = deliverable[i];
                rank[i] = dist.spiEnabled[spi].get(n) && vgic.isPending(n, spi) && !dist.active[spi].get(n) ? 0 : 1;
            }
            stableSortByRank(deliverable, rank, count);
        }
        int[] chosen = Arrays.copyOf(deliverable, Math.min(lrs, count));
        rememberPopulated(n, vcpu, chosen);
        r.uie[vcpu].set(n, outside);
        r.npie[vcpu].set(n, nrPend > lrs);
        boolean activeOutside = nrAct > 0 && outside;
        r.lrenpie[vcpu].set(n, activeOutside);
        r.tdir[vcpu].set(n, recordTdir && (activeOutside || r.activeSpis.get(n) > 0));
        r.eoiCount[vcpu].set(n, 0);
        return chosen;
    }

    // Up to 6.18: compute_ap_list_depth counts every ap_list entry; if they exceed nr_lr,
    // vgic_sort_ap_list with the old vgic_irq_cmp (if either is active: active first, else 0;
    // then enabled and pending first); the walk populates entries whose oracle is this vCPU until
    // the LRs are full, and vgic_set_underflow if that entry is not the list's last.
    private int[] chooseAndConfigureBefore619(long[] n, int vcpu) {
        int[] entries = new int[topology.spis().size()];
        int count = 0;
        for (int spi = 0; spi < entries.length; spi++) {
            if (dist.apListOwner[spi].get(n) == vcpu) {
                entries[count++] = spi;
            }
        }
        int lrs = topology.listRegisters();
        if (count > lrs) {
            // The comparator chain (active first, then enabled and pending first) as one rank.
            int[] rank = new int[count];
            for (int i = 0; i < count; i++) {
                int spi = entries[i];
                boolean active = dist.active[spi].get(n);
                boolean enabledPending = dist.spiEnabled[spi].get(n) && vgic.isPending(n, spi);
                rank[i] = (active ? 0 : 2) + (active || enabledPending ? 0 : 1);
            }
            stableSortByRank(entries, rank, count);
        }
        int[] chosen = new int[Math.min(lrs, count)];
        int taken = 0;
        boolean underflow = false;
        for (int i = 0; i < count && taken < lrs; i++) {
            int spi = entries[i];
            if (vgic.oracle(n, spi) == vcpu) {
                chosen[taken++] = spi;
                underflow = taken == lrs && i < count - 1;
            }
        }
        chosen = taken == chosen.length ? chosen : Arrays.copyOf(chosen, taken);
        rememberPopulated(n, vcpu, chosen);
        r.uie[vcpu].set(n, underflow);
        r.eoiCount[vcpu].set(n, 0);
        return chosen;
    }

    // Insertion sort of the first count values by rank, equal ranks keeping their order (as the
    // stable List.sort of the kernel's list_sort did); a handful of entries.
    private static void stableSortByRank(int[] values, int[] rank, int count) {
        for (int i = 1; i < count; i++) {
            int v = values[i];
            int k = rank[i];
            int j = i - 1;
            while (j >= 0 && rank[j] > k) {
                values[j + 1] = values[j];
                rank[j + 1] = rank[j];
                j--;
            }
            values[j + 1] = v;
            rank[j + 1] = k;
        }
    }

    // Which SPIs went into LRs (last_lr_irq marks the end of them), kept where overflow is possible.
    private void rememberPopulated(long[] n, int vcpu, int[] chosen) {
        if (lrOverflowPossible) {
            int mask = 0;
            for (int spi : chosen) {
                mask |= 1 << spi;
            }
            r.lrSpisAtEntry[vcpu].set(n, mask);
        }
    }

    /**
     * A maintenance interrupt other than the EOI one is asserted: underflow (UIE and at most one
     * valid LR), no pending LR (NPIE), or a non-zero EOIcount (LRENPIE). "MI triggers are only an
     * optimisation, since we cannot rely on the MI being delivered in timely manner" (vgic.c): the
     * exit is enabled, the guest is not stopped.
     */
    public boolean maintenanceInterrupt(long[] s, int vcpu) {
        int valid = 0;
        boolean pendingLr = false;
        for (int l = 0; l < topology.listRegisters(); l++) {
            if (cpu.lrUsed[vcpu][l].get(s) && !cpu.lrState[vcpu][l].is(s, LrState.INVALID)) {
                valid++;
                LrState st = cpu.lrState[vcpu][l].get(s);
                pendingLr |= st == LrState.PENDING || st == LrState.PENDING_ACTIVE;
            }
        }
        return (r.uie[vcpu].get(s) && valid <= 1) || (r.npie[vcpu].get(s) && !pendingLr)
                || (r.lrenpie[vcpu].get(s) && r.eoiCount[vcpu].get(s) > 0);
    }

    /** The 6.19 rework's machinery is on (active_spis, HCR summary, EOIcount replay). */
    public boolean reworked() {
        return rework;
    }

    /** ICH_HCR_EL2.TDIR as this vCPU's last flush set it (recorded for an EOImode-1 guest only). */
    public boolean dirTraps(long[] s, int vcpu) {
        return r.tdir[vcpu].get(s);
    }

    /**
     * The guest EOI'd (EOImode 0, ICV_EOIR1) an interrupt that no LR holds: the CPU interface counts
     * it in ICH_HCR_EL2.EOIcount, which __vgic_v3_save_state keeps only when LRENPIE is set.
     */
    public void eoiOutsideLrs(long[] n, int vcpu) {
        if (r.lrenpie[vcpu].get(n)) {
            r.eoiCount[vcpu].set(n, Math.min(topology.spis().size(), r.eoiCount[vcpu].get(n) + 1));
        }
    }

    /**
     * The next ap_list entry vgic_v3_fold_lr_state's EOIcount walk deactivates: the first whose
     * oracle is this vCPU and which is active, from the list head (3cfd59f81e0f) or after
     * last_lr_irq (the fix). In the model's list order the entries populated at the last flush come
     * first. -1 when none is left.
     */
    public int nextReplay(long[] s, int vcpu) {
        int inLrs = r.lrSpisAtEntry[vcpu].get(s);
        if (walk == EoiCountWalk.FROM_HEAD) {
            int spi = firstReplayable(s, vcpu, inLrs, true);
            if (spi >= 0) {
                return spi;
            }
        }
        return firstReplayable(s, vcpu, inLrs, false);
    }

    // The first SPI in (inLrs) or not in the LRs at entry that the EOIcount walk deactivates.
    private int firstReplayable(long[] s, int vcpu, int inLrs, boolean populated) {
        for (int spi = 0; spi < topology.spis().size(); spi++) {
            if (((inLrs & (1 << spi)) != 0) == populated && dist.apListOwner[spi].get(s) == vcpu
                    && vgic.oracle(s, spi) == vcpu && dist.active[spi].get(s)) {
                return spi;
            }
        }
        return -1;
    }

    /**
     * vgic_v3_fold_lr(vcpu, vgic_v3_compute_lr(vcpu, irq) & ~ICH_LR_ACTIVE_BIT), as the EOIcount
     * replay and vgic_v3_deactivate do: a level IRQ's LR has the EOI bit and, if it was active, no
     * pending bit (so it folds as invalid); an edge IRQ keeps its pending latch. Returns whether
     * kvm_notify_acked_irq is due (the 6.19 gate, or the proposed fix's); the caller decrements
     * active_spis after it, under {@code deactivated && lr_signals_eoi_mi}.
     */
    public boolean foldDeactivated(long[] n, int spi) {
        boolean wasActive = dist.active[spi].get(n);
        boolean signalsEoi = pseudoLrSignalsEoi(n, spi);
        dist.active[spi].set(n, false);
        if (signalsEoi) {
            dist.pendingLatch[spi].set(n, false);
        }
        return signalsEoi && (wasActive || foldNotify == FoldNotify.EOI_SIGNALLED);
    }

    /**
     * lr_signals_eoi_mi of vgic_v3_compute_lr(irq) & ~ICH_LR_ACTIVE_BIT: a level IRQ (EOI bit) with
     * no pending bit, which it never has while active (no P+A for level) nor when not pending.
     */
    public boolean pseudoLrSignalsEoi(long[] n, int spi) {
        boolean level = vgic.isLevel(n, spi);
        return level && (dist.active[spi].get(n) || !vgic.isPending(n, spi));
    }
}
