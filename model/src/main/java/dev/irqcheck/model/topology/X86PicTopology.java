package dev.irqcheck.model.topology;

import dev.irqcheck.model.irqchip.ChipRoute;
import dev.irqcheck.model.irqchip.GsiRouting;
import dev.irqcheck.model.irqchip.IrqChipKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The checks of {@code pic: unmasked} (a guest booted with noapic services IRQs 0-15 through the
 * 8259), with messages that name the element. Both chips serving one line is not offered: Linux
 * with noapic programs no IOAPIC entry, so every declared IOAPIC pin must be masked.
 */
final class X86PicTopology {
    private X86PicTopology() {
    }

    static void validate(List<IrqfdSpec> irqfds, X86Setup x86) {
        if (x86.picLines().isEmpty()) {
            throw new IllegalArgumentException("pic: unmasked needs the guest's PIC lines (pic_lines)");
        }
        if (!x86.lines().isEmpty()) {
            throw new IllegalArgumentException("QEMU-emulated irq lines are not modelled with pic: unmasked yet");
        }
        for (IoapicPinSpec p : x86.pins()) {
            if (!p.masked()) {
                throw new IllegalArgumentException("IOAPIC pin " + p.pin() + " is unmasked, but with pic: unmasked the "
                        + "guest (noapic) leaves every redirection entry masked; both chips at once is not offered");
            }
        }
        Set<Integer> declared = new HashSet<>();
        for (PicLineSpec l : x86.picLines()) {
            if (!declared.add(l.irq())) {
                throw new IllegalArgumentException("PIC IRQ " + l.irq() + " is declared twice");
            }
        }
        GsiRouting routing = new GsiRouting(x86.routes());
        for (IrqfdSpec f : irqfds) {
            boolean reachesLine = false;
            for (ChipRoute r : routing.routesOf(f.gsi())) {
                if (r.chip() == IrqChipKind.IOAPIC) {
                    if (x86.pins().stream().noneMatch(p -> p.pin() == r.pin())) {
                        throw new IllegalArgumentException("irqfd on GSI " + f.gsi() + " reaches IOAPIC pin " + r.pin()
                                + ", which is not declared in interrupts (masked)");
                    }
                    continue;
                }
                int irq = r.chip() == IrqChipKind.PIC_SLAVE ? r.pin() + 8 : r.pin();
                if (!declared.contains(irq)) {
                    throw new IllegalArgumentException("irqfd on GSI " + f.gsi() + " reaches PIC IRQ " + irq
                            + ", which is not declared in pic_lines");
                }
                reachesLine = true;
            }
            if (!reachesLine) {
                throw new IllegalArgumentException("irqfd on GSI " + f.gsi() + " reaches no PIC line, and with pic: "
                        + "unmasked the guest services only the PIC");
            }
        }
    }
}
