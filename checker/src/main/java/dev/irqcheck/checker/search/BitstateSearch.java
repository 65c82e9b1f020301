package dev.irqcheck.checker.search;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.result.BitstateSummary;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.store.BitstateStore;
import dev.irqcheck.checker.store.Fingerprints;
import dev.irqcheck.checker.trace.Trace;
import dev.irqcheck.checker.trace.TraceReplayer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bitstate (supertrace) search: depth-first, with the visited set a Bloom filter of fixed size
 * ({@link BitstateStore}), for a configuration too large to store exactly.
 *
 * <p>A new state whose bits are all set already is taken for seen and not explored, so the search
 * may miss states: it finds violations (each trace is a real behaviour, replayed and checked) but
 * never proves a claim. A claim it found nothing against is {@link Verdict.Inconclusive} with
 * {@link Limit#BITSTATE}; the report carries the filter's shape and fill.
 *
 * <p>One pass over the model judges the safety forms (memory: the filter plus the depth-first
 * stack). Then each liveness claim gets a pass of its own with the filter cleared,
 * {@link BitstateFairCycles}: Tarjan's on-the-fly components with the exhaustive engine's
 * fair-cycle definition, whose memory also holds the components not yet completed. The figures
 * add up the passes (states stored and transitions over every pass, the deepest stack, the
 * largest memory), and the filter reported is the fullest pass's, whose omission estimate bounds
 * every pass's. Single-threaded, so results are the same on any machine. Symmetry, when the model
 * offers it, is applied to the hashed form only, and only with no liveness claim: the stack and
 * traces hold actual states.
 */
final class BitstateSearch {
    private final TransitionSystem system;
    private final List<Claim> claims;
    private final SearchConfig config;
    private final Rule[] rules;
    private final int wordCount;
    private final Symmetry symmetry;

    BitstateSearch(TransitionSystem system, List<Claim> claims, SearchConfig config) {
        this.system = system;
        this.claims = claims;
        this.config = config;
        this.rules = system.rules().toArray(new Rule[0]);
        this.wordCount = system.layout().wordCount();
        // Its fair-cycle passes judge fairness on the states they store; unlike the exhaustive
        // search (LiftedComponents) they have no concrete lift, so liveness runs unreduced.
        boolean liveness = claims.stream().anyMatch(Claim::isLiveness);
        this.symmetry = config.useSymmetry() && !liveness ? system.symmetry().orElse(null) : null;
    }

    CheckReport run() {
        long start = System.nanoTime();
        if ((config.bitstate().bits() + 7) / 8 > config.memoryBudgetBytes()) {
            throw new IllegalArgumentException("the bitstate filter (" + (config.bitstate().bits() + 7) / 8
                    + " bytes) is larger than the memory budget (" + config.memoryBudgetBytes() + " bytes)");
        }
        BitstateStore store = new BitstateStore(config.bitstate().bits(), config.bitstate().hashes());
        Verdict[] decided = new Verdict[claims.size()];
        // Claims a state can decide: the safety forms. Liveness claims get passes of their own below.
        int open = (int) claims.stream().filter(c -> !c.isLiveness()).count();
        long[] firings = new long[rules.length];
        long stored = 0;
        long transitions = 0;
        int maxDepth = 0;
        Limit stopped = null;
        // The stack: state words, the next rule to try, and the rule that led to each entry.
        long[] stack = new long[16 * wordCount];
        int[] nextRule = new int[16];
        int[] ruleIn = new int[16];
        long[] scratch = new long[wordCount];
        List<dev.irqcheck.checker.state.State> initial = system.initialStates();
        search:
        for (int init = 0; init < initial.size() && open > 0; init++) {
            long[] first = initial.get(init).words();
            if (!store.add(canonical(first, scratch))) {
                continue;
            }
            stored++;
            int depth = 0;
            System.arraycopy(first, 0, stack, 0, wordCount);
            nextRule[0] = 0;
            open -= judge(first, init, ruleIn, 0, decided);
            while (depth >= 0 && open > 0) {
                long[] top = Arrays.copyOfRange(stack, depth * wordCount, (depth + 1) * wordCount);
                int r = nextRule[depth];
                while (r < rules.length && !rules[r].enabled(top)) {
                    r++;
                }
                if (r == rules.length) {
                    depth--;
                    continue;
                }
                nextRule[depth] = r + 1;
                long[] next = top.clone();
                rules[r].apply(top, next);
                transitions++;
                firings[r]++;
                if (!store.add(canonical(next, scratch))) {
                    continue;
                }
                stored++;
                if (stored >= config.maxStates()) {
                    stopped = Limit.MAX_STATES;
                    break search;
                }
                depth++;
                if ((depth + 1) * wordCount > stack.length) {
                    long bytes = store.bytes() + 2L * stack.length * Long.BYTES + 4L * Integer.BYTES * nextRule.length;
                    if (bytes > config.memoryBudgetBytes()) {
                        stopped = Limit.MEMORY;
                        break search;
                    }
                    stack = Arrays.copyOf(stack, stack.length * 2);
                    nextRule = Arrays.copyOf(nextRule, nextRule.length * 2);
                    ruleIn = Arrays.copyOf(ruleIn, ruleIn.length * 2);
                }
                maxDepth = Math.max(maxDepth, depth);
                System.arraycopy(next, 0, stack, depth * wordCount, wordCount);
                nextRule[depth] = 0;
                ruleIn[depth] = r;
                open -= judge(next, init, ruleIn, depth, decided);
            }
        }
        BitstateSummary fullest = store.summary();
        long bytes = store.bytes() + (long) stack.length * Long.BYTES + 8L * nextRule.length;
        Limit firstLimit = stopped;
        Limit[] livenessLimit = new Limit[claims.size()];
        Map<Rule, Integer> ordinals = Explorer.ruleOrdinals(system);
        for (int c = 0; c < claims.size(); c++) {
            Claim claim = claims.get(c);
            if (!claim.isLiveness() || claim instanceof Claim.Finitely f && f.rules().isEmpty()) {
                continue;
            }
            store.clear();
            BitstateFairCycles.Outcome pass = BitstateFairCycles.run(system, claim, ordinals, config, store);
            decided[c] = pass.verdict();
            livenessLimit[c] = pass.stoppedBy();
            firstLimit = firstLimit != null ? firstLimit : pass.stoppedBy();
            stored += pass.stored();
            transitions += pass.transitions();
            maxDepth = Math.max(maxDepth, pass.maxDepth());
            for (int r = 0; r < firings.length; r++) {
                firings[r] += pass.firings()[r];
            }
            bytes = Math.max(bytes, pass.peakBytes());
            if (pass.filter().bitsSet() > fullest.bitsSet()) {
                fullest = pass.filter();
            }
        }
        List<CheckReport.ClaimResult> results = new ArrayList<>();
        for (int c = 0; c < claims.size(); c++) {
            Limit limit = claims.get(c).isLiveness() ? livenessLimit[c] : stopped;
            Verdict v = decided[c] != null ? decided[c] : new Verdict.Inconclusive(limit != null ? limit : Limit.BITSTATE);
            results.add(new CheckReport.ClaimResult(claims.get(c), v));
        }
        SearchStats stats = new SearchStats(stored, transitions, maxDepth, Duration.ofNanos(System.nanoTime() - start),
                bytes, 1, symmetry != null, firings, system.rules().stream().map(Rule::name).toList(),
                Fingerprints.collisionOdds(stored), firstLimit != null ? firstLimit : Limit.BITSTATE, false);
        return new CheckReport(results, stats, Optional.of(fullest));
    }

    private long[] canonical(long[] words, long[] scratch) {
        if (symmetry == null) {
            return words;
        }
        System.arraycopy(words, 0, scratch, 0, wordCount);
        symmetry.canonicalize(scratch);
        return scratch;
    }

    // Checks a newly stored state against the safety claims still open; returns how many it decided.
    private int judge(long[] state, int init, int[] ruleIn, int depth, Verdict[] decided) {
        int count = 0;
        Boolean quiescent = null;
        for (int c = 0; c < claims.size(); c++) {
            if (decided[c] != null) {
                continue;
            }
            Claim claim = claims.get(c);
            boolean hit;
            if (claim instanceof Claim.Always a) {
                hit = !a.invariant().test(state);
            } else if (claim instanceof Claim.Sometimes s) {
                hit = s.goal().test(state);
            } else if (claim instanceof Claim.AtQuiescence q) {
                if (quiescent == null) {
                    quiescent = Arrays.stream(rules).noneMatch(r -> r.enabled(state));
                }
                hit = quiescent && !q.condition().test(state);
            } else {
                continue;
            }
            if (hit) {
                Trace trace = new TraceReplayer(system, Optional.empty()).replay(init, Arrays.copyOfRange(ruleIn, 1, depth + 1), -1);
                if (!Arrays.equals(trace.last().words(), state)) {
                    throw new dev.irqcheck.checker.trace.NondeterministicModelException(
                            "the replayed depth-first path ends in another state than the search found");
                }
                decided[c] = claim instanceof Claim.Sometimes ? new Verdict.Witnessed(trace) : new Verdict.Violated(trace);
                count++;
            }
        }
        return count;
    }
}
