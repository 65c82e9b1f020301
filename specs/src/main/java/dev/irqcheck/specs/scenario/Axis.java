package dev.irqcheck.specs.scenario;

import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.variant.AckNotifyPoint;
import dev.irqcheck.model.variant.ExclusiveSetup;
import dev.irqcheck.model.variant.EoiCountWalk;
import dev.irqcheck.model.variant.EoiMode;
import dev.irqcheck.model.variant.FoldNotify;
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.LineCombining;
import dev.irqcheck.model.variant.ReassignProtocol;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.UnmaskResample;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.ResampleScope;
import dev.irqcheck.model.variant.UnmaskPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A design axis a scenario's {@code variants:} section can set, with one or several values. */
public enum Axis {
    /**
     * The Linux release (first, so that an explicit {@code ack_notify} overrides the fold it sets).
     * Default: the newest modelled.
     */
    KERNEL(KernelVersion.class, KernelVersion.NEWEST),
    /** Overrides the kind of every irqfd in the scenario: compare plain and resample irqfds. */
    IRQFD_KIND(IrqfdKind.class, IrqfdKind.RESAMPLE),
    RESAMPLE_ORDER(ResampleOrder.class, ResampleOrder.LOWER_THEN_SIGNAL),
    RESAMPLE_SCOPE(ResampleScope.class, ResampleScope.ALL_ON_GSI),
    UNMASK_PATH(UnmaskPath.class, UnmaskPath.KERNEL_VIRQFD),
    /** Overrides the kernel's fold notify point (a design question); default: the kernel's. */
    ACK_NOTIFY(AckNotifyPoint.class, KernelVersion.NEWEST.ackNotify()),
    /** The 6.19 fold's notify condition: the kernel's ({@code deactivated}) or the proposed fix. */
    FOLD_NOTIFY(FoldNotify.class, FoldNotify.DEACTIVATED),
    /** Where the 6.19 EOIcount replay starts its ap_list walk (the trees differ). */
    EOICOUNT_WALK(EoiCountWalk.class, EoiCountWalk.AFTER_LAST_LR),
    /** The guest's EOImode (0: EOIR deactivates; 1: EOIR drops the priority, DIR deactivates). */
    EOI_MODE(EoiMode.class, EoiMode.SPLIT_NO),
    UNMASK_RESAMPLE(UnmaskResample.class, UnmaskResample.ABSENT),
    /** Overrides the guest driver of every SPI. */
    GUEST_DRIVER(GuestDriver.class, GuestDriver.NORMAL_ISR),
    EXCLUSIVE_SETUP(ExclusiveSetup.class, ExclusiveSetup.NO_AUTOEN),
    /** Overrides the host handler of every level device (edge devices keep theirs). */
    HOST_HANDLER(HostHandlerKind.class, HostHandlerKind.VFIO_PLATFORM_AUTOMASKED),
    LINE_COMBINING(LineCombining.class, LineCombining.LAST_WRITER_WINS),
    REASSIGN_PROTOCOL(ReassignProtocol.class, ReassignProtocol.QEMU_UNMASK_AFTER),
    /** x86 only: a mutation of KVM's IOAPIC (kvm_ioapic_update_eoi_one's order, the OR per source). */
    IOAPIC_MUTATION(dev.irqcheck.model.variant.IoapicMutation.class, dev.irqcheck.model.variant.IoapicMutation.NONE),
    /** x86 with pic: unmasked only: a mutation of KVM's i8259 (pic_clear_isr's order and slave offset, pic_intack). */
    PIC_MUTATION(dev.irqcheck.model.variant.PicMutation.class, dev.irqcheck.model.variant.PicMutation.NONE);

    private final Class<? extends Enum<?>> type;
    private final Enum<?> kernelDefault;

    Axis(Class<? extends Enum<?>> type, Enum<?> kernelDefault) {
        this.type = type;
        this.kernelDefault = kernelDefault;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public Class<Enum> type() {
        return (Class<Enum>) (Class) type;
    }

    /** The value Linux has today; used when a scenario leaves the axis out. */
    public Enum<?> kernelDefault() {
        return kernelDefault;
    }

    /** The axis a scenario's {@code variants:} key names, e.g. {@code line_combining}. */
    public static Axis byKey(String key) {
        for (Axis a : values()) {
            if (a.key().equals(key)) {
                return a;
            }
        }
        List<String> keys = new ArrayList<>();
        for (Axis a : values()) {
            keys.add(a.key());
        }
        throw new IllegalArgumentException("unknown variant '" + key + "'; expected one of " + keys);
    }

    /** Reads {@code KEY=VALUE} as a scenario's {@code variants:} would: the same keys, values and checks. */
    public static Combination assignment(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException("expected KEY=VALUE (a scenario's variants key and value), got '" + text + "'");
        }
        Axis axis = byKey(text.substring(0, eq));
        return new Combination(java.util.Map.of(axis, axis.parseValue(text.substring(eq + 1))));
    }

