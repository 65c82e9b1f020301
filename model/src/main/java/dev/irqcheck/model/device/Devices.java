package dev.irqcheck.model.device;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.system.InterruptLayout;
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
    private final Topology topology;
    private final InterruptLayout f;

    public Devices(Topology topology, InterruptLayout fields) {
        this.topology = topology;
        this.f = fields;
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
            rules.add(Rule.of("device: raise " + dev.name(),
                    s -> !f.deviceCondition[device].get(s) && f.raisesLeft[device].get(s) > 0,
                    (s, n) -> {
                        f.deviceCondition[device].set(n, true);
                        f.raisesLeft[device].set(n, f.raisesLeft[device].get(s) - 1);
                        if (edge) {
                            f.edgeLatched[device].set(n, true);
                        }
                    }));
        }
        return rules;
    }
}
