package dev.irqcheck.specs.scenario;

import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqLineSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.specs.claims.Expectation;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.specs.claims.FieldExpression;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.claims.UserInvariant;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads a scenario file into a {@link Scenario}, checking everything a user can get wrong and
 * answering with file, line, field and the expected form. The format is documented in the README.
 */
public final class ScenarioParser {
    private static final Set<String> TOP = Set.of("name", "description", "vcpus", "list_registers",
            "other_exits", "retargets", "distributor_writes", "raw_pending_writes", "disable_enable_pairs", "icactiver_writes", "icfgr_writes", "irqfd_reassigns", "reroutes",
            "invariants", "irq_lines", "arch", "pic", "pic_lines",
            "devices", "irqfds", "routing", "interrupts", "variants", "properties", "expect");
    private static final Set<String> DEVICE = Set.of("name", "trigger", "raises", "handler", "intx_starts_disabled");
    private static final Set<String> IRQFD = Set.of("device", "gsi", "kind");
    private static final Set<String> ROUTE = Set.of("gsi", "pin");
    private static final Set<String> SPI = Set.of("intid", "config", "enabled", "target_vcpu", "driver");
    private static final Set<String> X86_ROUTE = Set.of("gsi", "chip", "pin");
    private static final Set<String> X86_IRQ_LINE = Set.of("device", "gsi");
    private static final Set<String> X86_PIN = Set.of("pin", "trigger", "masked", "dest_vcpu", "driver");
    private static final Set<String> PIC_LINE = Set.of("irq", "trigger", "driver");
    /** Keys only the arm64 model gives a meaning to. */
    private static final List<String> ARM64_ONLY = List.of("list_registers", "other_exits", "retargets",
            "distributor_writes", "raw_pending_writes", "icfgr_writes", "irqfd_reassigns", "icactiver_writes", "reroutes");
    private static final Set<String> INVARIANT = Set.of("name", "always");
    private static final Set<String> IRQ_LINE = Set.of("device", "intid");
    // Bounds on what an untrusted file can make the checker build: far beyond what an exhaustive
    // search can finish (2,000 devices made every state's symmetry canonicalisation take seconds).
    static final int MAX_DEVICES = 16;
    static final int MAX_INTERRUPTS = 32;
    static final int MAX_INVARIANTS = 64;
    static final int MAX_EXPECT_ENTRIES = 256;

    private final boolean expectationsOptional;

    public ScenarioParser() {
        this(false);
    }

    private ScenarioParser(boolean expectationsOptional) {
        this.expectationsOptional = expectationsOptional;
    }

    /** A parser for {@code --bless} and {@code --explore}: {@code expect} may be missing or partial (UNSTATED). */
    public static ScenarioParser withOptionalExpectations() {
        return new ScenarioParser(true);
    }

    public Scenario parse(Path file) throws ScenarioException {
        return parse(file, ScenarioInput.read(file));
    }

