package dev.irqcheck.checker.search;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.FieldSet;
import dev.irqcheck.checker.api.Footprint;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.checker.store.FingerprintSet;
import dev.irqcheck.checker.store.Fingerprints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Partial-order reduction for safety and at-quiescence claims: per state, the rules to fire are
 * the enabled rules of a strong stubborn set computed from the rules' declared {@link Footprint}s.
 *
 * <p>The set {@code T} for a state is closed under: an enabled rule in {@code T} brings in every
 * rule dependent on it (enabled or not: a disabled one could be enabled by rules outside
 * {@code T} and then interfere); a disabled rule in {@code T} brings in every rule that may enable
 * it (writes a field its guard reads). The rules fired, {@code T}'s enabled rules, then satisfy:
 * <ul>
 *   <li><b>C0</b>: they are empty exactly when no rule is enabled (each candidate set is seeded by
 *       an enabled rule), so quiescent states are never introduced, and every quiescent state of
 *       the full graph is reached (the stubborn-set deadlock theorem): at-quiescence claims need no
 *       more;</li>
 *   <li><b>C1</b>: no rule outside {@code T} that is dependent on a fired rule can fire before one
 *       of them, by the closure above;</li>
 *   <li><b>C2</b>: a reduced set has no visible rule (one that writes a field an {@code always} or
 *       {@code sometimes} claim reads); a seed whose set meets one is dropped;</li>
 *   <li><b>C3</b>, the cycle proviso for the level-synchronous search: if any successor of the
 *       reduced set is already in the visited set, the state is fully expanded. During the expand
 *       phase the visited set holds exactly the states of depth at most the current one (this
 *       level's states were merged at the end of the previous level; this level's successors are
 *       merged only after every state of the level is expanded), so the choice depends on the state
 *       and the level only, not on threads or chunking. A reduced expansion therefore leads only
 *       to states of depth d + 1; a cycle of the reduced graph cannot go up one level at every
 *       edge, so it has an edge into a state of depth at most its source's, whose source was
 *       fully expanded. Every cycle thus contains a fully expanded state.</li>
 * </ul>
 * Among the enabled rules, every one is tried as a seed in rule order and the set with the fewest
 * enabled rules wins (the first on ties), so the choice is a function of the state (and of the
 * visited set at the level's start, for C3). Traces under the reduction are real paths of the
 * unreduced model (the replayer checks every step) but need not be shortest.
 */
final class StubbornSets {
    private final Rule[] rules;
    // For an enabled rule in T: every rule dependent on it. For a disabled one: every rule that may
    // enable it.
    private final int[][] dependents;
    private final int[][] enablers;
    private final boolean[] visible;
    private final Symmetry symmetry;
    private final FingerprintSet visited;
    private final int wordCount;

    private StubbornSets(Rule[] rules, FieldSet visibleFields, Symmetry symmetry, FingerprintSet visited,
                         int wordCount) {
        this.rules = rules;
        this.symmetry = symmetry;
        this.visited = visited;
        this.wordCount = wordCount;
        int n = rules.length;
        Footprint[] fp = new Footprint[n];
        for (int r = 0; r < n; r++) {
            fp[r] = rules[r].footprint();
        }
        dependents = new int[n][];
        enablers = new int[n][];
        visible = new boolean[n];
        for (int t = 0; t < n; t++) {
            List<Integer> dep = new ArrayList<>();
            List<Integer> en = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                if (u == t) {
                    continue;
                }
                if (!fp[t].independentOf(fp[u])) {
                    dep.add(u);
                }
                if (fp[u].mayEnable(fp[t])) {
                    en.add(u);
                }
            }
            dependents[t] = dep.stream().mapToInt(Integer::intValue).toArray();
            enablers[t] = en.stream().mapToInt(Integer::intValue).toArray();
            visible[t] = fp[t].writes().intersects(visibleFields);
        }
    }

    /**
     * The reduction for a search of {@code claims}, or null when it could not reduce anything
     * (no rule that declares a footprint and is invisible to every claim).
     */
    static StubbornSets forSearch(Rule[] rules, List<Claim> claims, Symmetry symmetry, FingerprintSet visited,
                                  int wordCount) {
        FieldSet visibleFields = visibleFields(claims);
        StubbornSets s = new StubbornSets(rules, visibleFields, symmetry, visited, wordCount);
        for (int r = 0; r < rules.length; r++) {
            if (rules[r].footprint().declared() && !s.visible[r]) {
                return s;
            }
        }
        return null;
    }

    /**
     * The fields whose changes a claim can see: what every {@code always} and {@code sometimes}
     * claim reads. At-quiescence claims are judged on quiescent states only, which the reduction
     * keeps (C0), so they add nothing; liveness claims are not checked under the reduction.
     */
    static FieldSet visibleFields(List<Claim> claims) {
        FieldSet fields = FieldSet.EMPTY;
        for (Claim c : claims) {
            if (c instanceof Claim.Always a) {
                fields = fields.union(a.invariant().reads());
            } else if (c instanceof Claim.Sometimes s) {
                fields = fields.union(s.goal().reads());
            } else if (c.isLiveness()) {
                throw new IllegalArgumentException("liveness claim " + c.name() + " under partial-order reduction");
            }
        }
        return fields;
    }

    Selection newSelection() {
        return new Selection();
    }

    /** One worker's choice for one state at a time, with its working memory. */
    final class Selection {
        /** Per rule: enabled in the state last chosen for. */
        final boolean[] enabled = new boolean[rules.length];
        /** Per rule: to be fired in that state. */
        final boolean[] fire = new boolean[rules.length];
        /** How many rules are enabled (zero means quiescent, whatever is fired). */
        int enabledCount;
        private final int[] stamp = new int[rules.length];
        private int round;
        private final int[] stack = new int[rules.length];
        private final long[] next = new long[wordCount];

        /** Fills {@link #enabled}, {@link #enabledCount} and {@link #fire} for {@code state}. */
        void choose(long[] state) {
            enabledCount = 0;
            for (int r = 0; r < rules.length; r++) {
                enabled[r] = rules[r].enabled(state);
                if (enabled[r]) {
                    enabledCount++;
                }
            }
            int best = -1;
            int bestSize = enabledCount;
            for (int seed = 0; seed < rules.length && bestSize > 1; seed++) {
                if (!enabled[seed]) {
                    continue;
                }
                int size = closure(seed, bestSize);
                if (size > 0) {
                    best = seed;
                    bestSize = size;
                }
            }
            if (best < 0) {
                System.arraycopy(enabled, 0, fire, 0, rules.length);
                return;
            }
            closure(best, Integer.MAX_VALUE);
            for (int r = 0; r < rules.length; r++) {
                fire[r] = enabled[r] && stamp[r] == round;
            }
            if (reachesVisited(state)) {
                System.arraycopy(enabled, 0, fire, 0, rules.length);
            }
        }

        /**
         * Closes {@code {seed}} as the class comment says, marking members with the current round;
         * returns the number of enabled members, or -1 once that reaches {@code limit} or a member
         * is enabled and visible (such a set could not be used).
         */
        private int closure(int seed, int limit) {
            if (++round == Integer.MAX_VALUE) {
                Arrays.fill(stamp, 0);
                round = 1;
            }
            int top = 0;
            stack[top++] = seed;
            stamp[seed] = round;
            int size = 0;
            while (top > 0) {
                int t = stack[--top];
                int[] next;
                if (enabled[t]) {
                    if (visible[t] || ++size >= limit) {
                        return -1;
                    }
                    next = dependents[t];
                } else {
                    next = enablers[t];
                }
                for (int u : next) {
                    if (stamp[u] != round) {
                        stamp[u] = round;
                        stack[top++] = u;
                    }
                }
            }
            return size;
        }

        // C3: whether a rule to fire leads to a state already visited when this level started.
        private boolean reachesVisited(long[] state) {
            for (int r = 0; r < rules.length; r++) {
                if (!fire[r]) {
                    continue;
                }
                Candidates.copy(state, 0, next, 0, wordCount);
                rules[r].apply(state, next);
                if (symmetry != null) {
                    symmetry.canonicalize(next);
                }
                if (visited.contains(Fingerprints.of(next))) {
                    return true;
                }
            }
            return false;
        }
    }
}
