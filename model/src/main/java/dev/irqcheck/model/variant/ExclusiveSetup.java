package dev.irqcheck.model.variant;

/**
 * How vfio_intx_enable / vfio_intx_set_signal set up an exclusive (non PCI 2.3) INTx whose guest
 * has INTx disabled in its virtual command register (virq_disabled, so ctx->masked starts set).
 * AUTO_ENABLE_THEN_DISABLE: before the 2024 fix: request_irq enables the IRQ, then set_signal
 * calls disable_irq_nosync because masked is set; if the device interrupts in between, the handler
 * disables too and the depth reaches 2, which no unmask can undo.
 * NO_AUTOEN: since "vfio/pci: Disable auto-enable of exclusive INTx IRQ" (2024): request_irq with
 * IRQF_NO_AUTOEN when masked, so the IRQ starts disabled once.
 */
public enum ExclusiveSetup { AUTO_ENABLE_THEN_DISABLE, NO_AUTOEN }
