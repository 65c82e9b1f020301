package dev.irqcheck.model.irqchip;

import dev.irqcheck.model.variant.Spelled;

/**
 * The irqchip a KVM_IRQ_ROUTING_IRQCHIP entry names (include/uapi/linux/kvm.h and the x86
 * KVM_IRQCHIP_* constants): the VGIC on arm64 (irqchip 0, pin = INTID - 32); on x86 the two i8259
 * PICs (KVM_IRQCHIP_PIC_MASTER, KVM_IRQCHIP_PIC_SLAVE, 8 pins each) and the IOAPIC
 * (KVM_IRQCHIP_IOAPIC, KVM_IOAPIC_NUM_PINS = 24 pins).
 */
public enum IrqChipKind implements Spelled {
    VGIC("vgic", Arch.ARM64, 988),
    PIC_MASTER("pic-master", Arch.X86, 8),
    PIC_SLAVE("pic-slave", Arch.X86, 8),
    IOAPIC("ioapic", Arch.X86, 24);

    private final String spelling;
    private final Arch arch;
    private final int pins;

    IrqChipKind(String spelling, Arch arch, int pins) {
        this.spelling = spelling;
        this.arch = arch;
        this.pins = pins;
    }

    @Override public String spelling() { return spelling; }

    /** The architecture whose KVM has this irqchip. */
    public Arch arch() { return arch; }

    /** Pins 0..pins()-1 are valid in a routing entry (the VGIC's are SPIs 32..1019). */
    public int pins() { return pins; }
}
