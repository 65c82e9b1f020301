package dev.irqcheck.checker.search;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.liveness.BehaviourGraph;
import dev.irqcheck.checker.liveness.FairCycleFinder;
import dev.irqcheck.checker.liveness.Lasso;
import dev.irqcheck.checker.result.BitstateSummary;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.store.BitstateStore;
import dev.irqcheck.checker.trace.NondeterministicModelException;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.checker.trace.TraceReplayer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One liveness claim under a bitstate store: Tarjan's on-the-fly strongly connected components
 * over the claim's {@link Obligation} product, with a Bloom filter as the visited set.
 *
 * <p>Why Tarjan and not SPIN's nested depth-first search: the exhaustive engine's weak fairness is
 * a property of a whole component (a component holds a fair cycle when every fair rule is taken
 * inside it or disabled in one of its states; see {@link FairCycleFinder}). Nested DFS finds an
 * accepting cycle through one seed state; weak fairness over k rules would need the Choueka
 * counter construction (k+2 copies of the graph), a second definition of fairness. Here each
 * completed component is handed, as a small {@link BehaviourGraph}, to the same
 * {@link FairCycleFinder} the exhaustive search uses, so both engines define a fair cycle once.
 *
 * <p>Exact identity is needed only for states on the Tarjan stack (their stack position is their
 * index, and {@link StackIndex} finds them); an edge to a state the filter has seen that is not on
 * the stack leads into a completed component and is ignored. A Bloom false positive omits a state,
 * as in every bitstate search: what is found is real (the lasso is replayed), nothing is proved.
 * Memory is the filter, the depth-first stack and the Tarjan stack: the states of the components
 * not yet completed (on a model whose reachable graph is one component, every state), plus the
 * graph of the component being analysed; the memory budget stops the pass before they pass it.
 */
final class BitstateFairCycles {
    /** What one pass found and what it cost; {@code verdict} is null when it found no counterexample. */
    record Outcome(Verdict verdict, Limit stoppedBy, long stored, long transitions, int maxDepth, long[] firings,
                   long peakBytes, BitstateSummary filter) {
    }

    private final TransitionSystem system;
    private final Rule[] rules;
    private final int wordCount;
    private final Obligation obligation;
    private final FairCycleFinderFactory finder;
    private final SearchConfig config;
    private final BitstateStore store;
    private final int width;

    private BitstateFairCycles(TransitionSystem system, Obligation obligation, FairCycleFinderFactory finder,
                               SearchConfig config, BitstateStore store) {
        this.system = system;
        this.rules = system.rules().toArray(new Rule[0]);
        this.wordCount = system.layout().wordCount();
        this.obligation = obligation;
        this.finder = finder;
        this.config = config;
        this.store = store;
        this.width = wordCount + (obligation.tagged() ? 1 : 0);
    }

    /**
     * Searches for a counterexample to {@code claim} (a liveness claim) with an empty {@code store};
     * the store is left as the pass filled it.
     */
    static Outcome run(TransitionSystem system, Claim claim, Map<Rule, Integer> ordinals, SearchConfig config,
                       BitstateStore store) {
        WeakFairness fairness;
        Obligation obligation;
        int[] accepting = new int[0];
        if (claim instanceof Claim.Eventually e) {
            fairness = e.fairness();
            obligation = new Obligation.Reach(e.goal());
        } else if (claim instanceof Claim.LeadsTo l) {
            fairness = l.fairness();
            obligation = new Obligation.Respond(l.trigger(), l.response());
        } else {
            Claim.Finitely f = (Claim.Finitely) claim;
            fairness = f.fairness();
            obligation = new Obligation.Forever();
            accepting = f.rules().stream().mapToInt(r -> Explorer.ordinalOf(claim, r, ordinals)).toArray();
        }
        int[] fair = fairness.rules().stream().mapToInt(r -> Explorer.ordinalOf(claim, r, ordinals)).toArray();
        int[] acceptingRules = accepting;
        FairCycleFinderFactory finder = acceptingRules.length == 0
                ? graph -> new FairCycleFinder(graph, fair)
                : graph -> new FairCycleFinder(graph, fair, acceptingRules, ordinals.size());
        BitstateFairCycles pass = new BitstateFairCycles(system, obligation, finder, config, store);
        try {
            return pass.search();
        } catch (OutOfMemoryError e) {
            // As in the exhaustive search: the budget is an estimate, and the heap its safety net.
            return new Outcome(null, Limit.HEAP, pass.stored, pass.transitions, pass.maxDepth, pass.ruleFirings,
                    pass.peakBytes, store.summary());
        }
    }

