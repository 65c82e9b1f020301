package dev.irqcheck.model.x86;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.guest.GuestIrqChip;
import dev.irqcheck.model.guest.Guest;
import dev.irqcheck.model.irqchip.ChipRoute;
import dev.irqcheck.model.irqchip.GsiRouting;
import dev.irqcheck.model.irqchip.IrqChipKind;
import dev.irqcheck.model.kvm.Irqfds;
import dev.irqcheck.model.kvm.Routing;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.IoapicMutation;
import dev.irqcheck.model.variant.LineCombining;
import dev.irqcheck.model.x86.ioapic.Ioapic;
import dev.irqcheck.model.x86.ioapic.IoapicBehaviour;
import dev.irqcheck.model.x86.ioapic.ResamplerHooks;
import dev.irqcheck.model.x86.lapic.Lapic;
import dev.irqcheck.model.x86.pic.MaskedPic;
import java.util.ArrayList;
import java.util.List;

/**
 * The x86 irqchips of one topology, plugged into the GSI routing seam: the IOAPIC (and the masked
 * PICs for the routes that name them), each vCPU's LAPIC, KVM's completion of the guest's trapped
 * IOAPIC and EOI accesses, and the guest's view of them. What the property catalogue asks of the
 * irqchip on x86 is answered here.
 */
public final class X86Platform {
    private final Topology topology;
    private final X86Fields f;
    private final Lapic lapic;
    private final Ioapic ioapic;
    private final GsiRouting table;
    private final int[][] devicesOfPin;
    private final boolean[] pinHasEmulatedDevice;
    private final X86GuestChip chip;
    private final boolean resampleOnUnmask;
    private Irqfds irqfds;

    public X86Platform(Topology topology, Variants variants, X86Fields fields) {
        this.topology = topology;
        this.f = fields;
        int pins = topology.x86().pins().size();
        this.lapic = new Lapic(fields.lapic, pins);
        this.table = new GsiRouting(topology.x86().routes());
        this.resampleOnUnmask = variants.kernelVersion().ioapicResamplesOnUnmask();
        IoapicBehaviour behaviour = new IoapicBehaviour(resampleOnUnmask,
                variants.ioapicMutation() == IoapicMutation.DROP_OR_PER_SOURCE
                        ? LineCombining.LAST_WRITER_WINS : LineCombining.OR_PER_SOURCE,
                variants.ioapicMutation() == IoapicMutation.CLEAR_REMOTE_IRR_BEFORE_NOTIFIERS);
        this.ioapic = new Ioapic(fields.ioapic, topology.x86().pins(), lapic::acceptIrq, hooks(), table, behaviour);
        table.plug(ioapic).plug(new MaskedPic(IrqChipKind.PIC_MASTER)).plug(new MaskedPic(IrqChipKind.PIC_SLAVE));
        devicesOfPin = new int[pins][];
        pinHasEmulatedDevice = new boolean[pins];
        for (int p = 0; p < pins; p++) {
            List<Integer> devices = new ArrayList<>();
            for (IrqfdSpec irqfd : topology.irqfds()) {
                for (ChipRoute r : table.routesOf(irqfd.gsi())) {
                    if (r.chip() == IrqChipKind.IOAPIC && ioapic.indexOf(r.pin()) == p && !devices.contains(irqfd.device())) {
                        devices.add(irqfd.device());
                    }
                }
            }
            for (var line : topology.x86().lines()) {
                if (pinOfGsi(line.gsi()) == p && !devices.contains(line.device())) {
                    devices.add(line.device());
                    pinHasEmulatedDevice[p] = true;
                }
            }
            devicesOfPin[p] = devices.stream().mapToInt(Integer::intValue).toArray();
        }
        this.chip = new X86GuestChip(fields, lapic, ioapic, devicesOfPin, pinHasEmulatedDevice);
    }

    // The declared IOAPIC pin (index) a GSI's routing reaches, or -1.
    private int pinOfGsi(int gsi) {
        for (ChipRoute r : table.routesOf(gsi)) {
            if (r.chip() == IrqChipKind.IOAPIC && ioapic.indexOf(r.pin()) >= 0) {
                return ioapic.indexOf(r.pin());
            }
        }
        return -1;
    }

    /**
     * KVM_IRQ_LINE on x86 (kvm_vm_ioctl_irq_line): kvm_set_irq(kvm, KVM_USERSPACE_IRQ_SOURCE_ID,
     * gsi, level) through the routing, the source id a plain irqfd's pulse also uses.
     */
    public dev.irqcheck.model.host.QemuEmulated.IrqLines irqLines(Routing routing) {
        return new dev.irqcheck.model.host.QemuEmulated.IrqLines() {
            @Override public int lineOf(int device) {
                for (var line : topology.x86().lines()) {
                    if (line.device() == device) {
                        return pinOfGsi(line.gsi());
                    }
                }
                return -1;
            }

            @Override public void irqLine(long[] n, int device, boolean level) {
                routing.kvmSetIrq(n, dev.irqcheck.model.kvm.IrqSource.USERSPACE, gsiOfLine(device), level);
            }

            @Override public void serviced(long[] n, int pin) {
                chip.markServiced(n, pin);
            }

            @Override public String describe(int device, boolean level) {
                return "KVM_IRQ_LINE(gsi " + gsiOfLine(device) + ", " + (level ? 1 : 0) + ")";
            }
        };
    }

