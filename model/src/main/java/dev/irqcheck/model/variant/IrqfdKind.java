package dev.irqcheck.model.variant;

/**
 * Which KVM irqfd is assigned (virt/kvm/eventfd.c irqfd_inject).
 * PLAIN: the inject work calls kvm_set_irq(gsi, 1) then kvm_set_irq(gsi, 0), a pulse, as two steps.
 * RESAMPLE: KVM_IRQFD_FLAG_RESAMPLE; the work asserts only, and the guest's EOI de-asserts the GSI
 * and signals the resamplefd (irqfd_resampler_ack).
 */
public enum IrqfdKind { PLAIN, RESAMPLE }
