package dev.irqcheck.model.variant;

/**
 * The guest's ICC_CTLR_EL1.EOImode (ICH_VMCR_EL2.VEOIM), for every vCPU.
 *
 * <ul>
 * <li>{@code 0}: a Linux guest at EL1 (no EL2, so gic_chip: gic_eoi_irq writes ICC_EOIR1_EL1, which
 * drops the priority and deactivates).</li>
 * <li>{@code 1}: split priority drop and deactivation (Linux at EL2 with gic_eoimode1_chip, nested
 * guests, other OSes): gic_handle_irq writes ICC_EOIR1_EL1 right after the acknowledge (priority
 * drop only; the LR stays active, and no EOIcount), and irq_eoi = gic_eoimode1_eoi_irq writes
 * ICC_DIR_EL1 where EOImode 0 writes EOIR. With ICH_HCR_EL2.TDIR set, on a TDIR-capable host
 * without CPU-interface trap errata, the DIR write takes a full exit to access_gic_dir ->
 * vgic_v3_deactivate ("KVM: arm64: GICv3: Handle deactivation via ICV_DIR_EL1 traps", 6.19);
 * without TDIR the CPU interface deactivates the matching LR itself. (Hosts without TDIR force it
 * and emulate DIR at EL2, in the LR when one holds the INTID: not modelled.)</li>
 * </ul>
 */
public enum EoiMode implements Spelled {
    SPLIT_NO("0"),
    SPLIT("1");

    private final String spelling;

    EoiMode(String spelling) {
        this.spelling = spelling;
    }

    @Override public String spelling() { return spelling; }
}
