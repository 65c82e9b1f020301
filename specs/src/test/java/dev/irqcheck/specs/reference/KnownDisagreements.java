package dev.irqcheck.specs.reference;

import dev.irqcheck.checker.result.Verdict;
import java.util.List;
import java.util.function.Predicate;

/**
 * Disagreements between the model and the reference that were resolved against the kernel
 * sources and are explained in docs/reference-disagreements.md (by the id given here). Each entry
 * is narrow: a class of configurations, one property, and both verdicts exactly.
 */
final class KnownDisagreements {
    record Entry(String id, Predicate<RefConfig> applies, String property, Verdict.Kind model, Verdict.Kind reference) {
    }

    // D1 (the owed GICD_ISENABLER overtaking the trapped ICENABLER on another vCPU) was a model bug,
    // fixed with the guest's execution contexts.
    // D2: the reference lets a oneshot driver's irq thread run (and unmask) between the EOI and the
    // EOI maintenance interrupt's exit; the model takes the maintenance interrupt first (resolved for
    // the model: docs/reference-disagreements.md).
    static final List<Entry> ENTRIES = List.of(
            new Entry("D2", ReferenceDisagreementD2::applies, "no-lost-interrupt", Verdict.Kind.HOLDS, Verdict.Kind.VIOLATED),
            new Entry("D2", ReferenceDisagreementD2::applies, "no-stuck-mask", Verdict.Kind.HOLDS, Verdict.Kind.VIOLATED));

    /** Configurations where D2 can show: a oneshot threaded driver. */
    static final class ReferenceDisagreementD2 {
        static boolean applies(RefConfig c) {
            return c.spis().stream().anyMatch(s -> s.driver() == RefConfig.Driver.ONESHOT_THREADED);
        }
    }

    private KnownDisagreements() {
    }

    static boolean explains(RefConfig c, String property, Verdict.Kind model, Verdict.Kind reference) {
        return ENTRIES.stream().anyMatch(e -> e.property().equals(property) && e.model() == model
                && e.reference() == reference && e.applies().test(c));
    }
}
