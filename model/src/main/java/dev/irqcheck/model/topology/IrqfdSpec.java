package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.IrqfdKind;

/** A KVM irqfd: the device whose trigger eventfd it consumes, its GSI, plain or resample. */
public record IrqfdSpec(int device, int gsi, IrqfdKind kind) {
}
