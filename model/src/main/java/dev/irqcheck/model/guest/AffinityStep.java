package dev.irqcheck.model.guest;

/**
 * Where a vCPU's irq_set_affinity -> gic_set_affinity is, under desc->lock with interrupts off:
 * NONE; MASKED after the GICD_ICENABLER of an enabled SPI (the IROUTER write is next);
 * UNMASK_NEXT after the IROUTER write (the GICD_ISENABLER is next).
 */
public enum AffinityStep { NONE, MASKED, UNMASK_NEXT }
