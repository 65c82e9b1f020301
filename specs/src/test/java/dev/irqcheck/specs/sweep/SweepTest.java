package dev.irqcheck.specs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.ResampleOrder;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.specs.scenario.Axis;
import dev.irqcheck.specs.scenario.Combination;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sweep: enumeration counts, de-duplication, determinism, and the documented safe rule. */
class SweepTest {
    static SweepBounds small(List<Combination> designs) {
        return new SweepBounds(2, 2, 2, 1, 1, 2, List.of(TriggerMode.LEVEL), List.of(HostHandlerKind.VFIO_PLATFORM_AUTOMASKED),
                List.of(IrqfdKind.values()), List.of(TriggerMode.LEVEL), List.of(GuestDriver.NORMAL_ISR), 0, 0, designs);
    }

    static final Combination KERNEL = SweepBounds.DEFAULT_DESIGN;

    @Test
    void enumeratesEachConfigurationOnceAndCountsWhatItSkips() {
        ConfigurationEnumerator.Result r = new ConfigurationEnumerator(small(List.of(KERNEL))).enumerate();
        // By hand: one device kind with 2 irqfd kinds. 1 device: 2 configurations (its GSI routed to
        // one SPI; the other SPI is a renaming). 2 devices: 3 unordered kind pairs x 3 structures
        // (separate GSIs on separate SPIs, separate GSIs sharing an SPI, one shared GSI).
        Set<String> keys = new HashSet<>();
        for (SweepConfig c : r.configs()) {
            assertTrue(keys.add(c.key()), "duplicate " + c.describe());
        }
        int skipped = r.skipped().values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(r.raw(), r.configs().size() + skipped);
        assertTrue(r.skipped().get(ConfigurationEnumerator.Skip.SAME_IRQCHIP_TWICE) > 0);
        assertTrue(r.skipped().get(ConfigurationEnumerator.Skip.ISOMORPHIC) > 0);
        assertEquals(2, r.configs().stream().filter(c -> c.topology().devices().size() == 1).count());
        assertEquals(3 * 3, r.configs().stream().filter(c -> c.topology().devices().size() == 2).count());
    }

    @Test
    void theSkipReasonsNameTheIrqchipOfTheSweptArchitecture() {
        // A GSI with two entries of one irqchip: two VGIC SPIs on arm64, two IOAPIC pins on x86.
        for (var arch : dev.irqcheck.model.irqchip.Arch.values()) {
            ConfigurationEnumerator.Result r = new ConfigurationEnumerator(small(List.of(KERNEL)).withArches(List.of(arch))).enumerate();
            String twice = ConfigurationEnumerator.Skip.SAME_IRQCHIP_TWICE.reason(r.arches());
            String renamed = ConfigurationEnumerator.Skip.ISOMORPHIC.reason(r.arches());
            boolean x86 = arch == dev.irqcheck.model.irqchip.Arch.X86;
            assertTrue(twice.contains(x86 ? "the IOAPIC twice" : "the VGIC twice"), twice);
            assertFalse(twice.contains(x86 ? "VGIC" : "IOAPIC"), twice);
            assertTrue(renamed.endsWith(x86 ? "IOAPIC pins" : "SPIs"), renamed);
        }
        String both = ConfigurationEnumerator.Skip.SAME_IRQCHIP_TWICE.reason(List.of(dev.irqcheck.model.irqchip.Arch.values()));
        assertTrue(both.contains("the VGIC on arm64, the IOAPIC on x86"), both);
    }

