package dev.irqcheck.model.guest;

/**
 * A oneshot threaded handler's irq thread (kernel/irq/manage.c irq_thread). IDLE: waiting, no
 * IRQTF_RUNTHREAD. WOKEN: the primary handler returned IRQ_WAKE_THREAD (RUNTHREAD set,
 * threads_oneshot and threads_active counted). RAN: thread_fn serviced the devices;
 * irq_finalize_oneshot is next. RAN_WOKEN: RAN, and the primary handler woke it again meanwhile
 * (finalize then leaves the IRQ masked and the thread runs once more).
 */
public enum ThreadStage { IDLE, WOKEN, RAN, RAN_WOKEN }
