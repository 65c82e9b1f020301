package dev.irqcheck.model.topology;

import dev.irqcheck.model.irqchip.ChipRoute;
import java.util.List;

/**
 * What an x86 scenario has instead of the VGIC's SPIs and routes: routing entries naming the
 * irqchip (KVM_IRQCHIP_IOAPIC, _PIC_MASTER, _PIC_SLAVE) and the IOAPIC pins the guest programs.
 * How the guest left the PICs is a configuration choice, {@code picMasked}:
 * <ul>
 * <li>masked (a Linux guest with an IOAPIC masks every legacy PIC line in startup_ioapic_irq and
 *     LVT0's ExtINT in check_timer): the guest's IRQs are the IOAPIC pins, {@code picLines} is empty;
 * <li>unmasked (a guest booted with {@code noapic}: Linux leaves every IOAPIC redirection entry
 *     masked as KVM's reset left it, services IRQs 0-15 through the 8259 with i8259A_chip and
 *     handle_level_irq, and the BSP's LVT0 is ExtINT, virtual wire mode): the guest's IRQs are
 *     {@code picLines}, and every declared IOAPIC pin must be masked. Both chips serving one line at
 *     once is not a configuration Linux makes, and is not offered.
 * </ul>
 */
public record X86Setup(List<ChipRoute> routes, List<IoapicPinSpec> pins, boolean picMasked, List<X86IrqLine> lines,
                       List<PicLineSpec> picLines) {
    public X86Setup {
        routes = List.copyOf(routes);
        pins = List.copyOf(pins);
        lines = List.copyOf(lines);
        picLines = List.copyOf(picLines);
    }

    /** PIC masked, with QEMU-emulated devices. */
    public X86Setup(List<ChipRoute> routes, List<IoapicPinSpec> pins, boolean picMasked, List<X86IrqLine> lines) {
        this(routes, pins, picMasked, lines, List.of());
    }

    /** No QEMU-emulated devices. */
    public X86Setup(List<ChipRoute> routes, List<IoapicPinSpec> pins, boolean picMasked) {
        this(routes, pins, picMasked, List.of(), List.of());
    }

    /** The guest services its IRQs through the 8259 ({@code pic: unmasked}). */
    public boolean picServicesIrqs() {
        return !picMasked;
    }

    /**
     * A QEMU-emulated device's line: QEMU raises and lowers it with KVM_IRQ_LINE on a GSI
     * (kvm_vm_ioctl_irq_line -> kvm_set_irq(KVM_USERSPACE_IRQ_SOURCE_ID, gsi)), the source id a
     * plain irqfd uses too.
     */
    public record X86IrqLine(int device, int gsi) {
    }
}