    public Scenario parse(Path file, String text) throws ScenarioException {
        YamlTree y = new YamlTree(file);
        Node root = y.parse(text);
        Map<String, Node> top = y.mapping(root, "", TOP);
        for (String required : List.of("name", "devices", "irqfds", "routing", "interrupts", "properties", "expect")) {
            if (!top.containsKey(required) && !(expectationsOptional && required.equals("expect"))) {
                throw new ScenarioException(file, YamlTree.line(root), required, "missing; every scenario needs "
                        + "name, devices, irqfds, routing, interrupts, properties and expect");
            }
        }
        String name = y.string(top.get("name"), "name");
        dev.irqcheck.model.irqchip.Arch arch = top.containsKey("arch")
                ? y.choice(top.get("arch"), "arch", dev.irqcheck.model.irqchip.Arch.class) : dev.irqcheck.model.irqchip.Arch.ARM64;
        boolean x86 = arch == dev.irqcheck.model.irqchip.Arch.X86;
        if (x86) {
            for (String key : ARM64_ONLY) {
                if (top.containsKey(key)) {
                    throw y.error(top.get(key), key, "not modelled for arch: x86 (docs/warts.md); remove it"
                            + (key.equals("distributor_writes") ? " (disable_irq/enable_irq pairs are disable_enable_pairs)" : ""));
                }
            }
        } else if (top.containsKey("pic")) {
            throw y.error(top.get("pic"), "pic", "only arch: x86 has a PIC");
        } else if (top.containsKey("pic_lines")) {
            throw y.error(top.get("pic_lines"), "pic_lines", "only arch: x86 has a PIC");
        }
        String description = top.containsKey("description") ? y.string(top.get("description"), "description") : "";
        int vcpus = top.containsKey("vcpus") ? y.integer(top.get("vcpus"), "vcpus", 1, 4) : 1;
        int lrs = top.containsKey("list_registers") ? y.integer(top.get("list_registers"), "list_registers", 1, 4) : 1;
        Bounds defaults = Bounds.defaults();
        int otherExits = top.containsKey("other_exits")
                ? y.integer(top.get("other_exits"), "other_exits", 0, 3) : x86 ? 0 : defaults.otherExitsPerVcpu();
        int retargets = top.containsKey("retargets") ? y.integer(top.get("retargets"), "retargets", 0, 3) : defaults.retargets();
        int distributorWrites = top.containsKey("distributor_writes")
                ? y.integer(top.get("distributor_writes"), "distributor_writes", 0, 3) : 0;
        boolean rawPendingWrites = !top.containsKey("raw_pending_writes")
                || y.bool(top.get("raw_pending_writes"), "raw_pending_writes");
        // The chip-neutral key: disable_irq calls (each owing its enable_irq) and no raw pending
        // writes, the same budget as distributor_writes with raw_pending_writes: false on arm64.
        if (top.containsKey("disable_enable_pairs")) {
            for (String arm64Spelling : List.of("distributor_writes", "raw_pending_writes")) {
                if (top.containsKey(arm64Spelling)) {
                    throw y.error(top.get("disable_enable_pairs"), "disable_enable_pairs",
                            "is " + arm64Spelling + "'s budget without raw pending writes; give one of the two, not both");
                }
            }
            distributorWrites = y.integer(top.get("disable_enable_pairs"), "disable_enable_pairs", 0, 3);
            rawPendingWrites = false;
        }
        int configWrites = top.containsKey("icfgr_writes")
                ? y.integer(top.get("icfgr_writes"), "icfgr_writes", 0, 2) : 0;
        int reassigns = top.containsKey("irqfd_reassigns")
                ? y.integer(top.get("irqfd_reassigns"), "irqfd_reassigns", 0, 2) : 0;
        int activeWrites = top.containsKey("icactiver_writes")
                ? y.integer(top.get("icactiver_writes"), "icactiver_writes", 0, 2) : 0;
        if (retargets > 0 && vcpus < 2) {
            throw y.error(top.get("retargets"), "retargets", "retargeting needs at least 2 vcpus");
        }

        List<DeviceSpec> devices = new ArrayList<>();
        Map<String, Integer> deviceIndex = new HashMap<>();
        List<Node> deviceNodes = y.sequence(top.get("devices"), "devices", MAX_DEVICES);
        if (deviceNodes.isEmpty()) {
            throw y.error(top.get("devices"), "devices", "expected at least one device");
        }
        for (int i = 0; i < deviceNodes.size(); i++) {
            String at = "devices[" + i + "]";
            Map<String, Node> d = y.mapping(deviceNodes.get(i), at, DEVICE);
            requireKeys(y, deviceNodes.get(i), d, at, List.of("name", "trigger", "raises"));
            String dn = y.name(d.get("name"), at + ".name");
            if (deviceIndex.containsKey(dn)) {
                throw y.error(d.get("name"), at + ".name", "duplicate device name '" + dn + "'");
            }
            TriggerMode trigger = y.choice(d.get("trigger"), at + ".trigger", TriggerMode.class);
            int raises = y.integer(d.get("raises"), at + ".raises", 1, 7);
            HostHandlerKind handler = trigger == TriggerMode.LEVEL
                    ? HostHandlerKind.VFIO_PLATFORM_AUTOMASKED : HostHandlerKind.VFIO_PLATFORM_EDGE;
            if (d.containsKey("handler")) {
                handler = y.choice(d.get("handler"), at + ".handler", HostHandlerKind.class);
                if (handler.isVfio() && handler.automasks() != (trigger == TriggerMode.LEVEL)) {
                    throw y.error(d.get("handler"), at + ".handler", trigger == TriggerMode.LEVEL
                            ? "a level device needs an automasking handler (vfio-platform-automasked, "
                                    + "vfio-pci-intx-disintx or vfio-pci-intx-exclusive)"
                            : "an edge device needs handler vfio-platform-edge");
                }
            }
            boolean startsDisabled = false;
            if (d.containsKey("intx_starts_disabled")) {
                startsDisabled = y.bool(d.get("intx_starts_disabled"), at + ".intx_starts_disabled");
                if (startsDisabled && !handler.isPci()) {
                    throw y.error(d.get("intx_starts_disabled"), at + ".intx_starts_disabled",
                            "only a VFIO-PCI INTx (handler vfio-pci-intx-disintx or vfio-pci-intx-exclusive) has a DisINTx bit");
                }
            }
            deviceIndex.put(dn, i);
            devices.add(new DeviceSpec(dn, trigger, raises, handler, startsDisabled));
        }

        List<SpiSpec> spis = new ArrayList<>();
        List<RouteEntry> routes = new ArrayList<>();
        Map<Integer, Node> firstRouteOfGsi = new HashMap<>();
        dev.irqcheck.model.topology.X86Setup x86Setup = null;
        if (x86) {
            x86Setup = x86Section(y, top, vcpus, firstRouteOfGsi);
        }
        List<Node> spiNodes = x86 ? List.of() : y.sequence(top.get("interrupts"), "interrupts", MAX_INTERRUPTS);
        Set<Integer> intids = new HashSet<>();
        for (int i = 0; i < spiNodes.size(); i++) {
            String at = "interrupts[" + i + "]";
            Map<String, Node> s = y.mapping(spiNodes.get(i), at, SPI);
            requireKeys(y, spiNodes.get(i), s, at, List.of("intid", "config"));
            Node intidNode = s.get("intid");
            int intid = y.integer(intidNode, at + ".intid", 0, 1019);
            if (intid < 32) {
                throw y.error(intidNode, at + ".intid", "INTID " + intid + " is an SGI or PPI; irqfd and GSI routing "
                        + "reach only SPIs (32..1019), see vgic_irqfd_set_irq");
            }
            if (!intids.add(intid)) {
                throw y.error(intidNode, at + ".intid", "duplicate interrupt " + intid);
            }
            TriggerMode config = y.choice(s.get("config"), at + ".config", TriggerMode.class);
            boolean enabled = !s.containsKey("enabled") || y.bool(s.get("enabled"), at + ".enabled");
            int target = s.containsKey("target_vcpu") ? y.integer(s.get("target_vcpu"), at + ".target_vcpu", 0, vcpus - 1) : 0;
            GuestDriver driver = s.containsKey("driver")
                    ? y.choice(s.get("driver"), at + ".driver", GuestDriver.class) : GuestDriver.NORMAL_ISR;
            spis.add(new SpiSpec(intid, config, enabled, target, driver));
        }

        List<Node> routeNodes = x86 ? List.of() : y.sequence(top.get("routing"), "routing", MAX_INTERRUPTS);
        for (int i = 0; i < routeNodes.size(); i++) {
            String at = "routing[" + i + "]";
            Map<String, Node> r = y.mapping(routeNodes.get(i), at, ROUTE);
            requireKeys(y, routeNodes.get(i), r, at, List.of("gsi", "pin"));
            int gsi = y.integer(r.get("gsi"), at + ".gsi", 0, 1023);
            int pin = y.integer(r.get("pin"), at + ".pin", 0, 1019 - 32);
            if (!intids.contains(pin + 32)) {
                throw y.error(r.get("pin"), at + ".pin", "pin " + pin + " is INTID " + (pin + 32)
                        + ", which is not declared under interrupts");
            }
            if (firstRouteOfGsi.containsKey(gsi)) {
                // setup_routing_entry: a GSI may not map to the same irqchip twice; arm64 has one irqchip.
                throw y.error(r.get("gsi"), at + ".gsi", "GSI " + gsi + " already routes to the VGIC (line "
                        + YamlTree.line(firstRouteOfGsi.get(gsi)) + "); the kernel refuses the same irqchip twice for one GSI");
            }
            firstRouteOfGsi.put(gsi, r.get("gsi"));
            routes.add(new RouteEntry(gsi, pin));
        }

        List<IrqfdSpec> irqfds = new ArrayList<>();
        List<Node> irqfdNodes = y.sequence(top.get("irqfds"), "irqfds", MAX_DEVICES);
        Set<Integer> devicesWithIrqfd = new HashSet<>();
        for (int i = 0; i < irqfdNodes.size(); i++) {
            String at = "irqfds[" + i + "]";
            Map<String, Node> f = y.mapping(irqfdNodes.get(i), at, IRQFD);
            requireKeys(y, irqfdNodes.get(i), f, at, List.of("device", "gsi", "kind"));
            String dn = y.string(f.get("device"), at + ".device");
            Integer device = deviceIndex.get(dn);
            if (device == null) {
                throw y.error(f.get("device"), at + ".device", "no device named '" + dn + "'; declared: " + deviceIndex.keySet());
            }
            if (!devicesWithIrqfd.add(device)) {
                throw y.error(f.get("device"), at + ".device", "device '" + dn + "' already has an irqfd; its trigger "
                        + "eventfd cannot feed two irqfds (kvm_irqfd_assign returns -EBUSY)");
            }
            int gsi = y.integer(f.get("gsi"), at + ".gsi", 0, 1023);
            if (!firstRouteOfGsi.containsKey(gsi)) {
                throw y.error(f.get("gsi"), at + ".gsi", "GSI " + gsi + " has no route under routing, so nothing would reach the guest");
            }
            if (x86Setup != null && x86Setup.picServicesIrqs()) {
                refuseAnUnservicedPicGsi(y, f.get("gsi"), at + ".gsi", gsi, x86Setup);
            }
            IrqfdKind kind = y.choice(f.get("kind"), at + ".kind", IrqfdKind.class);
            irqfds.add(new IrqfdSpec(device, gsi, kind));
        }
        List<IrqLineSpec> irqLines = new ArrayList<>();
        Set<Integer> devicesWithLine = new HashSet<>();
        if (top.containsKey("irq_lines")) {
            List<Node> lineNodes = y.sequence(top.get("irq_lines"), "irq_lines", MAX_DEVICES);
            List<dev.irqcheck.model.topology.X86Setup.X86IrqLine> x86Lines = new ArrayList<>();
            for (int i = 0; i < lineNodes.size(); i++) {
                String at = "irq_lines[" + i + "]";
                Map<String, Node> l = y.mapping(lineNodes.get(i), at, x86 ? X86_IRQ_LINE : IRQ_LINE);
                requireKeys(y, lineNodes.get(i), l, at, List.of("device", x86 ? "gsi" : "intid"));
                String dn = y.string(l.get("device"), at + ".device");
                Integer device = deviceIndex.get(dn);
                if (device == null) {
                    throw y.error(l.get("device"), at + ".device", "no device named '" + dn + "'; declared: " + deviceIndex.keySet());
                }
                if (devices.get(device).handler().isVfio()) {
                    throw y.error(l.get("device"), at + ".device", "device '" + dn + "' is assigned through VFIO; "
                            + "only a device with handler qemu-emulated drives a line with KVM_IRQ_LINE");
                }
                if (!devicesWithLine.add(device)) {
                    throw y.error(l.get("device"), at + ".device", "device '" + dn + "' already has an irq line");
                }
                if (x86) {
                    // KVM_IRQ_LINE on x86 names a GSI (kvm_vm_ioctl_irq_line -> kvm_set_irq).
                    int gsi = y.integer(l.get("gsi"), at + ".gsi", 0, 1023);
                    if (!firstRouteOfGsi.containsKey(gsi)) {
                        throw y.error(l.get("gsi"), at + ".gsi", "GSI " + gsi + " has no route under routing");
                    }
                    x86Lines.add(new dev.irqcheck.model.topology.X86Setup.X86IrqLine(device, gsi));
                    continue;
                }
                int intid = y.integer(l.get("intid"), at + ".intid", 32, 1019);
                if (!intids.contains(intid)) {
                    throw y.error(l.get("intid"), at + ".intid", "INTID " + intid + " is not declared under interrupts");
                }
                irqLines.add(new IrqLineSpec(device, intid));
            }
            if (x86) {
                x86Setup = new dev.irqcheck.model.topology.X86Setup(x86Setup.routes(), x86Setup.pins(), x86Setup.picMasked(), x86Lines,
                        x86Setup.picLines());
            }
        }
        for (int d = 0; d < devices.size(); d++) {
            boolean vfio = devices.get(d).handler().isVfio();
            if (vfio && devicesWithLine.contains(d) || !vfio && devicesWithIrqfd.contains(d)) {
                throw y.error(deviceNodes.get(d), "devices[" + d + "]", "device '" + devices.get(d).name()
                        + "': an assigned (VFIO) device uses an irqfd, an emulated one an irq line");
            }
            if (!devicesWithIrqfd.contains(d) && !devicesWithLine.contains(d)) {
                throw y.error(deviceNodes.get(d), "devices[" + d + "]", "device '" + devices.get(d).name()
                        + "' has no irqfd" + (vfio ? "" : " or irq line") + ", so it has no path to the guest");
            }
        }
        for (int i = 0; i < spis.size(); i++) {
            if (spis.get(i).targetVcpu() >= vcpus) {
                throw y.error(spiNodes.get(i), "interrupts[" + i + "].target_vcpu", "vCPU out of range");
            }
        }
        List<RouteEntry> reroutes = new ArrayList<>();
        if (top.containsKey("reroutes")) {
            List<Node> rerouteNodes = y.sequence(top.get("reroutes"), "reroutes");
            if (rerouteNodes.size() > 3) {
                throw y.error(top.get("reroutes"), "reroutes", "at most 3 reroutes");
            }
            for (int i = 0; i < rerouteNodes.size(); i++) {
                String at = "reroutes[" + i + "]";
                Map<String, Node> r = y.mapping(rerouteNodes.get(i), at, ROUTE);
                requireKeys(y, rerouteNodes.get(i), r, at, List.of("gsi", "pin"));
                int gsi = y.integer(r.get("gsi"), at + ".gsi", 0, 1023);
                int pin = y.integer(r.get("pin"), at + ".pin", 0, 1019 - 32);
                if (!firstRouteOfGsi.containsKey(gsi)) {
                    throw y.error(r.get("gsi"), at + ".gsi", "GSI " + gsi + " has no route to change");
                }
                if (!intids.contains(pin + 32)) {
                    throw y.error(r.get("pin"), at + ".pin", "pin " + pin + " is INTID " + (pin + 32)
                            + ", which is not declared under interrupts");
                }
                reroutes.add(new RouteEntry(gsi, pin));
            }
        }
        Topology topology;
        try {
            topology = new Topology(vcpus, lrs, devices, irqfds, routes, spis, new Bounds(otherExits, retargets, distributorWrites, activeWrites, reassigns, configWrites, rawPendingWrites),
                    irqLines, reroutes, x86Setup);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(file, YamlTree.line(root), x86 ? "routing" : "list_registers", e.getMessage());
        }

        List<Combination> combinations = combinations(y, top.get("variants"));
        refuseAxesOfTheOtherArch(y, top.get("variants"), arch);
        refuseAxesWithoutEffect(y, top.get("variants"), combinations, topology);
        if (combinations.stream().anyMatch(c -> c.values().containsKey(Axis.HOST_HANDLER))
                && devices.stream().noneMatch(d -> d.handler().automasks())) {
            throw y.error(top.get("variants"), "variants.host_handler", "no device has an automasking (level) "
                    + "handler for this axis to replace, so every value would check the same model");
        }
        List<ScenarioProperty> properties = new ArrayList<>();
        List<Node> propertyNodes = y.sequence(top.get("properties"), "properties");
        for (int i = 0; i < propertyNodes.size(); i++) {
            String at = "properties[" + i + "]";
            Node propertyNode = propertyNodes.get(i);
            String id = y.string(propertyNode, at);
            PropertyId p = PropertyId.byId(id).orElseThrow(() -> y.error(propertyNode, at,
                    "unknown property '" + id + "'; expected one of " + propertyIds()));
            if (properties.contains(p)) {
                throw y.error(propertyNodes.get(i), at, "property listed twice");
            }
            properties.add(p);
        }
        if (top.containsKey("invariants")) {
            properties.addAll(invariants(y, top.get("invariants"), topology, properties));
        }
        if (properties.isEmpty()) {
            throw y.error(top.get("properties"), "properties", "expected at least one property");
        }
        Map<Combination, Map<ScenarioProperty, Expectation>> expectations =
                expectations(y, file, top.get("expect"), combinations, properties, expectationsOptional);
        return new Scenario(file, name, description, topology, combinations, properties, expectations);
    }

