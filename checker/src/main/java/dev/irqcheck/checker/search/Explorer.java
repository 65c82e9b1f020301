package dev.irqcheck.checker.search;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.liveness.BehaviourGraph;
import dev.irqcheck.checker.liveness.FairCycleFinder;
import dev.irqcheck.checker.liveness.Lasso;
import dev.irqcheck.checker.liveness.LiftedComponents;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.state.FieldReads;
import dev.irqcheck.checker.store.Fingerprints;
import dev.irqcheck.checker.trace.NondeterministicModelException;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.checker.trace.TraceReplayer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Exhaustive checking: runs the level-synchronous search over a transition system, then turns
 * what it found into a {@link Verdict} per claim, with shortest traces for safety claims and
 * lassos for liveness claims.
 *
 * <p>Symmetry reduction, when the model offers it and the config allows, is used for safety and
 * liveness claims alike; liveness claims are then decided by {@link LiftedComponents}, which lifts
 * each cyclic component of the quotient graph back to the concrete model, because weak fairness
 * per rule cannot be judged on the quotient directly. The statistics say whether it was applied.
 */
public final class Explorer {
    private final SearchConfig config;
    private final SearchListener listener;

    public Explorer(SearchConfig config, SearchListener listener) {
        this.config = config;
        this.listener = listener;
    }

    public Explorer(SearchConfig config) {
        this(config, SearchListener.SILENT);
    }

    public CheckReport check(TransitionSystem system, List<Claim> claims) {
        if (config.bitstate() != null) {
            return new BitstateSearch(system, claims, config).run();
        }
        boolean liveness = claims.stream().anyMatch(Claim::isLiveness);
        Symmetry symmetry = config.useSymmetry() ? system.symmetry().orElse(null) : null;
        long start = System.nanoTime();
        ExecutorService pool = config.threads() > 1
                ? Executors.newFixedThreadPool(config.threads(), daemonThreads("irqcheck-worker"))
                : null;
        ScheduledExecutorService timer = null;
        // The partial-order reduction stays off under liveness: its conditions preserve safety and
        // quiescent states only (symmetry stays on; see decideLifted).
        long budget = Math.min(config.memoryBudgetBytes(), memoryCeiling());
        LevelSynchronousBfs bfs = new LevelSynchronousBfs(system, claims,
                config.withMemoryBudget(budget).withPartialOrder(config.partialOrder() && !liveness), symmetry, pool);
        try {
            if (listener != SearchListener.SILENT) {
                timer = Executors.newSingleThreadScheduledExecutor(daemonThreads("irqcheck-progress"));
                long every = Math.max(1, config.progressInterval().toMillis());
                timer.scheduleAtFixedRate(() -> listener.onProgress(new SearchListener.Progress(
                                bfs.progressStored, bfs.progressQueued, bfs.progressDepth,
                                Duration.ofNanos(System.nanoTime() - start))),
                        every, every, TimeUnit.MILLISECONDS);
            }
            if (bfs.partialOrderReduced()) {
                FieldReads.searchStarted();
            }
            try {
                bfs.run();
            } finally {
                if (bfs.partialOrderReduced()) {
                    FieldReads.searchEnded();
                }
            }
        } catch (OutOfMemoryError e) {
            // The budget is an estimate; when the heap runs out first, stop as the budget would have,
            // keeping every verdict already decided (the level buffers go; the store stays consistent).
            bfs.stopForHeap();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("search interrupted", e);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
            if (timer != null) {
                timer.shutdownNow();
            }
        }
        TraceReplayer replayer = new TraceReplayer(system, Optional.ofNullable(symmetry));
        List<CheckReport.ClaimResult> results = new ArrayList<>();
        bfs.releaseLevelBuffers();
        BehaviourGraph graph = null;
        boolean heapRanOutForLiveness = false;
        try {
            graph = liveness && bfs.stoppedBy == null && bfs.livenessGraphFits() ? buildGraph(bfs) : null;
        } catch (OutOfMemoryError e) {
            heapRanOutForLiveness = true;
        }
        Map<Rule, Integer> ordinals = ruleOrdinals(system);
        // Under symmetry, liveness claims lift quotient components to concrete states, within what
        // the budget leaves beside the store, the graph and the finder's working arrays.
        Lift lift = symmetry == null || graph == null ? null : new Lift(system, symmetry,
                budget - bfs.storeBytes() - graph.bytes() - 50L * bfs.stored);
        int livenessIndex = 0;
        for (int c = 0; c < claims.size(); c++) {
            Claim claim = claims.get(c);
            Verdict verdict;
            if (claim.isLiveness()) {
                verdict = graph == null
                        // Stopped by a limit, or complete but with no room for the graph.
                        ? new Verdict.Inconclusive(bfs.stoppedBy != null ? bfs.stoppedBy
                                : heapRanOutForLiveness ? Limit.HEAP : Limit.MEMORY)
                        : decideLivenessWithinHeap(claim, livenessIndex, bfs, graph, ordinals, replayer, lift);
                livenessIndex++;
            } else {
                verdict = decideSafety(claim, c, bfs, replayer);
            }
            results.add(new CheckReport.ClaimResult(claim, verdict));
        }
        long bytes = bfs.storeBytes() + (graph == null ? 0 : graph.bytes());
        SearchStats stats = new SearchStats(bfs.stored, bfs.transitions, bfs.depth,
                Duration.ofNanos(System.nanoTime() - start), bytes, config.threads(), symmetry != null,
                bfs.firings.clone(), system.rules().stream().map(Rule::name).toList(),
                Fingerprints.collisionOdds(bfs.stored), bfs.stoppedBy, bfs.exhaustive, bfs.partialOrderReduced());
        return new CheckReport(results, stats);
    }

