package dev.irqcheck.model.x86.ioapic;

import dev.irqcheck.model.variant.LineCombining;

/**
 * What differs between kernel releases and the mutations a design review asks about.
 *
 * @param resampleOnUnmask Linux 6.3+ (fef8f2b90edb): ioapic_write_indirect resamples a pending
 *                         level pin through kvm_notify_irqfd_resampler instead of re-injecting it
 * @param combining        the kernel ORs irq_states per source (__kvm_irq_line_state);
 *                         LAST_WRITER_WINS is the mutation that drops the OR
 * @param clearRemoteIrrBeforeNotifiers a mutation of kvm_ioapic_update_eoi_one: remote_irr cleared
 *                         (and the pin re-serviced) before the ack notifiers instead of after
 */
public record IoapicBehaviour(boolean resampleOnUnmask, LineCombining combining, boolean clearRemoteIrrBeforeNotifiers) {
}
