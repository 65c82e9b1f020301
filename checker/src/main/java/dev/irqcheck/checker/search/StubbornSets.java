package dev.irqcheck.checker.search;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.FieldSet;
import dev.irqcheck.checker.api.Footprint;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.checker.state.FieldReads;
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
 * it. Which rules may enable a disabled rule is learnt in the state itself: its guard is evaluated
 * with the fields it reads recorded ({@link FieldReads}), and since a guard is a deterministic
 * function of the fields it reads, it stays false until some rule writes one of those fields; so
 * the enablers are the rules that declare writing one of them (for a rule without a declared
 * footprint, every rule that writes anything). This is far sharper than the static guard
 * footprint, which holds the fields every branch of the guard may read. The rules fired,
 * {@code T}'s enabled rules, then satisfy:
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
    // Per rule: whether it declared a footprint (then its guard's recorded reads say who may enable it).
    private final boolean[] declared;
    // Per field index: the rules that may write it.
    private final int[][] writersOf;
    private final int fieldCount;
    private final Symmetry symmetry;
    private final FingerprintSet visited;
    private final int wordCount;

    private StubbornSets(Rule[] rules, int fieldCount, FieldSet visibleFields, Symmetry symmetry,
                         FingerprintSet visited, int wordCount) {
        this.fieldCount = fieldCount;
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
        declared = new boolean[n];
        writersOf = new int[fieldCount][];
        for (int f = 0; f < fieldCount; f++) {
            List<Integer> w = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                if (fp[u].writes().contains(f)) {
                    w.add(u);
                }
            }
            writersOf[f] = w.stream().mapToInt(Integer::intValue).toArray();
        }
        for (int t = 0; t < n; t++) {
            declared[t] = fp[t].declared();
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
    static StubbornSets forSearch(Rule[] rules, int fieldCount, List<Claim> claims, Symmetry symmetry,
                                  FingerprintSet visited, int wordCount) {
        FieldSet visibleFields = visibleFields(claims);
        StubbornSets s = new StubbornSets(rules, fieldCount, visibleFields, symmetry, visited, wordCount);
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
        private final FieldReads reads = new FieldReads(fieldCount);
        // Per rule, when disabled: the fields its guard read in this state (bits by field index).
        private final long[][] guardReads = new long[rules.length][];

        /** Fills {@link #enabled}, {@link #enabledCount} and {@link #fire} for {@code state}. */
        void choose(long[] state) {
            enabledCount = 0;
            reads.attach();
            try {
                for (int r = 0; r < rules.length; r++) {
                    reads.start();
                    enabled[r] = rules[r].enabled(state);
                    reads.stop();
                    if (enabled[r]) {
                        enabledCount++;
                    } else if (declared[r]) {
                        long[] bits = reads.bits();
                        if (guardReads[r] == null) {
                            guardReads[r] = new long[bits.length];
                        }
                        System.arraycopy(bits, 0, guardReads[r], 0, bits.length);
                    }
                }
            } finally {
                reads.detach();
            }
            int best = -1;
            // Without recorded guard reads a disabled rule's enablers are unknown: expand fully.
            int bestSize = FieldReads.recording() ? enabledCount : 0;
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
                if (enabled[t]) {
                    if (visible[t] || ++size >= limit) {
                        return -1;
                    }
                    top = push(dependents[t], top);
                } else if (!declared[t]) {
                    top = push(enablers[t], top);
                } else {
                    long[] bits = guardReads[t];
                    for (int w = 0; w < bits.length; w++) {
                        for (long b = bits[w]; b != 0; b &= b - 1) {
                            int field = (w << 6) + Long.numberOfTrailingZeros(b);
                            if (field < fieldCount) {
                                top = push(writersOf[field], top);
                            }
                        }
                    }
                }
            }
            return size;
        }

        private int push(int[] rulesToAdd, int top) {
            for (int u : rulesToAdd) {
                if (stamp[u] != round) {
                    stamp[u] = round;
                    stack[top++] = u;
                }
            }
            return top;
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
