package dev.irqcheck.model.x86;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.kvm.Irqfds;
import dev.irqcheck.model.x86.ioapic.ResamplerHooks;
import dev.irqcheck.model.x86.pic.Pic;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * KVM completing a vCPU's trapped 8259 port writes (picdev_write -> pic_ioport_write, each under
 * pic->lock), one step per section between which the lock is free. The OCW2 specific EOI runs
 * pic_clear_isr, which clears the ISR bit and drops the lock around kvm_notify_acked_irq (the same
 * ack notifier the IOAPIC's EOI reaches: irqfd_resampler_ack's lower, then its resamplefd signal),
 * then re-takes it for pic_update_irq. A GSI without an ack notifier has nothing to run while the
 * lock is dropped, so its EOI is one step. The vCPU re-enters the guest when the last write is done.
 * Only the BSP takes PIC interrupts, so only it EOIs them; any vCPU may write the IMR (the oneshot
 * thread's unmask, or a disable_irq on another CPU), so every vCPU has these rules.
 */
final class PicPortWrites {
    /** The exits that are the guest's 8259 port writes for a line (issued under the IRQ's desc->lock). */
    static final Set<X86Exit> PIC_ACCESSES = EnumSet.of(X86Exit.PIC_MASK_ACK, X86Exit.PIC_MASK, X86Exit.PIC_UNMASK,
            X86Exit.PIC_EOI, X86Exit.PIC_ACK_LOWER, X86Exit.PIC_ACK_SIGNAL, X86Exit.PIC_RELOCK, X86Exit.PIC_EOI_CASCADE);

    private final int vcpus;
    private final X86Fields f;
    private final Pic pic;
    private final ResamplerHooks hooks;
    private final Irqfds irqfds;

    PicPortWrites(int vcpus, X86Fields fields, Pic pic, ResamplerHooks hooks, Irqfds irqfds) {
        this.vcpus = vcpus;
        this.f = fields;
        this.pic = pic;
        this.hooks = hooks;
        this.irqfds = irqfds;
    }

    private boolean at(long[] s, int vcpu, X86Exit stage) {
        return f.exit[vcpu].is(s, stage);
    }

    private int line(long[] s, int vcpu) {
        return f.exitPin[vcpu].get(s);
    }

    private void next(long[] n, int vcpu, X86Exit stage) {
        f.exit[vcpu].set(n, stage);
        if (stage == X86Exit.NONE) {
            f.exitPin[vcpu].set(n, 0);
        }
    }

    // After a line's EOI: a slave line's mask_and_ack_8259A goes on with the master's EOI of IRQ 2.
    private X86Exit afterEoi(long[] s, int vcpu) {
        return pic.irqOf(line(s, vcpu)) >= 8 ? X86Exit.PIC_EOI_CASCADE : X86Exit.NONE;
    }

    List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (int v = 0; v < vcpus; v++) {
            rules.addAll(rules(v));
        }
        return rules;
    }

    private List<Rule> rules(int vcpu) {
        List<Rule> rules = new ArrayList<>();
        // OCW1: s->imr = val; kvm_fire_mask_notifiers per changed bit (abstracted); pic_update_irq.
        rules.add(Rule.of("picdev_write -> pic_ioport_write: OCW1 IMR mask (mask_and_ack_8259A), then its specific EOI: vcpu " + vcpu,
                s -> at(s, vcpu, X86Exit.PIC_MASK_ACK),
                (s, n) -> {
                    pic.writeImr(n, line(s, vcpu), true);
                    next(n, vcpu, X86Exit.PIC_EOI);
                }));
        rules.add(Rule.of("picdev_write -> pic_ioport_write: OCW1 IMR mask (mask_8259A_irq): vcpu " + vcpu,
                s -> at(s, vcpu, X86Exit.PIC_MASK),
                (s, n) -> {
                    pic.writeImr(n, line(s, vcpu), true);
                    next(n, vcpu, X86Exit.NONE);
                }));
        rules.add(Rule.of("picdev_write -> pic_ioport_write: OCW1 IMR unmask (unmask_8259A_irq), pic_update_irq: vcpu " + vcpu,
                s -> at(s, vcpu, X86Exit.PIC_UNMASK),
                (s, n) -> {
                    pic.writeImr(n, line(s, vcpu), false);
                    next(n, vcpu, X86Exit.NONE);
                }));
        if (vcpu != PicGuestChip.BSP) {
            return rules;
        }
        // OCW2 specific EOI: pic_clear_isr clears isr and drops pic->lock for kvm_notify_acked_irq.
        rules.add(Rule.of("picdev_write -> pic_ioport_write: OCW2 specific EOI -> pic_clear_isr (isr cleared, pic->lock dropped for the ack notifiers): vcpu " + vcpu,
                s -> at(s, vcpu, X86Exit.PIC_EOI),
                (s, n) -> {
                    int gsi = pic.eoiBeforeNotifiers(n, line(s, vcpu));
                    if (hooks.hasAckNotifier(s, gsi)) {
                        next(n, vcpu, X86Exit.PIC_ACK_LOWER);
                        return;
                    }
                    pic.eoiAfterNotifiers(n, line(s, vcpu));
                    next(n, vcpu, afterEoi(s, vcpu));
                }));
        // kvm_notify_acked_irq(kvm, SELECT_PIC(irq), irq) with pic->lock dropped, as the IOAPIC's.
        rules.addAll(AckNotifierSteps.rules(f, irqfds, vcpu, X86Exit.PIC_ACK_LOWER, X86Exit.PIC_ACK_SIGNAL, X86Exit.PIC_RELOCK,
                (s, cpu) -> pic.ackedGsi(line(s, cpu)), "SELECT_PIC(irq), irq; pic->lock dropped"));
        rules.add(Rule.of("pic_clear_isr: pic->lock re-taken, pic_update_irq: vcpu " + vcpu,
                s -> at(s, vcpu, X86Exit.PIC_RELOCK),
                (s, n) -> {
                    pic.eoiAfterNotifiers(n, line(s, vcpu));
                    next(n, vcpu, afterEoi(s, vcpu));
                }));
        if (pic.cascadeLine() >= 0) {
            // outb(0x60+PIC_CASCADE_IR, PIC_MASTER_CMD): pic_clear_isr(master, 2) notifies GSI 2's
            // notifiers, which no scenario has (an irqfd may not reach the cascade).
            rules.add(Rule.of("picdev_write -> pic_ioport_write: OCW2 specific EOI of the master's IRQ 2 (cascade), pic_update_irq: vcpu " + vcpu,
                    s -> at(s, vcpu, X86Exit.PIC_EOI_CASCADE) || at(s, vcpu, X86Exit.PIC_SPURIOUS_EOI),
                    (s, n) -> {
                        pic.eoiBeforeNotifiers(n, pic.cascadeLine());
                        pic.eoiAfterNotifiers(n, pic.cascadeLine());
                        next(n, vcpu, X86Exit.NONE);
                    }));
        }
        return rules;
    }
}
