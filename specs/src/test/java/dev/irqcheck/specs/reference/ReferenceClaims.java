package dev.irqcheck.specs.reference;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.WeakFairness;
import java.util.List;

/**
 * The four compared properties, written from their definitions in the README and `irqcheck
 * properties` (not from the model's claim code).
 */
final class ReferenceClaims {
    private ReferenceClaims() {
    }

    static List<Claim> of(ReferenceInterpreter r) {
        return List.of(
                // Nothing can move and a device still needs service.
                new Claim.AtQuiescence("no-lost-interrupt", r.st.noDeviceWaiting()),
                // Nothing can move and a host line is still masked.
                new Claim.AtQuiescence("no-stuck-mask", r.st.noHostLineMasked()),
                // A cycle fair to the system steps (not raises, other exits or arbitrary guest writes) with an acknowledge.
                new Claim.Finitely("no-storm", r.acknowledgeRules, WeakFairness.of(r.fairRules)),
                // Stale-pending form, as observed by the acknowledge rule.
                new Claim.Always("no-spurious-interrupt", s -> !r.st.spuriousSeen.get(s)));
    }
}