    /**
     * What a behaviour owes at each state of the product the pass explores: {@link #OUTSIDE} for a
     * state the pass need not explore (it can be on no counterexample), else a pending value, and
     * {@link #counts} says whether a state with it can be on a counterexample. Only {@link Respond}
     * carries the value in the product's state ({@link #tagged}).
     */
    sealed interface Obligation {
        int OUTSIDE = -1;

        int start(long[] state);

        int next(int pending, long[] state);

        boolean counts(int pending);

        boolean tagged();

        /** Eventually goal: non-goal states reached from an initial state through non-goal states. */
        record Reach(StatePredicate goal) implements Obligation {
            @Override public int start(long[] s) { return goal.test(s) ? OUTSIDE : 1; }
            @Override public int next(int pending, long[] s) { return goal.test(s) ? OUTSIDE : 1; }
            @Override public boolean counts(int pending) { return true; }
            @Override public boolean tagged() { return false; }
        }

        /**
         * Trigger leads to response: every reachable state, with a pending bit that a non-response
         * trigger state sets and a response state clears; pending states are those after a trigger
         * with no response since, the only ones a counterexample goes through.
         */
        record Respond(StatePredicate trigger, StatePredicate response) implements Obligation {
            @Override public int start(long[] s) { return next(0, s); }

            @Override public int next(int pending, long[] s) {
                return response.test(s) ? 0 : pending == 1 || trigger.test(s) ? 1 : 0;
            }

            @Override public boolean counts(int pending) { return pending == 1; }
            @Override public boolean tagged() { return true; }
        }

        /** Accepting rules finitely often: every reachable state. */
        record Forever() implements Obligation {
            @Override public int start(long[] s) { return 0; }
            @Override public int next(int pending, long[] s) { return 0; }
            @Override public boolean counts(int pending) { return true; }
            @Override public boolean tagged() { return false; }
        }
    }

    @FunctionalInterface
    private interface FairCycleFinderFactory {
        FairCycleFinder on(BehaviourGraph graph);
    }

    // Counters, kept as fields so a pass that runs out of heap still reports what it did.
    private long stored;
    private long transitions;
    private int maxDepth;
    private long[] ruleFirings;
    private long peakBytes;

    // The Tarjan stack: `width` words per state (the model's words, then the pending value when tagged).
    private long[] tarjan;
    private int tarjanSize;
    private StackIndex onStack;
    // The depth-first stack, one frame per state being expanded.
    private int[] framePos;
    private int[] frameNextRule;
    private int[] frameLow;
    private int[] frameRuleIn;
    private boolean[] frameSelfLoop;
    private boolean[] frameEnabled;

    private Outcome search() {
        ruleFirings = new long[rules.length];
        tarjan = new long[16 * width];
        onStack = new StackIndex(width);
        framePos = new int[16];
        frameNextRule = new int[16];
        frameLow = new int[16];
        frameRuleIn = new int[16];
        frameSelfLoop = new boolean[16];
        frameEnabled = new boolean[16];
        long[] key = new long[width];
        List<dev.irqcheck.checker.state.State> initial = system.initialStates();
        for (int init = 0; init < initial.size(); init++) {
            long[] first = initial.get(init).words();
            int pending = obligation.start(first);
            if (pending == Obligation.OUTSIDE) {
                continue;
            }
            productKey(first, pending, key);
            if (!store.add(key)) {
                continue;
            }
            Limit limit = push(key, 0, -1);
            if (limit != null) {
                return outcome(null, limit);
            }
            int depth = 0;
            while (depth >= 0) {
                int pos = framePos[depth];
                long[] here = Arrays.copyOfRange(tarjan, pos * width, pos * width + wordCount);
                int r = frameNextRule[depth];
                while (r < rules.length && !rules[r].enabled(here)) {
                    r++;
                }
                if (r < rules.length) {
                    frameNextRule[depth] = r + 1;
                    frameEnabled[depth] = true;
                    transitions++;
                    ruleFirings[r]++;
                    long[] next = here.clone();
                    rules[r].apply(here, next);
                    int nextPending = obligation.next(pendingAt(pos), next);
                    if (nextPending == Obligation.OUTSIDE) {
                        continue;
                    }
                    productKey(next, nextPending, key);
                    int seen = onStack.find(tarjan, key);
                    if (seen >= 0) {
                        frameLow[depth] = Math.min(frameLow[depth], seen);
                        frameSelfLoop[depth] |= seen == pos;
                        continue;
                    }
                    if (!store.add(key)) {
                        // In a completed component, or a Bloom false positive (an omitted state).
                        continue;
                    }
                    limit = push(key, depth + 1, r);
                    if (limit != null) {
                        return outcome(null, limit);
                    }
                    depth++;
                    maxDepth = Math.max(maxDepth, depth);
                    continue;
                }
                if (frameLow[depth] == pos) {
                    if (mayHoldCounterexample(depth)) {
                        if (!componentGraphFits(tarjanSize - pos)) {
                            return outcome(null, Limit.MEMORY);
                        }
                        Optional<Trace> lasso = componentCounterexample(init, depth);
                        if (lasso.isPresent()) {
                            return outcome(new Verdict.Violated(lasso.get()), null);
                        }
                    }
                    for (int p = tarjanSize - 1; p >= pos; p--) {
                        onStack.remove(tarjan, p);
                    }
                    tarjanSize = pos;
                }
                depth--;
                if (depth >= 0) {
                    frameLow[depth] = Math.min(frameLow[depth], frameLow[depth + 1]);
                }
            }
        }
        return outcome(null, null);
    }