    private static void requireKeys(YamlTree y, Node at, Map<String, Node> m, String field, List<String> keys)
            throws ScenarioException {
        for (String k : keys) {
            if (!m.containsKey(k)) {
                throw y.error(at, field + "." + k, "missing");
            }
        }
    }

    // Cross product of the axes' values, in axis order then value order as written.
    private static List<Combination> combinations(YamlTree y, Node variantsNode) throws ScenarioException {
        Map<Axis, List<Enum<?>>> chosen = new EnumMap<>(Axis.class);
        if (variantsNode != null) {
            Set<String> keys = new HashSet<>();
            for (Axis a : Axis.values()) {
                keys.add(a.key());
            }
            Map<String, Node> m = y.mapping(variantsNode, "variants", keys);
            for (Axis a : Axis.values()) {
                Node n = m.get(a.key());
                if (n == null) {
                    continue;
                }
                List<Enum<?>> values = new ArrayList<>();
                for (Node v : y.oneOrMany(n, "variants." + a.key())) {
                    Enum<?> value = y.choice(v, "variants." + a.key(), a.type());
                    if (value instanceof HostHandlerKind h && !h.automasks()) {
                        // The axis replaces the handler of level devices, which must automask.
                        throw y.error(v, "variants." + a.key(), "'" + YamlTree.kebab(h) + "' cannot handle a level "
                                + "device; this axis sets every level device's handler, so it takes "
                                + "vfio-platform-automasked, vfio-pci-intx-disintx or vfio-pci-intx-exclusive");
                    }
                    if (values.contains(value)) {
                        throw y.error(v, "variants." + a.key(), "value listed twice");
                    }
                    values.add(value);
                }
                chosen.put(a, values);
            }
        }
        Set<Axis> varied = EnumSet.noneOf(Axis.class);
        chosen.forEach((axis, values) -> {
            if (values.size() > 1) {
                varied.add(axis);
            }
        });
        List<Combination> out = new ArrayList<>();
        out.add(new Combination(Map.of(), varied));
        for (Map.Entry<Axis, List<Enum<?>>> e : chosen.entrySet()) {
            List<Combination> next = new ArrayList<>();
            for (Combination c : out) {
                for (Enum<?> v : e.getValue()) {
                    Map<Axis, Enum<?>> values = new EnumMap<>(Axis.class);
                    values.putAll(c.values());
                    values.put(e.getKey(), v);
                    next.add(new Combination(values, varied));
                }
            }
            out = next;
        }
        return out;
    }

