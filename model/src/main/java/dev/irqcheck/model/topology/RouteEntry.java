package dev.irqcheck.model.topology;

/**
 * One GSI routing entry (KVM_SET_GSI_ROUTING, type IRQCHIP): GSI to VGIC pin. On arm64 the pin is
 * the SPI's INTID minus 32 (arch/arm64/kvm/vgic/vgic-irqfd.c vgic_irqfd_set_irq).
 */
public record RouteEntry(int gsi, int pin) {
    public int intid() {
        return pin + 32;
    }
}
