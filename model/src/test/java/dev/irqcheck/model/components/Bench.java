package dev.irqcheck.model.components;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqLineSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.Vgic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A test bench for one component's rules: a model, its field handles, and a current state that
 * starts as the model's initial state. Tests set fields directly, then check whether a rule (found
 * by its exact name or a unique name prefix) is enabled, and fire it to get its exact effect: the
 * map of every field it changed to the field's new value.
 */
final class Bench {
    final InterruptSystem model;
    final InterruptLayout f;
    long[] s;

    /**
     * Linux before in-atomic SPI injection (5.8): the trigger queues irqfd_inject, the fold notifies
     * every EOI'd LR. Most component tests exercise these rules; inline injection and the 6.19 fold
     * are tested by name with their own release.
     */
    static final Variants WORK_ITEM = Variants.of(dev.irqcheck.model.variant.KernelVersion.V5_8);

    Bench(Topology topology, Variants variants) {
        this.model = new InterruptSystem(topology, variants);
        this.f = model.fields();
        this.s = model.initialStates().get(0).words();
    }

    Bench(Topology topology) {
        this(topology, WORK_ITEM);
    }

    // ---- topologies ----

    /** A level VFIO-platform device, on a resample or plain irqfd on GSI 5 routed to SPI 37 (vCPU 0). */
    static Topology platformLevel(IrqfdKind kind) {
        return single(new DeviceSpec("dev0", TriggerMode.LEVEL, 2, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED), kind,
                new SpiSpec(37, TriggerMode.LEVEL, true, 0));
    }

    /** An edge VFIO-platform device on a plain irqfd on GSI 5, SPI 37 configured edge. */
    static Topology platformEdge() {
        return single(new DeviceSpec("dev0", TriggerMode.EDGE, 2, HostHandlerKind.VFIO_PLATFORM_EDGE), IrqfdKind.PLAIN,
                new SpiSpec(37, TriggerMode.EDGE, true, 0));
    }

    /** One device with one irqfd on GSI 5 routed to the given SPI; one vCPU, one LR, no adversarial exits. */
    static Topology single(DeviceSpec device, IrqfdKind kind, SpiSpec spi) {
        return new Topology(1, 1, List.of(device), List.of(new IrqfdSpec(0, 5, kind)), List.of(new RouteEntry(5, 5)),
                List.of(spi), new Bounds(0, 0));
    }