    private int gsiOfLine(int device) {
        for (var line : topology.x86().lines()) {
            if (line.device() == device) {
                return line.gsi();
            }
        }
        return -1;
    }

    private ResamplerHooks hooks() {
        return new ResamplerHooks() {
            @Override
            public boolean notifyIrqfdResampler(long[] n, int gsi) {
                if (!irqfds.hasResampler(n, gsi)) {
                    return false;
                }
                irqfds.notifyResampler(n, gsi);
                return true;
            }

            @Override
            public boolean hasAckNotifier(long[] s, int gsi) {
                return gsi >= 0 && irqfds.hasResampler(s, gsi);
            }
        };
    }

    /** The irqfds are built on this platform's routing, then connected back for the ack notifiers. */
    public void connect(Irqfds irqfdsOfTheVm) {
        this.irqfds = irqfdsOfTheVm;
    }

    /** The routing table with this platform's irqchips plugged in, for the assembler's {@link Routing#x86}. */
    public GsiRouting table() { return table; }

    public void initialize(long[] w) {
        ioapic.initialise(w);
    }

    /** KVM completing each vCPU's trapped accesses; QEMU completes an emulated device's and a PCI_COMMAND write. */
    public List<Rule> rules(dev.irqcheck.model.host.QemuEmulated emulated, dev.irqcheck.model.host.HostSide host) {
        return new X86VcpuLoop(topology, f, lapic, ioapic, hooks(), irqfds, resampleOnUnmask, emulated, host).rules();
    }

    public GuestIrqChip guestChip() {
        return chip;
    }

    /**
     * The irqchip's part of the delivery obligation for a device: for a pin it reaches, irr or
     * remote_irr is set, a LAPIC holds the vector in IRR or ISR, the guest handles it or its
     * thread is busy, or a trapped access for the pin is in flight.
     */
    public boolean obligation(long[] s, int device, Guest guest) {
        for (int p = 0; p < devicesOfPin.length; p++) {
            boolean reaches = false;
            for (int d : devicesOfPin[p]) {
                reaches |= d == device;
            }
            if (!reaches) {
                continue;
            }
            if (f.ioapic.irr[p].get(s) || f.ioapic.remoteIrr[p].get(s) || guest.holdsSpi(s, p)) {
                return true;
            }
            for (int v = 0; v < topology.vcpus(); v++) {
                if (lapic.requested(s, v, p) || lapic.inService(s, v, p)
                        || (!f.exit[v].is(s, X86Exit.NONE) && !f.exit[v].is(s, X86Exit.PCI_COMMAND_WRITE)
                            && f.exitPin[v].get(s) == p)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The irqchip's invariants: a vector is in service on at most one LAPIC, and while a level
     * vector is requested or in service somewhere, its pin's remote_irr is set (ioapic_service sets
     * it on delivery; only the EOI, after the ISR bit is gone, clears it).
     */
    public boolean wellFormed(long[] s) {
        for (int p = 0; p < devicesOfPin.length; p++) {
            int inService = 0;
            boolean heldLevel = false;
            for (int v = 0; v < topology.vcpus(); v++) {
                if (lapic.inService(s, v, p)) {
                    inService++;
                }
                heldLevel |= (lapic.inService(s, v, p) || lapic.requested(s, v, p)) && lapic.levelTriggered(s, v, p);
            }
            if (inService > 1 || (heldLevel && !f.ioapic.remoteIrr[p].get(s))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Some vCPU is between irqfd_resampler_ack's two halves (inside kvm_notify_acked_irq, under
     * irq_srcu): irqfd_resampler_shutdown's synchronize_srcu waits for it.
     */
    public boolean ackBetweenHalves(long[] s) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (f.exit[v].is(s, X86Exit.ACK_SIGNAL)) {
                return true;
            }
        }
        return false;
    }

    public boolean anyAckWithNoCondition(long[] s) {
        for (int p = 0; p < devicesOfPin.length; p++) {
            if (f.ioapic.spuriousAck[p].get(s)) {
                return true;
            }
        }
        return false;
    }

    public boolean anyStaleAck(long[] s) {
        for (int p = 0; p < devicesOfPin.length; p++) {
            if (f.ioapic.staleAck[p].get(s)) {
                return true;
            }
        }
        return false;
    }
}
