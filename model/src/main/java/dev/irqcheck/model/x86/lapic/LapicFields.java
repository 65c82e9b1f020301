package dev.irqcheck.model.x86.lapic;

import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.StateLayout;

/**
 * Each vCPU's local APIC, declared by the LAPIC (arch/x86/kvm/lapic.c): per vector the IRR, ISR
 * and TMR bits. The model gives each IOAPIC pin its own vector, so vectors are indexed by pin index.
 */
public final class LapicFields {
    public final BoolField[][] irr;
    public final BoolField[][] isr;
    public final BoolField[][] tmr;

    public LapicFields(StateLayout.Builder b, int vcpus, int vectors, java.util.function.IntFunction<String> vectorName) {
        irr = new BoolField[vcpus][vectors];
        isr = new BoolField[vcpus][vectors];
        tmr = new BoolField[vcpus][vectors];
        for (int v = 0; v < vcpus; v++) {
            for (int x = 0; x < vectors; x++) {
                String name = "lapic[" + v + "]." + vectorName.apply(x);
                irr[v][x] = b.bool(name + ".irr");
                isr[v][x] = b.bool(name + ".isr");
                tmr[v][x] = b.bool(name + ".tmr");
            }
        }
    }
}
