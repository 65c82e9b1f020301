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
    private final IrqLines lines;

    /**
     * Where KVM_IRQ_LINE goes (kvm_vm_ioctl_irq_line): on arm64 the VGIC's SPI
     * (kvm_vgic_inject_irq), on x86 kvm_set_irq(KVM_USERSPACE_IRQ_SOURCE_ID, gsi) through the
     * routing. A device's line is identified by the interrupt the guest sees (SPI or IOAPIC pin).
     */
    public interface IrqLines {
        /** The guest interrupt the emulated device's line reaches, or -1. */
        int lineOf(int device);

        /** KVM_IRQ_LINE(level) for the device's line. */
        void irqLine(long[] next, int device, boolean level);

        /** Observer: every device on the interrupt is serviced now. */
        void serviced(long[] next, int line);

        /** How traces name the ioctl, e.g. {@code KVM_IRQ_LINE(37, 1)}. */
        String describe(int device, boolean level);
    }

    /** On arm64: the VGIC. */
    public QemuEmulated(Topology topology, HostFields fields, Devices devices, Vgic vgic) {
        this(topology, fields, devices, new IrqLines() {
            @Override public int lineOf(int device) { return topology.irqLineSpiOfDevice(device); }
            @Override public void irqLine(long[] n, int device, boolean level) {
                vgic.setLevel(n, IrqSource.USERSPACE, topology.irqLineSpiOfDevice(device), level);
            }
            @Override public void serviced(long[] n, int spi) { vgic.observeServiced(n, spi); }
            @Override public String describe(int device, boolean level) {
                return "KVM_IRQ_LINE(" + topology.spis().get(topology.irqLineSpiOfDevice(device)).intid() + ", " + (level ? 1 : 0) + ")";
            }
        });
    }

    public QemuEmulated(Topology topology, HostFields fields, Devices devices, IrqLines lines) {
        this.topology = topology;
        this.f = fields;
        this.devices = devices;
        this.lines = lines;
    }

    /**
     * KVM hands QEMU the guest's trapped access to the emulated registers of a device on the SPI:
     * under the BQL the device model clears its condition and, if its output was high, lowers it
     * with qemu_set_irq -> KVM_IRQ_LINE(0), before the vCPU re-enters (kvm_cpu_exec ->
     * address_space_rw, then KVM_RUN).
     */
    public void guestAccess(long[] n, int spi) {
        for (int d = 0; d < topology.devices().size(); d++) {
            if (lines.lineOf(d) != spi || topology.devices().get(d).handler() != HostHandlerKind.QEMU_EMULATED) {
                continue;
            }
            devices.service(n, d);
            if (f.qemuLineHigh[d].get(n)) {
                f.qemuLineHigh[d].set(n, false);
                lines.irqLine(n, d, false);
            }
        }
        // Every device on the SPI is serviced now (the guest's ISR cleared the assigned ones before
        // the access).
        lines.serviced(n, spi);
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
            if (dev.handler() != HostHandlerKind.QEMU_EMULATED) {
                continue;
            }
            int spi = lines.lineOf(d);
            int device = d;
            String line = spi < 0 ? "" : " -> qemu_set_irq -> " + lines.describe(d, true);
            rules.add(Rule.of("qemu: device model raises " + dev.name() + line,
                    s -> devices.canRaise(s, device),
                    (s, n) -> {
                        devices.raise(s, n, device);
                        if (spi >= 0) {
                            f.qemuLineHigh[device].set(n, true);
                            lines.irqLine(n, device, true);
                        }
                    }));
        }
        return rules;
    }
}
