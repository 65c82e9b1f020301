package dev.irqcheck.specs.claims;

import dev.irqcheck.model.system.InterruptSystem;
import java.util.Locale;

/**
 * The observations the property catalogue is built from, as events a simulation can meet: a
 * swarm reports which of them its walks saw, so "no violation found" can be read against what
 * the walks actually exercised (a walk that never met a quiescent state with a waiting device
 * could not have found a lost interrupt).
 */
public enum ObservableEvent {
    DEVICE_NEEDS_SERVICE("a device has a condition outstanding"),
    HOST_LINE_MASKED("a host line is masked (VFIO masked or disable depth > 0)"),
    GUEST_ACKNOWLEDGE("the guest acknowledged an SPI (an acknowledge rule fired)"),
    ACK_WITH_NO_CONDITION("an acknowledge with no device condition outstanding (ack-with-no-condition)"),
    STALE_ACK("an acknowledge of a stale latched level (no-spurious-interrupt)"),
    QUIESCENT("a state where no rule is enabled"),
    QUIESCENT_DEVICE_WAITING("a quiescent state with a device still needing service (no-lost-interrupt)"),
    QUIESCENT_LINE_MASKED("a quiescent state with a host line masked (no-stuck-mask)"),
    NOT_WELL_FORMED("a state breaking the model's own invariants (well-formed)");

    private final String description;

    ObservableEvent(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether a state shows this event; {@link #GUEST_ACKNOWLEDGE} is a step, not a state, and is never seen here. */
    public boolean inState(InterruptSystem m, long[] s, boolean quiescent) {
        return switch (this) {
            case DEVICE_NEEDS_SERVICE -> m.anyDeviceNeedsService(s);
            case HOST_LINE_MASKED -> m.anyHostLineMasked(s);
            case GUEST_ACKNOWLEDGE -> false;
            case ACK_WITH_NO_CONDITION -> m.anyAckWithNoCondition(s);
            case STALE_ACK -> m.anyStaleAck(s);
            case QUIESCENT -> quiescent;
            case QUIESCENT_DEVICE_WAITING -> quiescent && m.anyDeviceNeedsService(s);
            case QUIESCENT_LINE_MASKED -> quiescent && m.anyHostLineMasked(s);
            case NOT_WELL_FORMED -> !m.wellFormed(s);
        };
    }
}
