package dev.irqcheck.checker.search;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.result.Limit;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.store.FingerprintSet;
import dev.irqcheck.checker.store.Fingerprints;
import dev.irqcheck.checker.store.ParentTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Parallel breadth-first search whose results do not depend on the thread count.
 *
 * <p>Each BFS level runs in three phases, with a barrier between them:
 * <ol>
 *   <li><b>Expand</b> (parallel over chunks of the level, in id order): check the claims on each
 *       state, apply every enabled rule, canonicalize, fingerprint, and keep the successors as
 *       candidates of the chunk, less most repeats of a successor the chunk already produced
 *       (those could not win the merge), filed by visited-set partition.</li>
 *   <li><b>Merge</b> (parallel over the {@link FingerprintSet#PARTITIONS} partitions): a thread
 *       takes a partition and inserts its candidates, walking the chunks in order, so the
 *       first new candidate in (parent id, rule ordinal) order wins.</li>
 *   <li><b>Number</b> (parallel over chunks): winners get consecutive ids in that same order,
 *       their parent pointers, and a place in the next level.</li>
 * </ol>
 * Ids, parents, counts and therefore traces are the same for 1 or N threads, and a trace to a
 * state is a shortest one because every state of depth d is numbered before depth d+1 starts.
 * A claim decided on several states of one level is reported on the smallest id.
 */
final class LevelSynchronousBfs {
    enum Check { VIOLATED_WHEN_FALSE, WITNESSED_WHEN_TRUE, VIOLATED_WHEN_QUIESCENT_AND_FALSE, LIVENESS }

    private final TransitionSystem system;
    private final Rule[] rules;
    // Per rule: its gate (Rule.gate), and the end of the run of consecutive rules sharing it.
    private final StatePredicate[] gates;
    private final int[] gateRunEnd;
    // Some rule has a gate; without one (the handshake) the loop tests nothing per rule for them.
    private final boolean anyGate;
    private final int wordCount;
    private final Symmetry symmetry;
    private final SearchConfig config;
    private final Check[] checks;
    private final StatePredicate[] predicates;
    // Liveness claims: index into livenessFlags, and the two predicates whose values are recorded.
    private final int[] livenessSlot;
    private final StatePredicate[] livenessTrigger;
    private final StatePredicate[] livenessResponse;
    private final boolean recordGraph;
    private final ExecutorService pool;
    // The partial-order reduction, or null for full expansion.
    private final StubbornSets reduction;

    final FingerprintSet visited;
    ParentTable parents;
    final EdgeLog edges;
    byte[][] livenessFlags;
    int stored;
    int depth;
    long transitions;
    final long[] firings;
    final int[] decidingState;
    final long[][] decidingWords;
    Limit stoppedBy;
    boolean exhaustive;

    // Read by the progress timer.
    volatile long progressStored;
    volatile long progressQueued;
    volatile int progressDepth;

    private final AtomicBoolean overBudget = new AtomicBoolean();
    // Where the values read by FingerprintSet.touch go, so that the JIT cannot drop the reads.
    @SuppressWarnings("unused")
    private static volatile long sink;
    // Candidates per touch-then-insert window of the merge (at most this many misses in flight).
    private static final int MERGE_WINDOW = 64;
    private final AtomicLong transientBytes = new AtomicLong();
    // The level being expanded, for the budget (set before the workers start).
    private long frontierBytes;
    private final List<Candidates> chunks = new ArrayList<>();

    LevelSynchronousBfs(TransitionSystem system, List<Claim> claims, SearchConfig config,
                        Symmetry symmetry, ExecutorService pool) {
        this.system = system;
        this.rules = system.rules().toArray(new Rule[0]);
        if (rules.length > 0xFFFF) {
            throw new IllegalArgumentException("at most 65535 rules, got " + rules.length);
        }
        this.gates = new StatePredicate[rules.length];
        this.gateRunEnd = new int[rules.length];
        for (int r = rules.length - 1; r >= 0; r--) {
            gates[r] = rules[r].gate();
            boolean runGoesOn = r + 1 < rules.length && gates[r] != null && gates[r + 1] == gates[r];
            gateRunEnd[r] = runGoesOn ? gateRunEnd[r + 1] : r + 1;
        }
        this.anyGate = Arrays.stream(gates).anyMatch(g -> g != null);
        this.wordCount = system.layout().wordCount();
        this.symmetry = symmetry;
        this.config = config;
        this.pool = pool;
        int n = claims.size();
        checks = new Check[n];
        predicates = new StatePredicate[n];
        livenessSlot = new int[n];
        List<StatePredicate> triggers = new ArrayList<>();
        List<StatePredicate> responses = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Claim c = claims.get(i);
            livenessSlot[i] = -1;
            if (c instanceof Claim.Always a) {
                checks[i] = Check.VIOLATED_WHEN_FALSE;
                predicates[i] = a.invariant();
            } else if (c instanceof Claim.Sometimes s) {
                checks[i] = Check.WITNESSED_WHEN_TRUE;
                predicates[i] = s.goal();
            } else if (c instanceof Claim.AtQuiescence q) {
                checks[i] = Check.VIOLATED_WHEN_QUIESCENT_AND_FALSE;
                predicates[i] = q.condition();
            } else if (c instanceof Claim.Eventually e) {
                checks[i] = Check.LIVENESS;
                livenessSlot[i] = triggers.size();
                triggers.add(StatePredicate.TRUE);
                responses.add(e.goal());
            } else if (c instanceof Claim.LeadsTo l) {
                checks[i] = Check.LIVENESS;
                livenessSlot[i] = triggers.size();
                triggers.add(l.trigger());
                responses.add(l.response());
            } else if (c instanceof Claim.Finitely) {
                // Decided on the edges alone; the slot keeps the indexing uniform.
                checks[i] = Check.LIVENESS;
                livenessSlot[i] = triggers.size();
                triggers.add(StatePredicate.TRUE);
                responses.add(StatePredicate.TRUE);
            }
        }
        livenessTrigger = triggers.toArray(new StatePredicate[0]);
        livenessResponse = responses.toArray(new StatePredicate[0]);
        recordGraph = !triggers.isEmpty();
        livenessFlags = new byte[triggers.size()][1024];
        visited = new FingerprintSet(recordGraph);
        edges = recordGraph ? new EdgeLog() : null;
        firings = new long[rules.length];
        decidingState = new int[n];
        Arrays.fill(decidingState, -1);
        decidingWords = new long[n][];
        reduction = config.partialOrder() && !recordGraph
                ? StubbornSets.forSearch(rules, system.layout().fields().size(), claims, symmetry, visited, wordCount)
                : null;
    }

    /** Whether successors came from stubborn sets rather than every enabled rule. */
    boolean partialOrderReduced() {
        return reduction != null;
    }

    void run() throws InterruptedException {
        long[] frontier = seedInitialStates();
        int levelStart = 0;
        int levelSize = stored;
        while (levelSize > 0) {
            progressDepth = depth;
            progressQueued = levelSize;
            ensureLivenessCapacity(stored);
            frontierBytes = (long) levelSize * wordCount * 8;
            int chunkCount = chunkCount(levelSize);
            runExpand(frontier, levelStart, levelSize, chunkCount);
            if (overBudget.get()) {
                stoppedBy = Limit.MEMORY;
                return;
            }
            collectDecisions(chunkCount);
            if (recordGraph && !appendEdges(chunkCount)) {
                stoppedBy = Limit.MEMORY;
                return;
            }
            if (allDecided()) {
                // Every claim is decided; the rest of the space would not change a verdict.
                return;
            }
            // The merge grows the visited set's tables (a small one doubles at once): book that first.
            int[] incoming = new int[FingerprintSet.PARTITIONS];
            for (int k = 0; k < chunkCount; k++) {
                for (int p = 0; p < incoming.length; p++) {
                    incoming[p] += chunks.get(k).partitionSize[p];
                }
            }
            if (heldBytes() + transientBytes.get() + visited.bytesAfterInserting(incoming) - visited.bytes()
                    > config.memoryBudgetBytes()) {
                stoppedBy = Limit.MEMORY;
                return;
            }
            runMerge(chunkCount);
            int winners = 0;
            int[] offsets = new int[chunkCount + 1];
            for (int k = 0; k < chunkCount; k++) {
                Candidates c = chunks.get(k);
                int w = 0;
                for (int j = 0; j < c.size; j++) {
                    if (c.won[j]) {
                        w++;
                    }
                }
                offsets[k + 1] = offsets[k] + w;
                winners += w;
            }
            if (winners == 0) {
                exhaustive = stoppedBy == null;
                return;
            }
            long room = config.maxStates() - stored;
            int accepted = (int) Math.min(winners, room);
            long nextWords = (long) accepted * wordCount;
            // Held while the next level is numbered: this level's frontier and the next one's,
            // the parent table grown, and the liveness flags grown to the new count.
            long projected = visited.bytes() + parents.bytesFor((long) stored + accepted)
                    + frontierBytes + 8 * nextWords + transientBytes.get() + edgeBytes()
                    + (long) livenessFlags.length * (stored + accepted) * 2;
            if (nextWords > Integer.MAX_VALUE - 8 || projected > config.memoryBudgetBytes()) {
                stoppedBy = Limit.MEMORY;
                return;
            }
            parents.ensureCapacity((long) stored + accepted);
            long[] next = new long[(int) nextWords];
            runNumber(frontier, levelStart, chunkCount, offsets, accepted, next);
            levelStart = stored;
            stored += accepted;
            progressStored = stored;
            frontier = next;
            levelSize = accepted;
            depth++;
            if (accepted < winners) {
                stoppedBy = Limit.MAX_STATES;
                if (accepted == 0) {
                    depth--;
                }
                return;
            }
        }
        exhaustive = stoppedBy == null;
    }

    private long[] seedInitialStates() {
        List<State> initial = system.initialStates();
        // The rule column also holds the index of an initial state (see ParentTable).
        parents = new ParentTable(Math.max(rules.length, initial.size()) - 1);
        long[] frontier = new long[initial.size() * wordCount];
        parents.ensureCapacity(initial.size());
        for (int i = 0; i < initial.size(); i++) {
            long[] w = initial.get(i).words();
            if (symmetry != null) {
                symmetry.canonicalize(w);
            }
            long fp = Fingerprints.of(w);
            int slot = visited.insert(fp);
            if (slot < 0) {
                continue;
            }
            if (stored >= config.maxStates()) {
                stoppedBy = Limit.MAX_STATES;
                break;
            }
            if (recordGraph) {
                visited.setId(fp, slot, stored);
            }
            parents.set(stored, -1, i);
            System.arraycopy(w, 0, frontier, stored * wordCount, wordCount);
            stored++;
        }
        progressStored = stored;
        return Arrays.copyOf(frontier, stored * wordCount);
    }

    // Two chunks per thread: enough to even out uneven chunks, few enough that a successor's
    // parents rarely fall in different chunks (each such repeat reaches the merge as a candidate).
    private int chunkCount(int levelSize) {
        int byWork = Math.max(1, levelSize / 512);
        int n = Math.min(byWork, config.threads() * 2);
        while (chunks.size() < n) {
            chunks.add(new Candidates(rules.length, checks.length));
        }
        return n;
    }

    private void runExpand(long[] frontier, int levelStart, int levelSize, int chunkCount)
            throws InterruptedException {
        List<Callable<Void>> tasks = new ArrayList<>(chunkCount);
        for (int k = 0; k < chunkCount; k++) {
            int from = (int) ((long) levelSize * k / chunkCount);
            int to = (int) ((long) levelSize * (k + 1) / chunkCount);
            Candidates c = chunks.get(k);
            tasks.add(() -> {
                expand(frontier, levelStart, from, to, c);
                return null;
            });
        }
        runAll(tasks);
    }

    private void expand(long[] frontier, int levelStart, int from, int to, Candidates out) {
        out.reset();
        long[] state = new long[wordCount];
        long[] next = new long[wordCount];
        StubbornSets.Selection selection = reduction == null ? null : reduction.newSelection();
        long grown = out.prepareRecent(to - from);
        for (int i = from; i < to; i++) {
            if ((i & 127) == 0 && overBudget.get()) {
                return;
            }
            // Successors are not looked up in the visited set here: the merge looks every candidate
            // up anyway, and a lookup here as well cost more than the candidates it saved.
            Candidates.copy(frontier, i * wordCount, state, 0, wordCount);
            int id = levelStart + i;
            checkStateClaims(state, id, out);
            // Under the reduction, the rules to fire were chosen first (all of them when no
            // smaller set is sound); "enabled" then counts the fired ones.
            boolean[] fire = null;
            if (selection != null) {
                selection.choose(state);
                fire = selection.fire;
            }
            int enabled = 0;
            // A run of rules behind one gate: the gate is tested once, at the run's first rule.
            int runEnd = anyGate ? 0 : rules.length;
            for (int r = 0; r < rules.length; r++) {
                Rule rule = rules[r];
                if (fire != null) {
                    // The reduction already evaluated every guard (gates included) and chose.
                    if (!fire[r]) {
                        continue;
                    }
                } else {
                    if (r >= runEnd) {
                        runEnd = gateRunEnd[r];
                        if (gates[r] != null && !gates[r].test(state)) {
                            r = runEnd - 1;
                            continue;
                        }
                    }
                    if (anyGate && gates[r] != null ? !rule.enabledPastGate(state) : !rule.enabled(state)) {
                        continue;
                    }
                }
                enabled++;
                out.firings[r]++;
                Candidates.copy(state, 0, next, 0, wordCount);
                rule.apply(state, next);
                if (symmetry != null) {
                    symmetry.canonicalize(next);
                }
                long fp = Fingerprints.of(next);
                if (recordGraph) {
                    if (out.edgesFull()) {
                        if (!reserve(out.edgeGrowthBytes(), out.edgeBytes())) {
                            return;
                        }
                        out.growEdges();
                    }
                    out.addEdge(id, fp, r);
                }
                if (!out.seenRecently(fp)) {
                    if (out.isFull()) {
                        if (!reserve(out.growthBytes(), out.arrayBytes())) {
                            return;
                        }
                        out.grow();
                    }
                    grown += out.add(fp, id, r);
                }
            }
            out.transitions += enabled;
            if ((selection != null ? selection.enabledCount : enabled) == 0) {
                checkQuiescentClaims(state, id, out);
            }
            if (grown > 0) {
                long total = transientBytes.addAndGet(grown);
                grown = 0;
                if (heldBytes() + total > config.memoryBudgetBytes()) {
                    overBudget.set(true);
                    return;
                }
            }
        }
    }

    /**
     * Before a chunk doubles its arrays: books the new arrays against the budget while the old
     * ones are still held (so that two threads growing at once cannot both pass), then, if they
     * fit, lets the caller grow and books the old arrays as freed. False, with the search marked
     * over budget, when they do not fit.
     */
    private boolean reserve(long newArrayBytes, long oldArrayBytes) {
        long total = transientBytes.addAndGet(newArrayBytes);
        if (newArrayBytes == Candidates.TOO_LARGE || heldBytes() + total > config.memoryBudgetBytes()) {
            transientBytes.addAndGet(-newArrayBytes);
            overBudget.set(true);
            return false;
        }
        // The caller grows now; what stays allocated afterwards is the new arrays, not the old.
        transientBytes.addAndGet(-oldArrayBytes);
        return true;
    }

    private void checkStateClaims(long[] state, int id, Candidates out) {
        for (int c = 0; c < checks.length; c++) {
            switch (checks[c]) {
                case VIOLATED_WHEN_FALSE -> {
                    if (out.decidingState[c] < 0 && decidingState[c] < 0 && !predicates[c].test(state)) {
                        decide(out, c, id, state);
                    }
                }
                case WITNESSED_WHEN_TRUE -> {
                    if (out.decidingState[c] < 0 && decidingState[c] < 0 && predicates[c].test(state)) {
                        decide(out, c, id, state);
                    }
                }
                case LIVENESS -> {
                    int slot = livenessSlot[c];
                    byte flags = (byte) ((livenessTrigger[slot].test(state) ? 1 : 0)
                            | (livenessResponse[slot].test(state) ? 2 : 0));
                    livenessFlags[slot][id] = flags;
                }
                case VIOLATED_WHEN_QUIESCENT_AND_FALSE -> {
                }
            }
        }
    }

    private void checkQuiescentClaims(long[] state, int id, Candidates out) {
        for (int c = 0; c < checks.length; c++) {
            if (checks[c] == Check.VIOLATED_WHEN_QUIESCENT_AND_FALSE && out.decidingState[c] < 0
                    && decidingState[c] < 0 && !predicates[c].test(state)) {
                decide(out, c, id, state);
            }
        }
    }

    private static void decide(Candidates out, int claim, int id, long[] state) {
        out.decidingState[claim] = id;
        out.decidingWords[claim] = state.clone();
    }

    // Chunks are in id order, so the first chunk that decided a claim holds its smallest id.
    private void collectDecisions(int chunkCount) {
        for (int k = 0; k < chunkCount; k++) {
            Candidates c = chunks.get(k);
            transitions += c.transitions;
            for (int r = 0; r < firings.length; r++) {
                firings[r] += c.firings[r];
            }
            for (int claim = 0; claim < checks.length; claim++) {
                if (decidingState[claim] < 0 && c.decidingState[claim] >= 0) {
                    decidingState[claim] = c.decidingState[claim];
                    decidingWords[claim] = c.decidingWords[claim];
                }
            }
        }
    }

    // The level's liveness edges into the log, if the log's growth fits the budget.
    private boolean appendEdges(int chunkCount) {
        long count = 0;
        for (int k = 0; k < chunkCount; k++) {
            count += chunks.get(k).edgeCount;
        }
        long growth = edges.growthBytesFor(count);
        if (growth == Candidates.TOO_LARGE
                || heldBytes() + transientBytes.get() + growth > config.memoryBudgetBytes()) {
            return false;
        }
        for (int k = 0; k < chunkCount; k++) {
            edges.append(chunks.get(k));
        }
        return true;
    }

    /**
     * What the search holds besides the chunks' buffers: visited set, parent table, the level
     * being expanded, and for liveness the edge log and per-state flags.
     */
    private long heldBytes() {
        return visited.bytes() + parents.bytes() + frontierBytes + edgeBytes()
                + (long) livenessFlags.length * (livenessFlags.length == 0 ? 0 : livenessFlags[0].length);
    }

    private long edgeBytes() {
        return edges == null ? 0 : edges.bytes();
    }

    /**
     * After the heap ran out mid-search: drops the level buffers and reports a heap stop. What was
     * numbered (ids, parents, decided claims) is complete up to the last finished level.
     */
    void stopForHeap() {
        releaseLevelBuffers();
        stoppedBy = Limit.HEAP;
        exhaustive = false;
    }

    /** After the search: drops the chunks' buffers, which no later step reads. */
    void releaseLevelBuffers() {
        chunks.clear();
        transientBytes.set(0);
        frontierBytes = 0;
    }

    /**
     * Whether the behaviour graph and the fair-cycle search over it (about 4 bytes a state and 6
     * an edge for the graph, and about 50 bytes a state of working arrays) fit the budget beside
     * what the search still holds.
     */
    boolean livenessGraphFits() {
        long graph = 4L * (stored + 1) + 6L * edges.size + 50L * stored;
        return heldBytes() + graph <= config.memoryBudgetBytes();
    }

    private boolean allDecided() {
        // With no claim at all the caller still wants the whole state space (counts, coverage).
        if (recordGraph || decidingState.length == 0) {
            return false;
        }
        for (int d : decidingState) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    private void runMerge(int chunkCount) throws InterruptedException {
        int owners = Math.min(config.threads(), FingerprintSet.PARTITIONS);
        // Partitions are handed out one at a time to whichever thread is free, so a thread that
        // loses its core for a while (this is often a shared machine) delays the level by one
        // partition's work, not by half the merge; each partition is still merged by one thread.
        AtomicInteger nextPartition = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>(owners);
        for (int w = 0; w < owners; w++) {
            tasks.add(() -> {
                long touched = 0;
                // Partition by partition, so that one partition's table stays in the core's cache
                // while all its candidates go in; within a partition the chunks go in order.
                for (int p = nextPartition.getAndIncrement(); p < FingerprintSet.PARTITIONS;
                        p = nextPartition.getAndIncrement()) {
                    for (int k = 0; k < chunkCount; k++) {
                        Candidates c = chunks.get(k);
                        int[] list = c.byPartition[p];
                        int n = c.partitionSize[p];
                        // In windows: touch the home slots first so their cache misses overlap,
                        // then insert in order, which alone decides who wins.
                        for (int from = 0; from < n; from += MERGE_WINDOW) {
                            int to = Math.min(n, from + MERGE_WINDOW);
                            for (int j = from; j < to; j++) {
                                touched += visited.touch(c.fingerprints[list[j]]);
                            }
                            for (int j = from; j < to; j++) {
                                int at = list[j];
                                c.won[at] = visited.insert(c.fingerprints[at]) >= 0;
                            }
                        }
                    }
                }
                sink = touched;
                return null;
            });
        }
        runAll(tasks);
    }

    /**
     * Numbers the winners and writes their states into {@code next}: each one's rule applied again
     * to its parent in {@code frontier} (candidates keep no words; rules are deterministic).
     */
    private void runNumber(long[] frontier, int levelStart, int chunkCount, int[] offsets, int accepted,
                           long[] next) throws InterruptedException {
        List<Callable<Void>> tasks = new ArrayList<>(chunkCount);
        int base = stored;
        for (int k = 0; k < chunkCount; k++) {
            Candidates c = chunks.get(k);
            int first = offsets[k];
            if (first >= accepted) {
                break;
            }
            tasks.add(() -> {
                long[] state = new long[wordCount];
                long[] successor = new long[wordCount];
                int at = first;
                for (int j = 0; j < c.size && at < accepted; j++) {
                    if (!c.won[j]) {
                        continue;
                    }
                    int id = base + at;
                    parents.set(id, c.parents[j], c.rules[j]);
                    if (recordGraph) {
                        // By fingerprint, not by the slot insert returned: a later insert in the same
                        // merge may have grown the partition and moved it.
                        visited.setIdOf(c.fingerprints[j], id);
                    }
                    Candidates.copy(frontier, (c.parents[j] - levelStart) * wordCount, state, 0, wordCount);
                    Candidates.copy(state, 0, successor, 0, wordCount);
                    rules[c.rules[j] & 0xFFFF].apply(state, successor);
                    if (symmetry != null) {
                        symmetry.canonicalize(successor);
                    }
                    assert Fingerprints.of(successor) == c.fingerprints[j] : "rule " + rules[c.rules[j] & 0xFFFF] + " is not deterministic";
                    Candidates.copy(successor, 0, next, at * wordCount, wordCount);
                    at++;
                }
                return null;
            });
        }
        runAll(tasks);
    }

    private void ensureLivenessCapacity(int ids) {
        for (int s = 0; s < livenessFlags.length; s++) {
            if (livenessFlags[s].length < ids) {
                livenessFlags[s] = Arrays.copyOf(livenessFlags[s], Math.max(ids, livenessFlags[s].length * 2));
            }
        }
    }

    private void runAll(List<Callable<Void>> tasks) throws InterruptedException {
        if (pool == null || tasks.size() == 1) {
            for (Callable<Void> t : tasks) {
                call(t);
            }
            return;
        }
        List<Future<Void>> futures = pool.invokeAll(tasks);
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    private static void call(Callable<Void> task) {
        try {
            task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // What the visited set and the parent table really hold (allocated, not just used).
    long storeBytes() {
        return visited.bytes() + parents.bytes();
    }
}
