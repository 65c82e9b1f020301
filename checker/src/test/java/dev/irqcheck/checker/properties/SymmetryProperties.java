package dev.irqcheck.checker.properties;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.WeakFairness;
import dev.irqcheck.checker.properties.RandomSystems.Blueprint;
import dev.irqcheck.checker.properties.RandomSystems.Model;
import dev.irqcheck.checker.properties.RandomSystems.SymmetricSpec;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.trace.Trace;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * (4) Symmetry reduction: on systems of two interchangeable processes (same rule templates per
 * process, a canonical form that sorts the two processes' field tuples), a symmetric claim gets
 * the same verdict reduced and unreduced, traces of the reduced search are real behaviours of the
 * model of the same (shortest) length, and the reduced search stores one state per orbit; liveness
 * claims under fairness get the concrete model's verdicts, with fair lassos that replay on it.
 */
class SymmetryProperties {

    enum Shape { NONE_AT, NOT_BOTH, NOT_PAIR, SHARED_NE }

    /** A predicate invariant under swapping the processes; raw numbers resolved per blueprint. */
    record SymPredicate(Shape shape, int index, int a, int b) {
        Predicate<int[]> bad(Blueprint bp) {
            int[] p0 = bp.processes()[0];
            int[] p1 = bp.processes()[1];
            int l = p0.length;
            int shared = bp.fieldCount() - 2 * l;
            Shape s = shape == Shape.SHARED_NE && shared == 0 ? Shape.NONE_AT : shape;
            if (s == Shape.SHARED_NE) {
                int f = 2 * l + index % shared;
                int v = a % (bp.sizes()[f] + 1);
                return st -> st[f] == v;
            }
            int f0 = p0[index % l];
            int f1 = p1[index % l];
            int va = a % (bp.sizes()[f0] + 1);
            int vb = b % (bp.sizes()[f0] + 1);
            return switch (s) {
                case NONE_AT -> st -> st[f0] == va || st[f1] == va;
                case NOT_BOTH -> st -> st[f0] == va && st[f1] == va;
                default -> st -> st[f0] == va && st[f1] == vb || st[f0] == vb && st[f1] == va;
            };
        }
    }

    @Provide
    Arbitrary<SymmetricSpec> systems() {
        return RandomSystems.symmetricSystems();
    }

    @Provide
    Arbitrary<SymPredicate> predicates() {
        return Combinators.combine(Arbitraries.of(Shape.class), RandomSystems.raw(), RandomSystems.raw(),
                RandomSystems.raw()).as(SymPredicate::new);
    }

    /**
     * Always(not bad), Sometimes(goal) and AtQuiescence(not bad) for symmetric bad and goal: the
     * reduced and unreduced searches give the same verdicts and trace lengths, the reduced traces
     * replay on the real model and end in a deciding state, and the reduced search stores no more
     * states than the unreduced one.
     */
    @Property(tries = 200)
    void reducedVerdictsEqualUnreduced(@ForAll("systems") SymmetricSpec spec, @ForAll("predicates") SymPredicate bad,
                                       @ForAll("predicates") SymPredicate goal) {
        Model m = new Model(spec.blueprint());
        Blueprint b = m.blueprint;
        Predicate<int[]> violating = bad.bad(b);
        Predicate<int[]> reached = goal.bad(b);
        List<Claim> claims = List.of(
                new Claim.Always("inv", m.lift(violating.negate())),
                new Claim.Sometimes("reach", m.lift(reached)),
                new Claim.AtQuiescence("quiet", m.lift(violating.negate())));
        CheckReport reduced = Harness.check(m, 1, true, claims);
        CheckReport plain = Harness.check(m, 1, false, claims);
        Harness.check(reduced.stats().symmetryReduced(), "the reduced search did not use the symmetry");
        Harness.check(!plain.stats().symmetryReduced(), "withSymmetry(false) still used the symmetry");
        Harness.check(reduced.stats().distinctStates() <= plain.stats().distinctStates(),
                "reduced stored " + reduced.stats().distinctStates() + " > unreduced " + plain.stats().distinctStates());
        List<Predicate<int[]>> deciding = List.of(violating, reached, violating);
        for (int c = 0; c < claims.size(); c++) {
            Verdict r = reduced.results().get(c).verdict();
            Verdict p = plain.results().get(c).verdict();
            String name = claims.get(c).name();
            Harness.checkEqual(p.kind(), r.kind(), name + ": reduced verdict vs unreduced");
            if (r.trace().isPresent()) {
                Trace t = r.trace().get();
                Harness.checkFiniteTrace(m, t, deciding.get(c), name + " (reduced)");
                Harness.checkEqual(p.trace().orElseThrow().length(), t.length(), name + ": trace length");
            }
        }
    }

    /**
     * With a never-decided claim: the unreduced search stores every reachable state, the reduced
     * one exactly the canonical forms of the reachable states (one per orbit), and the states it
     * checks claims on are those canonical forms.
     */
    @Property(tries = 200)
    void reducedSearchStoresOneStatePerOrbit(@ForAll("systems") SymmetricSpec spec) {
        Model m = new Model(spec.blueprint());
        Reference ref = Reference.explore(m.blueprint);
        checkSwapIsAnAutomorphism(ref);
        Set<List<Integer>> seen = Harness.newConcurrentSet();
        CheckReport reduced = Harness.check(m, 2, true, List.of(Harness.collector(m, seen)));
        CheckReport plain = Harness.check(m, 2, false, List.of(new Claim.Always("true", s -> true)));
        Harness.checkEqual((long) ref.size(), plain.stats().distinctStates(), "unreduced distinct states");
        Harness.checkEqual((long) ref.orbitCount(), reduced.stats().distinctStates(), "reduced distinct states");
        Set<List<Integer>> canonical = new HashSet<>();
        for (int[] s : ref.states) {
            canonical.add(Reference.key(m.blueprint.canonical(s)));
        }
        Harness.checkEqual(canonical, seen, "states the reduced search expanded");
    }

    @Provide
    Arbitrary<Integer> templateMasks() {
        return Arbitraries.integers().between(0, 15);
    }

    /**
     * Liveness under symmetry: with a fair rule set and an accepting rule set that are each closed
     * under the process swap (template t's rule for both processes, or for neither) and
     * swap-invariant predicates, Eventually, LeadsTo and Finitely get the same verdicts reduced and
     * unreduced, and the verdict the brute-force reference gives on the concrete graph. Every
     * reduced lasso is a real behaviour of the concrete model whose loop closes on its first
     * state exactly (or stops where nothing is enabled), is fair (each fair rule taken in the loop
     * or disabled in one of its states), keeps the goal false from a trigger state on, and, for
     * Finitely, takes an accepting rule. The reduced search stores one state per orbit, and two
     * threads give the same report as one.
     */
    @Property(tries = 300)
    void livenessUnderSymmetryMatchesTheConcreteModel(@ForAll("systems") SymmetricSpec spec,
                                                      @ForAll("predicates") SymPredicate trigger,
                                                      @ForAll("predicates") SymPredicate goal,
                                                      @ForAll("templateMasks") int fairTemplates,
                                                      @ForAll("templateMasks") int acceptingTemplates) {
        Model m = new Model(spec.blueprint());
        Reference ref = Reference.explore(m.blueprint);
        Set<Integer> fairIds = orbitClosedRules(m, fairTemplates);
        Set<Integer> acceptingIds = orbitClosedRules(m, acceptingTemplates);
        List<Rule> fair = fairIds.stream().map(m.rules()::get).toList();
        List<Rule> accepting = acceptingIds.stream().map(m.rules()::get).toList();
        Predicate<int[]> p = trigger.bad(m.blueprint);
        Predicate<int[]> q = goal.bad(m.blueprint);
        List<Claim> claims = List.of(
                new Claim.Eventually("ev", m.lift(q), WeakFairness.of(fair)),
                new Claim.LeadsTo("lt", m.lift(p), m.lift(q), WeakFairness.of(fair)),
                new Claim.Finitely("fin", accepting, WeakFairness.of(fair)));
        CheckReport reduced = Harness.check(m, 1, true, claims);
        CheckReport plain = Harness.check(m, 1, false, claims);
        Harness.check(reduced.stats().symmetryReduced(), "the reduced search did not use the symmetry");
        Harness.checkEqual((long) ref.orbitCount(), reduced.stats().distinctStates(), "reduced distinct states");
        Harness.checkEqual(Harness.describe(reduced), Harness.describe(Harness.check(m, 2, true, claims)),
                "reduced report with 1 and 2 threads");
        boolean ev = ref.avoidsGoalFairly(ref.initialIds, q, fairIds);
        boolean lt = ref.avoidsGoalFairly(ref.where(p), q, fairIds);
        boolean fin = !acceptingIds.isEmpty() && ref.takesAcceptingRulesForeverFairly(acceptingIds, fairIds);
        boolean[] expected = {ev, lt, fin};
        for (int c = 0; c < claims.size(); c++) {
            String name = claims.get(c).name() + " under fairness " + fairIds + ", accepting " + acceptingIds;
            Verdict r = reduced.results().get(c).verdict();
            Harness.checkEqual(plain.results().get(c).verdict().kind(), r.kind(), name + ": reduced vs unreduced");
            Harness.checkEqual(expected[c] ? Verdict.Kind.VIOLATED : Verdict.Kind.HOLDS, r.kind(),
                    name + ": reduced vs reference");
        }
        if (ev) {
            Trace t = reduced.verdictOf("ev").trace().orElseThrow();
            Harness.checkLasso(m, t, s -> true, q, fair);
            for (int i = 0; i <= t.length(); i++) {
                Harness.check(!q.test(m.values(t.state(i).words())), "lasso state " + i + " is a goal state");
            }
        }
        if (lt) {
            Harness.checkLasso(m, reduced.verdictOf("lt").trace().orElseThrow(), p, q, fair);
        }
        if (fin) {
            Harness.checkAcceptanceLasso(m, reduced.verdictOf("fin").trace().orElseThrow(), accepting, fair);
        }
    }

    // Both processes' rules of each template in the mask (rule 2t + p is template t of process p).
    private static Set<Integer> orbitClosedRules(Model m, int templateMask) {
        Set<Integer> ids = new java.util.TreeSet<>();
        for (int r = 0; r < m.rules().size(); r++) {
            if ((templateMask >> (r / 2) & 1) != 0) {
                ids.add(r);
            }
        }
        return ids;
    }

    // Sanity of the generator, not of the engine: swapping the processes maps each enabled rule
    // t[p] of a reachable state to an enabled t[1-p] of the swapped state, with swapped results.
    private static void checkSwapIsAnAutomorphism(Reference ref) {
        Blueprint b = ref.blueprint;
        for (int[] s : ref.states) {
            int[] swapped = swap(b, s);
            for (int r = 0; r < b.rules().size(); r++) {
                int partner = r ^ 1;
                Harness.checkEqual(b.enabled(r, s), b.enabled(partner, swapped), "generator: rule symmetry");
                if (b.enabled(r, s)) {
                    Harness.checkEqual(Arrays.toString(swap(b, b.apply(r, s))),
                            Arrays.toString(b.apply(partner, swapped)), "generator: effect symmetry");
                }
            }
        }
    }

    private static int[] swap(Blueprint b, int[] s) {
        int[] c = s.clone();
        for (int j = 0; j < b.processes()[0].length; j++) {
            c[b.processes()[0][j]] = s[b.processes()[1][j]];
            c[b.processes()[1][j]] = s[b.processes()[0][j]];
        }
        return c;
    }
}
