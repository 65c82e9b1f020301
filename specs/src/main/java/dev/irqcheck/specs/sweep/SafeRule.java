package dev.irqcheck.specs.sweep;

import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.AckNotifyPoint;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;

/**
 * The documented safe rule (README, "Which routing configurations are safe"), as code, so that the
 * sweep and the property suites can hold it against the checker. For Linux up to 6.18 (the fold
 * notifies every EOI'd LR, last writer wins, no re-sample on unmask), a configuration of VFIO
 * devices holds every property exactly when every device passes:
 * <ul>
 *   <li>a <b>level</b> device uses a resample irqfd, its SPI is configured level and handled by a
 *       normal ISR (not a oneshot threaded handler, nor a driver that polls), and no other GSI
 *       routes to its SPI;</li>
 *   <li>an <b>edge</b> device's SPI is configured edge (on a level SPI, an edge that arrives while
 *       the line is latched high is wiped by the next resample, since the edge handler does not
 *       mask and the host never re-samples an edge), unless it is the SPI's only device, on a
 *       resample irqfd, and its driver is oneshot threaded: the
 *       mask it holds until the thread ran keeps the SPI from being taken and resampled while the
 *       device's edge is outstanding (read off the sweep, not derived).</li>
 * </ul>
 * With the 6.19 fold's proposed fix ({@code fold_notify: eoi-signalled}) the 6.18 rule applies
 * (checked by the default sweep under {@code --variant kernel=6.19 --variant fold_notify=eoi-signalled}).
 * With the 6.19 fold as read (findings 1) no level device is safe: an SPI acknowledged and EOI'd within
 * one guest run never reaches the resampler. For configurations without a level device the rule
 * is not stated on 6.19 (an edge device on a level SPI can then hold: a oneshot driver's trapped
 * mask exits the vCPU while the SPI is active, so the fold sees its deactivation). The rule was
 * read off the default sweep (2 devices, 2 GSIs, 2 SPIs, 2 raises per device) for 5.8 and 6.18,
 * and the 6.19 clause off a level-device sweep; it is checked again on every sweep and by the
 * property suite on larger generated configurations (5.8 and 6.18).
 *
 * <p><b>x86</b> (the in-kernel IOAPIC, each GSI routed to the IOAPIC only; read off the x86 sweep
 * for 6.2 and 6.18, checked by {@code SweepTest} on the default shapes and by the property suite on
 * larger generated ones): a <b>level</b> device needs a resample irqfd, a <b>level</b> pin no other
 * GSI routes to, and a normal ISR or (since 6.3, fef8f2b90edb) a oneshot driver, never a polling one.
 * On an edge pin Linux runs handle_edge_irq, whose LAPIC EOI comes before the handler: the resampler
 * re-samples the device before it is serviced and the guest takes a stale edge. An <b>edge</b>
 * device is safe alone on an <b>edge</b> pin (any irqfd kind, normal or oneshot driver; a polling
 * driver takes the edge that waited in the LAPIC stale, found by the property suite); two edge
 * sources on one pin coalesce in irr, and on a level pin an edge is lost while remote_irr is set,
 * except (before 6.3 only) alone, on a resample irqfd, with a oneshot driver (docs/findings.md,
 * finding 17).
 *
 * <p>Scope: the rule speaks about configurations where every edge device on a level SPI raises at
 * least twice. Its edge clause is about a second edge arriving while the line is still high; an
 * edge device that raises once has no second edge to lose, so whether such a configuration holds
 * depends on its neighbours (a sweep at {@code --raises 1} finds some safe, some not), and the rule
 * makes no claim about it ({@link #outOfScope}).
 */
public final class SafeRule {
    private SafeRule() {
    }

    /** Why the rule makes no claim about this configuration; empty when it does (see the class comment). */
    public static java.util.Optional<String> outOfScope(Topology topology) {
        // On x86 the same shape in its arm64 form (SPI s is IOAPIC pin s).
        Topology t = ArchForm.arm64Form(topology);
        for (IrqfdSpec f : t.irqfds()) {
            DeviceSpec d = t.devices().get(f.device());
            SpiSpec s = t.spis().get(t.spisOfGsi(f.gsi()).get(0));
            if (d.trigger() == TriggerMode.EDGE && s.config() == TriggerMode.LEVEL && d.raises() < 2) {
                return java.util.Optional.of(d.name() + " is an edge device on a level SPI that raises once;"
                        + " the rule's edge clause is about a second edge");
            }
        }
        return java.util.Optional.empty();
    }

    public static boolean predictsSafe(Topology t, Variants v) {
        return reason(t, v).isEmpty();
    }

