package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.TriggerMode;

/** A VGIC shared peripheral interrupt: INTID (32..1019), its configuration, enable and target vCPU. */
public record SpiSpec(int intid, TriggerMode config, boolean enabled, int targetVcpu) {
    public SpiSpec {
        if (intid < 32 || intid > 1019) {
            throw new IllegalArgumentException("SPI INTID must be 32..1019, got " + intid);
        }
    }
}
