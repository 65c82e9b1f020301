package dev.irqcheck.checker.liveness;

import dev.irqcheck.checker.api.Rule;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * The liveness decision of {@link FairCycleFinder}, made exact on a symmetry-reduced behaviour
 * graph (the quotient: one canonical representative per orbit) by lifting each cyclic quotient
 * component back to the concrete model.
 *
 * <p>Why the quotient alone does not do: weak fairness is per rule and the symmetry group G
 * permutes rules (device 0's raise is device 1's in the swapped state), but a quotient edge
 * records the rule fired from the representative and forgets the permutation that
 * canonicalisation applied to its target. Along a quotient cycle, "process 0's step" in one state
 * may be process 1's step of the concrete state two edges later, so the per-component rule
 * "every fair rule is taken or disabled somewhere" compares rules of different concrete states: it
 * can accept a component whose concrete unrollings all starve one process (a false violation) or
 * reject one that is fair (a false hold). {@code LiftedComponentsTest} has both.
 *
 * <p>What is done instead, for each quotient component D (in the finder's scope: non-response
 * states reachable from the starts) that has an internal edge, in BFS order: from a state e whose
 * canonical form is D's first state d, C := the concrete states reachable from e by steps whose
 * target's canonical form lies in D, explored exactly (every enabled rule, concrete successors,
 * stored word for word). C is exactly the concrete strongly connected component of e. Every y in C is reached from e;
 * since D is strongly connected a quotient path from y's orbit back to e's lifts to a concrete
 * path y → k(e) for some k in G, so e → y → k(e) is a path; its images under k, k², … (G maps
 * steps to steps) chain into e → k(e) → k²(e) → … → k^ord(k)(e) = e, a cycle through y. Every
 * concrete component over D that a behaviour can reach is an image g(C) by the same argument, and
 * g maps fair cycles to fair cycles because the fair (and accepting) rule sets are unions of rule
 * orbits and the claim's predicates are invariant. So C's verdict, by the finder's exact
 * per-component rule on C's own graph, is D's; a quotient state with no enabled rule is a concrete
 * stop too (orbits keep enabledness); a component without internal edge holds no cycle. Neither
 * argument needs e to be reachable, so D is decided from e = d itself (the canonical track of the
 * stored stem: one rule and one canonicalisation a step). Only a component found fair is lifted a
 * second time, from the real state a symmetric replay of its stem reaches (the caller's
 * {@link Stems}), so that its fair cycle continues a real behaviour; by the same invariance it is
 * fair from there too.
 *
 * <p>Preconditions (see {@link dev.irqcheck.checker.api.Symmetry}): G maps rules to rules, every
 * claim predicate is G-invariant, and each fair and accepting rule set is a union of rule orbits.
 *
 * <p>Cost: one concrete exploration per cyclic quotient component, of at most |D|·|G| states
 * (usually about |D|: a component rarely mixes a state with its own images), stored exactly in
 * {@link ExactStates} with a compact edge list; when one would pass the given budget the claim is
 * left undecided ({@link Outcome.OverBudget}) unless a later component gives a counterexample.
 * Single-threaded and in a fixed order, so the result does not depend on the search's threads.
 */
public final class LiftedComponents {

    /**
     * The caller's side of a lift: the states a quotient stem leads to. A stem is the stored path
     * to {@code stemStates[0]} followed by {@code stemRules} (quotient rule ordinals,
     * {@code stemRules[i]} from {@code stemStates[i]}).
     */
    public interface Stems {
        /** The canonical words of the stem's last state (the search keeps fingerprints only). */
        long[] canonicalEnd(int[] stemStates, int[] stemRules);

        /** The real state a symmetric replay of the stem reaches; its canonical form is the stem's end. */
        long[] concreteEnd(int[] stemStates, int[] stemRules);
    }

    /** What the lifted search found. */
    public sealed interface Outcome {
        /** No start reaches a fair non-responding cycle or a stop. */
        record NoCounterexample() implements Outcome {
        }

        /** A component's lift would have passed the budget, and no other gave a counterexample. */
        record OverBudget() implements Outcome {
        }