    /** Why the rule calls a configuration unsafe under the kernel's design, for reports; empty when it predicts safe. */
    public static String reason(Topology t, Variants v) {
        if (t.x86() != null) {
            return x86Reason(ArchForm.arm64Form(t), v);
        }
        for (IrqfdSpec f : t.irqfds()) {
            DeviceSpec d = t.devices().get(f.device());
            SpiSpec s = t.spis().get(t.spisOfGsi(f.gsi()).get(0));
            boolean sharedSpi = t.routes().stream().filter(r -> r.pin() == s.intid() - 32).count() > 1;
            if (d.trigger() == TriggerMode.LEVEL) {
                if (f.kind() != IrqfdKind.RESAMPLE) {
                    return d.name() + (v.kernelVersion().injectsSpisInline()
                            ? ": a plain irqfd asserts the SPI inline and nothing ever lowers it"
                            : ": a level device on a plain irqfd is never resampled");
                }
                if (v.ackNotify() == AckNotifyPoint.AFTER_FOLD_IF_DEACTIVATED && v.foldNotify() == dev.irqcheck.model.variant.FoldNotify.DEACTIVATED) {
                    return d.name() + ": the 6.19 fold does not resample an SPI acknowledged and EOI'd in one guest run";
                }
                if (s.config() != TriggerMode.LEVEL) {
                    return d.name() + ": a level device on an edge SPI gets no EOI maintenance interrupt, so no resample";
                }
                if (s.driver() == GuestDriver.ONESHOT_THREADED) {
                    return d.name() + ": a oneshot driver re-enables a stale level";
                }
                if (s.driver() == GuestDriver.POLLING_ISR) {
                    return d.name() + ": a polling driver services the device under a latched level";
                }
                if (sharedSpi) {
                    return d.name() + ": another GSI routes to its SPI, and the ack reaches only one GSI's resampler";
                }
            } else if (s.config() == TriggerMode.LEVEL && !(s.driver() == GuestDriver.ONESHOT_THREADED && f.kind() == IrqfdKind.RESAMPLE
                    && t.devicesOfSpi(t.spisOfGsi(f.gsi()).get(0)).size() == 1)) {
                return d.name() + ": an edge device on a level SPI loses an edge that arrives while the line is high";
            }
        }
        return "";
    }

    /**
     * The x86 rule (kernel's IOAPIC, no mutation), on the arm64 form of the configuration (SPI s is
     * IOAPIC pin s): see the class comment.
     */
    private static String x86Reason(Topology t, Variants v) {
        for (IrqfdSpec f : t.irqfds()) {
            DeviceSpec d = t.devices().get(f.device());
            int spi = t.spisOfGsi(f.gsi()).get(0);
            SpiSpec s = t.spis().get(spi);
            boolean sharedPin = t.routes().stream().filter(r -> r.pin() == s.intid() - 32).count() > 1;
            if (d.trigger() == TriggerMode.LEVEL) {
                if (f.kind() != IrqfdKind.RESAMPLE) {
                    return d.name() + ": a level device on a plain irqfd is never resampled";
                }
                if (s.config() == TriggerMode.EDGE) {
                    return d.name() + ": on an edge pin handle_edge_irq EOIs before the handler, so the resampler "
                            + "re-samples a device not yet serviced and a stale edge is delivered";
                }
                if (s.driver() == GuestDriver.ONESHOT_THREADED && !v.kernelVersion().ioapicResamplesOnUnmask()) {
                    return d.name() + ": before 6.3 the unmask re-injects a stale irr for a oneshot driver";
                }
                if (s.driver() == GuestDriver.POLLING_ISR) {
                    return d.name() + ": a polling driver services the device under a latched irr";
                }
                if (sharedPin) {
                    return d.name() + ": another GSI routes to its pin, and the ack reaches only one GSI's resampler";
                }
            } else if (s.config() == TriggerMode.LEVEL) {
                // As on arm64, the oneshot mask keeps a lone edge device's assertion until the thread
                // ran; since 6.3 the unmask hands it to the resampler instead, which VFIO's edge
                // handler does not re-assert (read off the sweep).
                boolean alone = t.devicesOfSpi(spi).size() == 1;
                if (!(alone && f.kind() == IrqfdKind.RESAMPLE && s.driver() == GuestDriver.ONESHOT_THREADED
                        && !v.kernelVersion().ioapicResamplesOnUnmask())) {
                    return d.name() + ": an edge device on a level pin loses a pulse that comes while remote_irr is set";
                }
            } else if (t.devicesOfSpi(spi).size() > 1) {
                return d.name() + ": another device's edge on the same pin is coalesced in irr";
            } else if (s.driver() == GuestDriver.POLLING_ISR) {
                // Read off the property suite: a vector delivered before the poll is taken stale.
                return d.name() + ": a polling driver services the device while its edge waits in the LAPIC";
            }
        }
        return "";
    }
}