    private Outcome outcome(Verdict verdict, Limit limit) {
        return new Outcome(verdict, limit, stored, transitions, maxDepth, ruleFirings, peakBytes, store.summary());
    }

    // Pushes a newly stored state on both stacks; returns the limit that stops the pass, if any.
    private Limit push(long[] key, int depth, int ruleIn) {
        stored++;
        if (stored >= config.maxStates()) {
            return Limit.MAX_STATES;
        }
        if ((tarjanSize + 1) * width > tarjan.length || depth >= framePos.length) {
            long grown = store.bytes() + 2L * Long.BYTES * Math.max(tarjan.length, (tarjanSize + 1) * width)
                    + 2 * onStack.bytes() + 2L * 18 * Math.max(framePos.length, depth + 1);
            if (grown > config.memoryBudgetBytes()) {
                return Limit.MEMORY;
            }
            if ((tarjanSize + 1) * width > tarjan.length) {
                tarjan = Arrays.copyOf(tarjan, tarjan.length * 2);
            }
            if (depth >= framePos.length) {
                int n = framePos.length * 2;
                framePos = Arrays.copyOf(framePos, n);
                frameNextRule = Arrays.copyOf(frameNextRule, n);
                frameLow = Arrays.copyOf(frameLow, n);
                frameRuleIn = Arrays.copyOf(frameRuleIn, n);
                frameSelfLoop = Arrays.copyOf(frameSelfLoop, n);
                frameEnabled = Arrays.copyOf(frameEnabled, n);
            }
        }
        int pos = tarjanSize++;
        System.arraycopy(key, 0, tarjan, pos * width, width);
        onStack.add(tarjan, pos);
        framePos[depth] = pos;
        frameNextRule[depth] = 0;
        frameLow[depth] = pos;
        frameRuleIn[depth] = ruleIn;
        frameSelfLoop[depth] = false;
        frameEnabled[depth] = false;
        peakBytes = Math.max(peakBytes, store.bytes() + (long) Long.BYTES * tarjan.length + onStack.bytes()
                + 18L * framePos.length);
        return null;
    }

    private int pendingAt(int pos) {
        return obligation.tagged() ? (int) tarjan[pos * width + wordCount] : 1;
    }

    private void productKey(long[] words, int pending, long[] key) {
        System.arraycopy(words, 0, key, 0, wordCount);
        if (obligation.tagged()) {
            key[wordCount] = pending;
        }
    }

    // A single state without a self-loop has no cycle; it matters only when no rule is enabled there
    // (the behaviour stops) and it counts. A larger component needs a state that counts.
    private boolean mayHoldCounterexample(int depth) {
        int root = framePos[depth];
        if (tarjanSize - root == 1) {
            return obligation.counts(pendingAt(root)) && (frameSelfLoop[depth] || !frameEnabled[depth]);
        }
        for (int pos = root; pos < tarjanSize; pos++) {
            if (obligation.counts(pendingAt(pos))) {
                return true;
            }
        }
        return false;
    }

    // The component's graph and the finder's working arrays, about 40 bytes a state and 6 an edge
    // (a state's edges are at most the rules) beside what the pass holds already.
    private boolean componentGraphFits(int size) {
        long graphBytes = (long) size * (40 + 6L * rules.length);
        return store.bytes() + (long) Long.BYTES * tarjan.length + onStack.bytes() + graphBytes
                <= config.memoryBudgetBytes();
    }

