package dev.irqcheck.model.irqchip;

import dev.irqcheck.model.kvm.IrqSource;

/**
 * The seam every in-kernel irqchip plugs into: the {@code set()} callback a routing entry of its
 * kind carries (virt/kvm/irqchip.c setup_routing_entry -> kvm_set_routing_entry). The VGIC's is
 * vgic_irqfd_set_irq, the IOAPIC's kvm_ioapic_set_irq, the PICs' kvm_pic_set_irq. Each runs under
 * its own chip lock and is one model step's worth of work on the packed state it is given; the
 * chip owns its fields. Ack notifications go the other way, through {@link GsiRouting#gsiOf}.
 */
public interface IrqChip {
    IrqChipKind kind();

    /** The entry's set(kvm, irq_source_id, level) for this chip's pin. */
    void set(long[] next, IrqSource source, int pin, boolean level);
}
