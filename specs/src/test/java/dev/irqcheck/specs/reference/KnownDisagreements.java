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

    static final List<Entry> ENTRIES = List.of(
            // D1: the model lets the owed GICD_ISENABLER, issued on another vCPU, overtake the trapped ICENABLER.
            new Entry("D1", c -> c.vcpus() == 2 && c.distributorWrites() > 0, "no-lost-interrupt",
                    Verdict.Kind.VIOLATED, Verdict.Kind.HOLDS),
            new Entry("D1", c -> c.vcpus() == 2 && c.distributorWrites() > 0, "no-stuck-mask",
                    Verdict.Kind.VIOLATED, Verdict.Kind.HOLDS));

    private KnownDisagreements() {
    }

    static boolean explains(RefConfig c, String property, Verdict.Kind model, Verdict.Kind reference) {
        return ENTRIES.stream().anyMatch(e -> e.property().equals(property) && e.model() == model
                && e.reference() == reference && e.applies().test(c));
    }
}
