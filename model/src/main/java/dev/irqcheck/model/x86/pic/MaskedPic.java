package dev.irqcheck.model.x86.pic;

import dev.irqcheck.model.irqchip.IrqChip;
import dev.irqcheck.model.irqchip.IrqChipKind;
import dev.irqcheck.model.kvm.IrqSource;

/**
 * An i8259 PIC (arch/x86/kvm/i8259.c) whose every line the guest masked: a Linux guest with an
 * IOAPIC calls legacy_pic->mask(irq) in startup_ioapic_irq for each legacy IRQ, and check_timer
 * masks LVT0's ExtINT. kvm_pic_set_irq still records the level (irq_states, irr), but pic_set_irq1
 * returns -1 for a masked line, the PIC has no output and the guest never acknowledges or EOIs
 * it, so nothing it does reaches the rest of the model: its state is not modelled. With {@code
 * pic: unmasked} the guest services its IRQs through the PIC instead, and {@link Pic} is plugged in.
 */
public final class MaskedPic implements IrqChip {
    private final IrqChipKind kind;

    public MaskedPic(IrqChipKind kind) {
        if (kind != IrqChipKind.PIC_MASTER && kind != IrqChipKind.PIC_SLAVE) {
            throw new IllegalArgumentException("not a PIC: " + kind);
        }
        this.kind = kind;
    }

    @Override public IrqChipKind kind() { return kind; }

    @Override
    public void set(long[] next, IrqSource source, int pin, boolean level) {
        // kvm_pic_set_irq -> pic_set_irq1 on a line with its IMR bit set: no output (see above).
    }
}
