package dev.irqcheck.model.host;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.kvm.IrqSource;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.vgic.Vgic;
import java.util.ArrayList;
import java.util.List;

/**
 * QEMU-emulated devices sharing an SPI with assigned ones: the device model raises its output with
 * qemu_set_irq, which reaches KVM as KVM_IRQ_LINE (kvm_vm_ioctl_irq_line -> kvm_vgic_inject_irq
 * with owner NULL, the same line_level irqfds write), and lowers it when the guest's register
 * access clears the condition. That access traps (the vCPU exits and syncs), and QEMU lowers the
 * line before the vCPU re-enters: the EMULATED_ACCESS trap, handled in the run loop.
 */
public final class QemuEmulated {
    private final Topology topology;
    private final InterruptLayout f;
    private final Vgic vgic;

    public QemuEmulated(Topology topology, InterruptLayout fields, Vgic vgic) {
        this.topology = topology;
        this.f = fields;
        this.vgic = vgic;
    }

    /**
     * The guest's driver cleared emulated devices' conditions through a trapped register access:
     * QEMU's device models lower their output, KVM_IRQ_LINE(0), before the vCPU re-enters.
     */
    public void guestServiced(long[] n) {
        for (int d = 0; d < topology.devices().size(); d++) {
            int spi = topology.irqLineSpiOfDevice(d);
            if (spi >= 0 && !f.deviceCondition[d].get(n) && f.qemuLineHigh[d].get(n)) {
                f.qemuLineHigh[d].set(n, false);
                vgic.setLevel(n, IrqSource.USERSPACE, spi, false);
            }
        }
    }

    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (int d = 0; d < topology.devices().size(); d++) {
            DeviceSpec dev = topology.devices().get(d);
            int spi = topology.irqLineSpiOfDevice(d);
            if (dev.handler() != HostHandlerKind.QEMU_EMULATED || spi < 0) {
                continue;
            }
            int device = d;
            int intid = topology.spis().get(spi).intid();
            rules.add(Rule.of("qemu: qemu_set_irq -> KVM_IRQ_LINE(" + intid + ", 1) " + dev.name(),
                    s -> f.deviceCondition[device].get(s) && !f.qemuLineHigh[device].get(s),
                    (s, n) -> {
                        f.qemuLineHigh[device].set(n, true);
                        vgic.setLevel(n, IrqSource.USERSPACE, spi, true);
                    }));
        }
        return rules;
    }
}
