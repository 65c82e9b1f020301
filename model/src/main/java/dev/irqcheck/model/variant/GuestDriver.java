package dev.irqcheck.model.variant;

/**
 * How the guest's Linux driver handles the SPI (kernel/irq/chip.c handle_fasteoi_irq).
 * NORMAL_ISR: the primary handler services every device on the line, then EOI.
 * ONESHOT_THREADED: IRQF_ONESHOT with a threaded handler: mask_irq (a GICD_ICENABLER write, which
 * traps), the primary returns IRQ_WAKE_THREAD, cond_unmask_eoi_irq EOIs at once (the GIC chips do
 * not set IRQCHIP_EOI_THREADED), the thread services the devices later, and irq_finalize_oneshot
 * unmasks (a GICD_ISENABLER write, which traps).
 * POLLING_ISR: a normal ISR whose driver also services its devices by polling, at any time (as
 * network drivers under NAPI or block drivers completing I/O do), so a latched level can outlive
 * the condition it announced.
 */
public enum GuestDriver { NORMAL_ISR, ONESHOT_THREADED, POLLING_ISR }
