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
import dev.irqcheck.model.x86.pic.Pic;
import java.util.ArrayList;
import java.util.List;

/**
 * The x86 irqchips of one topology, plugged into the GSI routing seam: the IOAPIC and the PICs
 * (masked by the guest, or with {@code pic: unmasked} the 8259 pair the guest services its IRQs
 * through), each vCPU's LAPIC, KVM's completion of the guest's trapped IOAPIC, EOI and PIC
 * accesses, and the guest's view of them (the IOAPIC's, or the PIC's). What the property catalogue asks of the
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
    private final GuestIrqChip chip;
    private final X86GuestChip ioapicChip;
    /** The 8259 pair the guest services (pic: unmasked); null when the guest masked it. */
    private final Pic pic;
    private final int[][] devicesOfLine;
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
        table.plug(ioapic);
        if (topology.x86().picServicesIrqs()) {
            pic = new Pic(fields.pic, topology.x86().picLines(), table, variants.picMutation());
            table.plug(pic.chip(IrqChipKind.PIC_MASTER)).plug(pic.chip(IrqChipKind.PIC_SLAVE));
        } else {
            pic = null;
            table.plug(new MaskedPic(IrqChipKind.PIC_MASTER)).plug(new MaskedPic(IrqChipKind.PIC_SLAVE));
        }
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
        this.ioapicChip = new X86GuestChip(fields, lapic, ioapic, devicesOfPin, pinHasEmulatedDevice);
        this.devicesOfLine = pic == null ? new int[0][] : devicesOfLines(topology, table, pic);
        this.chip = pic == null ? ioapicChip : new PicGuestChip(fields, pic, devicesOfLine);
    }

    // The devices whose irqfd GSI reaches each PIC line (a PIC entry's pin, + 8 on the slave).
    private static int[][] devicesOfLines(Topology topology, GsiRouting table, Pic pic) {
        int[][] out = new int[pic.lineCount()][];
        for (int line = 0; line < out.length; line++) {
            List<Integer> devices = new ArrayList<>();
            for (IrqfdSpec irqfd : topology.irqfds()) {
                for (ChipRoute r : table.routesOf(irqfd.gsi())) {
                    boolean onPic = r.chip() == IrqChipKind.PIC_MASTER || r.chip() == IrqChipKind.PIC_SLAVE;
                    int irq = r.chip() == IrqChipKind.PIC_SLAVE ? r.pin() + 8 : r.pin();
                    if (onPic && irq == pic.irqOf(line) && !devices.contains(irqfd.device())) {
                        devices.add(irqfd.device());
                    }
                }
            }
            out[line] = devices.stream().mapToInt(Integer::intValue).toArray();
        }
        return out;
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
                ioapicChip.markServiced(n, pin);
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
        if (pic != null) {
            pic.initialise(w);
        }
    }

    /** KVM completing each vCPU's trapped accesses; QEMU completes an emulated device's and a PCI_COMMAND write. */
    public List<Rule> rules(dev.irqcheck.model.host.QemuEmulated emulated, dev.irqcheck.model.host.HostSide host) {
        List<Rule> rules = new ArrayList<>(new X86VcpuLoop(topology, f, lapic, ioapic, hooks(), irqfds, resampleOnUnmask, emulated, host).rules());
        if (pic != null) {
            rules.addAll(new PicPortWrites(topology.vcpus(), f, pic, hooks(), irqfds).rules());
        }
        return rules;
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
        if (pic != null) {
            // The guest's IRQs are the PIC's lines; the IOAPIC pins stay masked and hold nothing.
            return picObligation(s, device, guest);
        }
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
     * The PIC's part of the delivery obligation for a device: for a line it reaches, irr or isr is
     * set, the guest handles it or its thread is busy, or a port write for the line is in flight.
     */
    private boolean picObligation(long[] s, int device, Guest guest) {
        for (int line = 0; line < devicesOfLine.length; line++) {
            boolean reaches = false;
            for (int d : devicesOfLine[line]) {
                reaches |= d == device;
            }
            if (reaches && (pic.irr(s, line) || pic.isr(s, line) || guest.holdsSpi(s, line) || picAccessFor(s, line))) {
                return true;
            }
        }
        return false;
    }

    // A spurious IRQ 15's EOI of the master's IRQ 2, which no guest line is behind.
    private boolean spuriousEoiInFlight(long[] s) {
        return f.exit[PicGuestChip.BSP].is(s, X86Exit.PIC_SPURIOUS_EOI);
    }

    private boolean picAccessFor(long[] s, int line) {
        for (int v = 0; v < topology.vcpus(); v++) {
            if (PicPortWrites.PIC_ACCESSES.contains(f.exit[v].get(s)) && f.exitPin[v].get(s) == line) {
                return true;
            }
        }
        return false;
    }

    /**
     * The PIC's invariant: a line's ISR bit is set only while the BSP handles the line (from
     * kvm_pic_read_irq's pic_intack to the specific EOI mask_and_ack_8259A writes) or the EOI is in
     * flight; the cascade's only while a slave line is handled, its EOIs or a spurious IRQ 15's EOI
     * are in flight. "Handles"
     * is the guest's holdsSpi (its hard-IRQ context, or its thread, has the IRQ).
     */
    private boolean picWellFormed(long[] s, Guest guest) {
        boolean slaveInHand = false;
        for (int line = 0; line < pic.lines().size(); line++) {
            boolean inHand = picAccessFor(s, line) || guest.holdsSpi(s, line);
            slaveInHand |= inHand && pic.irqOf(line) >= 8;
            if (pic.isr(s, line) && !inHand) {
                return false;
            }
        }
        return pic.cascadeLine() < 0 || !pic.isr(s, pic.cascadeLine()) || slaveInHand || spuriousEoiInFlight(s);
    }

    /**
     * The irqchip's invariants: a vector is in service on at most one LAPIC, and while a level
     * vector is requested or in service somewhere, its pin's remote_irr is set (ioapic_service sets
     * it on delivery; only the EOI, after the ISR bit is gone, clears it).
     */
    public boolean wellFormed(long[] s, Guest guest) {
        if (pic != null && !picWellFormed(s, guest)) {
            return false;
        }
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
            if (f.exit[v].is(s, X86Exit.ACK_SIGNAL) || f.exit[v].is(s, X86Exit.PIC_ACK_SIGNAL)) {
                return true;
            }
        }
        return false;
    }

    public boolean anyAckWithNoCondition(long[] s) {
        if (pic != null) {
            for (int line = 0; line < pic.lines().size(); line++) {
                if (f.pic.spuriousAck[line].get(s)) {
                    return true;
                }
            }
        }
        for (int p = 0; p < devicesOfPin.length; p++) {
            if (f.ioapic.spuriousAck[p].get(s)) {
                return true;
            }
        }
        return false;
    }

    public boolean anyStaleAck(long[] s) {
        if (pic != null) {
            for (int line = 0; line < pic.lines().size(); line++) {
                if (f.pic.staleAck[line].get(s)) {
                    return true;
                }
            }
        }
        for (int p = 0; p < devicesOfPin.length; p++) {
            if (f.ioapic.staleAck[p].get(s)) {
                return true;
            }
        }
        return false;
    }
}
