package dev.irqcheck.checker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.bench.HandshakeModel.Params;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.trace.Trace;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Pins our engine's results on {@link HandshakeModel} against SPIN 6.5.2 and Rumur 2022.08.20 on
 * {@code /work/shared/bench/irq.pml} and {@code irq.m} with the same parameters (C=2, K=2).
 *
 * <p>States: the published figures of {@code /work/shared/bench/README.md} (shared line N=1..4:
 * 17, 68, 239, 806; one line each N=1..3: 17, 289, 4,488; N=4 unshared 69,696 states and 413,952
 * rules fired). Transitions for the smaller cases and BFS depths are not in the README; they were
 * measured with {@code OUT=... bash run.sh quick} (Rumur "rules fired"; SPIN -DBFS "depth
 * reached"). SPIN's "transitions" is Rumur's plus one in every case: pan prints stored + matched,
 * and "stored" includes the initial state, which no transition reached; Rumur's figure is the one
 * pinned. Depth: SPIN's BFS "depth reached" equals our last BFS level in every case (9, 18, 27, 36
 * unshared; 9, 12, 15, 18 shared). The README's N=5 row (1,026,432 states, 7,534,080 rules fired)
 * is pinned too (about half a second; depth 45 as SPIN -DBFS); N=6 (15,116,544 / 132,129,792) matches as well, but takes
 * 12-40 s, so only {@link Bench} runs it.
 */
class HandshakeCrossCheckTest {

    private static CheckReport check(Params params, int threads) {
        HandshakeModel model = new HandshakeModel(params);
        return new Explorer(SearchConfig.defaults().withThreads(threads)).check(model, model.claims());
    }

    private static void assertAllHold(CheckReport report) {
        for (CheckReport.ClaimResult r : report.results()) {
            assertEquals(Verdict.Kind.HOLDS, r.verdict().kind(), r.claim().name());
        }
    }

    @ParameterizedTest(name = "N={0} shared={1}: {2} states, {3} transitions, depth {4}")
    @CsvSource({
        // N, shared, states (README), transitions (Rumur rules fired), depth (SPIN -DBFS)
        "1, true,  17,     26,    9",
        "2, true,  68,    155,   12",
        "3, true, 239,    712,   15",
        "4, true, 806,   2949,   18",
        "1, false,   17,     26,  9",
        "2, false,  289,    884, 18",
        "3, false, 4488,  20192, 27",
        "4, false, 69696, 413952, 36",
    })
    void matchesSpinAndRumur(int n, boolean shared, long states, long transitions, int depth) {
        for (int threads : new int[] {1, 2}) {
            CheckReport report = check(Params.of(n, shared), threads);
            SearchStats st = report.stats();
            assertTrue(st.complete());
            assertEquals(states, st.distinctStates(), "distinct states, threads=" + threads);
            assertEquals(transitions, st.transitions(), "transitions, threads=" + threads);
            assertEquals(depth, st.depth(), "BFS depth, threads=" + threads);
            assertAllHold(report);
            // Every rule fires except the BUG=2 late lower, one per line.
            List<String> lateLowers = IntStream.range(0, shared ? 1 : n)
                    .mapToObj(l -> "resampler: late lower (BUG = 2), l: " + l).toList();
            assertEquals(lateLowers, st.unfiredRules());
        }
    }

    @Test
    void matchesTheReadmeAtN5() {
        CheckReport report = check(Params.of(5, false), Runtime.getRuntime().availableProcessors());
        assertEquals(1_026_432, report.stats().distinctStates());
        assertEquals(7_534_080, report.stats().transitions());
        assertEquals(45, report.stats().depth());
        assertAllHold(report);
    }

    @Test
    void layoutPacksTheN5ModelIntoOneWord() {
        // 5 x dcnt (2 bits) + 5 lines x 9 bits + 2 x gcur (3 bits) + 2 x gidx (1 bit) = 63 bits.
        HandshakeModel model = new HandshakeModel(Params.of(5, false));
        assertEquals(63, model.layout().usedBits());
        assertEquals(1, model.layout().wordCount());
    }

    /**
     * BUG=1 (N=2 unshared): Rumur's BFS and SPIN's BFS both report the IAR assert after 9 steps,
     * the 9th being the IAR whose assert fails. Our invariant is violated in the state before that
     * IAR, so our shortest trace has 8 steps, and IAR on a low line is enabled at its end.
     */
    @Test
    void bug1IsASpuriousAcknowledge() {
        HandshakeModel model = new HandshakeModel(Params.of(2, false).withBug(1));
        for (int threads : new int[] {1, 2}) {
            CheckReport report = new Explorer(SearchConfig.defaults().withThreads(threads)).check(model, model.claims());
            Verdict v = report.verdictOf(HandshakeModel.NO_SPURIOUS);
            assertEquals(Verdict.Kind.VIOLATED, v.kind());
            Trace t = v.trace().orElseThrow();
            assertEquals(8, t.length());
            assertSpuriousIarEnabledAtEnd(model, t);
        }
    }

