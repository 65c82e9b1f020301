package dev.irqcheck.model.device;

import dev.irqcheck.checker.api.FieldSet;
import dev.irqcheck.checker.api.Footprint;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.TriggerMode;
import java.util.ArrayList;
import java.util.List;

/**
 * The assigned (physical) devices: the environment. A device raises a condition (a bounded number of times
 * per run); only the guest's driver clears it, by servicing the device.
 */
public final class Devices {
    /** Where an edge device's pulse lands: the host interrupt controller latches it. */
    public interface EdgeLatch {
        void latch(long[] n, int device);

        /** The fields {@link #latch} writes, for the raise rule's footprint. */
        List<Field> latchFields(int device);
    }

    private final Topology topology;
    private final DeviceFields f;
    private EdgeLatch hostLatch;

    public Devices(Topology topology, DeviceFields fields) {
        this.topology = topology;
        this.f = fields;
    }

    /** The host side is wired after construction: it reads the devices, and an edge pulse reaches it. */
    public void connect(EdgeLatch latch) {
        this.hostLatch = latch;
    }

    /** Every device with all its raises left; a PCI 2.3 device set up disabled has DisINTx set. */
    public void initialize(long[] w) {
        for (int d = 0; d < topology.devices().size(); d++) {
            DeviceSpec dev = topology.devices().get(d);
            f.raisesLeft[d].set(w, dev.raises());
            if (dev.intxStartsDisabled() && dev.handler() == HostHandlerKind.VFIO_PCI_INTX_DISINTX) {
                f.disIntx[d].set(w, true);
            }
        }
    }

    /** The device has a condition outstanding that the guest has not serviced. */
    public boolean hasCondition(long[] s, int device) {
        return f.deviceCondition[device].get(s);
    }

    /** The INTx line as the host sees it: the condition, unless DisINTx holds it low. */
    public boolean lineAsserted(long[] s, int device) {
        return f.deviceCondition[device].get(s) && !f.disIntx[device].get(s);
    }

    /** The guest's driver read the status and cleared the condition. */
    public void service(long[] n, int device) {
        f.deviceCondition[device].set(n, false);
    }

    /** Whether another raise is within the bound and none is outstanding. */
    public boolean canRaise(long[] s, int device) {
        return !f.deviceCondition[device].get(s) && f.raisesLeft[device].get(s) > 0;
    }

    /** The condition is raised (the line goes high for a level device), spending one raise. */
    public void raise(long[] s, long[] n, int device) {
        f.deviceCondition[device].set(n, true);
        f.raisesLeft[device].set(n, f.raisesLeft[device].get(s) - 1);
    }

    /** PCI command register DisINTx. */
    public boolean disIntx(long[] s, int device) {
        return f.disIntx[device].get(s);
    }

    public void setDisIntx(long[] n, int device, boolean value) {
        f.disIntx[device].set(n, value);
    }

    /** The device's own fields, for symmetry (interchangeable devices swap them). */
    public List<Field> fieldsOf(int device) {
        return List.of(f.deviceCondition[device], f.raisesLeft[device], f.disIntx[device]);
    }

    /** The device rules; liveness claims do not assume them fair (a device may stay quiet). */
    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (int d = 0; d < topology.devices().size(); d++) {
            DeviceSpec dev = topology.devices().get(d);
            if (dev.handler() == HostHandlerKind.QEMU_EMULATED) {
                continue; // QEMU's device model raises its condition and its line together (QemuEmulated)
            }
            int device = d;
            boolean edge = dev.trigger() == TriggerMode.EDGE;
            // A level device holds its line high while the condition is outstanding; an edge
            // device sends one pulse, which the host GIC latches. Abstracted: a second raise
            // while a condition is outstanding (it would be coalesced by the device).
            rules.add(new Rule() {
                @Override public String name() { return "device: raise " + dev.name(); }
                @Override public boolean enabled(long[] s) { return canRaise(s, device); }
                @Override public void apply(long[] s, long[] n) {
                    raise(s, n, device);
                    if (edge) {
                        hostLatch.latch(n, device);
                    }
                }

                // canRaise and raise touch the device's condition and raise budget; an edge pulse
                // also writes the host's latch (asked here: the host is connected after the rules).
                @Override public Footprint footprint() {
                    FieldSet own = FieldSet.of(f.deviceCondition[device], f.raisesLeft[device]);
                    return Footprint.of(own, edge ? own.with(hostLatch.latchFields(device)) : own);
                }

                @Override public String toString() { return name(); }
            });
        }
        return rules;
    }
}
