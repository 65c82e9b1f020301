package dev.irqcheck.model.topology;

import dev.irqcheck.model.irqchip.ChipRoute;
import dev.irqcheck.model.irqchip.GsiRouting;
import dev.irqcheck.model.irqchip.IrqChipKind;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks an x86 topology must pass, with messages that name the element. */
final class X86Topology {
    private X86Topology() {
    }

    static void validate(int vcpus, List<DeviceSpec> devices, List<IrqfdSpec> irqfds, List<RouteEntry> routes,
                         List<SpiSpec> spis, Bounds bounds, List<IrqLineSpec> irqLines, List<RouteEntry> reroutes,
                         X86Setup x86) {
        if (!routes.isEmpty() || !spis.isEmpty() || !reroutes.isEmpty() || !irqLines.isEmpty()) {
            throw new IllegalArgumentException("an x86 topology has IOAPIC pins and chip routes, not VGIC SPIs, routes, "
                    + "reroutes or emulated irq lines");
        }
        if (bounds.retargets() > 0 || bounds.activeWrites() > 0
                || bounds.configWrites() > 0 || bounds.reassigns() > 0 || bounds.otherExitsPerVcpu() > 0) {
            throw new IllegalArgumentException("x86 models no retargets, ICACTIVER or ICFGR writes, "
                    + "irqfd reassigns or other exits yet (docs/warts.md)");
        }
        // The guest's disable_irq/enable_irq pairs share the budget arm64 calls distributor writes;
        // raw GICD_I[SC]PENDR writes have no x86 counterpart.
        if (bounds.distributorWrites() > 0 && bounds.rawPendingWrites()) {
            throw new IllegalArgumentException("x86 has disable_irq/enable_irq pairs but no raw GICD_ISPENDR/ICPENDR "
                    + "writes: the bounds need rawPendingWrites false");
        }
        // setup_routing_entry's refusals (the same irqchip twice for one GSI).
        GsiRouting routing = new GsiRouting(x86.routes());
        Set<Integer> pins = new HashSet<>();
        for (IoapicPinSpec p : x86.pins()) {
            if (!pins.add(p.pin())) {
                throw new IllegalArgumentException("IOAPIC pin " + p.pin() + " is declared twice");
            }
            if (p.destVcpu() < 0 || p.destVcpu() >= vcpus) {
                throw new IllegalArgumentException("IOAPIC pin " + p.pin() + " targets vCPU " + p.destVcpu()
                        + " but there are " + vcpus);
            }
        }
        for (ChipRoute r : x86.routes()) {
            if (r.chip().arch() != dev.irqcheck.model.irqchip.Arch.X86) {
                throw new IllegalArgumentException("GSI " + r.gsi() + " routes to the " + r.chip().spelling()
                        + ", which x86 does not have");
            }
        }
        if (x86.picServicesIrqs()) {
            X86PicTopology.validate(irqfds, x86);
            if (bounds.distributorWrites() > 0) {
                // i8259A_chip has irq_disable (disable_8259A_irq): disable_irq masks at once, not lazily.
                throw new IllegalArgumentException("disable_irq/enable_irq pairs are not modelled with pic: unmasked "
                        + "(an 8259 line is masked at once by disable_irq, not lazily)");
            }
        } else if (!x86.picLines().isEmpty()) {
            throw new IllegalArgumentException("PIC lines are the guest's IRQs only with pic: unmasked");
        }
        for (IrqfdSpec f : irqfds) {
            if (routing.routesOf(f.gsi()).length == 0) {
                throw new IllegalArgumentException("irqfd on GSI " + f.gsi() + " which has no route");
            }
            for (ChipRoute r : routing.routesOf(f.gsi())) {
                if (r.chip() == IrqChipKind.IOAPIC && !pins.contains(r.pin()) && !x86.picServicesIrqs()) {
                    throw new IllegalArgumentException("irqfd on GSI " + f.gsi() + " reaches IOAPIC pin " + r.pin()
                            + ", which is not declared in interrupts");
                }
            }
        }
        Set<Integer> withLine = new HashSet<>();
        for (X86Setup.X86IrqLine l : x86.lines()) {
            if (l.device() < 0 || l.device() >= devices.size() || devices.get(l.device()).handler().isVfio()) {
                throw new IllegalArgumentException("an irq line needs a QEMU-emulated device, got device " + l.device());
            }
            if (!withLine.add(l.device())) {
                throw new IllegalArgumentException("device " + l.device() + " has two irq lines");
            }
            boolean reachesPin = false;
            for (ChipRoute r : routing.routesOf(l.gsi())) {
                reachesPin |= r.chip() == IrqChipKind.IOAPIC && pins.contains(r.pin());
            }
            if (!reachesPin) {
                throw new IllegalArgumentException("irq line on GSI " + l.gsi() + ", which reaches no declared IOAPIC pin");
            }
        }
        for (int i = 0; i < devices.size(); i++) {
            DeviceSpec d = devices.get(i);
            if (!d.handler().isVfio() && !withLine.contains(i)) {
                throw new IllegalArgumentException("device " + d.name() + ": a QEMU-emulated device needs an irq line");
            }
        }
    }
}
