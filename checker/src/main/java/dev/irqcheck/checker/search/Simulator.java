package dev.irqcheck.checker.search;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.result.SimulationReport;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.trace.NondeterministicModelException;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.checker.trace.TraceReplayer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Seeded random walks over a transition system, for configurations too large to search
 * exhaustively: a bug hunter, not a prover.
 *
 * <p><b>A run.</b> Run {@code i} of a batch draws from its own {@link SplittableRandom}, seeded by
 * {@link #runSeed(long, int) runSeed(seed, i)}: a function of the batch seed and the run index
 * only, so any run can be reproduced alone ({@link #walk}) and the outcome of a batch does not
 * depend on anything else (thread count, timing, other runs). The run picks an initial state
 * uniformly from {@link TransitionSystem#initialStates()} (by list position), then, for at most
 * {@code stepsPerRun} steps, fires a rule picked uniformly among the rules enabled in the current
 * state. It stops early in a state where no rule is enabled. A run of {@code n} steps visits
 * {@code n + 1} states, the initial one included.
 *
 * <p><b>Claims.</b> Each visited state is checked against the safety claims:
 * <ul>
 *   <li>{@link Claim.Always}: violated at a visited state where the invariant is false;</li>
 *   <li>{@link Claim.AtQuiescence}: violated at a visited state where no rule is enabled and the
 *       condition is false (the state a run stopped in; a run cut off by {@code stepsPerRun} in a
 *       state with enabled rules does not count as quiescent);</li>
 *   <li>{@link Claim.Sometimes}: witnessed at a visited state where the goal is true.</li>
 * </ul>
 * A claim is decided by the first run that decides it, in run order, and within that run by the
 * first state that does, in step order; its trace is that run's path up to that state. The trace
 * is a real behaviour of the model, replayed through {@link TraceReplayer}, but usually not a
 * shortest one. A claim nothing was found against is reported as
 * {@link SimulationReport.Outcome#NOT_FOUND}: a simulation never proves a claim.
 *
 * <p><b>Liveness claims</b> (those whose {@link Claim#isLiveness()} is true: Eventually, LeadsTo,
 * Finitely) are not decided by simulation: a finite walk can neither show that every fair
 * behaviour does something eventually (or finitely often) nor, without knowing that a revisited
 * state closes a cycle that is fair and reachable as such, that one does not. They are reported
 * as {@link SimulationReport.Outcome#NOT_CHECKED} and never stop a batch early.
 *
 * <p><b>Early stop.</b> When the claims include at least one safety claim and every safety claim
 * has been decided, the batch stops at once (later runs could not change any outcome);
 * {@link SimulationReport#runsDone()} then says how many runs were started. With no safety claim,
 * every requested run is walked, which is what a caller that only wants the visitor needs.
 *
 * <p><b>Symmetry.</b> The walk follows the real model: a symmetry canonical form that the model
 * offers is not applied, so visited states and traces are actual states of the model.
 *
 * <p>A simulator keeps no state between calls, so concurrent calls are safe when the model is
 * (as the exhaustive search already requires); a batch itself runs on the calling thread. The
 * model's rules must be deterministic, as for the exhaustive search; replaying a decided run
 * checks that, and throws {@link NondeterministicModelException} when it is not so.
 */
public final class Simulator {

    /**
     * Sees every state a batch visits, in run order then step order, initial states included.
     * The words are the simulator's working array: valid only during the call, and must not be
     * modified (clone them to keep them).
     */
    @FunctionalInterface
    public interface StateVisitor {
        void visit(long[] words);
    }

    private final List<State> initial;
    private final Rule[] rules;
    private final int wordCount;
    private final TraceReplayer replayer;

    public Simulator(TransitionSystem system) {
        this.initial = List.copyOf(system.initialStates());
        this.rules = system.rules().toArray(new Rule[0]);
        this.wordCount = system.layout().wordCount();
        this.replayer = new TraceReplayer(system, Optional.empty());
    }

    /**
     * Walks {@code runs} random runs of at most {@code stepsPerRun} steps each.
     *
     * @param claims      the claims to check; liveness claims are reported as not checked
     * @param runs        number of runs, at least 0
     * @param stepsPerRun maximum rules fired per run, at least 0 (0 checks initial states only)
     * @param seed        the batch seed
     * @param visitor     sees every visited state, or null
     * @return one result per claim, in the order of {@code claims}, and the batch's figures
     */
    public SimulationReport run(List<Claim> claims, int runs, int stepsPerRun, long seed,
                                StateVisitor visitor) {
        if (runs < 0) {
            throw new IllegalArgumentException("runs must be at least 0, got " + runs);
        }
        if (stepsPerRun < 0) {
            throw new IllegalArgumentException("stepsPerRun must be at least 0, got " + stepsPerRun);
        }
        Batch batch = new Batch(claims, visitor);
        int runsDone = 0;
        long steps = 0;
        int quiescent = 0;
        if (!initial.isEmpty()) {
            for (int run = 0; run < runs; run++) {
                batch.run = run;
                Path path = walkOnce(runSeed(seed, run), stepsPerRun, batch);
                runsDone++;
                steps += path.length;
                if (path.quiescent) {
                    quiescent++;
                }
                if (batch.allDecided()) {
                    break;
                }
            }
        }
        List<SimulationReport.ClaimResult> results = new ArrayList<>(claims.size());
        for (int c = 0; c < claims.size(); c++) {
            results.add(batch.result(c));
        }
        return new SimulationReport(seed, runs, runsDone, steps, quiescent, results, batch.firings);
    }

    /**
     * Reproduces run {@code run} of a batch with seed {@code seed} alone, as a finite trace of all
     * its steps (the state it stopped in last). A batch that stopped early may have cut that run
     * short; this walks it to its end.
     */
    public Trace walk(long seed, int run, int stepsPerRun) {
        if (run < 0) {
            throw new IllegalArgumentException("run must be at least 0, got " + run);
        }
        if (stepsPerRun < 0) {
            throw new IllegalArgumentException("stepsPerRun must be at least 0, got " + stepsPerRun);
        }
        if (initial.isEmpty()) {
            throw new IllegalStateException("the model has no initial state");
        }
        Path path = walkOnce(runSeed(seed, run), stepsPerRun, null);
        return replay(path.initialIndex, path.ordinals, path.length, null);
    }

    /**
     * The seed of run {@code run} of a batch seeded with {@code seed}: the SplitMix64 finalizer
     * over the mixed batch seed plus a multiple of the golden gamma, so runs of one batch, and
     * batches of nearby seeds, get unrelated streams.
     */
    public static long runSeed(long seed, int run) {
        return mix64(mix64(seed) + 0x9E3779B97F4A7C15L * (run + 1L));
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The rule ordinals one run fired, and how it ended. */
    private static final class Path {
        int initialIndex;
        int[] ordinals = new int[16];
        int length;
        boolean quiescent;

        void add(int ordinal) {
            if (length == ordinals.length) {
                ordinals = Arrays.copyOf(ordinals, length * 2);
            }
            ordinals[length++] = ordinal;
        }
    }

    // One run; with a batch, visits and checks every state and stops once the batch is decided.
    private Path walkOnce(long runSeed, int stepsPerRun, Batch batch) {
        SplittableRandom random = new SplittableRandom(runSeed);
        Path path = new Path();
        path.initialIndex = random.nextInt(initial.size());
        long[] state = initial.get(path.initialIndex).words();
        long[] next = new long[wordCount];
        int[] enabled = new int[rules.length];
        while (true) {
            int count = 0;
            for (int r = 0; r < rules.length; r++) {
                if (rules[r].enabled(state)) {
                    enabled[count++] = r;
                }
            }
            path.quiescent = count == 0;
            if (batch != null && batch.atState(state, path)) {
                return path;
            }
            if (count == 0 || path.length == stepsPerRun) {
                return path;
            }
            int r = enabled[random.nextInt(count)];
            System.arraycopy(state, 0, next, 0, wordCount);
            rules[r].apply(state, next);
            path.add(r);
            if (batch != null) {
                batch.firings[r]++;
            }
            long[] t = state;
            state = next;
            next = t;
        }
    }

    private Trace replay(int initialIndex, int[] ordinals, int length, long[] expectedLast) {
        Trace trace = replayer.replay(initialIndex, Arrays.copyOf(ordinals, length), -1);
        if (expectedLast != null && !Arrays.equals(trace.last().words(), expectedLast)) {
            throw new NondeterministicModelException("simulation: the replayed run ends in another "
                    + "state than the walk reached");
        }
        return trace;
    }

    /** Per-claim bookkeeping of one batch. */
    private final class Batch {
        private final List<Claim> claims;
        private final StateVisitor visitor;
        private final SimulationReport.Outcome[] outcomes;
        private final Trace[] traces;
        private final int[] runs;
        private final int[] steps;
        private final long[] firings = new long[rules.length];
        private int safetyClaims;
        private int undecided;
        int run;

        Batch(List<Claim> claims, StateVisitor visitor) {
            this.claims = List.copyOf(claims);
            this.visitor = visitor;
            int n = this.claims.size();
            outcomes = new SimulationReport.Outcome[n];
            traces = new Trace[n];
            runs = new int[n];
            steps = new int[n];
            Arrays.fill(runs, -1);
            Arrays.fill(steps, -1);
            for (int c = 0; c < n; c++) {
                if (this.claims.get(c).isLiveness()) {
                    outcomes[c] = SimulationReport.Outcome.NOT_CHECKED;
                } else {
                    outcomes[c] = SimulationReport.Outcome.NOT_FOUND;
                    safetyClaims++;
                }
            }
            undecided = safetyClaims;
        }

        boolean allDecided() {
            return safetyClaims > 0 && undecided == 0;
        }

        // Visits and checks one state; true when the batch is now fully decided.
        boolean atState(long[] state, Path path) {
            if (visitor != null) {
                visitor.visit(state);
            }
            for (int c = 0; c < claims.size(); c++) {
                if (outcomes[c] != SimulationReport.Outcome.NOT_FOUND) {
                    continue;
                }
                Claim claim = claims.get(c);
                if (claim instanceof Claim.Always a) {
                    if (!a.invariant().test(state)) {
                        decide(c, SimulationReport.Outcome.VIOLATED, state, path);
                    }
                } else if (claim instanceof Claim.Sometimes s) {
                    if (s.goal().test(state)) {
                        decide(c, SimulationReport.Outcome.WITNESSED, state, path);
                    }
                } else if (claim instanceof Claim.AtQuiescence q) {
                    if (path.quiescent && !q.condition().test(state)) {
                        decide(c, SimulationReport.Outcome.VIOLATED, state, path);
                    }
                }
            }
            return allDecided();
        }

        private void decide(int c, SimulationReport.Outcome outcome, long[] state, Path path) {
            outcomes[c] = outcome;
            traces[c] = replay(path.initialIndex, path.ordinals, path.length, state);
            runs[c] = run;
            steps[c] = path.length;
            undecided--;
        }

        SimulationReport.ClaimResult result(int c) {
            return new SimulationReport.ClaimResult(claims.get(c), outcomes[c],
                    Optional.ofNullable(traces[c]), runs[c], steps[c]);
        }
    }
}
