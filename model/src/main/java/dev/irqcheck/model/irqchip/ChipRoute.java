package dev.irqcheck.model.irqchip;

/** One KVM_IRQ_ROUTING_IRQCHIP entry: GSI to (irqchip, pin). */
public record ChipRoute(int gsi, IrqChipKind chip, int pin) {
    public ChipRoute {
        if (gsi < 0) {
            throw new IllegalArgumentException("GSI must be >= 0, got " + gsi);
        }
        if (pin < 0 || pin >= chip.pins()) {
            throw new IllegalArgumentException(chip.spelling() + " pin must be 0.." + (chip.pins() - 1) + ", got " + pin);
        }
    }
}
