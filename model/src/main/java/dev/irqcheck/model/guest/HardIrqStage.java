package dev.irqcheck.model.guest;

/**
 * Where a vCPU's hard-interrupt context is with the SPI it acknowledged (kernel/irq/chip.c
 * handle_fasteoi_irq). ACKED: ICV_IAR returned the INTID, desc->lock not yet taken. IN_HANDLER:
 * handle_irq_event set IRQD_IRQ_INPROGRESS and dropped the lock; the handlers run. HANDLED: the
 * handlers returned; the lock is to be re-taken for the EOI. NO_HANDLER_EOI: the IRQ was disabled
 * (irqd_irq_disabled, masked and IRQS_PENDING) or already in progress on another CPU
 * (!irq_may_run): no handler runs, the flow goes to {@code out:} and EOIs, holding desc->lock from
 * its entry to the EOI.
 */
public enum HardIrqStage { ACKED, IN_HANDLER, HANDLED, NO_HANDLER_EOI }
