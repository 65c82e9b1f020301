package dev.irqcheck.model.variant;

/**
 * The order of the two halves of virt/kvm/eventfd.c irqfd_resampler_ack.
 * LOWER_THEN_SIGNAL: the kernel: kvm_set_irq(RESAMPLE_SRC, gsi, 0), then signal every resamplefd.
 * SIGNAL_THEN_LOWER: a mutation under review: a re-assert triggered by the signal can be wiped by
 * the later lower.
 */
public enum ResampleOrder { LOWER_THEN_SIGNAL, SIGNAL_THEN_LOWER }
