package dev.irqcheck.model.host;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.model.device.Devices;
import dev.irqcheck.model.kvm.Irqfds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.ExclusiveSetup;
import dev.irqcheck.model.variant.HostHandlerKind;
import java.util.ArrayList;
import java.util.List;

/** Every device's host handler, VFIO-platform or VFIO-PCI, behind one unmask entry point per caller. */
public final class HostSide implements Devices.EdgeLatch {
    private final Topology topology;
    private final HostFields f;
    private final Devices devices;
    private final VfioPlatform platform;
    private final VfioPci pci;

    public HostSide(Topology topology, HostFields fields, Devices devices, Irqfds irqfds) {
        this.topology = topology;
        this.f = fields;
        this.devices = devices;
        this.platform = new VfioPlatform(topology, fields, devices, irqfds);
        this.pci = new VfioPci(topology, fields, devices, irqfds);
    }

    /**
     * After set-up: the host IRQ requested with IRQF_NO_AUTOEN and enabled by vfio_set_trigger
     * (depth 0, not masked); a device whose INTx starts disabled has masked := virq_disabled
     * (vfio_intx_enable); PCI 2.3 writes DisINTx (the device's), and an exclusive IRQ is requested
     * disabled (IRQF_NO_AUTOEN) or auto-enabled and disabled again later.
     */
    public void initialize(long[] w, ExclusiveSetup exclusiveSetup) {
        for (int d = 0; d < topology.devices().size(); d++) {
            DeviceSpec dev = topology.devices().get(d);
            if (!dev.intxStartsDisabled()) {
                continue;
            }
            f.virqDisabled[d].set(w, true);
            f.hostMasked[d].set(w, true);
            if (dev.handler() == HostHandlerKind.VFIO_PCI_INTX_DISINTX) {
                continue;
            }
            if (exclusiveSetup == ExclusiveSetup.NO_AUTOEN) {
                f.hostDepth[d].set(w, 1);
            } else {
                f.setSignalPending[d].set(w, true);
            }
        }
    }

    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>(platform.rules());
        rules.addAll(pci.rules());
        return rules;
    }

    /** An edge device's pulse: the host GIC latches it until the handler runs. */
    @Override
    public void latch(long[] n, int device) {
        f.edgeLatched[device].set(n, true);
    }

    @Override
    public List<Field> latchFields(int device) {
        return List.of(f.edgeLatched[device]);
    }

    /** The resamplefd is VFIO's unmask eventfd: virqfd_wakeup runs inside eventfd_signal. */
    public void unmaskFromVirqfd(long[] n, int device) {
        if (topology.devices().get(device).handler().isPci()) {
            pci.unmaskFromVirqfd(n, device);
        } else {
            platform.unmask(n, device);
        }
    }

    /** VFIO's virq_disabled: the guest's virtual PCI_COMMAND still has INTx Disable set. */
    public boolean guestIntxDisabled(long[] s, int device) {
        return f.virqDisabled[device].get(s);
    }

    /**
     * The guest's PCI_COMMAND write clearing INTx Disable, as QEMU passes it to VFIO from the vCPU
     * thread (vfio_pci_write_config -> pwrite -> vfio_basic_config_write). QEMU's VFIO_DEVICE_SET_IRQS
     * set-up holds the BQL like the config write, so the write waits for vfio_intx_set_signal.
     */
    public boolean acceptsGuestIntxEnable(long[] s, int device) {
        return !f.setSignalPending[device].get(s);
    }

    /** vfio_basic_config_write: virq_disabled = false and vfio_pci_intx_unmask. */
    public void guestEnablesIntx(long[] n, int device) {
        pci.guestEnablesIntx(n, device);
    }

    /** A VMM issues VFIO_DEVICE_SET_IRQS(ACTION_UNMASK). */
    public void unmaskFromIoctl(long[] n, int device) {
        if (topology.devices().get(device).handler().isPci()) {
            pci.unmaskFromIoctl(n, device);
        } else {
            platform.unmask(n, device);
        }
    }

    /**
     * The host still holds a token that will deliver the device's interrupt: its host IRQ can fire
     * (an edge latched, or a level line high on an enabled, unmasked IRQ), a VFIO re-signal or set-up
     * step is pending, the guest still owes INTx enable, a handler owes its eventfd_signal; or a
     * QEMU device model's condition is up while its line is not (reference notes section 5).
     */
    public boolean deliveryObligation(long[] s, int d) {
        HostHandlerKind handler = topology.devices().get(d).handler();
        if (handler == HostHandlerKind.VFIO_PLATFORM_EDGE ? f.edgeLatched[d].get(s)
                : handler.isVfio() && devices.lineAsserted(s, d) && f.hostDepth[d].get(s) == 0
                        && (handler == HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE || !f.hostMasked[d].get(s))) {
            return true;
        }
        if (f.virqfdInjectQueued[d].get(s) || f.setSignalPending[d].get(s) || f.virqDisabled[d].get(s)
                || f.hostSignalOwed[d].get(s)) {
            return true;
        }
        return !handler.isVfio() && devices.hasCondition(s, d) && !f.qemuLineHigh[d].get(s);
    }

    /** VFIO's masked flag, a non-zero disable depth, or DisINTx on the device's host line. */
    public boolean lineMasked(long[] s, int d) {
        return f.hostMasked[d].get(s) || f.hostDepth[d].get(s) > 0 || devices.disIntx(s, d);
    }

    /**
     * Per handler kind: the disable depth never exceeds 1 and, once set up, matches VFIO's masked
     * flag; PCI 2.3 never touches the depth and masks exactly with DisINTx.
     */
    public boolean wellFormed(long[] s, int d) {
        int depth = f.hostDepth[d].get(s);
        boolean masked = f.hostMasked[d].get(s);
        switch (topology.devices().get(d).handler()) {
            case VFIO_PCI_INTX_DISINTX:
                return depth == 0 && masked == devices.disIntx(s, d);
            case VFIO_PLATFORM_EDGE:
            case QEMU_EMULATED:
                return depth == 0 && !masked;
            default:
                return depth <= 1 && (f.setSignalPending[d].get(s) || (depth == 1) == masked);
        }
    }

    /** The host's fields of one device, for symmetry (interchangeable devices swap them). */
    public List<Field> fieldsOf(int d) {
        return List.of(f.edgeLatched[d], f.hostMasked[d], f.hostSignalOwed[d], f.hostDepth[d], f.virqDisabled[d],
                f.virqfdInjectQueued[d], f.setSignalPending[d], f.qemuLineHigh[d]);
    }
}
