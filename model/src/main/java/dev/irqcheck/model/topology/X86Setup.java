package dev.irqcheck.model.topology;

import dev.irqcheck.model.irqchip.ChipRoute;
import java.util.List;

/**
 * What an x86 scenario has instead of the VGIC's SPIs and routes: routing entries naming the
 * irqchip (KVM_IRQCHIP_IOAPIC, _PIC_MASTER, _PIC_SLAVE) and the IOAPIC pins the guest programs.
 * The PICs are masked by the guest (a Linux guest with an IOAPIC masks every legacy PIC line in
 * startup_ioapic_irq); {@code picMasked} states that choice, and only the masked PIC is modelled.
 */
public record X86Setup(List<ChipRoute> routes, List<IoapicPinSpec> pins, boolean picMasked) {
    public X86Setup {
        routes = List.copyOf(routes);
        pins = List.copyOf(pins);
    }
}
