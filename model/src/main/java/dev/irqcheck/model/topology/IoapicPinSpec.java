package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.TriggerMode;

/**
 * An IOAPIC redirection-table entry as the x86 guest programs it before the run, and the Linux
 * driver that handles its IRQ: pin 0..23, trigger mode, mask, the destination vCPU (fixed delivery,
 * physical destination: the IRQ's effective affinity, one CPU on x86) and the guest driver. Each
 * pin gets its own vector (Linux allocates one per IRQ), so the vector is not a field.
 */
public record IoapicPinSpec(int pin, TriggerMode trigger, boolean masked, int destVcpu, GuestDriver driver) {
    public IoapicPinSpec {
        if (pin < 0 || pin > 23) {
            throw new IllegalArgumentException("IOAPIC pin must be 0..23, got " + pin);
        }
    }
}
