package dev.irqcheck.model.variant;

/**
 * Where the 6.19 fold's EOIcount replay (vgic_v3_fold_lr_state, EOImode 0 LR overflow) starts
 * walking the ap_list for active interrupts to deactivate. The public trees differ.
 *
 * <ul>
 * <li>{@code 3cfd59f81e0f}: "KVM: arm64: GICv3: Handle LR overflow when EOImode==0" as first merged
 * (swamiljain/linux-next@34092b7d, vgic-v3.c): {@code list_for_each_entry(irq, &vgic_cpu->ap_list_head, ...)}
 * from the head, so an interrupt that is still active in an LR can be picked instead of the one
 * the guest EOI'd outside the LRs.</li>
 * <li>{@code 6da5e537f5af}: "KVM: arm64: vgic: Pick EOIcount deactivations from AP-list tail"
 * (Marc Zyngier, 2026-03-07, Fixes: 3cfd59f81e0f, Cc: stable; upstream 6da5e537f5af per its
 * 6.19-stable review mail; in intel-lab-lkp/linux@014a1672 vgic.c): {@code
 * list_for_each_entry_continue} from {@code last_lr_irq}, the last interrupt vgic_flush_lr_state put
 * in an LR. The newest tree read, and the default; 6.19 as released walks from the head.</li>
 * </ul>
 */
public enum EoiCountWalk implements Spelled {
    FROM_HEAD("3cfd59f81e0f"),
    AFTER_LAST_LR("6da5e537f5af");

    private final String spelling;

    EoiCountWalk(String spelling) {
        this.spelling = spelling;
    }

    @Override public String spelling() { return spelling; }
}
