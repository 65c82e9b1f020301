package dev.irqcheck.model.x86;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.kvm.Irqfds;
import java.util.List;
import java.util.function.ToIntBiFunction;

/**
 * kvm_notify_acked_irq -> kvm_notify_acked_gsi -> irqfd_resampler_ack while an irqchip's lock is
 * dropped for it, the same for every x86 irqchip (kvm_ioapic_update_eoi_one around ioapic->lock,
 * pic_clear_isr around pic->lock): two steps, the resampler's lower (its kvm_set_irq re-takes the
 * chips' locks) and then its resamplefd signal (under irq_srcu only), then the chip's re-lock stage.
 */
final class AckNotifierSteps {
    private AckNotifierSteps() {
    }

    /**
     * @param lower   the stage at which the vCPU is about to lower (the chip dropped its lock)
     * @param signal  the stage between the two halves
     * @param relock  the stage the vCPU goes on to: the chip re-taking its lock
     * @param gsi     the GSI the chip's reverse map gives for the access in flight (state, vCPU)
     * @param where   how traces name the chip's pin and the dropped lock
     */
    static List<Rule> rules(X86Fields f, Irqfds irqfds, int vcpu, X86Exit lower, X86Exit signal, X86Exit relock,
                            ToIntBiFunction<long[], Integer> gsi, String where) {
        return List.of(
                Rule.of("kvm_notify_acked_irq -> irqfd_resampler_ack: " + irqfds.firstHalfName() + " (vcpu " + vcpu + ", " + where + ")",
                        s -> f.exit[vcpu].is(s, lower),
                        (s, n) -> {
                            irqfds.resamplerAckFirstHalf(n, gsi.applyAsInt(s, vcpu));
                            f.exit[vcpu].set(n, signal);
                        }),
                Rule.of("kvm_notify_acked_irq -> irqfd_resampler_ack: " + irqfds.secondHalfName() + " (vcpu " + vcpu + ", " + where + ")",
                        s -> f.exit[vcpu].is(s, signal),
                        (s, n) -> {
                            irqfds.resamplerAckSecondHalf(n, gsi.applyAsInt(s, vcpu));
                            f.exit[vcpu].set(n, relock);
                        }));
    }
}
