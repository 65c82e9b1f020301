package dev.irqcheck.checker.result;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.trace.Trace;
import java.util.List;
import java.util.Optional;

/**
 * What a batch of seeded random walks ({@code dev.irqcheck.checker.search.Simulator}) found.
 *
 * <p>A simulation only ever sees part of the reachable graph, so it can refute a claim but never
 * prove one: a claim it found nothing against is {@link Outcome#NOT_FOUND}, not
 * {@link Verdict.Holds} or {@link Verdict.NotWitnessed}.
 *
 * @param seed          the seed the batch was run with; with a run index it reproduces any run
 * @param runsRequested runs asked for
 * @param runsDone      runs started; fewer than requested when every checked claim was decided
 *                      early (the last run counted may then have been cut short), or 0 when the
 *                      model has no initial state
 * @param steps         rules fired over all runs
 * @param runsEndedQuiescent runs that stopped in a state where no rule is enabled
 * @param results       one entry per claim, in the order the claims were given
 * @param ruleFirings   per rule, in the model's rule order: how often the walks fired it (coverage)
 */
public record SimulationReport(long seed, int runsRequested, int runsDone, long steps,
                               int runsEndedQuiescent, List<ClaimResult> results, long[] ruleFirings) {
    public SimulationReport {
        results = List.copyOf(results);
        ruleFirings = ruleFirings.clone();
    }

    /** What the walks found about one claim. */
    public enum Outcome {
        /** An {@link Claim.Always} or {@link Claim.AtQuiescence} claim failed on a walk. */
        VIOLATED,
        /** A {@link Claim.Sometimes} goal was reached on a walk. */
        WITNESSED,
        /** The walks found no violation (or no witness); this proves nothing. */
        NOT_FOUND,
        /** A liveness claim: random walks do not decide those, so it was not looked at. */
        NOT_CHECKED
    }

    /**
     * One claim and what the walks found about it.
     *
     * @param trace the path of the first run that decided the claim, from its initial state up to
     *              the deciding state (a real behaviour of the model, not necessarily a shortest
     *              one); present exactly for {@code VIOLATED} and {@code WITNESSED}
     * @param run   index of that run (in {@code 0..runsDone-1}), or -1 when there is none
     * @param step  number of steps that run had taken at the deciding state (the trace length),
     *              or -1 when there is none
     */
    public record ClaimResult(Claim claim, Outcome outcome, Optional<Trace> trace, int run, int step) {
        public ClaimResult {
            boolean decided = outcome == Outcome.VIOLATED || outcome == Outcome.WITNESSED;
            if (decided != trace.isPresent() || decided != (run >= 0) || decided != (step >= 0)) {
                throw new IllegalArgumentException("claim " + claim.name() + ": outcome " + outcome
                        + " with trace " + trace.isPresent() + ", run " + run + ", step " + step);
            }
        }

        /**
         * The finding as an exhaustive-search verdict ({@link Verdict.Violated} or
         * {@link Verdict.Witnessed}); empty when the walks decided nothing.
         */
        public Optional<Verdict> verdict() {
            return switch (outcome) {
                case VIOLATED -> Optional.of(new Verdict.Violated(trace.orElseThrow()));
                case WITNESSED -> Optional.of(new Verdict.Witnessed(trace.orElseThrow()));
                case NOT_FOUND, NOT_CHECKED -> Optional.empty();
            };
        }
    }

    public ClaimResult resultOf(String claimName) {
        for (ClaimResult r : results) {
            if (r.claim().name().equals(claimName)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no claim named " + claimName);
    }
}