    /**
     * The component rooted at the frame {@code depth} has just completed (its states are the Tarjan
     * stack from the root's position up). Builds its graph, with one edge per enabled rule as the
     * exhaustive graph has (edges leaving the component, or into states the pass does not explore,
     * go to one extra node outside the scope), and asks {@link FairCycleFinder} for a lasso from a
     * state that counts.
     */
    private Optional<Trace> componentCounterexample(int init, int depth) {
        int root = framePos[depth];
        int size = tarjanSize - root;
        BitSet outside = new BitSet(size + 1);
        int[] starts = new int[size];
        int startCount = 0;
        for (int i = 0; i < size; i++) {
            if (obligation.counts(pendingAt(root + i))) {
                starts[startCount++] = i;
            } else {
                outside.set(i);
            }
        }
        outside.set(size);
        BehaviourGraph graph = componentGraph(root, size);
        Optional<Lasso> lasso = finder.on(graph).find(Arrays.copyOf(starts, startCount), outside);
        if (lasso.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(replay(init, depth, graph, lasso.get()));
    }

    private BehaviourGraph componentGraph(int root, int size) {
        int[] offsets = new int[size + 2];
        FairCycleFinder.IntList targets = new FairCycleFinder.IntList();
        FairCycleFinder.IntList labels = new FairCycleFinder.IntList();
        long[] key = new long[width];
        for (int i = 0; i < size; i++) {
            int pos = root + i;
            long[] here = Arrays.copyOfRange(tarjan, pos * width, pos * width + wordCount);
            for (int r = 0; r < rules.length; r++) {
                if (!rules[r].enabled(here)) {
                    continue;
                }
                long[] next = here.clone();
                rules[r].apply(here, next);
                int pending = obligation.next(pendingAt(pos), next);
                int target = size;
                if (pending != Obligation.OUTSIDE) {
                    productKey(next, pending, key);
                    int at = onStack.find(tarjan, key);
                    target = at >= root ? at - root : size;
                }
                targets.add(target);
                labels.add(r);
            }
            offsets[i + 1] = targets.size();
        }
        offsets[size + 1] = targets.size();
        short[] ruleLabels = new short[labels.size()];
        for (int e = 0; e < ruleLabels.length; e++) {
            ruleLabels[e] = (short) labels.get(e);
        }
        return new BehaviourGraph(size + 1, offsets, targets.toArray(), ruleLabels);
    }

    // The behaviour: the depth-first path to the component's root, a shortest path inside the
    // component to the lasso's first state, then the lasso; replayed on the model and checked.
    private Trace replay(int init, int depth, BehaviourGraph graph, Lasso lasso) {
        int[] inside = pathInside(graph, lasso.states()[0]);
        int[] path = new int[depth + inside.length + lasso.rules().length];
        for (int d = 1; d <= depth; d++) {
            path[d - 1] = frameRuleIn[d];
        }
        System.arraycopy(inside, 0, path, depth, inside.length);
        System.arraycopy(lasso.rules(), 0, path, depth + inside.length, lasso.rules().length);
        int loopStart = depth + inside.length + lasso.loopStart();
        Trace trace = new TraceReplayer(system, Optional.empty()).replay(init, path, loopStart);
        int entry = framePos[depth] + lasso.states()[0];
        boolean landed = Arrays.equals(trace.state(depth + inside.length).words(),
                Arrays.copyOfRange(tarjan, entry * width, entry * width + wordCount));
        boolean closes = loopStart == trace.length()
                || Arrays.equals(trace.state(loopStart).words(), trace.last().words());
        if (!landed || !closes) {
            throw new NondeterministicModelException("the replayed lasso does not follow the states the search found");
        }
        return trace;
    }

    // Rules of a shortest path in the component's graph from its root (node 0) to `to`.
    private static int[] pathInside(BehaviourGraph graph, int to) {
        int outside = graph.stateCount() - 1;
        int[] via = new int[graph.stateCount()];
        Arrays.fill(via, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(0);
        via[0] = -2;
        while (!queue.isEmpty() && via[to] == -1) {
            int s = queue.poll();
            for (int e = graph.offsets()[s]; e < graph.offsets()[s + 1]; e++) {
                int t = graph.targets()[e];
                if (t != outside && via[t] == -1) {
                    via[t] = e;
                    queue.add(t);
                }
            }
        }
        FairCycleFinder.IntList rules = new FairCycleFinder.IntList();
        for (int s = to; s != 0; s = graph.sourceOf(via[s])) {
            rules.add(graph.rule(via[s]));
        }
        rules.reverse();
        return rules.toArray();
    }
}
