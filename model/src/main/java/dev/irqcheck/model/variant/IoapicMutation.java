package dev.irqcheck.model.variant;

/**
 * Mutations of KVM's x86 IOAPIC a design review can ask about (x86 only).
 * NONE: arch/x86/kvm/ioapic.c as it is.
 * CLEAR_REMOTE_IRR_BEFORE_NOTIFIERS: kvm_ioapic_update_eoi_one clears remote_irr and re-services
 * the pin before dropping ioapic->lock for the ack notifiers, instead of after re-taking it (the
 * source comment says why it does not: a re-assert while the lock is dropped must wait in irr).
 * DROP_OR_PER_SOURCE: kvm_ioapic_set_irq uses the caller's level instead of
 * __kvm_irq_line_state's OR over irq_states[pin], so any source's 0 lowers the line.
 */
public enum IoapicMutation { NONE, CLEAR_REMOTE_IRR_BEFORE_NOTIFIERS, DROP_OR_PER_SOURCE }
