package dev.irqcheck.model.variant;

/**
 * Which resamplefds irqfd_resampler_ack signals.
 * ALL_ON_GSI: the kernel: every irqfd on the resampler's list (one resampler per GSI).
 * FIRST_ONLY: a mutation: only the first irqfd assigned on the GSI.
 */
public enum ResampleScope { ALL_ON_GSI, FIRST_ONLY }
