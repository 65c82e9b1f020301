package dev.irqcheck.checker.search;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Footprint;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.checker.state.State;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks declared footprints against the model itself, trusting nothing the declarations say: walks
 * every reachable state (unreduced, no symmetry) and, in each one, checks what the partial-order
 * reduction relies on:
 * <ul>
 *   <li>an enabled rule changes only fields it declares it writes;</li>
 *   <li>two enabled rules declared independent stay enabled after each other and commute
 *       ({@code a(b(s)) == b(a(s))});</li>
 *   <li>an enabled rule that writes none of the fields another rule's guard is declared to read
 *       does not change whether that rule is enabled (the reduction's treatment of disabled rules);</li>
 *   <li>an enabled rule that writes none of the fields an {@code always} or {@code sometimes}
 *       claim reads does not change the claim's value (visibility).</li>
 * </ul>
 * Only what the reachable states exercise is checked: a declaration wrong only on unreachable states
 * is harmless to this model but would not be caught.
 */
public final class FootprintAudit {
    /** What an audit found: states walked, and the first mismatches (empty when every check held). */
    public record Result(long states, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final int MAX_PROBLEMS = 20;

    private FootprintAudit() {
    }

    /**
     * Audits {@code system}'s rule footprints and the reads of {@code claims} over at most
     * {@code maxStates} reachable states (breadth-first).
     */
    public static Result audit(TransitionSystem system, List<Claim> claims, long maxStates) {
        List<Rule> rules = system.rules();
        int n = rules.size();
        Footprint[] fp = new Footprint[n];
        for (int r = 0; r < n; r++) {
            fp[r] = rules.get(r).footprint();
        }
        List<StatePredicate> predicates = new ArrayList<>();
        List<String> predicateNames = new ArrayList<>();
        for (Claim c : claims) {
            if (c instanceof Claim.Always a) {
                predicates.add(a.invariant());
                predicateNames.add(c.name());
            } else if (c instanceof Claim.Sometimes s) {
                predicates.add(s.goal());
                predicateNames.add(c.name());
            }
        }
        List<Field> fields = system.layout().fields();
        List<String> problems = new ArrayList<>();
        Set<Key> seen = new HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        for (State init : system.initialStates()) {
            if (seen.add(new Key(init.words()))) {
                queue.add(init.words());
            }
        }
        long states = 0;
        boolean[] enabled = new boolean[n];
        long[][] succ = new long[n][];
        while (!queue.isEmpty() && states < maxStates && problems.size() < MAX_PROBLEMS) {
            long[] s = queue.poll();
            states++;
            for (int r = 0; r < n; r++) {
                enabled[r] = rules.get(r).enabled(s);
                succ[r] = enabled[r] ? apply(rules.get(r), s) : null;
                if (enabled[r] && seen.add(new Key(succ[r]))) {
                    queue.add(succ[r]);
                }
            }
            for (int a = 0; a < n; a++) {
                if (!enabled[a]) {
                    continue;
                }
                Rule ra = rules.get(a);
                for (Field f : fields) {
                    if (f.raw(s) != f.raw(succ[a]) && !fp[a].writes().contains(f)) {
                        report(problems, system, s, ra.name() + " writes " + f.name() + ", not declared");
                    }
                }
                for (int b = a + 1; b < n; b++) {
                    if (!enabled[b] || !fp[a].independentOf(fp[b])) {
                        continue;
                    }
                    Rule rb = rules.get(b);
                    if (!rb.enabled(succ[a]) || !ra.enabled(succ[b])) {
                        report(problems, system, s, ra.name() + " and " + rb.name()
                                + " are declared independent but one disables the other");
                    } else if (!Arrays.equals(apply(rb, succ[a]), apply(ra, succ[b]))) {
                        report(problems, system, s, ra.name() + " and " + rb.name()
                                + " are declared independent but do not commute");
                    }
                }
                for (int t = 0; t < n; t++) {
                    if (t != a && !fp[a].mayEnable(fp[t]) && rules.get(t).enabled(succ[a]) != enabled[t]) {
                        report(problems, system, s, ra.name() + " changes whether " + rules.get(t).name()
                                + " is enabled, writing no field its guard is declared to read");
                    }
                }
                for (int c = 0; c < predicates.size(); c++) {
                    StatePredicate p = predicates.get(c);
                    if (!fp[a].writes().intersects(p.reads()) && p.test(s) != p.test(succ[a])) {
                        report(problems, system, s, ra.name() + " changes claim " + predicateNames.get(c)
                                + ", writing no field it is declared to read");
                    }
                }
            }
        }
        return new Result(states, List.copyOf(problems));
    }

    private static long[] apply(Rule rule, long[] s) {
        long[] next = s.clone();
        rule.apply(s, next);
        return next;
    }

    private static void report(List<String> problems, TransitionSystem system, long[] s, String what) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(what + " in state " + new State(system.layout(), s.clone()));
        }
    }

    // A state as a hash-set key.
    private record Key(long[] words) {
        @Override public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(words, k.words);
        }

        @Override public int hashCode() {
            return Arrays.hashCode(words);
        }
    }
}
