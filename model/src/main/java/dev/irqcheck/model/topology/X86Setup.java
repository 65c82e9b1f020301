package dev.irqcheck.model.topology;

import dev.irqcheck.model.irqchip.ChipRoute;
import java.util.List;

/**
 * What an x86 scenario has instead of the VGIC's SPIs and routes: routing entries naming the
 * irqchip (KVM_IRQCHIP_IOAPIC, _PIC_MASTER, _PIC_SLAVE) and the IOAPIC pins the guest programs.
 * The PICs are masked by the guest (a Linux guest with an IOAPIC masks every legacy PIC line in
 * startup_ioapic_irq); {@code picMasked} states that choice, and only the masked PIC is modelled.
 */
public record X86Setup(List<ChipRoute> routes, List<IoapicPinSpec> pins, boolean picMasked, List<X86IrqLine> lines) {
    public X86Setup {
        routes = List.copyOf(routes);
        pins = List.copyOf(pins);
        lines = List.copyOf(lines);
    }

    /** No QEMU-emulated devices. */
    public X86Setup(List<ChipRoute> routes, List<IoapicPinSpec> pins, boolean picMasked) {
        this(routes, pins, picMasked, List.of());
    }

    /**
     * A QEMU-emulated device's line: QEMU raises and lowers it with KVM_IRQ_LINE on a GSI
     * (kvm_vm_ioctl_irq_line -> kvm_set_irq(KVM_USERSPACE_IRQ_SOURCE_ID, gsi)), the source id a
     * plain irqfd uses too.
     */
    public record X86IrqLine(int device, int gsi) {
    }
}