    // The fair-cycle search needs working arrays beyond the graph's estimate; a heap too small for
    // them leaves this claim undecided rather than ending the run.
    private Verdict decideLivenessWithinHeap(Claim claim, int slot, LevelSynchronousBfs bfs, BehaviourGraph graph,
                                             Map<Rule, Integer> ordinals, TraceReplayer replayer, Lift lift) {
        try {
            return decideLiveness(claim, slot, bfs, graph, ordinals, replayer, lift);
        } catch (OutOfMemoryError e) {
            return new Verdict.Inconclusive(Limit.HEAP);
        }
    }

    /**
     * The most a search's budget may be: 70% of the heap that is free now. The heap already in use
     * (the model, earlier results) and the collector's slack are what a budget of a fraction of the
     * whole heap missed; a larger configured budget is lowered to this.
     */
    public static long memoryCeiling() {
        Runtime rt = Runtime.getRuntime();
        long inUse = rt.totalMemory() - rt.freeMemory();
        return (long) (Math.max(0, rt.maxMemory() - inUse) * 0.7);
    }

    private Verdict decideSafety(Claim claim, int c, LevelSynchronousBfs bfs, TraceReplayer replayer) {
        int id = bfs.decidingState[c];
        if (id >= 0) {
            Trace trace = traceTo(bfs, id, replayer, bfs.decidingWords[c]);
            return claim instanceof Claim.Sometimes ? new Verdict.Witnessed(trace) : new Verdict.Violated(trace);
        }
        if (bfs.stoppedBy != null) {
            return new Verdict.Inconclusive(bfs.stoppedBy);
        }
        return claim instanceof Claim.Sometimes ? new Verdict.NotWitnessed() : new Verdict.Holds();
    }

    private Trace traceTo(LevelSynchronousBfs bfs, int id, TraceReplayer replayer, long[] expected) {
        int[] path = pathTo(bfs, id);
        int initial = bfs.parents.rule(path[0]);
        int[] rules = new int[path.length - 1];
        for (int i = 1; i < path.length; i++) {
            rules[i - 1] = bfs.parents.rule(path[i]);
        }
        Trace trace = replayer.replay(initial, rules, -1);
        if (expected != null && !Arrays.equals(replayer.canonical(trace.last().words()), expected)) {
            throw new NondeterministicModelException("the replayed path ends in another state than the "
                    + "search found");
        }
        return trace;
    }

