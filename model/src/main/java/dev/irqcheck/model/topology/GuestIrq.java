package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.GuestDriver;

/** One interrupt as the guest's Linux sees it: a name for traces and the driver that handles it. */
public record GuestIrq(String label, GuestDriver driver) {
}
