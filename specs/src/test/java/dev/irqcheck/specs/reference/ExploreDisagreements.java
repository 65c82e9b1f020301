package dev.irqcheck.specs.reference;

import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A manual hunt for disagreements, off in CI: {@code -Dexplore=N} seeded configurations
 * ({@code -DexploreSeed}, {@code -DexploreMaxStates}, default 2,000,000 reference states,
 * {@code -DexploreMinStates} to look only at large ones, {@code -DexploreMaxOtherExits}), printing
 * each new class of disagreement with its scenario file and a count per class at the end.
 */
class ExploreDisagreements {
    @Test
    @EnabledIfSystemProperty(named = "explore", matches = "\\d+")
    void explore() {
        int n = Integer.getInteger("explore");
        long maxStates = Long.getLong("exploreMaxStates", 2_000_000);
        long minStates = Long.getLong("exploreMinStates", 0);
        Random rnd = new Random(Long.getLong("exploreSeed", 1));
        Map<String, Integer> classes = new LinkedHashMap<>();
        int skipped = 0;
        for (int i = 0; i < n; i++) {
            RefConfig c = draw(rnd);
            ReferenceInterpreter reference = new ReferenceInterpreter(c);
            CheckReport report = new Explorer(SearchConfig.defaults().withThreads(1).withMaxStates(maxStates))
                    .check(reference, ReferenceClaims.of(reference));
            if (!report.stats().complete() || report.stats().distinctStates() < minStates) {
                skipped++;
                continue;
            }
            ReferenceComparisonProperties.Comparison cmp = ReferenceComparisonProperties.Comparison.of(c, report);
            for (String p : ScenarioYaml.PROPERTIES) {
                if (cmp.model().get(p) != cmp.reference().get(p)) {
                    String key = p + ": model " + cmp.model().get(p) + ", reference " + cmp.reference().get(p)
                            + (KnownDisagreements.explains(c, p, cmp.model().get(p), cmp.reference().get(p)) ? " (known)" : "");
                    if (classes.merge(key, 1, Integer::sum) == 1) {
                        System.out.println("NEW " + key + " in " + c + "\n" + cmp.yaml());
                    }
                }
            }
            System.out.println("config " + i + " (" + report.stats().distinctStates() + " reference states): " + c);
        }
        System.out.println("CLASSES " + classes + "; skipped outside " + minStates + ".." + maxStates + " states: " + skipped);
    }

    private static RefConfig draw(Random rnd) {
        List<ReferenceConfigurations.DeviceChoice> devices = new ArrayList<>();
        for (int d = 0, nd = 1 + rnd.nextInt(2); d < nd; d++) {
            devices.add(new ReferenceConfigurations.DeviceChoice(1 + rnd.nextInt(2), rnd.nextInt(2),
                    RefConfig.IrqfdKind.values()[rnd.nextInt(2)]));
        }
        List<ReferenceConfigurations.SpiChoice> spis = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            spis.add(new ReferenceConfigurations.SpiChoice(RefConfig.Driver.values()[rnd.nextInt(2)], rnd.nextInt(2)));
        }
        return ReferenceConfigurations.build(1 + rnd.nextInt(2), devices, List.of(rnd.nextInt(2), rnd.nextInt(2)),
                rnd.nextBoolean(), spis, rnd.nextInt(2), rnd.nextInt(Integer.getInteger("exploreMaxOtherExits", 1) + 1));
    }
}
