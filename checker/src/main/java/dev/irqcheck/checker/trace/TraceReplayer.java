package dev.irqcheck.checker.trace;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.state.State;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Turns a path stored as (initial-state index, rule ordinals) back into states.
 *
 * <p>With symmetry reduction the stored path lives among canonical representatives; the replayer
 * keeps a canonical track and an actual track, and at each step picks an enabled rule of the
 * actual state whose successor has the recorded canonical form (the recorded rule first). The
 * trace shown is then a real behaviour of the unreduced model, not a jump between permutations.
 */
public final class TraceReplayer {
    private final TransitionSystem system;
    private final List<Rule> rules;
    private final Optional<Symmetry> symmetry;

    public TraceReplayer(TransitionSystem system, Optional<Symmetry> symmetry) {
        this.system = system;
        this.rules = system.rules();
        this.symmetry = symmetry;
    }

    /** Replays and returns the trace; {@code loopStart} is passed through (-1 for none). */
    public Trace replay(int initialIndex, int[] ruleOrdinals, int loopStart) {
        State init = system.initialStates().get(initialIndex);
        long[] actual = init.words();
        long[] canonical = canonical(actual);
        List<Step> steps = new ArrayList<>(ruleOrdinals.length);
        for (int i = 0; i < ruleOrdinals.length; i++) {
            Rule recorded = rules.get(ruleOrdinals[i]);
            long[] nextCanonical = canonical(recordedStep(canonical, recorded, i + 1));
            Rule taken = null;
            long[] nextActual = null;
            for (int k = -1; k < rules.size() && taken == null; k++) {
                Rule candidate = k < 0 ? recorded : rules.get(k);
                if (!candidate.enabled(actual)) {
                    continue;
                }
                long[] next = actual.clone();
                candidate.apply(actual, next);
                if (Arrays.equals(canonical(next), nextCanonical)) {
                    taken = candidate;
                    nextActual = next;
                }
            }
            if (taken == null) {
                throw new NondeterministicModelException("step " + (i + 1)
                        + ": no rule of the actual state reaches the recorded canonical state");
            }
            steps.add(new Step(taken, new State(system.layout(), nextActual)));
            actual = nextActual;
            canonical = nextCanonical;
        }
        return new Trace(init, steps, loopStart);
    }

    /**
     * The canonical state a stored path ends in, following the canonical track only (one rule
     * application and canonicalisation a step, where {@link #replay} tries every rule on the
     * actual state): the words of a stored state, which the search itself does not keep.
     */
    public long[] canonicalEnd(int initialIndex, int[] ruleOrdinals) {
        long[] canonical = canonical(system.initialStates().get(initialIndex).words());
        for (int i = 0; i < ruleOrdinals.length; i++) {
            canonical = canonical(recordedStep(canonical, rules.get(ruleOrdinals[i]), i + 1));
        }
        return canonical;
    }

    /**
     * {@code stem} followed by {@code ruleOrdinals} applied exactly (no symmetry: each rule must be
     * enabled in the actual state), with {@code loopStart} as the trace's loop start.
     */
    public Trace continueExactly(Trace stem, int[] ruleOrdinals, int loopStart) {
        List<Step> steps = new ArrayList<>(stem.steps());
        long[] actual = stem.last().words();
        for (int i = 0; i < ruleOrdinals.length; i++) {
            Rule rule = rules.get(ruleOrdinals[i]);
            long[] next = recordedStep(actual, rule, steps.size() + 1);
            steps.add(new Step(rule, new State(system.layout(), next)));
            actual = next;
        }
        return new Trace(stem.initial(), steps, loopStart);
    }

    // A recorded rule applied to {@code from}, which it must be enabled in (step numbers from 1).
    private static long[] recordedStep(long[] from, Rule rule, int step) {
        if (!rule.enabled(from)) {
            throw new NondeterministicModelException("step " + step + ": rule " + rule.name()
                    + " was recorded but is not enabled on replay");
        }
        long[] next = from.clone();
        rule.apply(from, next);
        return next;
    }

    /** The canonical words of the last state a replay reaches; used to check a replay landed. */
    public long[] canonical(long[] words) {
        long[] copy = words.clone();
        symmetry.ifPresent(s -> s.canonicalize(copy));
        return copy;
    }
}
