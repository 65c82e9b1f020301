package dev.irqcheck.checker.properties;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.properties.RandomSystems.Blueprint;
import dev.irqcheck.checker.properties.RandomSystems.Footprints;
import dev.irqcheck.checker.properties.RandomSystems.Model;
import dev.irqcheck.checker.properties.RandomSystems.Pick;
import dev.irqcheck.checker.properties.RandomSystems.SymmetricSpec;
import dev.irqcheck.checker.properties.RandomSystems.SystemSpec;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.FootprintAudit;
import dev.irqcheck.checker.trace.Trace;
import java.util.List;
import java.util.function.Predicate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * (8) The partial-order reduction keeps verdicts: on generated systems whose rules declare their
 * exact footprints and whose claims declare the field they read, the reduced search gives the
 * unreduced search's verdict on every always, sometimes and at-quiescence claim, every reduced
 * counterexample replays on the model and ends in a deciding state, it stores no more states, and
 * its results do not depend on the thread count. {@code PartialOrderCanFailTest} shows the check
 * fails when a footprint is declared wrongly.
 */
class PartialOrderProperties {
    // Share of interleaved samples that must store fewer states under the reduction (measured: 21%).
    private static final double MIN_REDUCED_PERCENT = 10;

    @Provide
    Arbitrary<SystemSpec> systems() {
        return RandomSystems.systems();
    }

    @Provide
    Arbitrary<SystemSpec> largeSystems() {
        return RandomSystems.largeSystems();
    }

    @Provide
    Arbitrary<SymmetricSpec> symmetricSystems() {
        return RandomSystems.symmetricSystems();
    }

    @Provide
    Arbitrary<SymmetricSpec> interleavedSystems() {
        return RandomSystems.interleavedSystems();
    }

    @Provide
    Arbitrary<Pick> picks() {
        return RandomSystems.picks();
    }

    @Property(tries = 300)
    void reducedVerdictsMatchUnreduced(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick bad,
                                       @ForAll("picks") Pick goal, @ForAll("picks") Pick quiet) {
        collect(checkReductionKeepsVerdicts(new Model(spec.blueprint(), Footprints.EXACT), bad, goal, quiet, false));
    }

    /** Larger systems, with levels of thousands of states, so chunks and threads matter. */
    @Property(tries = 60)
    void reducedVerdictsMatchUnreducedOnLargeSystems(@ForAll("largeSystems") SystemSpec spec,
                                                     @ForAll("picks") Pick bad, @ForAll("picks") Pick goal,
                                                     @ForAll("picks") Pick quiet) {
        collect(checkReductionKeepsVerdicts(new Model(spec.blueprint(), Footprints.EXACT), bad, goal, quiet, false));
    }

    /**
     * Two processes that mostly keep to their own fields, with and without symmetry: here the
     * reduction has work to do, and the property insists that it does (not vacuous).
     */
    @Property(tries = 300)
    void reducedVerdictsMatchUnreducedOnInterleavedProcesses(@ForAll("interleavedSystems") SymmetricSpec spec,
                                                             @ForAll("picks") Pick bad, @ForAll("picks") Pick goal,
                                                             @ForAll("picks") Pick quiet, @ForAll boolean symmetry) {
        Model m = new Model(spec.blueprint(), Footprints.EXACT);
        collect(checkReductionKeepsVerdicts(m, bad, goal, quiet, symmetry));
        Statistics.label("reduction").coverage(cov -> cov.check("fewer states").percentage(p -> p >= MIN_REDUCED_PERCENT));
    }

    /** With symmetry reduction as well: the stubborn sets are chosen on the representatives. */
    @Property(tries = 200)
    void reducedVerdictsMatchUnreducedWithSymmetry(@ForAll("symmetricSystems") SymmetricSpec spec,
                                                   @ForAll("picks") Pick bad, @ForAll("picks") Pick goal,
                                                   @ForAll("picks") Pick quiet) {
        Model m = new Model(spec.blueprint(), Footprints.EXACT);
        // A symmetric claim: the picked field or its twin in the other process.
        collect(checkReductionKeepsVerdicts(m, bad, goal, quiet, true));
    }

    /** The audit accepts exact footprints on every generated system (it is not simply strict). */
    @Property(tries = 100)
    void auditAcceptsExactFootprints(@ForAll("systems") SystemSpec spec, @ForAll("picks") Pick bad) {
        Model m = new Model(spec.blueprint(), Footprints.EXACT);
        FootprintAudit.Result r = FootprintAudit.audit(m, claims(m, bad, bad, bad, false), Long.MAX_VALUE);
        Harness.check(r.ok(), "audit of exact footprints: " + r.problems());
    }

