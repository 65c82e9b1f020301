package dev.irqcheck.model.irqchip;

import dev.irqcheck.model.variant.Spelled;

/** The host architecture a scenario models: which in-kernel irqchips KVM has. */
public enum Arch implements Spelled {
    /** The VGIC (arch/arm64/kvm/vgic). */
    ARM64("arm64"),
    /** The in-kernel IOAPIC and PICs with the LAPIC (arch/x86/kvm/ioapic.c, i8259.c, lapic.c). */
    X86("x86");

    private final String spelling;

    Arch(String spelling) {
        this.spelling = spelling;
    }

    @Override public String spelling() { return spelling; }
}