    /**
     * BUG=2 (N=2 unshared). With the spurious check on, the first violation found is again the
     * IAR assert: 9 steps for SPIN BFS and Rumur (counting the failing IAR), 8 for us. With the
     * spurious check off (SPURCHK=0), the lost interrupt: README's "BFS gives 13" is SPIN -DBFS,
     * whose trail is 12 model steps plus the Monitor process's own step ({@code LOST -> assert});
     * Rumur's BFS reports 12 (invariant failing in the state after 12 rules), and so do we.
     * The lost interrupt then leads to a deadlock, as in SPIN and Rumur.
     */
    @Test
    void bug2IsASpuriousAcknowledgeAndALostInterrupt() {
        HandshakeModel model = new HandshakeModel(Params.of(2, false).withBug(2));
        CheckReport report = new Explorer(SearchConfig.defaults().withThreads(2)).check(model, model.claims());
        Verdict spurious = report.verdictOf(HandshakeModel.NO_SPURIOUS);
        assertEquals(Verdict.Kind.VIOLATED, spurious.kind());
        assertEquals(8, spurious.trace().orElseThrow().length());
        assertSpuriousIarEnabledAtEnd(model, spurious.trace().orElseThrow());

        HandshakeModel noSpur = new HandshakeModel(Params.of(2, false).withBug(2).withSpurCheck(false));
        for (int threads : new int[] {1, 2}) {
            CheckReport r = new Explorer(SearchConfig.defaults().withThreads(threads)).check(noSpur, noSpur.claims());
            Verdict lost = r.verdictOf(HandshakeModel.NO_LOST);
            assertEquals(Verdict.Kind.VIOLATED, lost.kind());
            Trace t = lost.trace().orElseThrow();
            assertEquals(12, t.length());
            assertFalse(noSpur.noLost(t.last().words()));
            // The late lower is what loses the interrupt: it is the last step.
            assertTrue(t.steps().get(t.length() - 1).rule().name().startsWith("resampler: late lower"),
                    t.toString());
            // A lost interrupt ends, once every device is full, in a deadlock: 26 steps for us and
            // for Rumur without its invariant; SPIN -DBFS with -A (asserts off) finds it at depth
            // 28 = 26 + the Monitor's step and its termination.
            Verdict deadlock = r.verdictOf(HandshakeModel.NO_DEADLOCK);
            assertEquals(Verdict.Kind.VIOLATED, deadlock.kind());
            assertEquals(26, deadlock.trace().orElseThrow().length());
        }
    }

    /**
     * The compiled forms (mask-based level, guards as masked word compares, invariants) agree with
     * irq.m's field-by-field spelling on every reachable state, with and without the bugs.
     */
    @ParameterizedTest(name = "N={0} shared={1} bug={2}")
    @CsvSource({"3, false, 0", "4, true, 0", "1, false, 0", "2, false, 1", "2, true, 2", "3, true, 1"})
    void compiledGuardsAgreeWithTheFields(int n, boolean shared, int bug) {
        HandshakeModel model = new HandshakeModel(Params.of(n, shared).withBug(bug));
        int lines = model.params().m();
        CheckReport report = new Explorer(SearchConfig.defaults().withThreads(1)).check(model, List.of(
                new Claim.Always("level", s -> IntStream.range(0, lines)
                        .allMatch(l -> model.level(s, l) == model.levelByFields(s, l))),
                new Claim.Always("guards", model::guardsAgree),
                new Claim.Always("invariants", s -> model.noLost(s) == model.noLostByFields(s)
                        && model.noSpurious(s) == model.noSpuriousByFields(s))));
        assertEquals(Verdict.Kind.HOLDS, report.verdictOf("level").kind());
        assertEquals(Verdict.Kind.HOLDS, report.verdictOf("guards").kind());
        assertEquals(Verdict.Kind.HOLDS, report.verdictOf("invariants").kind());
        assertTrue(report.stats().distinctStates() > 10);
    }

    /** The correct model with the spurious check off still has no lost interrupt (N=3). */
    @Test
    void correctModelHasNoLostInterruptWithoutTheSpuriousCheck() {
        CheckReport report = check(Params.of(3, false).withSpurCheck(false), 2);
        assertEquals(4488, report.stats().distinctStates());
        assertAllHold(report);
    }

    private static void assertSpuriousIarEnabledAtEnd(HandshakeModel model, Trace t) {
        long[] last = t.last().words();
        assertFalse(model.noSpurious(last));
        boolean found = false;
        for (Rule r : model.rules()) {
            if (r.name().startsWith("guest: acknowledge") && r.enabled(last)) {
                int line = Integer.parseInt(r.name().substring(r.name().lastIndexOf(' ') + 1));
                found |= !model.level(last, line);
            }
        }
        assertTrue(found, "an IAR on a low line is enabled at the end of\n" + t);
    }
}