    // An axis named under variants that only the other architecture has: refused whatever its values.
    private static void refuseAxesOfTheOtherArch(YamlTree y, Node variantsNode, dev.irqcheck.model.irqchip.Arch arch)
            throws ScenarioException {
        if (variantsNode == null) {
            return;
        }
        Map<String, Node> m = y.openMapping(variantsNode, "variants");
        for (Axis a : Axis.values()) {
            if (m.containsKey(a.key())) {
                Optional<String> why = a.whyNotOnThisArch(arch);
                if (why.isPresent()) {
                    throw y.error(m.get(a.key()), "variants." + a.key(), why.get());
                }
            }
        }
    }

    // arch: x86: interrupts are IOAPIC pins, routing entries name the irqchip (or a preset:
    // default-x86, KVM's own table; qemu-x86, QEMU's), and pic says how the guest left the PICs:
    // masked (the guest uses the IOAPIC) or unmasked (noapic: pic_lines are its IRQs, the pins masked).
    private static dev.irqcheck.model.topology.X86Setup x86Section(YamlTree y, Map<String, Node> top, int vcpus,
            Map<Integer, Node> firstRouteOfGsi) throws ScenarioException {
        List<dev.irqcheck.model.topology.IoapicPinSpec> pins = new ArrayList<>();
        List<Node> pinNodes = y.sequence(top.get("interrupts"), "interrupts", MAX_INTERRUPTS);
        Set<Integer> declared = new HashSet<>();
        for (int i = 0; i < pinNodes.size(); i++) {
            String at = "interrupts[" + i + "]";
            Map<String, Node> p = y.mapping(pinNodes.get(i), at, X86_PIN);
            requireKeys(y, pinNodes.get(i), p, at, List.of("pin", "trigger"));
            int pin = y.integer(p.get("pin"), at + ".pin", 0, 23);
            if (!declared.add(pin)) {
                throw y.error(p.get("pin"), at + ".pin", "duplicate IOAPIC pin " + pin);
            }
            TriggerMode trigger = y.choice(p.get("trigger"), at + ".trigger", TriggerMode.class);
            boolean masked = p.containsKey("masked") && y.bool(p.get("masked"), at + ".masked");
            int dest = p.containsKey("dest_vcpu") ? y.integer(p.get("dest_vcpu"), at + ".dest_vcpu", 0, vcpus - 1) : 0;
            GuestDriver driver = p.containsKey("driver")
                    ? y.choice(p.get("driver"), at + ".driver", GuestDriver.class) : GuestDriver.NORMAL_ISR;
            pins.add(new dev.irqcheck.model.topology.IoapicPinSpec(pin, trigger, masked, dest, driver));
        }
        List<dev.irqcheck.model.irqchip.ChipRoute> routes = new ArrayList<>();
        Node routing = top.get("routing");
        if (routing instanceof org.snakeyaml.engine.v2.nodes.ScalarNode) {
            String preset = y.string(routing, "routing");
            if (!preset.equals("default-x86") && !preset.equals("qemu-x86")) {
                throw y.error(routing, "routing", "expected a list of {gsi, chip, pin} or a preset (default-x86, qemu-x86), got '"
                        + preset + "'");
            }
            routes.addAll(preset.equals("default-x86") ? dev.irqcheck.model.irqchip.GsiRouting.defaultX86()
                    : dev.irqcheck.model.irqchip.GsiRouting.qemuX86());
            for (var r : routes) {
                firstRouteOfGsi.putIfAbsent(r.gsi(), routing);
            }
        } else {
            Map<Integer, Map<dev.irqcheck.model.irqchip.IrqChipKind, Node>> chipsOfGsi = new HashMap<>();
            List<Node> routeNodes = y.sequence(routing, "routing", 3 * MAX_INTERRUPTS);
            for (int i = 0; i < routeNodes.size(); i++) {
                String at = "routing[" + i + "]";
                Map<String, Node> r = y.mapping(routeNodes.get(i), at, X86_ROUTE);
                requireKeys(y, routeNodes.get(i), r, at, List.of("gsi", "chip", "pin"));
                int gsi = y.integer(r.get("gsi"), at + ".gsi", 0, 1023);
                var chip = y.choice(r.get("chip"), at + ".chip", dev.irqcheck.model.irqchip.IrqChipKind.class);
                if (chip.arch() != dev.irqcheck.model.irqchip.Arch.X86) {
                    throw y.error(r.get("chip"), at + ".chip", "arch: x86 has pic-master, pic-slave and ioapic");
                }
                int pin = y.integer(r.get("pin"), at + ".pin", 0, chip.pins() - 1);
                Node earlier = chipsOfGsi.computeIfAbsent(gsi, g -> new java.util.EnumMap<>(dev.irqcheck.model.irqchip.IrqChipKind.class))
                        .put(chip, r.get("chip"));
                if (earlier != null) {
                    throw y.error(r.get("chip"), at + ".chip", "GSI " + gsi + " already routes to " + YamlTree.kebab(chip)
                            + " (line " + YamlTree.line(earlier) + "); setup_routing_entry refuses the same irqchip twice for one GSI");
                }
                if (chip == dev.irqcheck.model.irqchip.IrqChipKind.IOAPIC && !declared.contains(pin)) {
                    throw y.error(r.get("pin"), at + ".pin", "IOAPIC pin " + pin + " is not declared under interrupts");
                }
                firstRouteOfGsi.putIfAbsent(gsi, r.get("gsi"));
                routes.add(new dev.irqcheck.model.irqchip.ChipRoute(gsi, chip, pin));
            }
        }
        boolean picRouted = routes.stream().anyMatch(r -> r.chip() != dev.irqcheck.model.irqchip.IrqChipKind.IOAPIC);
        if (picRouted && !top.containsKey("pic")) {
            throw y.error(routing, "routing", "a route reaches the PIC: say how the guest left it (pic: masked, "
                    + "as a Linux guest with an IOAPIC does, or pic: unmasked, a guest booted with noapic)");
        }
        boolean picUnmasked = false;
        if (top.containsKey("pic")) {
            String pic = y.string(top.get("pic"), "pic");
            if (!pic.equals("masked") && !pic.equals("unmasked")) {
                throw y.error(top.get("pic"), "pic", "expected masked or unmasked, got '" + pic + "'");
            }
            picUnmasked = pic.equals("unmasked");
        }
        if (picUnmasked && top.containsKey("disable_enable_pairs")
                && y.integer(top.get("disable_enable_pairs"), "disable_enable_pairs", 0, 3) > 0) {
            throw y.error(top.get("disable_enable_pairs"), "disable_enable_pairs", "not modelled with pic: unmasked: "
                    + "i8259A_chip's irq_disable masks an 8259 line at once, where the modelled disable_irq is lazy "
                    + "(docs/warts.md)");
        }
        List<dev.irqcheck.model.topology.PicLineSpec> picLines = picLines(y, top, picUnmasked, pins, pinNodes);
        return new dev.irqcheck.model.topology.X86Setup(routes, pins, !picUnmasked, List.of(), picLines);
    }

