package dev.irqcheck.checker.properties;

import dev.irqcheck.checker.properties.RandomSystems.Blueprint;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A plain breadth-first search over a {@link Blueprint}'s value vectors, written for clarity
 * rather than speed: states are keyed by their mixed-radix code in a {@link HashMap}, ids in BFS
 * order, an explicit successor list per state. It shares nothing with the engine but the blueprint's meaning of a
 * rule, and answers the questions the properties ask of the engine.
 */
final class Reference {
    final Blueprint blueprint;
    /** States in BFS order (id = index). */
    final List<int[]> states = new ArrayList<>();
    final Map<Long, Integer> ids = new HashMap<>();
    /** Per state, BFS distance from the nearest initial state. */
    final List<Integer> distance = new ArrayList<>();
    /** Per state, its successors' ids and the rules that lead there, in rule order. */
    final List<int[]> successors = new ArrayList<>();
    final List<int[]> successorRules = new ArrayList<>();
    /** Ids of the (distinct) initial states. */
    final Set<Integer> initialIds = new HashSet<>();
    long transitions;
    int depth;
    final long[] firings;

    private Reference(Blueprint blueprint) {
        this.blueprint = blueprint;
        this.firings = new long[blueprint.rules().size()];
    }

    static List<Integer> key(int[] s) {
        List<Integer> k = new ArrayList<>(s.length);
        for (int v : s) {
            k.add(v);
        }
        return k;
    }

