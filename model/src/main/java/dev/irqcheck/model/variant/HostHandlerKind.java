package dev.irqcheck.model.variant;

/**
 * The host hard-IRQ handler VFIO installs for the device.
 * VFIO_PLATFORM_AUTOMASKED: drivers/vfio/platform/vfio_platform_irq.c vfio_automasked_irq_handler:
 * disable_irq_nosync, masked = 1, signal the trigger; unmask is enable_irq and a still-high line
 * re-fires. VFIO_PLATFORM_EDGE: vfio_irq_handler, signal only, no masking.
 */
public enum HostHandlerKind { VFIO_PLATFORM_AUTOMASKED, VFIO_PLATFORM_EDGE }
