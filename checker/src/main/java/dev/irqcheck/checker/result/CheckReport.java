package dev.irqcheck.checker.result;

import dev.irqcheck.checker.api.Claim;
import java.util.List;

/** The verdict of every claim of one search, in the order the claims were given, and its statistics. */
public record CheckReport(List<ClaimResult> results, SearchStats stats, java.util.Optional<BitstateSummary> bitstate) {
    public CheckReport {
        results = List.copyOf(results);
    }

    /** The report of an exhaustive search. */
    public CheckReport(List<ClaimResult> results, SearchStats stats) {
        this(results, stats, java.util.Optional.empty());
    }

    /** One claim and its verdict. */
    public record ClaimResult(Claim claim, Verdict verdict) {
    }

    public Verdict verdictOf(String claimName) {
        for (ClaimResult r : results) {
            if (r.claim().name().equals(claimName)) {
                return r.verdict();
            }
        }
        throw new IllegalArgumentException("no claim named " + claimName);
    }
}
