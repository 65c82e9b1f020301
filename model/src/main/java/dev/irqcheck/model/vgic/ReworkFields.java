package dev.irqcheck.model.vgic;

import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.topology.Topology;

/**
 * The state the late-2025 VGIC rework (Linux 6.19) added, declared by the VGIC: the distributor's
 * {@code active_spis} count, and per vCPU the ICH_HCR_EL2 bits {@code vgic_v3_configure_hcr}
 * computes at each flush (UIE, NPIE, LRENPIE, TDIR), the EOIcount the guest accumulates in a run,
 * and the SPIs that were put in list registers at the last flush (where {@code last_lr_irq} puts
 * the start of the EOIcount walk). Releases before 6.19 never write them. Fields that only matter
 * with LR overflow or an EOImode-1 guest have a single value otherwise, so they add no states.
 */
public final class ReworkFields {
    /** kvm->arch.vgic.active_spis; saturates at (SPIs + 1): a count above the SPIs is a leak already. */
    public final IntField activeSpis;
    public final int activeSpisCap;
    public final BoolField[] uie;
    public final BoolField[] npie;
    public final BoolField[] lrenpie;
    public final BoolField[] tdir;
    public final IntField[] eoiCount;
    /** Bit i set: SPI i was populated into a list register at the last flush. */
    public final IntField[] lrSpisAtEntry;
    /** An SPI (index) the EOIcount replay or a DIR trap deactivated, whose kvm_notify_acked_irq is due; -1 none. */
    public final IntField[] replayAckSpi;
    public final BoolField[] replayAckHalfDone;
    public final IntField[] replayAckGsi;
    /** The notification owed for this kept LR is for a `deactivated` IRQ: active_spis drops after it. */
    public final BoolField[][] lrDeactivated;
    /** The same for the notification owed after a deactivation outside the LRs. */
    public final BoolField[] replayDeactivated;
    /** KVM_REQ_VGIC_PROCESS_UPDATE pending: vgic_v3_deactivate asked this vCPU to prune its ap_list. */
    public final BoolField[] processUpdate;

    /**
     * @param reworked whether the model runs the 6.19 fold; otherwise the state only 6.19 writes
     *                 (active_spis, TDIR/NPIE/LRENPIE, the pseudo-LR notification, the prune
     *                 request) takes no bits, and a write to it throws
     */
    public ReworkFields(StateLayout.Builder b, Topology t, boolean reworked) {
        int s = t.spis().size();
        activeSpisCap = s + 1;
        activeSpis = b.integer("vgic.active_spis", 0, reworked ? activeSpisCap : 0);
        int v = t.vcpus();
        uie = new BoolField[v];
        npie = new BoolField[v];
        lrenpie = new BoolField[v];
        tdir = new BoolField[v];
        eoiCount = new IntField[v];
        lrSpisAtEntry = new IntField[v];
        replayAckSpi = new IntField[v];
        replayAckHalfDone = new BoolField[v];
        replayAckGsi = new IntField[v];
        processUpdate = new BoolField[v];
        lrDeactivated = new BoolField[v][t.listRegisters()];
        replayDeactivated = new BoolField[v];
        boolean overflow = t.lrOverflowPossible();
        for (int i = 0; i < v; i++) {
            String hcr = "vcpu[" + i + "].ich_hcr.";
            uie[i] = b.bool(hcr + "uie");
            npie[i] = reworkedBool(b, hcr + "npie", reworked);
            lrenpie[i] = reworkedBool(b, hcr + "lrenpie", reworked);
            tdir[i] = reworkedBool(b, hcr + "tdir", reworked);
            eoiCount[i] = b.integer(hcr + "eoicount", 0, s);
            lrSpisAtEntry[i] = b.integer("vcpu[" + i + "].lr_spis_at_entry", 0, overflow ? (1 << s) - 1 : 0);
            replayAckSpi[i] = b.integer("vcpu[" + i + "].replay_ack_spi", -1, reworked ? Math.max(0, s - 1) : -1);
            replayAckHalfDone[i] = reworkedBool(b, "vcpu[" + i + "].replay_ack_half_done", reworked);
            replayAckGsi[i] = b.integer("vcpu[" + i + "].replay_ack_gsi", 0, reworked ? Math.max(0, t.maxGsi()) : 0);
            processUpdate[i] = reworkedBool(b, "vcpu[" + i + "].req_vgic_process_update", reworked);
            replayDeactivated[i] = reworkedBool(b, "vcpu[" + i + "].replay_ack_deactivated", reworked);
            for (int l = 0; l < t.listRegisters(); l++) {
                lrDeactivated[i][l] = reworkedBool(b, "vcpu[" + i + "].lr[" + l + "].ack_deactivated", reworked);
            }
        }
    }

    private static BoolField reworkedBool(StateLayout.Builder b, String name, boolean reworked) {
        return reworked ? b.bool(name) : b.alwaysFalse(name);
    }
}
