package dev.irqcheck.model.guest;

/**
 * Where a vCPU's hard-interrupt context is with the SPI it acknowledged (kernel/irq/chip.c
 * handle_fasteoi_irq). ACKED: ICV_IAR returned the INTID, desc->lock not yet taken. IN_HANDLER:
 * handle_irq_event set IRQD_IRQ_INPROGRESS and dropped the lock; the handlers run. HANDLED: the
 * handlers returned; the lock is to be re-taken for the EOI. DISABLED_EOI: the IRQ was disabled
 * (irqd_irq_disabled): no handler runs, the flow goes to {@code out:} and EOIs.
 */
public enum HardIrqStage { ACKED, IN_HANDLER, HANDLED, DISABLED_EOI }
