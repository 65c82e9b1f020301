package dev.irqcheck.model.host;

import dev.irqcheck.checker.api.FieldSet;
import dev.irqcheck.checker.api.Footprint;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.kvm.Irqfds;
import dev.irqcheck.model.device.Devices;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.HostHandlerKind;
import java.util.ArrayList;
import java.util.List;

/** The host side of a VFIO-platform IRQ: drivers/vfio/platform/vfio_platform_irq.c and genirq. */
final class VfioPlatform {
    private final Topology topology;
    private final HostFields f;
    private final Devices devices;
    private final Irqfds irqfds;

    VfioPlatform(Topology topology, HostFields fields, Devices devices, Irqfds irqfds) {
        this.topology = topology;
        this.f = fields;
        this.devices = devices;
        this.irqfds = irqfds;
    }

    List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (int d = 0; d < topology.devices().size(); d++) {
            DeviceSpec dev = topology.devices().get(d);
            int device = d;
            if (dev.handler() == HostHandlerKind.VFIO_PLATFORM_AUTOMASKED) {
                // vfio_automasked_irq_handler: the host GIC delivers a high level line while the IRQ
                // is enabled (depth 0); under irq_ctx->lock the handler disables it
                // (disable_irq_nosync) and sets masked, drops the lock, then signals the trigger: two
                // steps. The handler's already-masked branch (IRQ_NONE) is unreachable from hardware:
                // genirq's handle_fasteoi_irq does not call the action of a disabled IRQ, so the guard
                // excludes it. Abstracted: host GIC priority/affinity.
                // While the handler has not returned (signal owed), the host IRQ is in progress: a
                // re-fire on another host CPU finds !irq_may_run and does not call it again.
                // Footprint: hasCondition reads the device's fields (all three given, a superset);
                // the rest is this device's host state.
                FieldSet hostState = FieldSet.of(f.hostDepth[device], f.hostMasked[device], f.hostSignalOwed[device]);
                Footprint mask = Footprint.of(hostState.with(devices.fieldsOf(device)), hostState);
                rules.add(Rule.of("vfio_automasked_irq_handler: mask " + dev.name(), mask,
                        s -> devices.hasCondition(s, device) && f.hostDepth[device].get(s) == 0
                                && !f.hostMasked[device].get(s) && !f.hostSignalOwed[device].get(s),
                        (s, n) -> {
                            f.hostDepth[device].set(n, f.hostDepth[device].get(s) + 1);
                            f.hostMasked[device].set(n, true);
                            f.hostSignalOwed[device].set(n, true);
                        }));
                rules.add(signalRule("vfio_automasked_irq_handler: eventfd_signal(trigger) " + dev.name(), device));
            } else if (dev.handler() == HostHandlerKind.VFIO_PLATFORM_EDGE) {
                // vfio_irq_handler: an edge IRQ; signal the trigger, no masking.
                rules.add(Rule.of("vfio_irq_handler: signal " + dev.name(),
                        s -> f.edgeLatched[device].get(s),
                        (s, n) -> {
                            f.edgeLatched[device].set(n, false);
                            irqfds.signalTrigger(n, device);
                        }));
            }
        }
        return rules;
    }

    /** The handler's second step, after its lock: eventfd_signal(trigger) -> irqfd_wakeup. */
    private Rule signalRule(String name, int device) {
        return Rule.of(name, s -> f.hostSignalOwed[device].get(s), (s, n) -> {
            f.hostSignalOwed[device].set(n, false);
            irqfds.signalTrigger(n, device);
        });
    }

    /**
     * vfio_platform_unmask: if masked, enable_irq and clear masked. It does not look at the line:
     * a line still high re-fires through the host GIC (the handler rule becomes enabled again).
     */
    void unmask(long[] n, int device) {
        if (f.hostMasked[device].get(n)) {
            f.hostDepth[device].set(n, f.hostDepth[device].get(n) - 1);
            f.hostMasked[device].set(n, false);
        }
    }
}