    /** Two identical level devices a and b, each with an irqfd of the given kind on GSI 5, SPI 37. */
    static Topology sharedGsi(IrqfdKind kind) {
        return new Topology(1, 1,
                List.of(new DeviceSpec("a", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED),
                        new DeviceSpec("b", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED)),
                List.of(new IrqfdSpec(0, 5, kind), new IrqfdSpec(1, 5, kind)),
                List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0)), new Bounds(0, 0));
    }

    /**
     * Two level devices on their own resample irqfds and SPIs (dev0: GSI 5 -> SPI 37, dev1: GSI 6 ->
     * SPI 38), both on vCPU 0, which has two list registers.
     */
    static Topology twoSpisOneVcpu() {
        return new Topology(1, 2,
                List.of(new DeviceSpec("dev0", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED),
                        new DeviceSpec("dev1", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE), new IrqfdSpec(1, 6, IrqfdKind.RESAMPLE)),
                List.of(new RouteEntry(5, 5), new RouteEntry(6, 6)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0), new SpiSpec(38, TriggerMode.LEVEL, true, 0)),
                new Bounds(0, 0));
    }

    /** The seed device, with SPI 37 targeting vCPU 1 of two; {@code retargets} IROUTER writes allowed. */
    static Topology twoVcpus(int targetVcpu, int retargets) {
        return new Topology(2, 1,
                List.of(new DeviceSpec("dev0", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE)), List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, targetVcpu)), new Bounds(0, retargets), List.of());
    }

    /** A QEMU-emulated level device "emu" driving SPI 37 with KVM_IRQ_LINE; nothing else. */
    static Topology emulatedOnly() {
        return new Topology(1, 1,
                List.of(new DeviceSpec("emu", TriggerMode.LEVEL, 1, HostHandlerKind.QEMU_EMULATED)),
                List.of(), List.of(), List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0)), new Bounds(0, 0),
                List.of(new IrqLineSpec(0, 37)));
    }

    /** An assigned level device "dev0" (resample irqfd, GSI 5) and an emulated "emu" sharing SPI 37. */
    static Topology assignedAndEmulatedShareSpi() {
        return new Topology(1, 1,
                List.of(new DeviceSpec("dev0", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED),
                        new DeviceSpec("emu", TriggerMode.LEVEL, 1, HostHandlerKind.QEMU_EMULATED)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE)), List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0)), new Bounds(0, 0),
                List.of(new IrqLineSpec(1, 37)));
    }

    // ---- rules ----

    /** The rule with exactly this name, or else the only rule whose name starts with it. */
    Rule rule(String name) {
        List<Rule> prefixed = new ArrayList<>();
        for (Rule r : model.rules()) {
            if (r.name().equals(name)) {
                return r;
            }
            if (r.name().startsWith(name)) {
                prefixed.add(r);
            }
        }
        if (prefixed.size() != 1) {
            fail((prefixed.isEmpty() ? "no rule named " : "ambiguous rule name ") + name + "; rules: " + ruleNames());
        }
        return prefixed.get(0);
    }

    /** Whether the model has any rule whose name starts with the prefix. */
    boolean hasRule(String prefix) {
        return model.rules().stream().anyMatch(r -> r.name().startsWith(prefix));
    }

    List<String> ruleNames() {
        return model.rules().stream().map(Rule::name).toList();
    }

    List<String> enabledNames() {
        return model.rules().stream().filter(r -> r.enabled(s)).map(Rule::name).toList();
    }

    boolean enabled(String name) {
        return rule(name).enabled(s);
    }

    void assertEnabled(String name) {
        assertTrue(enabled(name), () -> name + " should be enabled; enabled: " + enabledNames());
    }

    void assertDisabled(String name) {
        assertFalse(enabled(name), () -> name + " should not be enabled");
    }

    /** Fires the rule (which must be enabled) on the current state and returns what it changed. */
    Map<Field, Object> fire(String name) {
        Rule r = rule(name);
        assertEnabled(r.name());
        long[] next = s.clone();
        r.apply(s, next);
        return advance(next);
    }

    /** Runs a component function directly on a copy of the current state and returns what it changed. */
    Map<Field, Object> apply(Consumer<long[]> effect) {
        long[] next = s.clone();
        effect.accept(next);
        return advance(next);
    }

    /** Edits the current state in place (to build the state a test starts from). */
    Bench set(Consumer<long[]> edit) {
        edit.accept(s);
        return this;
    }

    /** A Vgic acting on this model's layout, with the model's line combining. */
    Vgic vgic() {
        return model.vgic();
    }

    /** Loads list register {@code lr} of {@code vcpu} as the flush would have: used, with state, SPI and EOI bit. */
    void lr(int vcpu, int lr, LrState state, int spi, boolean eoi) {
        f.vcpu.lrUsed[vcpu][lr].set(s, true);
        f.vcpu.lrState[vcpu][lr].set(s, state);
        f.vcpu.lrSpi[vcpu][lr].set(s, spi);
        f.vcpu.lrEoi[vcpu][lr].set(s, eoi);
    }

    private Map<Field, Object> advance(long[] next) {
        Map<Field, Object> changed = diff(s, next);
        s = next;
        return changed;
    }

    Map<Field, Object> diff(long[] before, long[] after) {
        Map<Field, Object> changed = new LinkedHashMap<>();
        for (Field field : f.layout.fields()) {
            if (field.raw(before) != field.raw(after)) {
                changed.put(field, field.decode(field.raw(after)));
            }
        }
        return changed;
    }

    /** An expected effect: field, new value, field, new value, ... */
    static Map<Field, Object> effect(Object... fieldValuePairs) {
        Map<Field, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < fieldValuePairs.length; i += 2) {
            m.put((Field) fieldValuePairs[i], fieldValuePairs[i + 1]);
        }
        return m;
    }
}