    // Ids from an initial state to `id`, following parent pointers.
    private static int[] pathTo(LevelSynchronousBfs bfs, int id) {
        int length = 0;
        for (int s = id; s >= 0; s = bfs.parents.parent(s)) {
            length++;
        }
        int[] path = new int[length];
        for (int s = id, i = length - 1; s >= 0; s = bfs.parents.parent(s), i--) {
            path[i] = s;
        }
        return path;
    }

    /** What deciding liveness on a symmetry-reduced graph needs: the model, its symmetry, room. */
    private record Lift(TransitionSystem system, Symmetry symmetry, long budgetBytes) {
    }

    private Verdict decideLiveness(Claim claim, int slot, LevelSynchronousBfs bfs, BehaviourGraph graph,
                                   Map<Rule, Integer> ordinals, TraceReplayer replayer, Lift lift) {
        WeakFairness fairness = claim instanceof Claim.Eventually e ? e.fairness()
                : claim instanceof Claim.LeadsTo l ? l.fairness() : ((Claim.Finitely) claim).fairness();
        int[] fair = new int[fairness.rules().size()];
        for (int i = 0; i < fair.length; i++) {
            fair[i] = ordinalOf(claim, fairness.rules().get(i), ordinals);
        }
        if (claim instanceof Claim.Finitely f) {
            if (f.rules().isEmpty()) {
                return new Verdict.Holds();
            }
            int[] accepting = new int[f.rules().size()];
            for (int i = 0; i < accepting.length; i++) {
                accepting[i] = ordinalOf(claim, f.rules().get(i), ordinals);
            }
            int[] initial = java.util.stream.IntStream.range(0, graph.stateCount())
                    .filter(s -> bfs.parents.parent(s) < 0).toArray();
            if (lift != null) {
                return decideLifted(lift, bfs, graph, fair, accepting, initial, new BitSet(), replayer);
            }
            Optional<Lasso> cycle = new FairCycleFinder(graph, fair, accepting, ordinals.size())
                    .find(initial, new BitSet(graph.stateCount()));
            return cycle.isEmpty() ? new Verdict.Holds() : new Verdict.Violated(lassoTrace(bfs, cycle.get(), replayer));
        }
        byte[] flags = bfs.livenessFlags[slot];
        BitSet response = new BitSet(graph.stateCount());
        int[] starts = new int[graph.stateCount()];
        int startCount = 0;
        for (int s = 0; s < graph.stateCount(); s++) {
            boolean responds = (flags[s] & 2) != 0;
            if (responds) {
                response.set(s);
            }
            boolean isStart = claim instanceof Claim.Eventually ? bfs.parents.parent(s) < 0 : (flags[s] & 1) != 0;
            if (isStart && !responds) {
                starts[startCount++] = s;
            }
        }
        if (lift != null) {
            return decideLifted(lift, bfs, graph, fair, new int[0], Arrays.copyOf(starts, startCount), response,
                    replayer);
        }
        Optional<Lasso> lasso = new FairCycleFinder(graph, fair).find(Arrays.copyOf(starts, startCount), response);
        if (lasso.isEmpty()) {
            return new Verdict.Holds();
        }
        return new Verdict.Violated(lassoTrace(bfs, lasso.get(), replayer));
    }