        /**
         * A quotient stem from a start to the entry (states and rule ordinals, as in {@link Lasso}),
         * then, from the concrete entry {@code entry} the stem replays to, concrete rule ordinals
         * that lead back to exactly {@code entry}; no cycle rules means the behaviour stops there.
         */
        record Counterexample(int[] stemStates, int[] stemRules, long[] entry, int[] cycleRules)
                implements Outcome {
        }
    }

    private final BehaviourGraph quotient;
    private final Rule[] rules;
    private final ToIntFunction<long[]> quotientId;
    private final int wordCount;
    private final int[] fairRules;
    private final int[] acceptingRules;
    private final long budgetBytes;

    /**
     * @param quotient     the behaviour graph over canonical representatives
     * @param rules        the model's rules, by ordinal
     * @param quotientId   the quotient id of a concrete state's canonical form (-1 if never stored)
     * @param wordCount    words per packed state
     * @param fairRules    ordinals of the weakly fair rules
     * @param acceptingRules ordinals of the accepting rules (a {@code Finitely} claim), else empty
     * @param budgetBytes  what one lift may hold at most
     */
    public LiftedComponents(BehaviourGraph quotient, List<Rule> rules, ToIntFunction<long[]> quotientId,
                            int wordCount, int[] fairRules, int[] acceptingRules, long budgetBytes) {
        this.quotient = quotient;
        this.rules = rules.toArray(new Rule[0]);
        this.quotientId = quotientId;
        this.wordCount = wordCount;
        this.fairRules = fairRules.clone();
        this.acceptingRules = acceptingRules.clone();
        this.budgetBytes = budgetBytes;
    }

    /**
     * @param starts   start states (increasing ids) of the quotient
     * @param response the quotient's response states
     * @param stems    replays a quotient stem to a concrete state
     */
    public Outcome find(int[] starts, BitSet response, Stems stems) {
        int n = quotient.stateCount();
        int[] parentEdge = new int[n];
        Arrays.fill(parentEdge, -2);
        int[] order = new int[n];
        int reached = 0;
        for (int s : starts) {
            if (parentEdge[s] == -2 && !response.get(s)) {
                parentEdge[s] = -1;
                order[reached++] = s;
            }
        }
        // Breadth-first over non-response states, as the finder does: the order picks the entry.
        for (int i = 0; i < reached; i++) {
            int s = order[i];
            for (int e = quotient.offsets()[s]; e < quotient.offsets()[s + 1]; e++) {
                int t = quotient.targets()[e];
                if (!response.get(t) && parentEdge[t] == -2) {
                    parentEdge[t] = e;
                    order[reached++] = t;
                }
            }
        }
        BitSet scope = new BitSet(n);
        for (int i = 0; i < reached; i++) {
            scope.set(order[i]);
        }
        int[] component = StronglyConnected.components(quotient, scope, order, reached);
        boolean[] cyclic = new boolean[n];
        for (int i = 0; i < reached; i++) {
            int u = order[i];
            for (int e = quotient.offsets()[u]; e < quotient.offsets()[u + 1]; e++) {
                cyclic[component[u]] |= component[quotient.targets()[e]] == component[u];
            }
        }
        boolean[] lifted = new boolean[n];
        boolean overBudget = false;
        boolean stopsCount = acceptingRules.length == 0;
        for (int i = 0; i < reached; i++) {
            int s = order[i];
            if (stopsCount && quotient.isTerminal(s)) {
                int[][] stem = stemTo(s, parentEdge);
                return new Outcome.Counterexample(stem[0], stem[1], stems.concreteEnd(stem[0], stem[1]), new int[0]);
            }
            int c = component[s];
            if (!cyclic[c] || lifted[c]) {
                continue;
            }
            lifted[c] = true;
            int[][] stem = stemTo(s, parentEdge);
            try {
                if (fairCycleOfLift(stems.canonicalEnd(stem[0], stem[1]), component, c).isEmpty()) {
                    continue;
                }
                long[] entry = stems.concreteEnd(stem[0], stem[1]);
                int[] cycle = fairCycleOfLift(entry, component, c).orElseThrow(() -> new IllegalStateException(
                        "a quotient component is fair from its representative but not from another member of its "
                                + "orbit: the model's symmetry breaks the preconditions in Symmetry's contract"));
                return new Outcome.Counterexample(stem[0], stem[1], entry, cycle);
            } catch (LiftTooLarge e) {
                overBudget = true;
            }
        }
        return overBudget ? new Outcome.OverBudget() : new Outcome.NoCounterexample();
    }

