package dev.irqcheck.model.host;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.kvm.IrqSource;
import dev.irqcheck.model.device.Devices;
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
 * access clears the condition. Every such access traps (the vCPU exits and syncs), and QEMU runs
 * the device model under the BQL before the vCPU re-enters: the EMULATED_ACCESS trap, completed in
 * the run loop.
 */
public final class QemuEmulated {
    private final Topology topology;
    private final HostFields f;
    private final Devices devices;
    private final Vgic vgic;

    public QemuEmulated(Topology topology, HostFields fields, Devices devices, Vgic vgic) {
        this.topology = topology;
        this.f = fields;
        this.devices = devices;
        this.vgic = vgic;
    }

    /**
     * KVM hands QEMU the guest's trapped access to the emulated registers of a device on the SPI:
     * under the BQL the device model clears its condition and, if its output was high, lowers it
     * with qemu_set_irq -> KVM_IRQ_LINE(0), before the vCPU re-enters (kvm_cpu_exec ->
     * address_space_rw, then KVM_RUN).
     */
    public void guestAccess(long[] n, int spi) {
        for (int d = 0; d < topology.devices().size(); d++) {
            if (topology.irqLineSpiOfDevice(d) != spi || topology.devices().get(d).handler() != HostHandlerKind.QEMU_EMULATED) {
                continue;
            }
            devices.service(n, d);
            if (f.qemuLineHigh[d].get(n)) {
                f.qemuLineHigh[d].set(n, false);
                vgic.setLevel(n, IrqSource.USERSPACE, spi, false);
            }
        }
        // Every device on the SPI is serviced now (the guest's ISR cleared the assigned ones before
        // the access).
        vgic.observeServiced(n, spi);
    }

    /**
     * The device model raises its condition and its output together, under the BQL: qemu_set_irq
     * -> KVM_IRQ_LINE(1) returns before anything else in QEMU runs. An environment step (the
     * device may stay quiet); a second raise while the condition is outstanding is coalesced.
     */
    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (int d = 0; d < topology.devices().size(); d++) {
            DeviceSpec dev = topology.devices().get(d);
            int spi = topology.irqLineSpiOfDevice(d);
            if (dev.handler() != HostHandlerKind.QEMU_EMULATED) {
                continue;
            }
            int device = d;
            String line = spi < 0 ? "" : " -> qemu_set_irq -> KVM_IRQ_LINE(" + topology.spis().get(spi).intid() + ", 1)";
            rules.add(Rule.of("qemu: device model raises " + dev.name() + line,
                    s -> devices.canRaise(s, device),
                    (s, n) -> {
                        devices.raise(s, n, device);
                        if (spi >= 0) {
                            f.qemuLineHigh[device].set(n, true);
                            vgic.setLevel(n, IrqSource.USERSPACE, spi, true);
                        }
                    }));
        }
        return rules;
    }
}
