package dev.irqcheck.model.guest;

/**
 * Where a oneshot threaded handler is on a vCPU: NONE; MASKED after mask_irq, waiting for the
 * primary handler and EOI; THREAD_PENDING after the EOI; THREAD_DONE once the thread serviced the
 * devices, before irq_finalize_oneshot unmasks.
 */
public enum OneshotStage { NONE, MASKED, THREAD_PENDING, THREAD_DONE }
