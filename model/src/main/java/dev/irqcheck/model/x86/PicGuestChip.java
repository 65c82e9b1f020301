package dev.irqcheck.model.x86;

import dev.irqcheck.model.x86.pic.Pic;
import dev.irqcheck.model.x86.pic.PicFields;

/**
 * The 8259 as a Linux guest booted with {@code noapic} uses it (arch/x86/kernel/i8259.c
 * i8259A_chip, make_8259A_irq: handle_level_irq for every legacy IRQ). Acknowledge: the BSP takes
 * the ExtINT (kvm_cpu_has_extint: {@code if (!kvm_apic_accept_pic_intr(v)) return false; return
 * v->kvm->arch.vpic->output;}, then kvm_cpu_get_interrupt -> kvm_cpu_get_extint ->
 * kvm_pic_read_irq). Assumed, as Linux sets it up: only vCPU 0 accepts PIC interrupts
 * (setup_local_APIC gives LVT0 APIC_DM_EXTINT on the BSP when the IOAPIC is disabled and masks it
 * on every AP), so kvm_apic_accept_pic_intr holds for vCPU 0 alone. No LAPIC vector is involved.
 * irq_mask_ack is mask_and_ack_8259A: {@code outb(cached_master_mask, PIC_MASTER_IMR); outb(0x60+irq,
 * PIC_MASTER_CMD);} ("mask it first, _then_ send the EOI"), and for a slave line the slave IMR, the
 * slave's specific EOI and the master's specific EOI of IRQ 2; each outb traps and KVM completes it
 * before the next (PicPortWrites). A spurious IRQ 15 (kvm_pic_read_irq found the master's cascade
 * latched and no slave request: {@code irq2 = 7}) has no handler: handle_level_irq's
 * mask_and_ack_8259A(15) takes its spurious path (i8259A_irq_real reads the slave's ISR, finds it
 * clear, counts irq_err_count) and goes to handle_real_irq all the same; of its writes only the
 * master's specific EOI of IRQ 2 changes KVM's state (IRQ 15's IMR bit is already set, the
 * slave's EOI 7 clears nothing and notifies GSI 15, which no irqfd may use: PicLineSpec refuses
 * IRQ 15), then {@code !desc->action} ends the flow. Its spurious-IRQ path (cached_irq_mask already has the bit:
 * i8259A_irq_real reads the ISR) ends in the same writes, so it is not a separate step; the
 * dummy {@code inb} of the IMR changes nothing. irq_mask / irq_unmask are mask_8259A_irq /
 * unmask_8259A_irq, one IMR write each. The irq thread may run on any CPU: init_ISA_irqs binds
 * IRQs 0-15 straight to i8259A_chip, which has no irq_set_affinity, so their effective affinity
 * stays empty (desc_smp_init clears it) and irq_thread_check_affinity's set_cpus_allowed_ptr of an
 * empty mask changes nothing [inferred; vector_configure_legacy's CPU 0 is the IOAPIC's path].
 */
final class PicGuestChip extends X86ChipBase {
    /** The BSP: the one vCPU whose LVT0 is ExtINT. */
    static final int BSP = 0;

    private final Pic pic;
    private final int[][] devicesOfLine;

    PicGuestChip(X86Fields fields, Pic pic, int[][] devicesOfLine) {
        super(fields);
        this.pic = pic;
        this.devicesOfLine = devicesOfLine;
    }

    private PicFields pf() {
        return f.pic;
    }

    @Override
    public boolean hasDeliverable(long[] s, int vcpu) {
        return vcpu == BSP && pic.output(s);
    }

    /** kvm_pic_read_irq; a spurious IRQ 15 goes straight to the master's EOI of IRQ 2 (see above) and returns -1. */
    @Override
    public int acknowledge(long[] s, long[] n, int vcpu) {
        int line = pic.readIrq(n);
        if (line < 0) {
            f.exit[vcpu].set(n, X86Exit.PIC_SPURIOUS_EOI);
            f.exitPin[vcpu].set(n, 0);
        }
        return line;
    }

    /** Observer: the strict marker, and the stale one when the acknowledged irr was a stale sample. */
    @Override
    public void observeAcknowledge(long[] s, long[] n, int line, boolean deviceNeedsService) {
        if (!deviceNeedsService) {
            pf().spuriousAck[line].set(n, true);
            if (pf().staleIrr[line].get(s)) {
                pf().staleAck[line].set(n, true);
            }
        }
    }

    /** handle_level_irq sends its EOI from mask_ack_irq; there is no irq_eoi. */
    @Override
    public void endOfInterrupt(long[] s, long[] n, int vcpu, int line) {
        throw new UnsupportedOperationException("i8259A_chip has no irq_eoi: handle_level_irq EOIs in mask_and_ack_8259A");
    }

    @Override
    public boolean levelFlow(int line) {
        return true;
    }

    @Override
    public void maskAck(long[] n, int vcpu, int line) {
        trap(n, vcpu, X86Exit.PIC_MASK_ACK, line);
    }

    @Override
    public void mask(long[] n, int vcpu, int line) {
        trap(n, vcpu, X86Exit.PIC_MASK, line);
    }

    @Override
    public void unmask(long[] n, int vcpu, int line) {
        trap(n, vcpu, X86Exit.PIC_UNMASK, line);
    }

    /** Never called: no PIC IRQ is replayed (see {@link #configuredEdge}). */
    @Override
    public void retrigger(long[] n, int vcpu, int line) {
        throw new UnsupportedOperationException("check_irq_resend never replays an IRQ_LEVEL 8259 interrupt");
    }

    /**
     * desc->lock is held across every trapped port write the guest makes for the IRQ (mask_ack_irq
     * in handle_level_irq, unmask_irq in cond_unmask_irq and irq_finalize_oneshot), through
     * pic_clear_isr's lock drop.
     */
    @Override
    public boolean accessUnderDescLock(long[] s, int vcpu, int line) {
        return PicPortWrites.PIC_ACCESSES.contains(f.exit[vcpu].get(s)) && f.exitPin[vcpu].get(s) == line;
    }

    /**
     * Never: Linux marks every legacy PIC interrupt IRQ_LEVEL (init_ISA_irqs and make_8259A_irq:
     * {@code irq_set_status_flags(i, IRQ_LEVEL)}, "x86/i8259: Mark legacy PIC interrupts with
     * IRQ_LEVEL"), whatever the line's ELCR mode, so check_irq_resend never replays one.
     */
    @Override
    public boolean configuredEdge(int line) {
        return false;
    }

    @Override
    public boolean edgeFlow(int line) {
        return false;
    }

    /** None: the thread may run on any vCPU (see above). */
    @Override
    public int effectiveAffinity(long[] s, int line) {
        return -1;
    }

    @Override
    public int[] devicesOf(long[] s, int line) {
        return devicesOfLine[line];
    }

    /** Observer: every device on the line was just serviced; an irr still set is a stale sample. */
    @Override
    public void serviced(long[] s, long[] n, int vcpu, int line) {
        if (pf().irr[line].get(n)) {
            pf().staleIrr[line].set(n, true);
        }
    }

    @Override public String acknowledgeName() { return "ExtINT: kvm_cpu_get_interrupt -> kvm_pic_read_irq (pic_intack)"; }
    @Override public String eoiName() { return "EOI (mask_and_ack_8259A: specific EOI)"; }
    @Override public String maskName() { return "mask_8259A_irq: IMR write"; }
    @Override public String unmaskName() { return "unmask_8259A_irq: IMR write"; }
    @Override public String retriggerName() { return "none (IRQ_LEVEL: never replayed)"; }
}
