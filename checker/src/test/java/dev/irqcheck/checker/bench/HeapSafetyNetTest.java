package dev.irqcheck.checker.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The memory budget's safety net: a model whose rules take heap the budget cannot see (here, a
 * 96 MB scratch array in every step from depth 5 on) runs the heap out before the budget stops
 * it; the search must still end as a stop (Limit.HEAP, the statistics so far, a violation already
 * found kept), never with an OutOfMemoryError. Run in a 64 MB JVM of its own.
 */
class HeapSafetyNetTest {

    @Test
    void aHeapExhaustedByTheModelEndsAsAHeapStopWithTheVerdictsSoFar() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process proc = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-cp",
                System.getProperty("java.class.path"), HungryModel.class.getName()))
                .redirectErrorStream(true).start();
        String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = proc.waitFor();
        assertFalse(out.contains("OutOfMemoryError"), out);
        assertEquals(0, exit, out);
        assertTrue(out.contains("stoppedBy=HEAP"), out);
        // Found at depth 3, before the heap ran out: kept with its trace.
        assertTrue(out.contains("small=VIOLATED length=3"), out);
        assertTrue(out.contains("liveness=INCONCLUSIVE"), out);
    }

    /** Counts to a million on two counters, needing more scratch memory than the heap has from depth 5. */
    public static final class HungryModel implements TransitionSystem {
        static volatile byte[] scratch;
        final StateLayout layout;
        final IntField a;
        final IntField b;

        HungryModel() {
            StateLayout.Builder builder = StateLayout.builder();
            a = builder.integer("a", 0, 1_000_000);
            b = builder.integer("b", 0, 1_000_000);
            layout = builder.build();
        }

        public StateLayout layout() {
            return layout;
        }

        public List<State> initialStates() {
            return List.of(new State(layout, layout.newWords()));
        }

        public List<Rule> rules() {
            return List.of(step("a", a), step("b", b));
        }

        private Rule step(String name, IntField f) {
            return Rule.of(name, s -> f.get(s) < 1_000_000, (s, next) -> {
                if (a.get(s) + b.get(s) >= 5) {
                    scratch = new byte[96 << 20];
                }
                f.set(next, f.get(s) + 1);
            });
        }

        public static void main(String[] args) {
            HungryModel m = new HungryModel();
            List<Claim> claims = List.of(
                    new Claim.Always("small", s -> m.a.get(s) + m.b.get(s) < 3),
                    new Claim.Eventually("liveness", s -> m.a.get(s) == 1_000_000,
                            dev.irqcheck.checker.api.WeakFairness.of(m.rules())));
            CheckReport r = new Explorer(SearchConfig.defaults().withThreads(2)).check(m, claims);
            System.out.println("stoppedBy=" + r.stats().stoppedBy() + " states=" + r.stats().distinctStates());
            System.out.println("small=" + r.verdictOf("small").kind() + " length="
                    + r.verdictOf("small").trace().map(t -> t.length()).orElse(-1));
            System.out.println("liveness=" + r.verdictOf("liveness").kind());
        }
    }
}
