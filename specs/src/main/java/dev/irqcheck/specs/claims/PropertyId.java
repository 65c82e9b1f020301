package dev.irqcheck.specs.claims;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.model.system.InterruptSystem;
import java.util.Locale;
import java.util.Optional;

/**
 * The property catalogue: every property a scenario can name, each with its exact definition over
 * the model's observables (see {@link InterruptSystem}) and the claim that checks it.
 */
public enum PropertyId implements ScenarioProperty {
    /** Safety form of "no interrupt is lost". */
    NO_LOST_INTERRUPT("No quiescent state (no rule enabled) has a device whose condition is "
            + "still outstanding: once nothing can move, every device has been serviced.") {
        @Override public Claim claim(InterruptSystem m) {
            return new Claim.AtQuiescence(id(), s -> !m.anyDeviceNeedsService(s));
        }
    },
    /** Liveness form of "no interrupt is lost". */
    EVENTUALLY_SERVICED("From every state where some device needs service, every behaviour that "
            + "is weakly fair to the host, KVM, VGIC, vCPU and guest steps reaches a state where no "
            + "device needs service (device raises are not assumed fair).") {
        @Override public Claim claim(InterruptSystem m) {
            return new Claim.LeadsTo(id(), m::anyDeviceNeedsService, s -> !m.anyDeviceNeedsService(s),
                    WeakFairness.of(m.systemRules()));
        }
    },
    NO_STUCK_MASK("No quiescent state has a host line masked by the automasking handler (VFIO "
            + "masked flag set or genirq disable depth above 0).") {
        @Override public Claim claim(InterruptSystem m) {
            return new Claim.AtQuiescence(id(), s -> !m.anyHostLineMasked(s));
        }
    },
    NO_SPURIOUS_INTERRUPT("Stale-pending form: the guest never acknowledges an SPI, with no device "
            + "condition outstanding, whose line level KVM latched before every device on it was "
            + "serviced and still holds (no newer assert or lower). Acknowledges owed to an assert, "
            + "lower or write already in flight are tolerated; see ack-with-no-condition for the strict form.") {
        @Override public Claim claim(InterruptSystem m) {
            return new Claim.Always(id(), s -> !m.anyStaleAck(s));
        }
    },
    ACK_WITH_NO_CONDITION("Strict spurious check: the guest never acknowledges an SPI while no "
            + "device routed to it has a condition outstanding. Correct shared-line designs can "
            + "break it (a re-assert already in flight), so scenarios state their expectation.") {
        @Override public Claim claim(InterruptSystem m) {
            return new Claim.Always(id(), s -> !m.anyAckWithNoCondition(s));
        }
    },
    NO_STORM("No reachable cycle that is weakly fair to the host, KVM, VGIC, vCPU and guest steps "
            + "contains a guest acknowledge. Device raises are bounded, so "
            + "such a cycle delivers interrupts forever without a new device assertion (a storm; a "
            + "Linux guest would eventually disable the line as 'nobody cared').") {
        @Override public Claim claim(InterruptSystem m) {
            return new Claim.Finitely(id(), m.acknowledgeRules(), WeakFairness.of(m.systemRules()));
        }
    },
    WELL_FORMED("The model's own invariants: host disable depth at most 1 and equal to VFIO's "
            + "masked flag; an SPI in at most one list register, on its owner's ap_list; a guest "
            + "handling an SPI holds it active in an LR.") {
        @Override public Claim claim(InterruptSystem m) {
            return new Claim.Always(id(), m::wellFormed);
        }
    };

    private final String definition;

    PropertyId(String definition) {
        this.definition = definition;
    }

    /** The claim that checks this property on one model. */
    @Override
    public abstract Claim claim(InterruptSystem model);

    /** The name scenario files use, e.g. {@code no-lost-interrupt}. */
    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String definition() {
        return definition;
    }

    public static Optional<PropertyId> byId(String id) {
        for (PropertyId p : values()) {
            if (p.id().equals(id)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
