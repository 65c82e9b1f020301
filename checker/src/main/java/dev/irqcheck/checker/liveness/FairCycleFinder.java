package dev.irqcheck.checker.liveness;

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
        // `order` is the queue itself: states are appended when reached and read in that order.
        int[] parent = new int[n];
        int[] parentEdge = new int[n];
        Arrays.fill(parent, -2);
        int[] order = new int[n];
        int reached = 0;
        for (int s : starts) {
            if (parent[s] == -2 && !response.get(s)) {
                parent[s] = -1;
                order[reached++] = s;
            }
        }
        int[] offsets = graph.offsets();
        int[] targets = graph.targets();
        for (int head = 0; head < reached; head++) {
            int s = order[head];
            for (int e = offsets[s]; e < offsets[s + 1]; e++) {
                int t = targets[e];
                if (parent[t] == -2 && !response.get(t)) {
                    parent[t] = s;
                    parentEdge[t] = e;
                    order[reached++] = t;
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

    /*
     * Per component: fair when it has an internal edge (an accepting one, if needed) and every fair
     * rule is taken on an internal edge or disabled in one of its states. Only components with an
     * internal edge are looked at rule by rule, one at a time over their own states: a fair rule
     * not taken inside stays a candidate while every state seen so far enables it, so the work per
     * state is its degree plus the few candidates left (the first state alone leaves at most its
     * degree), not a scan of its edges per fair rule.
     */
    private boolean[] fairComponents(int[] component, int[] order, int reached) {
        int[] offsets = graph.offsets();
        int[] targets = graph.targets();
        int count = 0;
        int ruleBound = 0;
        for (int f : fairRules) {
            ruleBound = Math.max(ruleBound, f + 1);
        }
        for (int i = 0; i < reached; i++) {
            count = Math.max(count, component[order[i]] + 1);
        }
        boolean[] internalEdge = new boolean[count];
        boolean[] acceptingEdge = new boolean[count];
        for (int i = 0; i < reached; i++) {
            int u = order[i];
            int c = component[u];
            for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                ruleBound = Math.max(ruleBound, graph.rule(e) + 1);
                if (component[targets[e]] == c) {
                    internalEdge[c] = true;
                    acceptingEdge[c] |= needsAccepting && accepting[graph.rule(e)];
                }
            }
        }
        // The states of each component that can be fair, grouped by component (counting sort).
        int[] first = new int[count + 1];
        for (int i = 0; i < reached; i++) {
            int c = component[order[i]];
            if (candidate(c, internalEdge, acceptingEdge)) {
                first[c + 1]++;
            }
        }
        for (int c = 0; c < count; c++) {
            first[c + 1] += first[c];
        }
        int[] members = new int[first[count]];
        int[] fill = Arrays.copyOf(first, count);
        for (int i = 0; i < reached; i++) {
            int c = component[order[i]];
            if (candidate(c, internalEdge, acceptingEdge)) {
                members[fill[c]++] = order[i];
            }
        }
        boolean[] fair = new boolean[count];
        int[] takenIn = new int[ruleBound];     // component + 1 that has an internal edge with the rule
        int[] enabledAt = new int[ruleBound];   // stamp of the last state seen enabling the rule
        int stamp = 0;
        int[] open = new int[fairRules.length]; // fair rules neither taken nor yet seen disabled
        for (int c = 0; c < count; c++) {
            if (!candidate(c, internalEdge, acceptingEdge)) {
                continue;
            }
            for (int m = first[c]; m < first[c + 1]; m++) {
                int u = members[m];
                for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                    if (component[targets[e]] == c) {
                        takenIn[graph.rule(e)] = c + 1;
                    }
                }
            }
            int openCount = 0;
            for (int f : fairRules) {
                if (takenIn[f] != c + 1) {
                    open[openCount++] = f;
                }
            }
            for (int m = first[c]; m < first[c + 1] && openCount > 0; m++) {
                int u = members[m];
                stamp++;
                for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                    enabledAt[graph.rule(e)] = stamp;
                }
                int kept = 0;
                for (int k = 0; k < openCount; k++) {
                    if (enabledAt[open[k]] == stamp) {
                        open[kept++] = open[k];
                    }
                }
                openCount = kept;
            }
            fair[c] = openCount == 0;
        }
        return fair;
    }

    private boolean candidate(int c, boolean[] internalEdge, boolean[] acceptingEdge) {
        return internalEdge[c] && (!needsAccepting || acceptingEdge[c]);
    }

    // Walks from the entry through a witness of each fair rule (an internal edge labelled with it,
    // or a state disabling it), then back to the entry. The component's states are listed once, in
    // id order, so each search for a witness scans them rather than every state of the graph.
    private void appendFairCycle(int entry, int[] component, IntList states, IntList rules) {
        int c = component[entry];
        int[] offsets = graph.offsets();
        int[] targets = graph.targets();
        IntList members = new IntList();
        for (int u = 0; u < graph.stateCount(); u++) {
            if (component[u] == c) {
                members.add(u);
            }
        }
        Walker walker = new Walker(component, c);
        int at = entry;
        boolean moved = false;
        if (needsAccepting) {
            for (int m = 0; m < members.size() && !moved; m++) {
                int u = members.get(m);
                for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                    if (accepting[graph.rule(e)] && component[targets[e]] == c) {
                        at = walker.walk(at, u, states, rules);
                        states.add(targets[e]);
                        rules.add(graph.rule(e));
                        at = targets[e];
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
            for (int m = 0; m < members.size() && edge < 0; m++) {
                int u = members.get(m);
                for (int e = offsets[u]; e < offsets[u + 1]; e++) {
                    if (graph.rule(e) == f && component[targets[e]] == c) {
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
                at = walker.walk(at, source, states, rules);
                states.add(targets[edge]);
                rules.add(f);
                at = targets[edge];
                moved = true;
            } else {
                at = walker.walk(at, disablingState, states, rules);
            }
        }
        if (!moved && at == entry) {
            // Take any internal edge so the cycle has at least one step.
            for (int e = offsets[entry]; e < offsets[entry + 1]; e++) {
                if (component[targets[e]] == c) {
                    states.add(targets[e]);
                    rules.add(graph.rule(e));
                    at = targets[e];
                    break;
                }
            }
        }
        walker.walk(at, entry, states, rules);
        // The last state added equals the entry; the lasso's loop closes on it, so drop it.
        states.removeLast();
    }

    /**
     * Shortest paths inside one component, breadth-first; the arrays are kept between walks and
     * only the entries a walk touched are reset, so a lasso with many witnesses costs the states
     * it visits, not the graph's size per walk.
     */
    private final class Walker {
        private final int[] component;
        private final int c;
        private final int[] via;      // edge that first reached a state, -1 at the start, -2 unseen
        private final IntList touched = new IntList();

        Walker(int[] component, int c) {
            this.component = component;
            this.c = c;
            this.via = new int[graph.stateCount()];
            Arrays.fill(via, -2);
        }

        // Shortest path inside the component from `from` to `to`, appended (without `from`).
        int walk(int from, int to, IntList states, IntList rules) {
            if (from == to) {
                return to;
            }
            int[] offsets = graph.offsets();
            int[] targets = graph.targets();
            for (int i = 0; i < touched.size(); i++) {
                via[touched.get(i)] = -2;
            }
            touched.clear();
            via[from] = -1;
            touched.add(from);
            // The touched list doubles as the queue: states are appended when first reached.
            for (int head = 0; head < touched.size(); head++) {
                int s = touched.get(head);
                if (s == to) {
                    break;
                }
                for (int e = offsets[s]; e < offsets[s + 1]; e++) {
                    int t = targets[e];
                    if (component[t] == c && via[t] == -2) {
                        via[t] = e;
                        touched.add(t);
                    }
                }
            }
            IntList pathEdges = new IntList();
            for (int s = to; s != from; s = graph.sourceOf(via[s])) {
                pathEdges.add(via[s]);
            }
            pathEdges.reverse();
            for (int i = 0; i < pathEdges.size(); i++) {
                int e = pathEdges.get(i);
                states.add(targets[e]);
                rules.add(graph.rule(e));
            }
            return to;
        }
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
        public void clear() { n = 0; }

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
