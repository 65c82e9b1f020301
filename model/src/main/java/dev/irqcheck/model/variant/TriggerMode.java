package dev.irqcheck.model.variant;

/**
 * How a device signals and how the VGIC is configured for its SPI (GICD_ICFGR).
 * LEVEL: the line stays high while the device has a condition outstanding; the VGIC keeps
 * {@code line_level}. EDGE: each condition is a pulse; the VGIC latches {@code pending_latch}.
 */
public enum TriggerMode { LEVEL, EDGE }
