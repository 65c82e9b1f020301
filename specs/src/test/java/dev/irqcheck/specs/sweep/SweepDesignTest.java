package dev.irqcheck.specs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.scenario.Axis;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep under a design variant, and the diff of two designs, against the definitions they claim. */
class SweepDesignTest {
    static final Combination MUTATION = SweepBounds.design(Map.of(Axis.RESAMPLE_ORDER, ResampleOrder.SIGNAL_THEN_LOWER));
    static final Combination KERNEL_ORDER = SweepBounds.design(Map.of(Axis.RESAMPLE_ORDER, ResampleOrder.LOWER_THEN_SIGNAL));

    private static List<SweepRunner.Checked> sweep(List<Combination> designs) {
        SweepBounds b = SweepTest.small(designs);
        return new SweepRunner(2, 2_000_000).run(new ConfigurationEnumerator(b).enumerate().configs(), i -> { });
    }

    @Test
    void theVariantSweepEqualsCheckingEachConfigurationsScenarioWithThatVariant(@TempDir Path dir) throws Exception {
        List<SweepRunner.Checked> kernel = sweep(List.of(SweepTest.KERNEL));
        List<SweepRunner.Checked> mutated = sweep(List.of(MUTATION));
        assertEquals(kernel.size(), mutated.size());
        boolean anyDiffers = false;
        for (int i = 0; i < kernel.size(); i++) {
            assertEquals(kernel.get(i).config().shape(), mutated.get(i).config().shape());
            // The kernel configuration's scenario file, with the variant added as a user would add it.
            // (The export pins the sweep's kernel in its variants section: the variant joins it.)
            String yaml = ScenarioExport.yaml(List.of(kernel.get(i).outcome()))
                    .replace("variants:\n", "variants:\n  resample_order: signal-then-lower\n");
            Path file = dir.resolve("config-" + i + ".yaml");
            Files.writeString(file, yaml);
            Scenario s = new ScenarioParser().parse(file);
            assertEquals(1, s.combinations().size());
            InterruptSystem model = s.modelOf(s.combinations().get(0));
            CheckReport report = new Explorer(SearchConfig.defaults().withThreads(1)).check(model, s.claimsOn(model));
            for (PropertyId p : SweepRunner.PROPERTIES) {
                assertEquals(report.verdictOf(p.id()).kind(), mutated.get(i).outcome().verdicts().get(p),
                        p.id() + " in " + mutated.get(i).config().describe());
                anyDiffers |= kernel.get(i).outcome().verdicts().get(p) != mutated.get(i).outcome().verdicts().get(p);
            }
        }
        assertTrue(anyDiffers, "the variant must change some verdict, or this test shows nothing");
    }

    @Test
    void theDiffEqualsTheDifferenceOfTwoVariantSweeps() {
        List<SweepRunner.Checked> both = sweep(List.of(KERNEL_ORDER, MUTATION));
        Map<Integer, SweepRunner.Checked> byIndex = new HashMap<>();
        both.forEach(c -> byIndex.put(c.index(), c));
        SweepDiff diff = SweepDiff.of(Axis.RESAMPLE_ORDER, ResampleOrder.LOWER_THEN_SIGNAL, ResampleOrder.SIGNAL_THEN_LOWER,
                both.stream().map(SweepRunner.Checked::outcome).toList(), o -> byIndex.get(o.index()));
        // The same by definition, from two separate sweeps: per configuration, what one design alone breaks.
        List<SweepRunner.Checked> a = sweep(List.of(KERNEL_ORDER));
        List<SweepRunner.Checked> b = sweep(List.of(MUTATION));
        Map<String, Set<PropertyId>> aOnly = new HashMap<>();
        Map<String, Set<PropertyId>> bOnly = new HashMap<>();
        for (int i = 0; i < a.size(); i++) {
            SweepDiff.Pair p = new SweepDiff.Pair(a.get(i).outcome(), b.get(i).outcome());
            if (!p.brokenOnlyUnderA().isEmpty()) {
                aOnly.put(a.get(i).config().shape(), p.brokenOnlyUnderA());
            }
            if (!p.brokenOnlyUnderB().isEmpty()) {
                bOnly.put(b.get(i).config().shape(), p.brokenOnlyUnderB());
            }
        }
        assertEquals(a.size(), diff.compared());
        assertEquals(aOnly, listed(diff.aBreaks(), true));
        assertEquals(bOnly, listed(diff.bBreaks(), false));
        assertFalse(bOnly.isEmpty(), "signal-then-lower must break something lower-then-signal does not");
        for (SweepDiff.Group g : diff.bBreaks()) {
            SweepRunner.Outcome smallest = g.pairs().stream().map(SweepDiff.Pair::underB).min(SweepSummary.SMALLEST_FIRST).orElseThrow();
            assertEquals(smallest.index(), g.smallest().index());
            assertEquals(ResampleOrder.SIGNAL_THEN_LOWER, g.smallest().config().variants().resampleOrder());
            assertTrue(g.smallest().trace(g.shown()).isPresent());
        }
    }

    private static Map<String, Set<PropertyId>> listed(List<SweepDiff.Group> groups, boolean aSide) {
        Map<String, Set<PropertyId>> out = new HashMap<>();
        for (SweepDiff.Group g : groups) {
            for (SweepDiff.Pair p : g.pairs()) {
                SweepRunner.Outcome o = aSide ? p.underA() : p.underB();
                assertEquals(g.classLabel(), SweepSummary.ClassRow.label(o.config().features()));
                assertTrue(out.put(o.config().shape(), aSide ? p.brokenOnlyUnderA() : p.brokenOnlyUnderB()) == null);
            }
        }
        return out;
    }

    @Test
    void budgetsAndVcpusAreDimensionsOnlyWhereTheyMakeSense() {
        SweepBounds b = new SweepBounds(1, 1, 1, 1, 2, 1, List.of(dev.irqcheck.model.variant.TriggerMode.LEVEL),
                List.of(dev.irqcheck.model.variant.HostHandlerKind.VFIO_PLATFORM_AUTOMASKED),
                List.of(dev.irqcheck.model.variant.IrqfdKind.RESAMPLE), List.of(dev.irqcheck.model.variant.TriggerMode.LEVEL),
                List.of(dev.irqcheck.model.variant.GuestDriver.NORMAL_ISR), 1, 1, List.of(SweepTest.KERNEL));
        List<SweepConfig> configs = new ConfigurationEnumerator(b).enumerate().configs();
        // One routing configuration: 1 vCPU x 2 write budgets, 2 vCPUs x 2 retarget budgets x 2 write budgets.
        assertEquals(2 + 4, configs.size());
        assertTrue(configs.stream().noneMatch(c -> c.topology().vcpus() == 1 && c.topology().bounds().retargets() > 0));
        assertTrue(configs.stream().anyMatch(c -> c.topology().bounds().retargets() == 1 && c.topology().bounds().distributorWrites() == 1));
        assertEquals(configs.size(), configs.stream().map(SweepConfig::shape).distinct().count());
        for (SweepConfig c : configs) {
            // Dimensions are feature classes too, so tables and diffs group by them.
            assertEquals(c.topology().bounds().retargets() > 0, c.features().contains(SweepConfig.Feature.GUEST_RETARGETS));
            assertEquals(c.topology().vcpus() > 1, c.features().contains(SweepConfig.Feature.TWO_VCPUS));
            assertEquals(c.topology().bounds().distributorWrites() > 0,
                    c.features().contains(SweepConfig.Feature.GUEST_DISTRIBUTOR_WRITES));
        }
    }
}