    // With pic: unmasked the guest services only the PIC: an irqfd's GSI must reach a declared PIC line.
    private static void refuseAnUnservicedPicGsi(YamlTree y, Node node, String field, int gsi,
            dev.irqcheck.model.topology.X86Setup x86) throws ScenarioException {
        boolean reaches = false;
        for (var r : x86.routes()) {
            if (r.gsi() != gsi || r.chip() == dev.irqcheck.model.irqchip.IrqChipKind.IOAPIC) {
                continue;
            }
            int irq = r.chip() == dev.irqcheck.model.irqchip.IrqChipKind.PIC_SLAVE ? r.pin() + 8 : r.pin();
            if (x86.picLines().stream().noneMatch(l -> l.irq() == irq)) {
                throw y.error(node, field, "GSI " + gsi + " reaches PIC IRQ " + irq + ", which is not declared in pic_lines");
            }
            reaches = true;
        }
        if (!reaches) {
            throw y.error(node, field, "GSI " + gsi + " reaches no PIC line, and with pic: unmasked the guest services only the PIC");
        }
    }

    // pic_lines (pic: unmasked only): the guest's IRQs on the 8259, {irq, trigger, driver}; the
    // IOAPIC pins must all be masked (noapic leaves them so; both chips at once is not offered).
    private static List<dev.irqcheck.model.topology.PicLineSpec> picLines(YamlTree y, Map<String, Node> top,
            boolean picUnmasked, List<dev.irqcheck.model.topology.IoapicPinSpec> pins, List<Node> pinNodes)
            throws ScenarioException {
        if (!picUnmasked) {
            if (top.containsKey("pic_lines")) {
                throw y.error(top.get("pic_lines"), "pic_lines", "PIC lines are the guest's IRQs only with pic: unmasked");
            }
            return List.of();
        }
        if (!top.containsKey("pic_lines")) {
            throw y.error(top.get("pic"), "pic", "pic: unmasked needs pic_lines (the guest's IRQs on the 8259)");
        }
        for (int i = 0; i < pins.size(); i++) {
            if (!pins.get(i).masked()) {
                throw y.error(pinNodes.get(i), "interrupts[" + i + "].masked", "with pic: unmasked the guest (noapic) "
                        + "leaves every IOAPIC pin masked: say masked: true (both chips at once is not offered)");
            }
        }
        List<dev.irqcheck.model.topology.PicLineSpec> out = new ArrayList<>();
        List<Node> nodes = y.sequence(top.get("pic_lines"), "pic_lines", MAX_INTERRUPTS);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < nodes.size(); i++) {
            String at = "pic_lines[" + i + "]";
            Map<String, Node> l = y.mapping(nodes.get(i), at, PIC_LINE);
            requireKeys(y, nodes.get(i), l, at, List.of("irq", "trigger"));
            int irq = y.integer(l.get("irq"), at + ".irq", 0, 15);
            if (irq == 2) {
                throw y.error(l.get("irq"), at + ".irq", "IRQ 2 is the master's cascade from the slave, not a device line");
            }
            if (irq == 7 || irq == 15) {
                throw y.error(l.get("irq"), at + ".irq", "IRQ " + irq + " is where the " + (irq == 7 ? "master" : "slave")
                        + " 8259 signals a spurious interrupt, which runs no handler here; not offered as a device line");
            }
            if (!seen.add(irq)) {
                throw y.error(l.get("irq"), at + ".irq", "duplicate PIC IRQ " + irq);
            }
            TriggerMode trigger = y.choice(l.get("trigger"), at + ".trigger", TriggerMode.class);
            if (trigger == TriggerMode.LEVEL && !dev.irqcheck.model.topology.PicLineSpec.elcrLevelAllowed(irq)) {
                throw y.error(l.get("trigger"), at + ".trigger", "IRQ " + irq + " cannot be level: KVM's elcr_mask "
                        + "(0xf8 master, 0xde slave) keeps its ELCR bit clear");
            }
            GuestDriver driver = l.containsKey("driver")
                    ? y.choice(l.get("driver"), at + ".driver", GuestDriver.class) : GuestDriver.NORMAL_ISR;
            out.add(new dev.irqcheck.model.topology.PicLineSpec(irq, trigger, driver));
        }
        return out;
    }

    // A varied axis none of whose values can change this topology's model would give rows that
    // check the same model under different labels: refused, with the reason.
    private static void refuseAxesWithoutEffect(YamlTree y, Node variantsNode, List<Combination> combinations,
                                                Topology topology) throws ScenarioException {
        if (combinations.isEmpty()) {
            return;
        }
        Map<Axis, List<Enum<?>>> chosen = new EnumMap<>(Axis.class);
        for (Combination c : combinations) {
            c.values().forEach((axis, value) -> {
                List<Enum<?>> values = chosen.computeIfAbsent(axis, a -> new ArrayList<>());
                if (!values.contains(value)) {
                    values.add(value);
                }
            });
        }
        for (Axis axis : combinations.get(0).varied()) {
            Optional<String> why = axis.whyNoEffect(topology, chosen);
            if (why.isPresent()) {
                throw y.error(variantsNode, "variants." + axis.key(), "every value checks the same model here: "
                        + why.get() + "; drop the axis or give it one value");
            }
        }
    }

    // expect: a list of entries; each may have `when:` (axis -> value) and maps properties to
    // verdicts. Later entries override earlier ones; every property of every combination must end
    // up with an expectation.
    // invariants: a list of {name, always: EXPRESSION} over the model's field names; each becomes a
    // property of the scenario, with its expected verdict under expect like any other.
    private static List<UserInvariant> invariants(YamlTree y, Node node, Topology topology,
                                                  List<ScenarioProperty> declared) throws ScenarioException {
        StateLayout layout = new InterruptLayout(topology).layout;
        List<UserInvariant> out = new ArrayList<>();
        List<Node> items = y.sequence(node, "invariants", MAX_INVARIANTS);
        for (int i = 0; i < items.size(); i++) {
            String at = "invariants[" + i + "]";
            Map<String, Node> m = y.mapping(items.get(i), at, INVARIANT);
            requireKeys(y, items.get(i), m, at, List.of("name", "always"));
            String name = y.name(m.get("name"), at + ".name");
            if (PropertyId.byId(name).isPresent() || declared.stream().anyMatch(p -> p.id().equals(name))
                    || out.stream().anyMatch(p -> p.id().equals(name))) {
                throw y.error(m.get("name"), at + ".name", "the name '" + name + "' is already a property");
            }
            String text = y.string(m.get("always"), at + ".always");
            try {
                out.add(new UserInvariant(name, FieldExpression.parse(text, layout)));
            } catch (FieldExpression.ExpressionException e) {
                String shown = text.length() <= 80 ? text : text.substring(0, 77) + "...";
                throw y.error(m.get("always"), at + ".always", e.getMessage() + " (at character " + (e.offset() + 1)
                        + " of '" + shown + "')");
            }
        }
        return out;
    }

    private static Map<Combination, Map<ScenarioProperty, Expectation>> expectations(YamlTree y, Path file, Node node,
            List<Combination> combinations, List<ScenarioProperty> properties, boolean optional) throws ScenarioException {
        Map<Combination, Map<ScenarioProperty, Expectation>> out = new LinkedHashMap<>();
        for (Combination c : combinations) {
            out.put(c, new LinkedHashMap<>());
        }
        List<Node> entries = node == null ? List.of() : y.sequence(node, "expect", MAX_EXPECT_ENTRIES);
        for (int i = 0; i < entries.size(); i++) {
            String at = "expect[" + i + "]";
            Map<String, Node> entry = y.openMapping(entries.get(i), at);
            Map<Axis, Enum<?>> when = new EnumMap<>(Axis.class);
            if (entry.containsKey("when")) {
                Set<String> axisKeys = new HashSet<>();
                for (Axis a : Axis.values()) {
                    axisKeys.add(a.key());
                }
                Map<String, Node> w = y.mapping(entry.get("when"), at + ".when", axisKeys);
                for (Map.Entry<String, Node> e : w.entrySet()) {
                    Axis a = Axis.valueOf(e.getKey().toUpperCase(java.util.Locale.ROOT));
                    when.put(a, y.choice(e.getValue(), at + ".when." + e.getKey(), a.type()));
                }
            }
            boolean matchedAny = false;
            for (Combination c : combinations) {
                boolean matches = true;
                for (Map.Entry<Axis, Enum<?>> w : when.entrySet()) {
                    Enum<?> value = c.values().get(w.getKey());
                    if (value == null) {
                        // The kernel chosen sets the fold; other axes default to Linux as it is.
                        value = w.getKey() == Axis.ACK_NOTIFY ? c.variants().ackNotify() : w.getKey().kernelDefault();
                    }
                    matches &= value == w.getValue();
                }
                if (!matches) {
                    continue;
                }
                matchedAny = true;
                for (Map.Entry<String, Node> e : entry.entrySet()) {
                    if (e.getKey().equals("when")) {
                        continue;
                    }
                    ScenarioProperty p = properties.stream().filter(q -> q.id().equals(e.getKey())).findFirst()
                            .orElseThrow(() -> y.error(e.getValue(), at + "." + e.getKey(),
                                    PropertyId.byId(e.getKey()).isPresent() ? "property is not listed under properties"
                                            : "unknown property; expected one of " + propertyIds()));
                    out.get(c).put(p, y.choice(e.getValue(), at + "." + e.getKey(), Expectation.class));
                }
            }
            if (!matchedAny) {
                throw y.error(entries.get(i), at + ".when", "matches none of the variant combinations");
            }
        }
        for (Combination c : combinations) {
            for (ScenarioProperty p : properties) {
                if (!out.get(c).containsKey(p) && optional) {
                    out.get(c).put(p, Expectation.UNSTATED);
                } else if (!out.get(c).containsKey(p)) {
                    throw y.error(node, "expect", "no expected verdict for property " + p.id() + " in combination "
                            + c.label() + "; add it (holds or violated)");
                }
            }
        }
        return out;
    }

    private static List<String> propertyIds() {
        List<String> ids = new ArrayList<>();
        for (PropertyId p : PropertyId.values()) {
            ids.add(p.id());
        }
        return ids;
    }
}
