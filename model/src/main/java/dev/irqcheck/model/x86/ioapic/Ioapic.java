package dev.irqcheck.model.x86.ioapic;

import dev.irqcheck.model.irqchip.GsiRouting;
import dev.irqcheck.model.irqchip.IrqChip;
import dev.irqcheck.model.irqchip.IrqChipKind;
import dev.irqcheck.model.kvm.IrqSource;
import dev.irqcheck.model.topology.IoapicPinSpec;
import dev.irqcheck.model.variant.LineCombining;
import java.util.Arrays;
import java.util.List;

/**
 * KVM's in-kernel IOAPIC (arch/x86/kvm/ioapic.c): every operation here is one section under
 * {@code ioapic->lock} and acts on the packed state it is given. Operations take the pin's index
 * in the scenario's pin list.
 *
 * <p>Abstracted (docs/warts.md): the RTC coalescing of GSI 8 ({@code line_status} is false from
 * irqfds), AVIC's lazy EOI for edge pins, {@code irr_delivered} (only kvm_get_ioapic reads it),
 * mask notifiers (only the PIT registers one), directed EOI (KVM does not advertise it with an
 * in-kernel IOAPIC), the successive-EOI throttle (IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT: 10000 EOIs are
 * beyond every bound here), and the IOAPIC rescan requests (ioapic_handled_vectors is taken to be
 * current at every EOI).
 */
public final class Ioapic implements IrqChip {
    private final IoapicFields f;
    private final List<IoapicPinSpec> pins;
    private final int[] indexOfPin = new int[IrqChipKind.IOAPIC.pins()];
    private final ApicBus bus;
    private final ResamplerHooks hooks;
    private final GsiRouting routing;
    private final IoapicBehaviour behaviour;

    public Ioapic(IoapicFields fields, List<IoapicPinSpec> pins, ApicBus bus, ResamplerHooks hooks,
                  GsiRouting routing, IoapicBehaviour behaviour) {
        this.f = fields;
        this.pins = List.copyOf(pins);
        this.bus = bus;
        this.hooks = hooks;
        this.routing = routing;
        this.behaviour = behaviour;
        Arrays.fill(indexOfPin, -1);
        for (int i = 0; i < pins.size(); i++) {
            indexOfPin[pins.get(i).pin()] = i;
        }
    }

    @Override public IrqChipKind kind() { return IrqChipKind.IOAPIC; }

    /** The redirection table as the guest programmed it before the run (mask, trigger mode). */
    public void initialise(long[] w) {
        for (int i = 0; i < pins.size(); i++) {
            f.mask[i].set(w, pins.get(i).masked());
            f.levelTrig[i].set(w, pins.get(i).trigger() == dev.irqcheck.model.variant.TriggerMode.LEVEL);
        }
    }

    public int indexOf(int pin) {
        return indexOfPin[pin];
    }

    /** The GSI kvm_notify_acked_irq(KVM_IRQCHIP_IOAPIC, pin) maps back to. */
    public int gsiOf(int index) {
        return routing.gsiOf(IrqChipKind.IOAPIC, pins.get(index).pin());
    }

    /**
     * kvm_ioapic_set_irq: under the lock, irq_level = __kvm_irq_line_state(&irq_states[pin],
     * irq_source_id, level) ("Logical OR for level trig interrupt"), then ioapic_set_irq.
     */
    @Override
    public void set(long[] n, IrqSource source, int pin, boolean level) {
        int i = indexOfPin[pin];
        if (i < 0) {
            throw new IllegalStateException("IOAPIC pin " + pin + " is routed but not declared");
        }
        ioapicSetIrq(n, i, lineState(n, i, source, level));
    }

    // __kvm_irq_line_state: set or clear this source's bit, return the OR of all sources. The
    // mutation LAST_WRITER_WINS returns the caller's level alone.
    private boolean lineState(long[] n, int i, IrqSource source, boolean level) {
        if (behaviour.combining() == LineCombining.LAST_WRITER_WINS) {
            return level;
        }
        (source == IrqSource.RESAMPLE ? f.resampleSource : f.userspaceSource)[i].set(n, level);
        return f.resampleSource[i].get(n) || f.userspaceSource[i].get(n);
    }

    /**
     * ioapic_set_irq: level 0 clears irr and delivers nothing (remote_irr untouched). Level 1 sets
     * irr; an edge pin whose irr was already set is coalesced (return 0); otherwise ioapic_service,
     * which for a level pin runs even when masked or remote_irr is set (and then only leaves irr).
     */
    int ioapicSetIrq(long[] n, int i, boolean irqLevel) {
        // Observer: a new sample of the line (assert or lower) is never stale.
        f.staleIrr[i].set(n, false);
        if (!irqLevel) {
            f.irr[i].set(n, false);
            return 1;
        }
        boolean oldIrr = f.irr[i].get(n);
        f.irr[i].set(n, true);
        if (!f.levelTrig[i].get(n) && oldIrr) {
            return 0;
        }
        return service(n, i);
    }

