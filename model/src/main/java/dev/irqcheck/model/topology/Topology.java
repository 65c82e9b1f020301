package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import java.util.ArrayList;
import java.util.List;

/**
 * A routing configuration: devices, their irqfds, the GSI routing table, the VGIC's SPIs, vCPUs
 * and list registers per vCPU. Immutable; validated on construction with messages that name the
 * element. Indices (device, SPI) are positions in these lists.
 */
public record Topology(int vcpus, int listRegisters, List<DeviceSpec> devices, List<IrqfdSpec> irqfds,
                       List<RouteEntry> routes, List<SpiSpec> spis, Bounds bounds, List<IrqLineSpec> irqLines,
                       List<RouteEntry> reroutes, X86Setup x86) {
    /** An arm64 topology. */
    public Topology(int vcpus, int listRegisters, List<DeviceSpec> devices, List<IrqfdSpec> irqfds,
                    List<RouteEntry> routes, List<SpiSpec> spis, Bounds bounds, List<IrqLineSpec> irqLines,
                    List<RouteEntry> reroutes) {
        this(vcpus, listRegisters, devices, irqfds, routes, spis, bounds, irqLines, reroutes, null);
    }

    public Topology {
        if (x86 != null) {
            X86Topology.validate(vcpus, devices, irqfds, routes, spis, bounds, irqLines, reroutes, x86);
        }
        reroutes = List.copyOf(reroutes);
        if (reroutes.size() > 3) {
            throw new IllegalArgumentException("at most 3 reroutes, got " + reroutes.size());
        }
        for (RouteEntry r : reroutes) {
            if (routes.stream().noneMatch(x -> x.gsi() == r.gsi())) {
                throw new IllegalArgumentException("reroute of GSI " + r.gsi() + ", which has no route");
            }
            if (spis.stream().noneMatch(s -> s.intid() == r.intid())) {
                throw new IllegalArgumentException("reroute to INTID " + r.intid() + ", which is not a declared SPI");
            }
        }
        irqLines = List.copyOf(irqLines);
        for (IrqLineSpec line : irqLines) {
            if (line.device() < 0 || line.device() >= devices.size() || devices.get(line.device()).handler().isVfio()) {
                throw new IllegalArgumentException("an irq line needs a QEMU-emulated device, got device " + line.device());
            }
            if (spis.stream().noneMatch(s -> s.intid() == line.intid())) {
                throw new IllegalArgumentException("irq line to INTID " + line.intid() + " which is not a declared SPI");
            }
        }
        devices = List.copyOf(devices);
        irqfds = List.copyOf(irqfds);
        routes = List.copyOf(routes);
        spis = List.copyOf(spis);
        if (vcpus < 1 || vcpus > 4) {
            throw new IllegalArgumentException("vcpus must be 1..4, got " + vcpus);
        }
        if (listRegisters < 1 || listRegisters > 4) {
            throw new IllegalArgumentException("list registers must be 1..4, got " + listRegisters);
        }
        for (SpiSpec s : spis) {
            if (s.targetVcpu() < 0 || s.targetVcpu() >= vcpus) {
                throw new IllegalArgumentException("SPI " + s.intid() + " targets vCPU " + s.targetVcpu()
                        + " but there are " + vcpus);
            }
        }
        // More SPIs than list registers may reach a vCPU (LR overflow): accepted. The ap_list sort,
        // the maintenance interrupts and the EOIcount replay of the 6.19 rework model it; the
        // SPI bitmask a vCPU keeps for the EOIcount walk bounds the SPIs to 16.
        if (lrOverflowPossible(vcpus, listRegisters, spis, bounds) && spis.size() > 16) {
            throw new IllegalArgumentException(spis.size() + " SPIs with more SPIs than list registers on a vCPU; "
                    + "LR overflow is modelled for up to 16 SPIs");
        }
        java.util.Set<Integer> devicesWithIrqfd = new java.util.HashSet<>();
        for (IrqfdSpec f : irqfds) {
            // One trigger eventfd feeds one irqfd (kvm_irqfd_register: exclusive priority waiter).
            if (!devicesWithIrqfd.add(f.device())) {
                throw new IllegalArgumentException("device " + f.device() + " has two irqfds on its trigger eventfd");
            }
            if (f.device() < 0 || f.device() >= devices.size()) {
                throw new IllegalArgumentException("irqfd names device " + f.device() + " which does not exist");
            }
            if (x86 == null && routes.stream().noneMatch(r -> r.gsi() == f.gsi())) {
                throw new IllegalArgumentException("irqfd on GSI " + f.gsi() + " which has no route");
            }
        }
        java.util.Set<Integer> routedGsis = new java.util.HashSet<>();
        for (RouteEntry r : routes) {
            // setup_routing_entry refuses the same irqchip twice for one GSI; arm64 has one irqchip.
            if (!routedGsis.add(r.gsi())) {
                throw new IllegalArgumentException("GSI " + r.gsi() + " is routed twice; the kernel refuses the same irqchip twice");
            }
            if (spis.stream().noneMatch(s -> s.intid() == r.intid())) {
                throw new IllegalArgumentException("GSI " + r.gsi() + " routes to pin " + r.pin()
                        + " (INTID " + r.intid() + ") which is not a declared SPI");
            }
        }
    }

    /** A topology with {@link Bounds#defaults()} and no emulated devices. */
    public Topology(int vcpus, int listRegisters, List<DeviceSpec> devices, List<IrqfdSpec> irqfds,
                    List<RouteEntry> routes, List<SpiSpec> spis) {
        this(vcpus, listRegisters, devices, irqfds, routes, spis, Bounds.defaults(), List.of(), List.of());
    }

    /** A topology with no emulated devices and no reroutes. */
    public Topology(int vcpus, int listRegisters, List<DeviceSpec> devices, List<IrqfdSpec> irqfds,
                    List<RouteEntry> routes, List<SpiSpec> spis, Bounds bounds) {
        this(vcpus, listRegisters, devices, irqfds, routes, spis, bounds, List.of(), List.of());
    }

    /** A topology with no reroutes. */
    public Topology(int vcpus, int listRegisters, List<DeviceSpec> devices, List<IrqfdSpec> irqfds,
                    List<RouteEntry> routes, List<SpiSpec> spis, Bounds bounds, List<IrqLineSpec> irqLines) {
        this(vcpus, listRegisters, devices, irqfds, routes, spis, bounds, irqLines, List.of());
    }

    public Topology withIrqfds(List<IrqfdSpec> newIrqfds) {
        return new Topology(vcpus, listRegisters, devices, newIrqfds, routes, spis, bounds, irqLines, reroutes, x86);
    }

    public Topology withDevices(List<DeviceSpec> newDevices) {
        return new Topology(vcpus, listRegisters, newDevices, irqfds, routes, spis, bounds,
                irqLines, reroutes, x86);
    }

    public Topology withSpis(List<SpiSpec> newSpis) {
        return new Topology(vcpus, listRegisters, devices, irqfds, routes, newSpis, bounds, irqLines, reroutes, x86);
    }

    /**
     * The routing after the reroutes in {@code applied} (a bitmask over {@link #reroutes()}, applied
     * in list order; a later reroute of a GSI replaces the earlier route): KVM_SET_GSI_ROUTING
     * replaces the whole table, so the reverse map follows the new table's order.
     */
    public Topology routedAfter(int applied) {
        List<RouteEntry> table = new ArrayList<>(routes);
        for (int k = 0; k < reroutes.size(); k++) {
            if ((applied & (1 << k)) != 0) {
                RouteEntry r = reroutes.get(k);
                for (int i = 0; i < table.size(); i++) {
                    if (table.get(i).gsi() == r.gsi()) {
                        table.set(i, r);
                    }
                }
            }
        }
        return new Topology(vcpus, listRegisters, devices, irqfds, table, spis, bounds, irqLines, List.of(), x86);
    }

    /** The architecture: x86 when the topology has an {@link X86Setup}. */
    public dev.irqcheck.model.irqchip.Arch arch() {
        return x86 == null ? dev.irqcheck.model.irqchip.Arch.ARM64 : dev.irqcheck.model.irqchip.Arch.X86;
    }

    /**
     * The interrupts the guest's Linux handles, each with its irq descriptor: the SPIs on arm64,
     * the IOAPIC pins on x86, or the 8259 lines with {@code pic: unmasked}. Guest state is indexed by
     * position in this list.
     */
    public List<GuestIrq> guestIrqs() {
        if (x86 == null) {
            return spis.stream().map(s -> new GuestIrq(Integer.toString(s.intid()), s.driver())).toList();
        }
        if (x86.picServicesIrqs()) {
            return x86.picLines().stream().map(l -> new GuestIrq("pic" + l.irq(), l.driver())).toList();
        }
        return x86.pins().stream().map(p -> new GuestIrq("ioapic" + p.pin(), p.driver())).toList();
    }

    /** x86 with every IOAPIC pin's driver replaced (the guest_driver axis). */
    public Topology withIoapicDrivers(dev.irqcheck.model.variant.GuestDriver driver) {
        if (x86 == null) {
            return this;
        }
        List<IoapicPinSpec> pins = x86.pins().stream()
                .map(p -> new IoapicPinSpec(p.pin(), p.trigger(), p.masked(), p.destVcpu(), driver)).toList();
        List<PicLineSpec> picLines = x86.picLines().stream()
                .map(l -> new PicLineSpec(l.irq(), l.trigger(), driver)).toList();
        return new Topology(vcpus, listRegisters, devices, irqfds, routes, spis, bounds, irqLines, reroutes,
                new X86Setup(x86.routes(), pins, x86.picMasked(), x86.lines(), picLines));
    }

    /**
     * The guest may disable an edge IRQ and replay an interrupt that arrived meanwhile
     * (enable_irq -> check_irq_resend): it has disable/enable pairs and an SPI or IOAPIC pin
     * configured edge.
     */
    public boolean guestMayReplayEdges() {
        return bounds.distributorWrites() > 0 && (spis.stream().anyMatch(s -> s.config() == TriggerMode.EDGE)
                || x86 != null && x86.pins().stream().anyMatch(p -> p.trigger() == TriggerMode.EDGE));
    }

    /** Some VFIO-PCI device starts with INTx off: its guest driver owes the PCI_COMMAND write. */
    public boolean anyDeviceStartsIntxOff() {
        return devices.stream().anyMatch(DeviceSpec::intxStartsDisabled);
    }

    /** The largest GSI any route, reroute or irqfd names (0 when none). */
    /** Some vCPU can have more SPIs on its ap_list than it has list registers. */
    public boolean lrOverflowPossible() {
        return lrOverflowPossible(vcpus, listRegisters, spis, bounds);
    }

    private static boolean lrOverflowPossible(int vcpus, int listRegisters, List<SpiSpec> spis, Bounds bounds) {
        for (int v = 0; v < vcpus; v++) {
            int vcpu = v;
            long onVcpu = bounds.retargets() > 0 ? spis.size() : spis.stream().filter(s -> s.targetVcpu() == vcpu).count();
            if (onVcpu > listRegisters) {
                return true;
            }
        }
        return false;
    }

    public int maxGsi() {
        int max = 0;
        for (RouteEntry r : routes) {
            max = Math.max(max, r.gsi());
        }
        for (RouteEntry r : reroutes) {
            max = Math.max(max, r.gsi());
        }
        for (IrqfdSpec f : irqfds) {
            max = Math.max(max, f.gsi());
        }
        if (x86 != null) {
            for (dev.irqcheck.model.irqchip.ChipRoute r : x86.routes()) {
                max = Math.max(max, r.gsi());
            }
        }
        return max;
    }

    public int irqLineSpiOfDevice(int device) {
        for (IrqLineSpec line : irqLines) {
            if (line.device() == device) {
                return spiIndexOf(line.intid());
            }
        }
        return -1;
    }

    /** SPI indices a GSI is routed to, in table order. */
    public List<Integer> spisOfGsi(int gsi) {
        List<Integer> out = new ArrayList<>();
        for (RouteEntry r : routes) {
            if (r.gsi() == gsi) {
                out.add(spiIndexOf(r.intid()));
            }
        }
        return out;
    }

    /**
     * The GSI kvm_notify_acked_irq finds for an SPI: the reverse map chip[0][pin], which
     * virt/kvm/irqchip.c setup_routing_entry overwrites, so the last entry for the pin wins.
     * -1 when no GSI routes to it.
     */
    public int gsiOfSpi(int spi) {
        int pin = spis.get(spi).intid() - 32;
        int gsi = -1;
        for (RouteEntry r : routes) {
            if (r.pin() == pin) {
                gsi = r.gsi();
            }
        }
        return gsi;
    }

    public int spiIndexOf(int intid) {
        for (int i = 0; i < spis.size(); i++) {
            if (spis.get(i).intid() == intid) {
                return i;
            }
        }
        return -1;
    }

    /** Irqfd indices on a GSI with the resample flag, in assignment order: the resampler's list. */
    public List<Integer> resampleIrqfdsOnGsi(int gsi) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < irqfds.size(); i++) {
            if (irqfds.get(i).gsi() == gsi && irqfds.get(i).kind() == IrqfdKind.RESAMPLE) {
                out.add(i);
            }
        }
        return out;
    }

    /**
     * Devices whose irqfd reaches the SPI through routing, or whose emulated line drives it: the
     * devices the guest's ISR services.
     */
    public List<Integer> devicesOfSpi(int spi) {
        List<Integer> out = new ArrayList<>();
        for (IrqfdSpec f : irqfds) {
            if (spisOfGsi(f.gsi()).contains(spi) && !out.contains(f.device())) {
                out.add(f.device());
            }
        }
        for (IrqLineSpec line : irqLines) {
            if (spiIndexOf(line.intid()) == spi && !out.contains(line.device())) {
                out.add(line.device());
            }
        }
        return out;
    }

    /** The irqfd fed by a device's trigger eventfd, or -1. */
    public int irqfdOfDevice(int device) {
        for (int i = 0; i < irqfds.size(); i++) {
            if (irqfds.get(i).device() == device) {
                return i;
            }
        }
        return -1;
    }

    /** The seed design: one level device, VFIO-platform automasked, resample irqfd on GSI 5, SPI 37. */
    public static Topology singleLevelDevice(int raises) {
        return new Topology(1, 1,
                List.of(new DeviceSpec("dev0", TriggerMode.LEVEL, raises, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE)),
                List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0)));
    }
}