    /** This axis' value spelled as in a scenario file (kebab case), e.g. {@code or-per-source}. */
    public Enum<?> parseValue(String text) {
        for (Enum<?> e : type.getEnumConstants()) {
            if (YamlTree.kebab(e).equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException("variant " + key() + ": expected one of " + valueNames() + ", got '" + text + "'");
    }

    public List<String> valueNames() {
        List<String> out = new ArrayList<>();
        for (Enum<?> e : type.getEnumConstants()) {
            out.add(YamlTree.kebab(e));
        }
        return out;
    }

    /** Applies this axis' value to variants (or, for the irqfd kind, to the topology). */
    Variants apply(Variants v, Enum<?> value) {
        if (value instanceof KernelVersion k) {
            return v.with(k);
        }
        if (value instanceof ResampleOrder o) {
            return v.with(o);
        }
        if (value instanceof ResampleScope s) {
            return v.with(s);
        }
        if (value instanceof UnmaskPath u) {
            return v.with(u);
        }
        if (value instanceof AckNotifyPoint a) {
            return v.with(a);
        }
        if (value instanceof FoldNotify n) {
            return v.with(n);
        }
        if (value instanceof EoiCountWalk w) {
            return v.with(w);
        }
        if (value instanceof EoiMode m) {
            return v.with(m);
        }
        if (value instanceof UnmaskResample r) {
            return v.with(r);
        }
        if (value instanceof ExclusiveSetup e) {
            return v.with(e);
        }
        if (value instanceof LineCombining c) {
            return v.with(c);
        }
        if (value instanceof ReassignProtocol r) {
            return v.with(r);
        }
        if (value instanceof dev.irqcheck.model.variant.IoapicMutation m) {
            return v.with(m);
        }
        if (value instanceof dev.irqcheck.model.variant.PicMutation m) {
            return v.with(m);
        }
        return v;
    }

    Topology apply(Topology t, Enum<?> value) {
        if (value instanceof GuestDriver driver) {
            return t.withSpis(t.spis().stream().map(s -> s.withDriver(driver)).toList()).withIoapicDrivers(driver);
        }
        if (value instanceof HostHandlerKind handler) {
            if (!handler.automasks()) {
                return t;
            }
            return t.withDevices(t.devices().stream().map(d -> d.handler().automasks()
                    ? new DeviceSpec(d.name(), d.trigger(), d.raises(), handler, d.intxStartsDisabled() && handler.isPci())
                    : d).toList());
        }
        if (!(value instanceof IrqfdKind kind)) {
            return t;
        }
        List<IrqfdSpec> irqfds = new ArrayList<>();
        for (IrqfdSpec f : t.irqfds()) {
            irqfds.add(new IrqfdSpec(f.device(), f.gsi(), kind));
        }
        return t.withIrqfds(irqfds);
    }

    /**
     * Why this axis makes no sense on the architecture: the VGIC's fold, its proposed resample on
     * unmask and its line combining are arm64's; x86's IOAPIC always ORs per source (its mutation
     * is ioapic_mutation) and has had a resample on unmask since 6.3 (the kernel axis).
     */
    public java.util.Optional<String> whyNotOnThisArch(dev.irqcheck.model.irqchip.Arch arch) {
        boolean x86 = arch == dev.irqcheck.model.irqchip.Arch.X86;
        if (x86 && (this == ACK_NOTIFY || this == FOLD_NOTIFY || this == EOICOUNT_WALK || this == EOI_MODE || this == UNMASK_RESAMPLE || this == LINE_COMBINING)) {
            return java.util.Optional.of(key() + " is a VGIC variant and this scenario is arch: x86 (x86's IOAPIC ORs "
                    + "levels per source and resamples on unmask since kernel 6.3; see ioapic_mutation and kernel)");
        }
        if (!x86 && (this == IOAPIC_MUTATION || this == PIC_MUTATION)) {
            return java.util.Optional.of(key() + " is an x86 variant and this scenario is arch: arm64");
        }
        return java.util.Optional.empty();
    }

    /**
     * Why no value of this axis can change the model of this topology, so that rows varying it
     * would all check the same model; empty when a value may have an effect. Conservative: it names
     * only cases where the axis's code is never reached. {@code chosen} are the scenario's variant
     * values (another axis may make this one matter, e.g. irqfd_kind offering resample irqfds).
     */
    public java.util.Optional<String> whyNoEffect(Topology t, java.util.Map<Axis, List<Enum<?>>> chosen) {
        java.util.Optional<String> wrongArch = whyNotOnThisArch(t.arch());
        if (wrongArch.isPresent()) {
            return wrongArch;
        }
        boolean anyIrqfd = !t.irqfds().isEmpty();
        boolean resampleIrqfd = t.irqfds().stream().anyMatch(f -> f.kind() == IrqfdKind.RESAMPLE)
                || (anyIrqfd && chosen.getOrDefault(IRQFD_KIND, List.of()).contains(IrqfdKind.RESAMPLE));
        boolean oneshot = t.guestIrqs().stream().anyMatch(s -> s.driver() == GuestDriver.ONESHOT_THREADED)
                || chosen.getOrDefault(GUEST_DRIVER, List.of()).contains(GuestDriver.ONESHOT_THREADED);
        switch (this) {
            case KERNEL:
            case ACK_NOTIFY:
            case IRQFD_KIND:
                return anyIrqfd ? java.util.Optional.empty() : java.util.Optional.of("no device has an irqfd");
            case FOLD_NOTIFY: {
                boolean sixNineteenFold = chosen.getOrDefault(ACK_NOTIFY, List.of()).contains(AckNotifyPoint.AFTER_FOLD_IF_DEACTIVATED)
                        || (!chosen.containsKey(ACK_NOTIFY) && (!chosen.containsKey(KERNEL)
                            || chosen.get(KERNEL).stream().anyMatch(k -> ((KernelVersion) k).ackNotify() == AckNotifyPoint.AFTER_FOLD_IF_DEACTIVATED)));
                if (!sixNineteenFold) {
                    return java.util.Optional.of("no combination has the 6.19 fold (kernel 6.19 or ack_notify after-fold-if-deactivated)");
                }
                return resampleIrqfd ? java.util.Optional.empty() : java.util.Optional.of("no irqfd is a resample irqfd");
            }
            case EOICOUNT_WALK:
                return t.lrOverflowPossible() ? java.util.Optional.empty()
                        : java.util.Optional.of("no vCPU can have more SPIs than list registers, so EOIcount stays 0");
            case RESAMPLE_ORDER:
            case UNMASK_PATH:
                return resampleIrqfd ? java.util.Optional.empty() : java.util.Optional.of("no irqfd is a resample irqfd");
            case RESAMPLE_SCOPE: {
                boolean shared = t.irqfds().stream().anyMatch(f -> t.irqfds().stream()
                        .filter(g -> g.gsi() == f.gsi()).count() > 1);
                return resampleIrqfd && shared ? java.util.Optional.empty()
                        : java.util.Optional.of("no GSI has two resample irqfds, so the list head is the whole list");
            }
            case UNMASK_RESAMPLE:
                return resampleIrqfd && (oneshot || t.bounds().distributorWrites() > 0 || t.bounds().retargets() > 0)
                        ? java.util.Optional.empty()
                        : java.util.Optional.of("no resample irqfd, or no guest unmask (GICD_ISENABLER: a oneshot driver, "
                                + "distributor_writes or retargets)");
            case EXCLUSIVE_SETUP: {
                boolean exclusiveStartsDisabled = t.devices().stream().anyMatch(d -> d.intxStartsDisabled()
                        && (d.handler() == HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE
                            || chosen.getOrDefault(HOST_HANDLER, List.of()).contains(HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE)));
                return exclusiveStartsDisabled ? java.util.Optional.empty()
                        : java.util.Optional.of("no exclusive VFIO-PCI INTx device starts with INTx disabled");
            }
            case PIC_MUTATION:
                return t.x86() != null && t.x86().picServicesIrqs() ? java.util.Optional.empty()
                        : java.util.Optional.of("the guest keeps the PIC masked (pic: masked), so nothing reaches its EOI");
            case REASSIGN_PROTOCOL:
                return t.bounds().reassigns() > 0 ? java.util.Optional.empty()
                        : java.util.Optional.of("irqfd_reassigns is 0");
            default:
                return java.util.Optional.empty();
        }
    }
}