    /** The full reachable graph from the initial states. */
    static Reference explore(Blueprint b) {
        Reference r = new Reference(b);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int[] init : b.initials()) {
            Integer id = r.add(init, 0);
            if (id != null) {
                queue.add(id);
            }
            r.initialIds.add(r.ids.get(r.code(init)));
        }
        while (!queue.isEmpty()) {
            int id = queue.poll();
            int[] s = r.states.get(id);
            List<Integer> succ = new ArrayList<>();
            List<Integer> rules = new ArrayList<>();
            for (int rule = 0; rule < b.rules().size(); rule++) {
                if (!b.enabled(rule, s)) {
                    continue;
                }
                r.transitions++;
                r.firings[rule]++;
                int[] t = b.apply(rule, s);
                Integer fresh = r.add(t, r.distance.get(id) + 1);
                if (fresh != null) {
                    queue.add(fresh);
                }
                succ.add(r.ids.get(r.code(t)));
                rules.add(rule);
            }
            r.successors.set(id, succ.stream().mapToInt(Integer::intValue).toArray());
            r.successorRules.set(id, rules.stream().mapToInt(Integer::intValue).toArray());
        }
        return r;
    }

    // Adds a state if new; returns its id then, null when already present.
    private Integer add(int[] s, int dist) {
        long k = code(s);
        if (ids.containsKey(k)) {
            return null;
        }
        int id = states.size();
        ids.put(k, id);
        states.add(s.clone());
        distance.add(dist);
        successors.add(null);
        successorRules.add(null);
        depth = Math.max(depth, dist);
        return id;
    }

    /** The state as one number, digit i in base sizes[i] + 1. */
    long code(int[] s) {
        long c = 0;
        for (int i = 0; i < s.length; i++) {
            c = c * (blueprint.sizes()[i] + 1) + s[i];
        }
        return c;
    }

    int size() {
        return states.size();
    }

    Set<List<Integer>> stateSet() {
        Set<List<Integer>> set = new HashSet<>();
        for (int[] s : states) {
            set.add(key(s));
        }
        return set;
    }

    boolean contains(int[] s) {
        return ids.containsKey(code(s));
    }

    Integer idOf(int[] s) {
        return ids.get(code(s));
    }

    boolean isTerminal(int id) {
        return successors.get(id).length == 0;
    }

    /** The smallest distance of a reachable state satisfying {@code p}, or -1. */
    int distanceTo(Predicate<int[]> p) {
        int best = -1;
        for (int id = 0; id < size(); id++) {
            if (p.test(states.get(id)) && (best < 0 || distance.get(id) < best)) {
                best = distance.get(id);
            }
        }
        return best;
    }

    /** The smallest distance of a reachable state with no enabled rule satisfying {@code p}, or -1. */
    int distanceToQuiescent(Predicate<int[]> p) {
        return distanceTo(s -> p.test(s) && isTerminal(idOf(s)));
    }

    /** Number of distinct canonical forms among the reachable states. */
    int orbitCount() {
        Set<List<Integer>> orbits = new HashSet<>();
        for (int[] s : states) {
            orbits.add(key(blueprint.canonical(s)));
        }
        return orbits.size();
    }

    /**
     * Whether, from some start state that is not a goal state, some behaviour avoids the goal
     * forever with no fairness: within the non-goal states reachable from those starts through
     * non-goal states, is there a state with no enabled rule, or a cycle? Cycles are found by
     * peeling off states with no successor left in the scope (Kahn's algorithm): a cycle remains
     * exactly when the peeling gets stuck.
     */
    boolean avoidsGoalUnfairly(Set<Integer> starts, Predicate<int[]> goal) {
        BitSet scope = scope(starts, goal);
        int[] outDegree = new int[size()];
        List<List<Integer>> predecessors = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            predecessors.add(new ArrayList<>());
        }
        for (int s = scope.nextSetBit(0); s >= 0; s = scope.nextSetBit(s + 1)) {
            if (isTerminal(s)) {
                return true;
            }
            for (int t : successors.get(s)) {
                if (scope.get(t)) {
                    outDegree[s]++;
                    predecessors.get(t).add(s);
                }
            }
        }
        ArrayDeque<Integer> sinks = new ArrayDeque<>();
        int remaining = scope.cardinality();
        for (int s = scope.nextSetBit(0); s >= 0; s = scope.nextSetBit(s + 1)) {
            if (outDegree[s] == 0) {
                sinks.add(s);
            }
        }
        while (!sinks.isEmpty()) {
            int s = sinks.poll();
            remaining--;
            for (int p : predecessors.get(s)) {
                if (--outDegree[p] == 0) {
                    sinks.add(p);
                }
            }
        }
        return remaining > 0;
    }

    /**
     * The same question under weak fairness of {@code fairRules}, by brute force on a small graph:
     * strongly connected components from pairwise reachability (quadratic), then a component
     * holds a fair cycle when it has an internal edge and every fair rule is taken on an internal
     * edge or disabled in one of its states.
     */
    boolean avoidsGoalFairly(Set<Integer> starts, Predicate<int[]> goal, Set<Integer> fairRules) {
        BitSet scope = scope(starts, goal);
        List<Integer> members = new ArrayList<>();
        for (int s = scope.nextSetBit(0); s >= 0; s = scope.nextSetBit(s + 1)) {
            if (isTerminal(s)) {
                return true;
            }
            members.add(s);
        }
        Map<Integer, BitSet> reach = new HashMap<>();
        for (int s : members) {
            reach.put(s, reachWithin(s, scope));
        }
        Set<Integer> done = new HashSet<>();
        for (int s : members) {
            if (done.contains(s)) {
                continue;
            }
            List<Integer> component = new ArrayList<>();
            for (int t : members) {
                if (reach.get(s).get(t) && reach.get(t).get(s) || t == s) {
                    component.add(t);
                }
            }
            done.addAll(component);
            Set<Integer> in = new HashSet<>(component);
            boolean internalEdge = false;
            Set<Integer> satisfied = new HashSet<>();
            for (int u : component) {
                int[] succ = successors.get(u);
                int[] rules = successorRules.get(u);
                Set<Integer> enabledHere = new HashSet<>();
                for (int e = 0; e < succ.length; e++) {
                    enabledHere.add(rules[e]);
                    if (in.contains(succ[e])) {
                        internalEdge = true;
                        satisfied.add(rules[e]);
                    }
                }
                for (int f : fairRules) {
                    if (!enabledHere.contains(f)) {
                        satisfied.add(f);
                    }
                }
            }
            if (internalEdge && satisfied.containsAll(fairRules)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some weakly fair behaviour (fair to {@code fairRules}) takes a rule of
     * {@code acceptingRules} infinitely often: some component of the reachable graph (from
     * pairwise reachability, quadratic) has an internal edge labelled with an accepting rule, and
     * every fair rule is taken on an internal edge or disabled in one of its states. Stopping in a
     * state with no enabled rule takes every rule finitely often, so terminal states never count.
     */
    boolean takesAcceptingRulesForeverFairly(Set<Integer> acceptingRules, Set<Integer> fairRules) {
        BitSet all = new BitSet(size());
        all.set(0, size());
        Map<Integer, BitSet> reach = new HashMap<>();
        for (int s = 0; s < size(); s++) {
            reach.put(s, reachWithin(s, all));
        }
        Set<Integer> done = new HashSet<>();
        for (int s = 0; s < size(); s++) {
            if (done.contains(s)) {
                continue;
            }
            Set<Integer> in = new HashSet<>();
            for (int t = 0; t < size(); t++) {
                if (t == s || reach.get(s).get(t) && reach.get(t).get(s)) {
                    in.add(t);
                }
            }
            done.addAll(in);
            boolean acceptingEdge = false;
            Set<Integer> satisfied = new HashSet<>();
            for (int u : in) {
                int[] succ = successors.get(u);
                int[] rules = successorRules.get(u);
                Set<Integer> enabledHere = new HashSet<>();
                for (int e = 0; e < succ.length; e++) {
                    enabledHere.add(rules[e]);
                    if (in.contains(succ[e])) {
                        satisfied.add(rules[e]);
                        acceptingEdge |= acceptingRules.contains(rules[e]);
                    }
                }
                for (int f : fairRules) {
                    if (!enabledHere.contains(f)) {
                        satisfied.add(f);
                    }
                }
            }
            if (acceptingEdge && satisfied.containsAll(fairRules)) {
                return true;
            }
        }
        return false;
    }

    // States reachable from s by one or more steps inside the scope.
    private BitSet reachWithin(int s, BitSet scope) {
        BitSet seen = new BitSet(size());
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(s);
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (int t : successors.get(u)) {
                if (scope.get(t) && !seen.get(t)) {
                    seen.set(t);
                    queue.add(t);
                }
            }
        }
        return seen;
    }

    // Non-goal states reachable from the non-goal starts through non-goal states.
    private BitSet scope(Set<Integer> starts, Predicate<int[]> goal) {
        BitSet scope = new BitSet(size());
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int s : starts) {
            if (!goal.test(states.get(s)) && !scope.get(s)) {
                scope.set(s);
                queue.add(s);
            }
        }
        while (!queue.isEmpty()) {
            int u = queue.poll();
            for (int t : successors.get(u)) {
                if (!goal.test(states.get(t)) && !scope.get(t)) {
                    scope.set(t);
                    queue.add(t);
                }
            }
        }
        return scope;
    }

    /** Ids of the reachable states satisfying {@code p}. */
    Set<Integer> where(Predicate<int[]> p) {
        Set<Integer> out = new HashSet<>();
        for (int id = 0; id < size(); id++) {
            if (p.test(states.get(id))) {
                out.add(id);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Reference{" + size() + " states, " + transitions + " transitions}");
        for (int id = 0; id < Math.min(size(), 50); id++) {
            sb.append("\n  ").append(id).append(' ').append(Arrays.toString(states.get(id)))
                    .append(" -> ").append(Arrays.toString(successors.get(id)));
        }
        return sb.toString();
    }
}