    // On the quotient: each cyclic component is decided on its concrete lift (see LiftedComponents).
    private static Verdict decideLifted(Lift lift, LevelSynchronousBfs bfs, BehaviourGraph graph, int[] fair,
                                        int[] accepting, int[] starts, BitSet response, TraceReplayer replayer) {
        LiftedComponents.Stems stems = new LiftedComponents.Stems() {
            @Override public long[] canonicalEnd(int[] stemStates, int[] stemRules) {
                int[] path = pathTo(bfs, stemStates[0]);
                return replayer.canonicalEnd(bfs.parents.rule(path[0]), storedRulesThen(bfs, path, stemRules));
            }

            @Override public long[] concreteEnd(int[] stemStates, int[] stemRules) {
                return replayStem(bfs, stemStates, stemRules, replayer).last().words();
            }
        };
        LiftedComponents.Outcome outcome = new LiftedComponents(graph, lift.system().rules(), concrete -> {
            long[] canonical = concrete.clone();
            lift.symmetry().canonicalize(canonical);
            return bfs.visited.idOf(Fingerprints.of(canonical));
        }, lift.system().layout().wordCount(), fair, accepting, lift.budgetBytes()).find(starts, response, stems);
        if (outcome instanceof LiftedComponents.Outcome.OverBudget) {
            return new Verdict.Inconclusive(Limit.MEMORY);
        }
        if (!(outcome instanceof LiftedComponents.Outcome.Counterexample found)) {
            return new Verdict.Holds();
        }
        Trace stem = replayStem(bfs, found.stemStates(), found.stemRules(), replayer);
        if (!Arrays.equals(stem.last().words(), found.entry())) {
            throw new NondeterministicModelException("the stem replays to another state than the lift started from");
        }
        // A stop has no cycle: the loop starts (and ends) at the last state.
        Trace trace = replayer.continueExactly(stem, found.cycleRules(), stem.length());
        if (found.cycleRules().length > 0 && !Arrays.equals(trace.last().words(), found.entry())) {
            throw new NondeterministicModelException("the lifted cycle does not close on its first state");
        }
        return new Verdict.Violated(trace);
    }

    // The stored path to stemStates[0], then stemRules, replayed from the initial state.
    private static Trace replayStem(LevelSynchronousBfs bfs, int[] stemStates, int[] stemRules,
                                    TraceReplayer replayer) {
        return lassoTrace(bfs, new Lasso(stemStates, stemRules, stemRules.length), replayer);
    }

    // The lasso's first state is reached by the shortest stored path; replay the whole behaviour.
    private static Trace lassoTrace(LevelSynchronousBfs bfs, Lasso l, TraceReplayer replayer) {
        int[] stem = pathTo(bfs, l.states()[0]);
        int loopStart = stem.length - 1 + l.loopStart();
        return replayer.replay(bfs.parents.rule(stem[0]), storedRulesThen(bfs, stem, l.rules()), loopStart);
    }

    // The rules along a stored path of ids, then {@code then}.
    private static int[] storedRulesThen(LevelSynchronousBfs bfs, int[] path, int[] then) {
        int[] rules = new int[path.length - 1 + then.length];
        for (int i = 1; i < path.length; i++) {
            rules[i - 1] = bfs.parents.rule(path[i]);
        }
        System.arraycopy(then, 0, rules, path.length - 1, then.length);
        return rules;
    }

    static int ordinalOf(Claim claim, Rule rule, Map<Rule, Integer> ordinals) {
        Integer ordinal = ordinals.get(rule);
        if (ordinal == null) {
            throw new IllegalArgumentException("claim " + claim.name() + ": rule " + rule.name()
                    + " is not a rule of the model");
        }
        return ordinal;
    }

    private static BehaviourGraph buildGraph(LevelSynchronousBfs bfs) {
        EdgeLog log = bfs.edges;
        int n = bfs.stored;
        int[] offsets = new int[n + 1];
        for (int e = 0; e < log.size; e++) {
            offsets[log.sources[e] + 1]++;
        }
        int[] targets = new int[log.size];
        bfs.visited.idsOf(log.targets, targets, log.size);
        for (int s = 0; s < n; s++) {
            offsets[s + 1] += offsets[s];
        }
        return new BehaviourGraph(n, offsets, targets, Arrays.copyOf(log.rules, log.size));
    }

    static Map<Rule, Integer> ruleOrdinals(TransitionSystem system) {
        Map<Rule, Integer> map = new IdentityHashMap<>();
        List<Rule> rules = system.rules();
        for (int i = 0; i < rules.size(); i++) {
            map.put(rules.get(i), i);
        }
        return map;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Convenience for tests and small tools: {@code always} over a named predicate. */
    public static Claim always(String name, StatePredicate p) {
        return new Claim.Always(name, p);
    }
}