    /**
     * ioapic_service: a masked pin, or a level pin with remote_irr set, returns -1 and keeps irr.
     * Otherwise kvm_irq_delivery_to_apic with level 1 and the RTE's trigger mode, and {@code if
     * (ret && irqe.trig_mode == IOAPIC_LEVEL_TRIG) remote_irr = 1} (also for ret == -1). irr is not
     * cleared on delivery.
     */
    int service(long[] n, int i) {
        boolean level = f.levelTrig[i].get(n);
        if (f.mask[i].get(n) || (level && f.remoteIrr[i].get(n))) {
            return -1;
        }
        int ret = bus.deliver(n, pins.get(i).destVcpu(), i, level);
        // Observer: the vector now in the LAPIC carries the staleness of the irr it came from.
        f.staleDelivery[i].set(n, f.staleIrr[i].get(n));
        if (ret != 0 && level) {
            f.remoteIrr[i].set(n, true);
        }
        return ret;
    }

    /**
     * kvm_ioapic_update_eoi, the section before kvm_ioapic_update_eoi_one drops the lock (the pin
     * carries the EOI'd vector; rtc_irq_eoi does nothing for an irqfd pin). Only the mutation acts
     * here: it clears remote_irr and re-services before the notifiers.
     */
    public void eoiBeforeNotifiers(long[] n, int i, boolean levelEoi) {
        if (behaviour.clearRemoteIrrBeforeNotifiers()) {
            clearRemoteIrrAndReservice(n, i, levelEoi);
        }
    }

    /**
     * kvm_ioapic_update_eoi_one after {@code spin_lock(&ioapic->lock)} is re-taken: {@code if
     * (trigger_mode != IOAPIC_LEVEL_TRIG || SPIV & APIC_SPIV_DIRECTED_EOI) return;} then {@code
     * remote_irr = 0} and, if {@code !mask && (irr & bit)}, ioapic_service (the throttle's
     * delayed work is abstracted). The trigger mode is the vector's TMR bit at the EOI, not the
     * RTE's: nothing re-checks the RTE after the lock drop.
     */
    public void eoiAfterNotifiers(long[] n, int i, boolean levelEoi) {
        if (!behaviour.clearRemoteIrrBeforeNotifiers()) {
            clearRemoteIrrAndReservice(n, i, levelEoi);
        }
    }

    private void clearRemoteIrrAndReservice(long[] n, int i, boolean levelEoi) {
        if (!levelEoi) {
            return;
        }
        f.remoteIrr[i].set(n, false);
        if (!f.mask[i].get(n) && f.irr[i].get(n)) {
            service(n, i);
        }
    }

    /**
     * ioapic_write_indirect for a redirection entry's low dword (mask, trigger mode): remote_irr is
     * read-only and kept, except that an edge entry clears it ("Some OSes (Linux, Xen) assume that
     * Remote IRR bit will be cleared by IOAPIC hardware when the entry is configured as
     * edge-triggered"). Then, for {@code level && irr}: before Linux 6.3, ioapic_service (which
     * still checks mask and remote_irr); since 6.3 (fef8f2b90edb), only if {@code !mask &&
     * !remote_irr}, and then {@code if (kvm_notify_irqfd_resampler(...)) irr &= ~bit; else
     * ioapic_service(...)}. The condition does not look at mask_before: any write leaving the pin
     * level, pending, unmasked and without remote_irr takes it.
     */
    public void writeRedirectionEntry(long[] n, int i, boolean mask, boolean levelTrig) {
        f.mask[i].set(n, mask);
        f.levelTrig[i].set(n, levelTrig);
        if (!levelTrig) {
            f.remoteIrr[i].set(n, false);
        }
        if (!levelTrig || !f.irr[i].get(n)) {
            return;
        }
        if (!behaviour.resampleOnUnmask()) {
            service(n, i);
        } else if (!mask && !f.remoteIrr[i].get(n)) {
            if (hooks.notifyIrqfdResampler(n, gsiOf(i))) {
                f.irr[i].set(n, false);
                f.staleIrr[i].set(n, false);
            } else {
                service(n, i);
            }
        }
    }

    public boolean irr(long[] s, int i) { return f.irr[i].get(s); }
    public boolean remoteIrr(long[] s, int i) { return f.remoteIrr[i].get(s); }
    public boolean masked(long[] s, int i) { return f.mask[i].get(s); }
    public boolean levelTriggered(long[] s, int i) { return f.levelTrig[i].get(s); }
    public IoapicFields fields() { return f; }
    public List<IoapicPinSpec> pins() { return pins; }
}
