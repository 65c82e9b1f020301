package dev.irqcheck.model.irqchip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.kvm.IrqSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The irqchip seam: virt/kvm/irqchip.c setup_routing_entry, kvm_set_irq and kvm_irq_map_chip_pin. */
class GsiRoutingTest {
    record Call(IrqChipKind chip, int pin, boolean level) { }

    static IrqChip recorder(IrqChipKind kind, List<Call> calls) {
        return new IrqChip() {
            @Override public IrqChipKind kind() { return kind; }
            @Override public void set(long[] n, IrqSource src, int pin, boolean level) { calls.add(new Call(kind, pin, level)); }
        };
    }

    @Test
    void theSameIrqchipTwiceForOneGsiIsRefused() {
        // setup_routing_entry: "Do not allow GSI to be mapped to the same irqchip more than once."
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GsiRouting(List.of(
                new ChipRoute(5, IrqChipKind.IOAPIC, 5), new ChipRoute(5, IrqChipKind.IOAPIC, 6))));
        assertTrue(e.getMessage().contains("twice"), e.getMessage());
    }

    @Test
    void kvmSetIrqCallsEveryEntryOfTheGsiInTableOrder() {
        List<Call> calls = new ArrayList<>();
        GsiRouting r = new GsiRouting(List.of(new ChipRoute(3, IrqChipKind.IOAPIC, 3), new ChipRoute(3, IrqChipKind.PIC_MASTER, 3)))
                .plug(recorder(IrqChipKind.IOAPIC, calls)).plug(recorder(IrqChipKind.PIC_MASTER, calls));
        r.kvmSetIrq(new long[1], IrqSource.USERSPACE, 3, true);
        assertEquals(List.of(new Call(IrqChipKind.IOAPIC, 3, true), new Call(IrqChipKind.PIC_MASTER, 3, true)), calls);
    }

    @Test
    void theReverseMapGivesTheLastGsiRoutedToAPin() {
        // setup_routing_entry: "rt->chip[e->irqchip.irqchip][e->irqchip.pin] = e->gsi;"
        GsiRouting r = new GsiRouting(List.of(new ChipRoute(4, IrqChipKind.IOAPIC, 7), new ChipRoute(9, IrqChipKind.IOAPIC, 7)));
        assertEquals(9, r.gsiOf(IrqChipKind.IOAPIC, 7));
        assertEquals(-1, r.gsiOf(IrqChipKind.IOAPIC, 8));
        assertEquals(-1, r.gsiOf(IrqChipKind.PIC_MASTER, 7));
    }

    @Test
    void theDefaultX86TableRoutesGsisBelow16ToBothChips() {
        GsiRouting r = new GsiRouting(GsiRouting.defaultX86());
        assertEquals(2, r.routesOf(5).length);
        assertEquals(IrqChipKind.IOAPIC, r.routesOf(5)[0].chip());
        assertEquals(new ChipRoute(10, IrqChipKind.PIC_SLAVE, 2), r.routesOf(10)[1]);
        assertEquals(1, r.routesOf(20).length);
        assertEquals(20, r.gsiOf(IrqChipKind.IOAPIC, 20));
        // pic_clear_isr notifies the slave's irq 8..15: kvm_set_routing_entry filed pin 5 at 13.
        assertEquals(13, r.gsiOf(IrqChipKind.PIC_SLAVE, 13));
    }

    @Test
    void aPinOutsideTheChipIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ChipRoute(1, IrqChipKind.IOAPIC, 24));
        assertThrows(IllegalArgumentException.class, () -> new ChipRoute(1, IrqChipKind.PIC_MASTER, 8));
    }
}
