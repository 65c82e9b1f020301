package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.TriggerMode;

/**
 * An i8259 line the guest services through the PIC ({@code pic: unmasked}): the ISA IRQ 0..15
 * (master for 0-7, slave for 8-15), its ELCR mode as the guest wrote it at boot (level: the ELCR
 * bit is set; the ACPI/PCI code sets it for a level PCI INTx through elcr_set_level_irq), and the
 * Linux driver that handles it. IRQ 2 is the cascade and is never a device line; IRQs 7 and 15
 * are not offered (where the 8259s signal spurious interrupts, which run no handler here).
 */
public record PicLineSpec(int irq, TriggerMode trigger, GuestDriver driver) {
    /** ELCR bits KVM lets the guest set (kvm_pic_init: elcr_mask 0xf8 master, 0xde slave): not 0, 1, 2, 8, 13. */
    public static boolean elcrLevelAllowed(int irq) {
        int mask = irq < 8 ? 0xf8 : 0xde;
        return (mask & (1 << (irq & 7))) != 0;
    }

    public PicLineSpec {
        if (irq < 0 || irq > 15 || irq == 2) {
            throw new IllegalArgumentException("a PIC line is IRQ 0..15 except the cascade IRQ 2, got " + irq);
        }
        if (irq == 7 || irq == 15) {
            throw new IllegalArgumentException("IRQ " + irq + " is where the " + (irq == 7 ? "master" : "slave")
                    + " 8259 signals a spurious interrupt, which the model completes without a handler; not offered as a device line");
        }
        if (trigger == TriggerMode.LEVEL && !elcrLevelAllowed(irq)) {
            throw new IllegalArgumentException("IRQ " + irq + " cannot be level: its ELCR bit is not writable "
                    + "(elcr_mask 0xf8 master, 0xde slave)");
        }
    }

    public boolean onSlave() { return irq >= 8; }
}
