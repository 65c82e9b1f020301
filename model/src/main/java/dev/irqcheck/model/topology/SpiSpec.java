package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.TriggerMode;

/**
 * A VGIC shared peripheral interrupt: INTID (32..1019), its configuration, enable, target vCPU, and
 * the kind of guest driver that handles it.
 */
public record SpiSpec(int intid, TriggerMode config, boolean enabled, int targetVcpu, GuestDriver driver) {
    public SpiSpec {
        if (intid < 32 || intid > 1019) {
            throw new IllegalArgumentException("SPI INTID must be 32..1019, got " + intid);
        }
    }

    /** An SPI handled by a normal ISR. */
    public SpiSpec(int intid, TriggerMode config, boolean enabled, int targetVcpu) {
        this(intid, config, enabled, targetVcpu, GuestDriver.NORMAL_ISR);
    }

    public SpiSpec withDriver(GuestDriver d) {
        return new SpiSpec(intid, config, enabled, targetVcpu, d);
    }
}