    // The quotient path from the BFS root to s: states, then rules.
    private int[][] stemTo(int s, int[] parentEdge) {
        FairCycleFinder.IntList states = new FairCycleFinder.IntList();
        FairCycleFinder.IntList ruleList = new FairCycleFinder.IntList();
        states.add(s);
        for (int at = s; parentEdge[at] >= 0; ) {
            int e = parentEdge[at];
            ruleList.add(quotient.rule(e));
            at = quotient.sourceOf(e);
            states.add(at);
        }
        states.reverse();
        ruleList.reverse();
        return new int[][] {states.toArray(), ruleList.toArray()};
    }

    /**
     * Explores the lift C of quotient component {@code c} from {@code entry} and decides it with the
     * finder's rule on C's own graph; the fair cycle's rules from {@code entry} back to it, if any.
     */
    private Optional<int[]> fairCycleOfLift(long[] entry, int[] component, int c) throws LiftTooLarge {
        ExactStates states = new ExactStates(wordCount);
        states.add(entry);
        // C's graph in compressed rows; a step leaving C goes to "outside" (id -1 until C is
        // complete), kept so that enabledness stays exact: every enabled rule has its edge.
        int[] offsets = new int[64];
        int[] targets = new int[256];
        short[] labels = new short[256];
        int edges = 0;
        if (states.bytes() + 4L * offsets.length + 6L * targets.length > budgetBytes) {
            throw new LiftTooLarge();
        }
        long[] state = new long[wordCount];
        long[] next = new long[wordCount];
        for (int id = 0; id < states.size(); id++) {
            states.copy(id, state);
            if (id + 2 > offsets.length) {
                offsets = Arrays.copyOf(offsets, 2 * offsets.length);
            }
            offsets[id] = edges;
            for (int r = 0; r < rules.length; r++) {
                if (!rules[r].enabled(state)) {
                    continue;
                }
                System.arraycopy(state, 0, next, 0, wordCount);
                rules[r].apply(state, next);
                int q = quotientId.applyAsInt(next);
                int target = -1;
                if (q >= 0 && component[q] == c) {
                    target = states.find(next);
                    if (target < 0) {
                        if (states.full() && states.growthBytes() + 10L * targets.length > budgetBytes) {
                            throw new LiftTooLarge();
                        }
                        target = states.add(next);
                    }
                }
                if (edges == targets.length) {
                    if (states.bytes() + 20L * targets.length > budgetBytes) {
                        throw new LiftTooLarge();
                    }
                    targets = Arrays.copyOf(targets, 2 * edges);
                    labels = Arrays.copyOf(labels, 2 * edges);
                }
                targets[edges] = target;
                labels[edges] = (short) r;
                edges++;
            }
        }
        int size = states.size();
        int outside = size;
        offsets = Arrays.copyOf(offsets, size + 2);
        offsets[size] = edges;
        offsets[size + 1] = edges;
        for (int e = 0; e < edges; e++) {
            if (targets[e] < 0) {
                targets[e] = outside;
            }
        }
        BehaviourGraph lift = new BehaviourGraph(size + 1, offsets, Arrays.copyOf(targets, edges),
                Arrays.copyOf(labels, edges));
        BitSet leftC = new BitSet(size + 1);
        leftC.set(outside);
        Optional<Lasso> lasso = new FairCycleFinder(lift, fairRules, acceptingRules, rules.length)
                .find(new int[] {0}, leftC);
        // C is one component containing the entry (id 0), so a lasso, if any, is a cycle from it.
        return lasso.map(l -> {
            if (l.states()[0] != 0 || l.loopStart() != 0 || l.rules().length == 0) {
                throw new IllegalStateException("the lift of a quotient component is not strongly connected: "
                        + "the model's symmetry does not map rules to rules");
            }
            return l.rules();
        });
    }

    private static final class LiftTooLarge extends Exception {
        LiftTooLarge() {
            super(null, null, false, false);
        }
    }
}
