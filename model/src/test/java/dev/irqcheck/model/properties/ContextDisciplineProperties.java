package dev.irqcheck.model.properties;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
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
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VcpuMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Every step of every explored behaviour is one a guest context can take where it takes it
 * ({@link ContextDiscipline}), on generated configurations with 2-3 vCPUs, disable/enable pairs,
 * oneshot and polling drivers, affinity changes, I[SC]ACTIVER writes and emulated devices, under
 * every kernel; and on x86 (1-2 vCPUs, level and edge IOAPIC pins, disable/enable pairs with the
 * edge replay's IPI, every driver, emulated devices). The examples below show that each clause catches the rogue step it is about:
 * steps the model took before the guest's execution contexts were modelled.
 */
class ContextDisciplineProperties {
    // 6.19 (issue 11) adds active_spis and its broadcast kick: two vCPUs with a polling driver and an
    // emulated device reach about 120,000 states.
    static final int MAX_STATES = 250_000;

    record Config(Topology topology, KernelVersion kernel) {
    }

    /** One adversarial guest budget per configuration keeps every sample exhaustively checkable. */
    enum Budget { NONE, AFFINITY, DISABLE_ENABLE, ACTIVE_WRITES }

    /**
     * The assigned device: a level platform device; an edge one on an edge SPI (enable_irq's replay);
     * or a VFIO-PCI one whose guest starts with INTx off (the driver's PCI_COMMAND write).
     */
    enum Nic {
        LEVEL, EDGE, PCI_INTX_OFF;

        DeviceSpec device() {
            return switch (this) {
                case LEVEL -> new DeviceSpec("nic", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED);
                case EDGE -> new DeviceSpec("nic", TriggerMode.EDGE, 1, HostHandlerKind.VFIO_PLATFORM_EDGE);
                case PCI_INTX_OFF -> new DeviceSpec("nic", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PCI_INTX_DISINTX, true);
            };
        }

        TriggerMode spiConfig() {
            return this == EDGE ? TriggerMode.EDGE : TriggerMode.LEVEL;
        }

        IrqfdKind irqfd() {
            return this == EDGE ? IrqfdKind.PLAIN : IrqfdKind.RESAMPLE;
        }
    }

    @Provide
    Arbitrary<Config> configs() {
        return Combinators.combine(Arbitraries.integers().between(2, 3), Arbitraries.of(GuestDriver.class),
                Arbitraries.of(true, false), Arbitraries.of(Budget.class), Arbitraries.integers().between(0, 1),
                Arbitraries.of(KernelVersion.class), Arbitraries.of(Nic.class)).as((vcpus, spiDriver, emulated, budget, exits,
                                                                                 kernel, nic) -> {
                    List<DeviceSpec> devices = new ArrayList<>(List.of(nic.device()));
                    List<IrqLineSpec> lines = new ArrayList<>();
                    // A third vCPU multiplies the space: keep it to one device and no other exits.
                    boolean small = vcpus == 3;
                    if (emulated && !small) {
                        devices.add(new DeviceSpec("uart", TriggerMode.LEVEL, 1, HostHandlerKind.QEMU_EMULATED));
                        lines.add(new IrqLineSpec(1, 37));
                    }
                    // An edge SPI's disable/enable pair without raw ICPENDR writes, which would drop the edge.
                    Bounds bounds = new Bounds(small || emulated ? 0 : exits, budget == Budget.AFFINITY ? 1 : 0,
                            budget == Budget.DISABLE_ENABLE ? 1 : 0, budget == Budget.ACTIVE_WRITES ? 1 : 0, 0, 0,
                            nic != Nic.EDGE);
                    Topology t = new Topology(vcpus, 1, devices, List.of(new IrqfdSpec(0, 5, nic.irqfd())),
                            List.of(new RouteEntry(5, 5)), List.of(new SpiSpec(37, nic.spiConfig(), true, 0, spiDriver)),
                            bounds, lines);
                    return new Config(t, kernel);
                });
    }

    @Property(tries = 40)
    void everyStepIsOneAGuestContextCanTakeThere(@ForAll("configs") Config c) {
        InterruptSystem m = new InterruptSystem(c.topology(), Variants.of(c.kernel()));
        ContextDiscipline.Outcome o = new ContextDiscipline(m, c.topology(), m.fields()).check(MAX_STATES);
        Statistics.label("decided").collect(o.complete());
        assertTrue(o.violation().isEmpty(), () -> o.violation().get() + "\n" + c);
        assertTrue(o.complete(), () -> "the generator must stay exhaustively checkable: " + o.states() + " states\n" + c);
    }

    // ---- x86: the same guest contexts behind the IOAPIC and LAPICs ----

    /**
     * An x86 configuration: a VFIO device on a level or edge IOAPIC pin whose RTE names vCPU
     * {@code dest}, a disable_irq/enable_irq pair or none, any driver and kernel, optionally a
     * QEMU-emulated level device on a second pin, and a level device whose guest may start with
     * INTx off.
     */
    @Provide
    Arbitrary<Config> x86Configs() {
        return Combinators.combine(Arbitraries.integers().between(1, 2), Arbitraries.of(GuestDriver.class),
                Arbitraries.of(TriggerMode.class), Arbitraries.integers().between(0, 1), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 1), Arbitraries.of(KernelVersion.class), Arbitraries.of(true, false))
                .as((vcpus, driver, trigger, pairs, emulated, dest, kernel, intxOff) -> new Config(
                        x86(vcpus, driver, trigger, pairs, emulated, Math.min(dest, vcpus - 1), intxOff), kernel));
    }

    static Topology x86(int vcpus, GuestDriver driver, TriggerMode trigger, int pairs, boolean emulated, int dest) {
        return x86(vcpus, driver, trigger, pairs, emulated, dest, false);
    }

    /** @param intxOff the level device is a VFIO-PCI one whose guest starts with INTx off (its PCI_COMMAND write) */
    static Topology x86(int vcpus, GuestDriver driver, TriggerMode trigger, int pairs, boolean emulated, int dest,
                        boolean intxOff) {
        List<DeviceSpec> devices = new ArrayList<>(List.of(trigger == TriggerMode.LEVEL
                ? new DeviceSpec("nic", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PCI_INTX_DISINTX, intxOff)
                : new DeviceSpec("nic", TriggerMode.EDGE, 2, HostHandlerKind.VFIO_PLATFORM_EDGE)));
        List<dev.irqcheck.model.irqchip.ChipRoute> routes = new ArrayList<>(List.of(
                new dev.irqcheck.model.irqchip.ChipRoute(5, dev.irqcheck.model.irqchip.IrqChipKind.IOAPIC, 5)));
        List<dev.irqcheck.model.topology.IoapicPinSpec> pins = new ArrayList<>(List.of(
                new dev.irqcheck.model.topology.IoapicPinSpec(5, trigger, false, dest, driver)));
        List<dev.irqcheck.model.topology.X86Setup.X86IrqLine> lines = new ArrayList<>();
        if (emulated) {
            devices.add(new DeviceSpec("uart", TriggerMode.LEVEL, 1, HostHandlerKind.QEMU_EMULATED));
            routes.add(new dev.irqcheck.model.irqchip.ChipRoute(6, dev.irqcheck.model.irqchip.IrqChipKind.IOAPIC, 6));
            pins.add(new dev.irqcheck.model.topology.IoapicPinSpec(6, TriggerMode.LEVEL, false, 0, GuestDriver.NORMAL_ISR));
            lines.add(new dev.irqcheck.model.topology.X86Setup.X86IrqLine(1, 6));
        }
        IrqfdKind kind = trigger == TriggerMode.LEVEL ? IrqfdKind.RESAMPLE : IrqfdKind.PLAIN;
        return new Topology(vcpus, 1, devices, List.of(new IrqfdSpec(0, 5, kind)), List.of(), List.of(),
                new Bounds(0, 0, pairs, 0, 0, 0, false), List.of(), List.of(),
                new dev.irqcheck.model.topology.X86Setup(routes, pins, true, lines));
    }

    @Property(tries = 40)
    void everyX86StepIsOneAGuestContextCanTakeThere(@ForAll("x86Configs") Config c) {
        InterruptSystem m = new InterruptSystem(c.topology(), Variants.of(c.kernel()));
        ContextDiscipline.Outcome o = new ContextDiscipline(m, c.topology(), m.fields()).check(MAX_STATES);
        Statistics.label("disable/enable").collect(c.topology().bounds().distributorWrites() > 0);
        assertTrue(o.violation().isEmpty(), () -> o.violation().get() + "\n" + c);
        assertTrue(o.complete(), () -> "the generator must stay exhaustively checkable: " + o.states() + " states\n" + c);
    }

    static String x86Violation(Topology t, Function<InterruptLayout, Rule> rogue) {
        InterruptSystem m = new InterruptSystem(t, Variants.of(KernelVersion.V6_18));
        return new ContextDiscipline(withRogue(m, rogue), t, m.fields()).check(MAX_STATES).violation().orElse("");
    }

    @Example
    void anX86ReplayWithNoGuestIpiIsCaught() {
        // enable_irq's replay as a host step: the vector made pending with no trapped ICR write.
        Topology t = x86(2, GuestDriver.NORMAL_ISR, TriggerMode.EDGE, 1, false, 1);
        String v = x86Violation(t, f -> Rule.of("rogue retrigger",
                s -> f.guest.replayPending[0].get(s) && !f.guest.disabled[0].get(s) && !f.x86.lapic.irr[1][0].get(s),
                (s, n) -> {
                    f.guest.replayPending[0].set(n, false);
                    f.x86.lapic.irr[1][0].set(n, true);
                }));
        assertTrue(v.startsWith("8:"), v);
    }

    @Example
    void anX86MaskWithNoTrappedRteWriteIsCaught() {
        // A disable_irq that masks the RTE itself (an eager disable with no guest access behind it).
        Topology t = x86(1, GuestDriver.NORMAL_ISR, TriggerMode.LEVEL, 1, false, 0);
        String v = x86Violation(t, f -> Rule.of("rogue eager disable",
                s -> f.guest.disabled[0].get(s) && !f.x86.ioapic.mask[0].get(s), (s, n) -> f.x86.ioapic.mask[0].set(n, true)));
        assertTrue(v.startsWith("3:"), v);
    }

    @Example
    void anX86IntxEnableWithNoGuestAccessIsCaught() {
        // vfio_basic_config_write as a host step with no vCPU's PCI_COMMAND write behind it.
        Topology t = x86(1, GuestDriver.NORMAL_ISR, TriggerMode.LEVEL, 0, false, 0, true);
        String v = x86Violation(t, ContextDisciplineProperties::rogueIntxEnable);
        assertTrue(v.startsWith("7:"), v);
    }

    @Example
    void anX86EnableThatOvertakesAnRteWriteInFlightIsCaught() {
        // enable_irq's unmask issued on vCPU 1 while vCPU 0's mask_irq is still trapped (desc->lock).
        Topology t = x86(2, GuestDriver.NORMAL_ISR, TriggerMode.LEVEL, 1, false, 0);
        String v = x86Violation(t, f -> Rule.of("rogue enable",
                s -> f.x86.exit[0].is(s, dev.irqcheck.model.x86.X86Exit.RTE_MASK)
                        && f.x86.exit[1].is(s, dev.irqcheck.model.x86.X86Exit.NONE),
                (s, n) -> f.x86.exit[1].set(n, dev.irqcheck.model.x86.X86Exit.RTE_UNMASK)));
        assertTrue(v.startsWith("4:"), v);
    }

    // ---- can-fail: each clause catches the rogue step it is about ----

    /** The model with one extra rule, built from its fields. */
    static TransitionSystem withRogue(InterruptSystem m, Function<InterruptLayout, Rule> rogue) {
        Rule extra = rogue.apply(m.fields());
        return new TransitionSystem() {
            @Override public StateLayout layout() { return m.layout(); }
            @Override public List<State> initialStates() { return m.initialStates(); }
            @Override public List<Rule> rules() {
                List<Rule> all = new ArrayList<>(m.rules());
                all.add(extra);
                return all;
            }
        };
    }

    static Topology twoVcpus(GuestDriver driver, Bounds bounds, boolean emulated) {
        List<DeviceSpec> devices = new ArrayList<>(List.of(
                new DeviceSpec("nic", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED)));
        List<IrqLineSpec> lines = new ArrayList<>();
        if (emulated) {
            devices.add(new DeviceSpec("uart", TriggerMode.LEVEL, 1, HostHandlerKind.QEMU_EMULATED));
            lines.add(new IrqLineSpec(1, 37));
        }
        return new Topology(2, 1, devices, List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE)), List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0, driver)), bounds, lines);
    }

    static String violation(Topology t, Function<InterruptLayout, Rule> rogue) {
        InterruptSystem m = new InterruptSystem(t, Variants.of(KernelVersion.V6_18));
        return new ContextDiscipline(withRogue(m, rogue), t, m.fields()).check(MAX_STATES).violation().orElse("");
    }

    @Example
    void anIrouterWriteWithNoGuestAccessIsCaught() {
        // The model before: vgic_mmio_write_irouter as an environment step, with every vCPU in the host.
        String v = violation(twoVcpus(GuestDriver.NORMAL_ISR, new Bounds(0, 1), false), f -> Rule.of("rogue IROUTER",
                s -> f.guest.retargetsLeft.get(s) > 0, (s, n) -> {
                    f.distributor.spiTarget[0].set(n, 1);
                    f.guest.retargetsLeft.set(n, 0);
                }));
        assertTrue(v.startsWith("3:"), v);
    }

    @Example
    void anEnableThatOvertakesItsDisableOnAnotherVcpuIsCaught() {
        // The model before: the owed GICD_ISENABLER issued while the ICENABLER was still trapped elsewhere.
        String v = violation(twoVcpus(GuestDriver.NORMAL_ISR, new Bounds(0, 0, 1, 0, 0, 0), false), f -> Rule.of("rogue enable",
                s -> f.vcpu.mmio[0].is(s, MmioOp.CLEAR_ENABLE) && f.vcpu.mode[1].is(s, VcpuMode.GUEST), (s, n) -> {
                    f.vcpu.mmio[1].set(n, MmioOp.SET_ENABLE);
                    f.vcpu.mmioSpi[1].set(n, 0);
                    f.vcpu.mode[1].set(n, VcpuMode.ACK_NOTIFY);
                }));
        assertTrue(v.startsWith("4:"), v);
    }

    @Example
    void anEmulatedDeviceServicedWithoutATrapIsCaught() {
        // The model before: the ISR cleared an emulated device's condition itself while QEMU's line was low.
        String v = violation(twoVcpus(GuestDriver.NORMAL_ISR, new Bounds(0, 0), true), f -> Rule.of("rogue service",
                s -> f.device.deviceCondition[1].get(s) && f.vcpu.mode[0].is(s, VcpuMode.GUEST), (s, n) -> f.device.deviceCondition[1].set(n, false)));
        assertTrue(v.startsWith("5:"), v);
    }

    @Example
    void aGuestStepOnAVcpuInTheHostIsCaught() {
        String v = violation(twoVcpus(GuestDriver.NORMAL_ISR, new Bounds(0, 0), false), f -> Rule.of("rogue acknowledge",
                s -> f.guest.handlingSpi[1].get(s) < 0 && !f.vcpu.mode[1].is(s, VcpuMode.GUEST),
                (s, n) -> f.guest.handlingSpi[1].set(n, 0)));
        assertTrue(v.startsWith("2:"), v);
    }

    /** vfio_basic_config_write as a host step with no vCPU's PCI_COMMAND write behind it. */
    static Rule rogueIntxEnable(InterruptLayout f) {
        return Rule.of("rogue vfio_basic_config_write", s -> f.host.virqDisabled[0].get(s), (s, n) -> {
            f.host.virqDisabled[0].set(n, false);
            f.host.hostMasked[0].set(n, false);
            f.device.disIntx[0].set(n, false);
        });
    }

    @Example
    void anIntxEnableWithNoGuestAccessIsCaught() {
        // The model before: vfio_basic_config_write as a host step with no vCPU behind it.
        Topology t = new Topology(2, 1,
                List.of(new DeviceSpec("nic", TriggerMode.LEVEL, 1, HostHandlerKind.VFIO_PCI_INTX_DISINTX, true)),
                List.of(new IrqfdSpec(0, 5, IrqfdKind.RESAMPLE)), List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, TriggerMode.LEVEL, true, 0, GuestDriver.NORMAL_ISR)), new Bounds(0, 0), List.of());
        String v = violation(t, ContextDisciplineProperties::rogueIntxEnable);
        assertTrue(v.startsWith("7:"), v);
    }

    @Example
    void aThreadThatStaysOnTheOldVcpuIsCaught() {
        // The model before: the irq thread always ran on the vCPU that took the hard interrupt.
        String v = violation(twoVcpus(GuestDriver.ONESHOT_THREADED, new Bounds(0, 1), false), f -> Rule.of("rogue thread",
                s -> f.guest.thread[0].is(s, dev.irqcheck.model.guest.ThreadStage.WOKEN) && f.distributor.spiTarget[0].get(s) == 1
                        && f.vcpu.mode[0].is(s, VcpuMode.GUEST),
                (s, n) -> {
                    f.guest.thread[0].set(n, dev.irqcheck.model.guest.ThreadStage.RAN);
                    f.guest.threadVcpu[0].set(n, 0);
                }));
        assertTrue(v.startsWith("6:"), v);
    }
}
