package dev.irqcheck.checker.result;

import java.time.Duration;
import java.util.List;

/**
 * Figures of one exhaustive search.
 *
 * @param distinctStates  states stored (canonical representatives under symmetry)
 * @param transitions     enabled (state, rule) pairs expanded, duplicates and self-loops included
 * @param depth           length of the longest shortest path: the last BFS level reached
 * @param elapsed         wall time of the search, trace reconstruction and liveness included
 * @param storeBytes      bytes held by the visited set and the parent table at the end
 * @param threads         worker threads used
 * @param symmetryReduced whether canonical forms were stored
 * @param ruleFirings     per rule, in the model's rule order: how often it was taken
 * @param ruleNames       the rule names, parallel to {@code ruleFirings}
 * @param fingerprintCollisionOdds estimated probability that two distinct states shared a 64-bit
 *                        fingerprint (about n^2 / 2^65), so one was wrongly taken as seen
 * @param stoppedBy       the limit that ended the search early, or null when no limit was hit
 * @param exhaustive      whether every reachable state was explored; false after a limit, and
 *                        also when the search stopped early because every claim was decided
 * @param partialOrderReduced whether states were expanded by stubborn sets (then {@code
 *                        transitions} and {@code ruleFirings} count the fired rules only, and
 *                        traces may be longer than the shortest)
 */
public record SearchStats(long distinctStates, long transitions, int depth, Duration elapsed,
                          long storeBytes, int threads, boolean symmetryReduced,
                          long[] ruleFirings, List<String> ruleNames,
                          double fingerprintCollisionOdds, Limit stoppedBy, boolean exhaustive,
                          boolean partialOrderReduced) {

    /** Figures of a search without the partial-order reduction. */
    public SearchStats(long distinctStates, long transitions, int depth, Duration elapsed, long storeBytes,
                       int threads, boolean symmetryReduced, long[] ruleFirings, List<String> ruleNames,
                       double fingerprintCollisionOdds, Limit stoppedBy, boolean exhaustive) {
        this(distinctStates, transitions, depth, elapsed, storeBytes, threads, symmetryReduced, ruleFirings,
                ruleNames, fingerprintCollisionOdds, stoppedBy, exhaustive, false);
    }

    public double statesPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : distinctStates / s;
    }

    public double bytesPerState() {
        return distinctStates == 0 ? 0 : (double) storeBytes / distinctStates;
    }

    /** Names of rules that never fired: a model or configuration smell worth reporting. */
    public List<String> unfiredRules() {
        java.util.List<String> unfired = new java.util.ArrayList<>();
        for (int i = 0; i < ruleFirings.length; i++) {
            if (ruleFirings[i] == 0) {
                unfired.add(ruleNames.get(i));
            }
        }
        return unfired;
    }

    /** No limit stopped the search, so every verdict is decided (the state space may still be partial). */
    public boolean complete() {
        return stoppedBy == null;
    }
}