    /**
     * Reduced (1 and 2 threads) against unreduced, on "never f == v", "sometimes f == v" and "at
     * quiescence f != v"; with {@code symmetric}, the claims are closed under the process swap.
     */
    static boolean checkReductionKeepsVerdicts(Model m, Pick bad, Pick goal, Pick quiet, boolean symmetric) {
        List<Claim> claims = claims(m, bad, goal, quiet, symmetric);
        CheckReport full = new Explorer(Harness.config(1, symmetric)).check(m, claims);
        CheckReport reduced = new Explorer(Harness.config(1, symmetric).withPartialOrder(true)).check(m, claims);
        CheckReport reduced2 = new Explorer(Harness.config(2, symmetric).withPartialOrder(true)).check(m, claims);
        Harness.checkEqual(Harness.describe(reduced), Harness.describe(reduced2), "reduced search, 1 vs 2 threads");
        // A search stops once every claim is decided, and the reduced one may decide later (its
        // traces need not be shortest): compare stored states only when both went to the end.
        Harness.check(!full.stats().exhaustive() || !reduced.stats().exhaustive()
                        || reduced.stats().distinctStates() <= full.stats().distinctStates(),
                "the reduced search stored more states than the full one");

        Blueprint b = m.blueprint;
        for (int c = 0; c < claims.size(); c++) {
            String name = claims.get(c).name();
            Verdict expected = full.verdictOf(name);
            Verdict got = reduced.verdictOf(name);
            Harness.check(expected.kind() == got.kind(), "verdict of " + name + " (reduced vs full): expected "
                    + expected.kind() + " but was " + got.kind() + "\nreduced search: " + Harness.describe(reduced));
            if (got.trace().isPresent()) {
                Trace t = got.trace().get();
                Predicate<int[]> deciding = deciding(b, c, bad, goal, quiet, symmetric);
                Harness.checkFiniteTrace(m, t, deciding, "reduced trace of " + name);
                if (claims.get(c) instanceof Claim.AtQuiescence) {
                    for (Rule r : m.rules()) {
                        Harness.check(!r.enabled(t.last().words()), "reduced quiescence trace ends where "
                                + r.name() + " is enabled");
                    }
                }
            }
        }
        return reduced.stats().distinctStates() < full.stats().distinctStates();
    }

    // Which samples the reduction shrank, in jqwik's statistics.
    private static void collect(boolean fewer) {
        Statistics.label("reduction").collect(fewer ? "fewer states" : "same states");
    }

    static List<Claim> claims(Model m, Pick bad, Pick goal, Pick quiet, boolean symmetric) {
        Blueprint b = m.blueprint;
        return List.of(
                new Claim.Always("inv", m.liftReadingAll(fieldsOf(b, bad, symmetric), deciding(b, 0, bad, goal, quiet, symmetric).negate())),
                new Claim.Sometimes("reach", m.liftReadingAll(fieldsOf(b, goal, symmetric), deciding(b, 1, bad, goal, quiet, symmetric))),
                new Claim.AtQuiescence("quiet", m.liftReadingAll(fieldsOf(b, quiet, symmetric),
                        deciding(b, 2, bad, goal, quiet, symmetric).negate())));
    }

    // The states that decide claim c: where the picked field has the picked value (or its twin does).
    private static Predicate<int[]> deciding(Blueprint b, int c, Pick bad, Pick goal, Pick quiet, boolean symmetric) {
        Pick p = c == 0 ? bad : c == 1 ? goal : quiet;
        int[] fields = fieldsOf(b, p, symmetric);
        int v = p.value(b);
        return s -> {
            for (int f : fields) {
                if (s[f] == v) {
                    return true;
                }
            }
            return false;
        };
    }

    private static int[] fieldsOf(Blueprint b, Pick p, boolean symmetric) {
        int f = p.field(b);
        if (!symmetric || b.processes() == null) {
            return new int[] {f};
        }
        int[][] proc = b.processes();
        for (int k = 0; k < 2; k++) {
            for (int j = 0; j < proc[k].length; j++) {
                if (proc[k][j] == f) {
                    return new int[] {f, proc[1 - k][j]};
                }
            }
        }
        return new int[] {f};
    }
}
