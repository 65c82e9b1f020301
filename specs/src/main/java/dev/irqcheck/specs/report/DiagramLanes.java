package dev.irqcheck.specs.report;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.system.Lane;
import java.util.ArrayList;
import java.util.List;

/**
 * The lanes of a sequence diagram, left to right along the interrupt's path: one per device,
 * host/VFIO, eventfds, the kworker that runs {@code irqfd_inject}, KVM's irqfd and routing state,
 * the resampler, the VMM, the interrupt controller (VGIC, IOAPIC or 8259), then each vCPU beside its guest. Every lane of the
 * configuration is drawn, touched or not, so a reader finds each component in the same place.
 * The model's {@link Lane} says which component a rule or field belongs to; this splits its
 * device lane per device and its irqfd lane into the kworker (the inject work) and KVM's state.
 */
final class DiagramLanes {
    private final InterruptSystem model;
    private final List<String> labels = new ArrayList<>();
    private final int firstFixed;
    private final int firstCpu;

    private enum Fixed {
        HOST("host / VFIO"), EVENTFD("eventfds"), KWORKER("kworker"), IRQFD("KVM irqfd"), RESAMPLER("resampler"),
        VMM("VMM (userspace)"), IRQCHIP("VGIC distributor");

        final String label;

        Fixed(String label) {
            this.label = label;
        }
    }

    DiagramLanes(InterruptSystem model) {
        this.model = model;
        for (var d : model.topology().devices()) {
            labels.add("device " + d.name());
        }
        firstFixed = labels.size();
        for (Fixed f : Fixed.values()) {
            labels.add(f == Fixed.IRQCHIP ? irqchipLabel(model) : f.label);
        }
        firstCpu = labels.size();
        for (int v = 0; v < model.topology().vcpus(); v++) {
            labels.add("vCPU " + v);
            labels.add("guest " + v);
        }
    }

    /** The interrupt controller the guest is wired to: the VGIC on arm64, on x86 the chip that delivers. */
    private static String irqchipLabel(InterruptSystem model) {
        var x86 = model.topology().x86();
        if (x86 == null) {
            return Fixed.IRQCHIP.label;
        }
        return x86.picServicesIrqs() ? "8259 PIC (IOAPIC masked)" : "IOAPIC (PIC masked)";
    }

    List<String> labels() {
        return labels;
    }

    /** The lane whose state {@code f} is. */
    int ofField(Field f) {
        Lane lane = model.laneOf(f);
        if (lane.kind() == Lane.Kind.DEVICE) {
            return deviceOf(f.name());
        }
        return of(lane, false);
    }

    /** The lane step {@code i} (1-based) runs in. */
    int ofStep(Trace trace, int i) {
        Rule rule = trace.steps().get(i - 1).rule();
        Lane lane = model.laneOf(rule);
        if (lane.kind() == Lane.Kind.DEVICE) {
            // A device's own step changes that device's fields.
            for (Field f : trace.changedFields(i)) {
                if (model.laneOf(f).kind() == Lane.Kind.DEVICE) {
                    return deviceOf(f.name());
                }
            }
            return 0;
        }
        return of(lane, rule.name().startsWith("irqfd_inject"));
    }

    private int of(Lane lane, boolean injectWork) {
        return switch (lane.kind()) {
            case DEVICE -> 0;
            case HOST -> firstFixed + Fixed.HOST.ordinal();
            case EVENTFD -> firstFixed + Fixed.EVENTFD.ordinal();
            case IRQFD -> firstFixed + (injectWork ? Fixed.KWORKER : Fixed.IRQFD).ordinal();
            case RESAMPLER -> firstFixed + Fixed.RESAMPLER.ordinal();
            case VMM -> firstFixed + Fixed.VMM.ordinal();
            case VGIC -> firstFixed + Fixed.IRQCHIP.ordinal();
            case VCPU -> firstCpu + 2 * lane.index();
            case GUEST -> firstCpu + 2 * lane.index() + 1;
        };
    }

    /** The device a {@code device.NAME.field} belongs to: the longest declared name it starts with. */
    private int deviceOf(String fieldName) {
        int best = 0;
        int bestLength = -1;
        var devices = model.topology().devices();
        for (int d = 0; d < devices.size(); d++) {
            String prefix = "device." + devices.get(d).name() + ".";
            if (fieldName.startsWith(prefix) && prefix.length() > bestLength) {
                best = d;
                bestLength = prefix.length();
            }
        }
        return best;
    }
}
