package dev.irqcheck.model.variant;

/**
 * Which resamplefds irqfd_resampler_ack signals.
 * ALL_ON_GSI: the kernel: irqfd_resampler_notify signals every irqfd on the resampler's list (one
 * resampler per GSI). LIST_HEAD_ONLY: a mutation: only the list's head. kvm_irqfd_assign adds with
 * list_add_rcu, which inserts at the head, so the head is the most recently assigned irqfd.
 */
public enum ResampleScope { ALL_ON_GSI, LIST_HEAD_ONLY }
