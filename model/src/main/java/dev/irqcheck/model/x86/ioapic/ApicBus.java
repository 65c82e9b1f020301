package dev.irqcheck.model.x86.ioapic;

/** Where ioapic_service delivers: arch/x86/kvm/irq.c kvm_irq_delivery_to_apic for a fixed, physical destination. */
@FunctionalInterface
public interface ApicBus {
    /**
     * Delivers the pin's vector to the destination vCPU's LAPIC (__apic_accept_irq, APIC_DM_FIXED)
     * and returns kvm_irq_delivery_to_apic's result: the number of LAPICs that accepted it, or -1
     * when none matched.
     */
    int deliver(long[] next, int vcpu, int pinIndex, boolean levelTriggered);
}
