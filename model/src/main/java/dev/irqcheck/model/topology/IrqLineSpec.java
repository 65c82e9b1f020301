package dev.irqcheck.model.topology;

/** A QEMU-emulated device's interrupt line: KVM_IRQ_LINE on an SPI, by INTID (no GSI routing on arm64). */
public record IrqLineSpec(int device, int intid) {
}