    /**
     * The x86 safe rule against the full default shapes (both triggers and SPI/pin configurations,
     * both drivers) before and since 6.3, and each x86 configuration is its arm64 shape on IOAPIC pins.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = KernelVersion.class, names = {"V6_2", "V6_18"})
    void theX86SafeRulePredictsEveryVerdictOfTheX86Sweep(KernelVersion kernel) {
        SweepBounds b = SweepBounds.defaults().withDesigns(List.of(new Combination(Map.of(Axis.KERNEL, kernel))))
                .withArches(List.of(dev.irqcheck.model.irqchip.Arch.X86));
        List<SweepRunner.Checked> checked = new SweepRunner(2, 2_000_000).run(new ConfigurationEnumerator(b).enumerate().configs(), i -> { });
        for (SweepRunner.Checked c : checked) {
            assertEquals(dev.irqcheck.model.irqchip.Arch.X86, c.config().topology().arch());
            assertEquals(SafeRule.predictsSafe(c.config().topology(), c.config().variants()), c.safe(), c.config().describe());
        }
        assertTrue(checked.stream().anyMatch(c -> !c.safe()));
        assertTrue(checked.stream().anyMatch(SweepRunner.Checked::safe));
        // Before 6.3 a oneshot driver on a level device is never safe; since 6.3 it can be.
        assertEquals(kernel == KernelVersion.V6_18, checked.stream().anyMatch(c -> c.safe()
                && c.config().features().contains(SweepConfig.Feature.ONESHOT_LEVEL)));
    }

    /** An exported x86 configuration is an arch: x86 scenario that reproduces the sweep's verdicts. */
    @org.junit.jupiter.api.Test
    void anExportedX86ConfigurationReproducesItsVerdicts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        SweepBounds b = SweepBounds.defaults().withArches(List.of(dev.irqcheck.model.irqchip.Arch.X86));
        b = new SweepBounds(1, 1, 1, 1, 1, 2, b.triggers(), b.levelHandlers(), b.irqfdKinds(), b.spiConfigs(),
                b.guestDrivers(), 0, 0, b.designs(), b.arches());
        List<SweepRunner.Checked> checked = new SweepRunner(2, 2_000_000).run(new ConfigurationEnumerator(b).enumerate().configs(), i -> { });
        for (int i = 0; i < checked.size(); i++) {
            java.nio.file.Path file = dir.resolve("x86-" + i + ".yaml");
            java.nio.file.Files.writeString(file, ScenarioExport.yaml(List.of(checked.get(i).outcome())));
            var scenario = new dev.irqcheck.specs.scenario.ScenarioParser().parse(file);
            assertEquals(dev.irqcheck.model.irqchip.Arch.X86, scenario.topology().arch());
            var model = scenario.modelOf(scenario.combinations().get(0));
            var report = new dev.irqcheck.checker.search.Explorer(dev.irqcheck.checker.search.SearchConfig.defaults().withThreads(1))
                    .check(model, scenario.claimsOn(model));
            for (dev.irqcheck.specs.claims.PropertyId p : SweepRunner.PROPERTIES) {
                assertEquals(checked.get(i).outcome().verdicts().get(p), report.verdictOf(p.id()).kind(),
                        p.id() + " in " + checked.get(i).config().describe());
            }
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(KernelVersion.class)
    void theSafeRulePredictsEveryVerdictOfEachKernelsSweep(KernelVersion kernel) {
        SweepBounds b = small(List.of(new Combination(Map.of(Axis.KERNEL, kernel))));
        List<SweepRunner.Checked> checked = new SweepRunner(2, 2_000_000).run(new ConfigurationEnumerator(b).enumerate().configs(), i -> { });
        for (SweepRunner.Checked c : checked) {
            assertEquals(SafeRule.predictsSafe(c.config().topology(), c.config().variants()), c.safe(), c.config().describe());
        }
        assertTrue(checked.stream().anyMatch(c -> !c.safe()));
        // Every level device is unsafe under the 6.19 fold; these bounds have only level devices.
        assertEquals(kernel != KernelVersion.V6_19, checked.stream().anyMatch(SweepRunner.Checked::safe));
    }

    @Test
    void aSweepDesignIsOn618UnlessItNamesTheKernelAndOnlyANamedKernelShowsInLabels() {
        assertEquals(KernelVersion.V6_18, SweepBounds.DEFAULT_DESIGN.variants().kernelVersion());
        assertEquals("(as configured)", SweepBounds.DEFAULT_DESIGN.label());
        Combination order = SweepBounds.design(Map.of(Axis.RESAMPLE_ORDER, ResampleOrder.SIGNAL_THEN_LOWER));
        assertEquals(KernelVersion.V6_18, order.variants().kernelVersion());
        assertEquals("resample_order=signal-then-lower", order.label());
        Combination named = SweepBounds.design(Map.of(Axis.KERNEL, KernelVersion.V5_8));
        assertEquals(KernelVersion.V5_8, named.variants().kernelVersion());
        assertEquals("kernel=5.8", named.label());
    }

    @Test
    void aBrokenKernelVariantMakesTheSafeRuleDisagree() {
        SweepBounds b = small(List.of(new Combination(Map.of(Axis.KERNEL, KernelVersion.V6_18, Axis.RESAMPLE_ORDER, ResampleOrder.SIGNAL_THEN_LOWER))));
        List<SweepRunner.Checked> checked = new SweepRunner(2, 2_000_000).run(new ConfigurationEnumerator(b).enumerate().configs(), i -> { });
        assertTrue(checked.stream().anyMatch(c -> SafeRule.predictsSafe(c.config().topology(), Variants.of(KernelVersion.V6_18)) && !c.safe()),
                "signal-then-lower must break a configuration the rule calls safe");
    }

    /** The runner starts the largest configurations first; what it returns is still in enumeration order. */
    @Test
    void resultsComeInEnumerationOrderThoughTheLargestAreCheckedFirst() {
        List<SweepConfig> configs = new ConfigurationEnumerator(small(List.of(KERNEL))).enumerate().configs();
        List<Integer> schedule = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, configs.size()).boxed().toList());
        schedule.sort(java.util.Comparator.comparingDouble((Integer i) -> -SweepRunner.estimatedLogStates(configs.get(i))));
        assertNotEquals(java.util.stream.IntStream.range(0, configs.size()).boxed().toList(), schedule,
                "this set must be scheduled out of enumeration order for the test to mean anything");
        List<SweepRunner.Checked> out = new SweepRunner(1, 2_000_000).run(configs, i -> { });
        for (int i = 0; i < configs.size(); i++) {
            assertEquals(i, out.get(i).index());
        }
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        List<SweepConfig> configs = new ConfigurationEnumerator(small(List.of(KERNEL))).enumerate().configs();
        List<SweepRunner.Checked> one = new SweepRunner(1, 2_000_000).run(configs, i -> { });
        List<SweepRunner.Checked> two = new SweepRunner(2, 2_000_000).run(configs, i -> { });
        for (int i = 0; i < configs.size(); i++) {
            assertEquals(one.get(i).outcome(), two.get(i).outcome());
            assertEquals(one.get(i).safe(), two.get(i).safe());
        }
        SweepSummary a = SweepSummary.of(new ConfigurationEnumerator(small(List.of(KERNEL))).enumerate(), one);
        SweepSummary bb = SweepSummary.of(new ConfigurationEnumerator(small(List.of(KERNEL))).enumerate(), two);
        assertEquals(a.smallestBreaking().keySet(), bb.smallestBreaking().keySet());
        a.smallestBreaking().forEach((p, c) -> assertEquals(c.index(), bb.smallestBreaking().get(p).index()));
        assertFalse(a.anyInconclusive());
    }

    /**
     * At one raise per device the rule's edge clause has no second edge to speak of: the sweep
     * must find configurations outside its scope that break its prediction (so the scope is needed),
     * and every configuration inside it must still be predicted.
     */
    @Test
    void atOneRaiseTheRulePredictsEveryConfigurationInItsScopeAndOnlyThose() {
        SweepBounds oneRaise = new SweepBounds(2, 2, 2, 1, 1, 1, List.of(TriggerMode.values()),
                List.of(HostHandlerKind.VFIO_PLATFORM_AUTOMASKED), List.of(IrqfdKind.values()), List.of(TriggerMode.values()),
                List.of(GuestDriver.NORMAL_ISR), 0, 0, List.of(KERNEL));
        List<SweepRunner.Checked> checked = new SweepRunner(2, 2_000_000).run(new ConfigurationEnumerator(oneRaise).enumerate().configs(), i -> { });
        int inScope = 0;
        int outsideAndMispredicted = 0;
        for (SweepRunner.Checked c : checked) {
            boolean predicted = SafeRule.predictsSafe(c.config().topology(), c.config().variants()) == c.safe();
            if (SafeRule.outOfScope(c.config().topology()).isEmpty()) {
                inScope++;
                assertTrue(predicted, c.config().describe());
            } else if (!predicted) {
                outsideAndMispredicted++;
            }
        }
        assertTrue(inScope > 0, "some configurations are in the rule's scope");
        assertTrue(outsideAndMispredicted > 0, "the scope excludes configurations the rule would mispredict");
    }
}
