package dev.irqcheck.specs.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.irqcheck.checker.result.SearchStats;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pins the state and transition counts of the real-workload benchmark ({@code bench --set
 * workload}), so a README figure cannot silently describe another space, and checks that every
 * verdict is the one each file expects. The heavy configuration runs only with
 * {@code -Dirqcheck.bench.heavy=true} (about 30 s on two quiet cores, several minutes under load).
 *
 * <p>Re-pinning after a model change: run this test, copy the printed counts into {@link #PINNED}.
 */
class WorkloadCountsTest {

    record Counts(long states, long transitions) {
    }

    // Re-pin here (and the README's table) when a model change moves the counts.
    static final Map<WorkloadSet, Counts> PINNED = Map.of(
            WorkloadSet.THREE_DEVICES, new Counts(445_410, 1_737_333),
            WorkloadSet.ONESHOT_TWO_VCPUS, new Counts(846_560, 2_648_724),
            WorkloadSet.THREE_VCPUS, new Counts(4_692_240, 22_685_166),
            WorkloadSet.THREE_DEVICES_DISTRIBUTOR_WRITE, new Counts(10_026_145, 42_514_508),
            WorkloadSet.THREE_DEVICES_DISTRIBUTOR_WRITE_LIVENESS, new Counts(10_026_145, 42_514_508));

    @ParameterizedTest
    @EnumSource(WorkloadSet.class)
    void countsAndVerdictsArePinned(WorkloadSet config) {
        assumeTrue(!config.heavy() || Boolean.getBoolean("irqcheck.bench.heavy"),
                "heavy benchmark configuration: run with -Dirqcheck.bench.heavy=true");
        ScenarioResult result = new ScenarioRunner(SearchConfig.defaults().withThreads(2), SearchListener.SILENT)
                .run(config.scenario());
        assertEquals(1, result.rows().size(), "one combination per benchmark configuration");
        CombinationResult row = result.rows().get(0);
        SearchStats st = row.report().stats();
        System.out.println(config + ": new Counts(" + javaLiteral(st.distinctStates()) + ", " + javaLiteral(st.transitions()) + ")");
        assertTrue(row.allAsExpected(), config + ": a verdict differs from the file's expect");
        assertEquals(PINNED.get(config), new Counts(st.distinctStates(), st.transitions()),
                config + ": counts moved; if the model changed on purpose, re-pin PINNED");
    }

    @Test
    void everyConfigurationIsPinned() {
        for (WorkloadSet config : WorkloadSet.values()) {
            assertTrue(PINNED.containsKey(config), config + " has no pinned counts");
        }
    }

    private static String javaLiteral(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n).replace(',', '_');
    }
}
