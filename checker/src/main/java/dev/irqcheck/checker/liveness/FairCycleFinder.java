package dev.irqcheck.checker.liveness;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Optional;

/**
 * Decides "from these start states, every weakly fair behaviour reaches a response state" on a
 * finished {@link BehaviourGraph}.
 *
 * <p>A counterexample stays in non-response states and either stops in a state with no enabled
 * rule, or ends in a cycle that is fair. For weak fairness a strongly connected component holds
 * a fair cycle exactly when, for every fair rule r, the component has an internal edge labelled r
 * or a state where r is disabled: a cycle through all of the component's states and edges is then
 * fair, since r is either taken or not continuously enabled. So one pass of Tarjan's algorithm
 * (iterative, no recursion depth limit) over the non-response part reachable from the starts
 * suffices; no nested decomposition is needed (that would be strong fairness).
 *
 * <p>With accepting rules, only cycles that also take one of them count, and stopping in a state
 * with no enabled rule does not: this decides "fair behaviours take these rules finitely often"
 * (an acceptance cycle, as in SPIN, under weak fairness).
 */
public final class FairCycleFinder {
    private final BehaviourGraph graph;
    private final int[] fairRules;
    private final boolean[] accepting;
    private final boolean needsAccepting;

    /** For eventually / leads-to: a non-responding fair cycle, or a stop, is a counterexample. */
    public FairCycleFinder(BehaviourGraph graph, int[] fairRules) {
        this(graph, fairRules, new int[0], 0);
    }

    /** For acceptance: only a fair cycle that takes one of {@code acceptingRules} is a counterexample. */
    public FairCycleFinder(BehaviourGraph graph, int[] fairRules, int[] acceptingRules, int ruleCount) {
        this.graph = graph;
        this.fairRules = fairRules.clone();
        this.accepting = new boolean[Math.max(ruleCount, 1)];
        for (int r : acceptingRules) {
            accepting[r] = true;
        }
        this.needsAccepting = acceptingRules.length > 0;
    }

    /**
     * @param starts   start states (in increasing id order) that are not response states
     * @param response the response states, by id
     * @return a lasso from the first start that has a counterexample, or empty when none has one
     */
    public Optional<Lasso> find(int[] starts, BitSet response) {
        int n = graph.stateCount();
        // Breadth-first over non-response states from all starts at once; parents give paths.
        int[] parent = new int[n];
        int[] parentEdge = new int[n];
        int[] root = new int[n];
        Arrays.fill(parent, -2);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        int[] order = new int[n];
        int reached = 0;
        for (int s : starts) {
            if (parent[s] == -2 && !response.get(s)) {
                parent[s] = -1;
                root[s] = s;
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            int s = queue.poll();
            order[reached++] = s;
            for (int e = graph.offsets()[s]; e < graph.offsets()[s + 1]; e++) {
                int t = graph.targets()[e];
                if (!response.get(t) && parent[t] == -2) {
                    parent[t] = s;
                    parentEdge[t] = e;
                    root[t] = root[s];
                    queue.add(t);
                }
            }
        }
        // Terminal non-response state: the behaviour stops there without ever responding.
        BitSet scope = new BitSet(n);
        for (int i = 0; i < reached; i++) {
            scope.set(order[i]);
        }
        int[] component = StronglyConnected.components(graph, scope, order, reached);
        boolean[] fair = fairComponents(component, order, reached);
        int best = -1;
        boolean bestTerminal = false;
        for (int i = 0; i < reached; i++) {
            int s = order[i];
            if (!needsAccepting && graph.isTerminal(s)) {
                best = s;
                bestTerminal = true;
                break;
            }
            if (fair[component[s]]) {
                best = s;
                break;
            }
        }
        if (best < 0) {
            return Optional.empty();
        }
        // Stem: from the root start to the entry state, following BFS parents.
        IntList stemStates = new IntList();
        IntList stemRules = new IntList();
        for (int s = best; s != -1; s = parent[s]) {
            stemStates.add(s);
            if (parent[s] >= 0) {
                stemRules.add(graph.rule(parentEdge[s]));
            }
        }
        stemStates.reverse();
        stemRules.reverse();
        int loopStart = stemRules.size();
        if (!bestTerminal) {
            appendFairCycle(best, component, stemStates, stemRules);
        }
        return Optional.of(new Lasso(stemStates.toArray(), stemRules.toArray(), loopStart));
    }

    // One pass over the scope: per component, whether it has an internal edge and, for every fair
    // rule, an internal edge labelled with it or a state disabling it.
    private boolean witnessedSince(int from, int rule, IntList states, IntList rules) {
        for (int i = from; i < states.size(); i++) {
            if (!graph.enables(states.get(i), rule)) {
                return true;
            }
        }
        for (int i = from; i < rules.size(); i++) {
            if (rules.get(i) == rule) {
                return true;
            }
        }
        return false;
    }

    private boolean[] fairComponents(int[] component, int[] order, int reached) {
        int count = 0;
        for (int i = 0; i < reached; i++) {
            count = Math.max(count, component[order[i]] + 1);
        }
        boolean[] internalEdge = new boolean[count];
        boolean[] acceptingEdge = new boolean[count];
        boolean[][] satisfied = new boolean[count][fairRules.length];
        for (int i = 0; i < reached; i++) {
            int u = order[i];
            int c = component[u];
            for (int f = 0; f < fairRules.length; f++) {
                if (!graph.enables(u, fairRules[f])) {
                    satisfied[c][f] = true;
                }
            }
            for (int e = graph.offsets()[u]; e < graph.offsets()[u + 1]; e++) {
                if (component[graph.targets()[e]] == c) {
                    internalEdge[c] = true;
                    acceptingEdge[c] |= needsAccepting && accepting[graph.rule(e)];
                    for (int f = 0; f < fairRules.length; f++) {
                        if (graph.rule(e) == fairRules[f]) {
                            satisfied[c][f] = true;
                        }
                    }
                }
            }
        }
        boolean[] fair = new boolean[count];
        for (int c = 0; c < count; c++) {
            fair[c] = internalEdge[c] && (!needsAccepting || acceptingEdge[c]);
            for (boolean b : satisfied[c]) {
                fair[c] &= b;
            }
        }
        return fair;
    }

    // Walks from the entry through a witness of each fair rule (an internal edge labelled with it,
    // or a state disabling it), then back to the entry.
    private void appendFairCycle(int entry, int[] component, IntList states, IntList rules) {
        int c = component[entry];
        int at = entry;
        boolean moved = false;
        if (needsAccepting) {
            for (int u = 0; u < graph.stateCount() && !moved; u++) {
                if (component[u] != c) {
                    continue;
                }
                for (int e = graph.offsets()[u]; e < graph.offsets()[u + 1]; e++) {
                    if (accepting[graph.rule(e)] && component[graph.targets()[e]] == c) {
                        at = walk(at, u, component, states, rules);
                        states.add(graph.targets()[e]);
                        rules.add(graph.rule(e));
                        at = graph.targets()[e];
                        moved = true;
                        break;
                    }
                }
            }
        }
        int cycleFrom = states.size() - 1;
        for (int f : fairRules) {
            if (witnessedSince(cycleFrom, f, states, rules)) {
                // The cycle built so far already takes f or passes a state disabling it.
                continue;
            }
            int edge = -1;
            int disablingState = -1;
            for (int u = 0; u < graph.stateCount() && edge < 0; u++) {
                if (component[u] != c) {
                    continue;
                }
                for (int e = graph.offsets()[u]; e < graph.offsets()[u + 1]; e++) {
                    if (graph.rule(e) == f && component[graph.targets()[e]] == c) {
                        edge = e;
                        break;
                    }
                }
                if (disablingState < 0 && !graph.enables(u, f)) {
                    disablingState = u;
                }
            }
            if (edge >= 0) {
                int source = graph.sourceOf(edge);
                at = walk(at, source, component, states, rules);
                states.add(graph.targets()[edge]);
                rules.add(f);
                at = graph.targets()[edge];
                moved = true;
            } else {
                at = walk(at, disablingState, component, states, rules);
            }
        }
        if (!moved && at == entry) {
            // Take any internal edge so the cycle has at least one step.
            for (int e = graph.offsets()[entry]; e < graph.offsets()[entry + 1]; e++) {
                if (component[graph.targets()[e]] == c) {
                    states.add(graph.targets()[e]);
                    rules.add(graph.rule(e));
                    at = graph.targets()[e];
                    break;
                }
            }
        }
        walk(at, entry, component, states, rules);
        // The last state added equals the entry; the lasso's loop closes on it, so drop it.
        states.removeLast();
    }


    // Shortest path inside the component from `from` to `to`, appended (without `from`).
    private int walk(int from, int to, int[] component, IntList states, IntList rules) {
        if (from == to) {
            return to;
        }
        int c = component[from];
        java.util.HashMap<Integer, Integer> via = new java.util.HashMap<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        via.put(from, -1);
        queue.add(from);
        while (!queue.isEmpty()) {
            int s = queue.poll();
            if (s == to) {
                break;
            }
            for (int e = graph.offsets()[s]; e < graph.offsets()[s + 1]; e++) {
                int t = graph.targets()[e];
                if (component[t] == c && !via.containsKey(t)) {
                    via.put(t, e);
                    queue.add(t);
                }
            }
        }
        IntList pathEdges = new IntList();
        for (int s = to; s != from; s = graph.sourceOf(via.get(s))) {
            pathEdges.add(via.get(s));
        }
        pathEdges.reverse();
        for (int i = 0; i < pathEdges.size(); i++) {
            int e = pathEdges.get(i);
            states.add(graph.targets()[e]);
            rules.add(graph.rule(e));
        }
        return to;
    }

    /** A minimal growable int list, to keep paths unboxed (the bitstate search builds graphs with it too). */
    public static final class IntList {
        private int[] a = new int[16];
        private int n;

        public void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        public int get(int i) { return a[i]; }
        public int size() { return n; }
        public void removeLast() { n--; }

        public void reverse() {
            for (int i = 0, j = n - 1; i < j; i++, j--) {
                int t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }

        public int[] toArray() { return Arrays.copyOf(a, n); }
    }
}
