package dev.irqcheck.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every bundled scenario gives the verdicts its file expects, with pinned state counts. */
class ScenarioCatalogueTest {
    static final Path CATALOGUE = Path.of("scenarios");

    /**
     * Golden counts: distinct states and transitions per scenario file and combination label.
     * A change that moves one must say why in its commit message.
     */
    static final Map<String, long[]> GOLDEN = new LinkedHashMap<>();

    static {
        GOLDEN.put("overflow/four-lrs-five-spis.yaml|eoicount_walk=3cfd59f81e0f", new long[] {543957, 1629865});
        GOLDEN.put("overflow/four-lrs-five-spis.yaml|eoicount_walk=6da5e537f5af", new long[] {530014, 1613126});
        GOLDEN.put("overflow/oneshot-driver.yaml|eoicount_walk=3cfd59f81e0f", new long[] {51130, 85694});
        GOLDEN.put("overflow/oneshot-driver.yaml|eoicount_walk=6da5e537f5af", new long[] {26750, 54480});
        GOLDEN.put("overflow/two-lrs-shared-gsi.yaml|eoicount_walk=3cfd59f81e0f", new long[] {189468, 372313});
        GOLDEN.put("overflow/two-lrs-shared-gsi.yaml|eoicount_walk=6da5e537f5af", new long[] {70325, 172909});
        GOLDEN.put("overflow/two-vcpus-eoi-mode.yaml|eoi_mode=0", new long[] {97484, 298167});
        GOLDEN.put("overflow/two-vcpus-eoi-mode.yaml|eoi_mode=1", new long[] {84172, 264476});
        GOLDEN.put("pci/exclusive-intx-setup-2024.yaml|exclusive_setup=auto-enable-then-disable", new long[] {232, 369});
        GOLDEN.put("pci/exclusive-intx-setup-2024.yaml|exclusive_setup=no-autoen", new long[] {95, 129});
        GOLDEN.put("pci/intx-handlers.yaml|unmask_path=kernel-virqfd host_handler=vfio-pci-intx-disintx", new long[] {181, 272});
        GOLDEN.put("pci/intx-handlers.yaml|unmask_path=kernel-virqfd host_handler=vfio-pci-intx-exclusive", new long[] {168, 247});
        GOLDEN.put("pci/intx-handlers.yaml|unmask_path=kernel-virqfd host_handler=vfio-platform-automasked", new long[] {168, 247});
        GOLDEN.put("pci/intx-handlers.yaml|unmask_path=userspace host_handler=vfio-pci-intx-disintx", new long[] {207, 335});
        GOLDEN.put("pci/intx-handlers.yaml|unmask_path=userspace host_handler=vfio-pci-intx-exclusive", new long[] {207, 335});
        GOLDEN.put("pci/intx-handlers.yaml|unmask_path=userspace host_handler=vfio-platform-automasked", new long[] {207, 335});
        GOLDEN.put("reconfig/irqfd-reassign.yaml|reassign_protocol=kvm-only", new long[] {803, 1548});
        GOLDEN.put("reconfig/irqfd-reassign.yaml|reassign_protocol=qemu-unmask-after", new long[] {1842, 3707});
        GOLDEN.put("reconfig/reroute-in-flight.yaml|(as configured)", new long[] {719, 1172});
        GOLDEN.put("review/active-spis-leak.yaml|fold_notify=deactivated", new long[] {279, 388});
        GOLDEN.put("review/active-spis-leak.yaml|fold_notify=eoi-signalled", new long[] {225, 301});
        GOLDEN.put("review/eoi-mode.yaml|fold_notify=deactivated eoi_mode=0", new long[] {279, 388});
        GOLDEN.put("review/eoi-mode.yaml|fold_notify=deactivated eoi_mode=1", new long[] {236, 312});
        GOLDEN.put("review/eoi-mode.yaml|fold_notify=eoi-signalled eoi_mode=0", new long[] {225, 301});
        GOLDEN.put("review/eoi-mode.yaml|fold_notify=eoi-signalled eoi_mode=1", new long[] {199, 270});
        GOLDEN.put("review/fold-ack-notify-6.19.yaml|kernel=6.18", new long[] {168, 247});
        GOLDEN.put("review/fold-ack-notify-6.19.yaml|kernel=6.19", new long[] {279, 388});
        GOLDEN.put("review/fold-notify-fix.yaml|fold_notify=deactivated", new long[] {279, 388});
        GOLDEN.put("review/fold-notify-fix.yaml|fold_notify=eoi-signalled", new long[] {225, 301});
        GOLDEN.put("review/guest-distributor-writes.yaml|guest_driver=normal-isr", new long[] {9450, 17824});
        GOLDEN.put("review/guest-distributor-writes.yaml|guest_driver=polling-isr", new long[] {25090, 47022});
        GOLDEN.put("review/guest-icactiver-two-vcpus.yaml|(as configured)", new long[] {46114, 124373});
        GOLDEN.put("review/guest-icactiver.yaml|(as configured)", new long[] {1224, 1905});
        GOLDEN.put("review/guest-icfgr.yaml|(as configured)", new long[] {494, 712});
        GOLDEN.put("review/kernel-releases.yaml|kernel=5.8", new long[] {187, 283});
        GOLDEN.put("review/kernel-releases.yaml|kernel=6.18", new long[] {168, 247});
        GOLDEN.put("review/kernel-releases.yaml|kernel=6.19", new long[] {279, 388});
        GOLDEN.put("review/oneshot-disable-enable-two-vcpus.yaml|(as configured)", new long[] {19530, 46372});
        GOLDEN.put("review/oneshot-threaded-guest.yaml|unmask_resample=absent", new long[] {286, 364});
        GOLDEN.put("review/oneshot-threaded-guest.yaml|unmask_resample=present", new long[] {223, 295});
        GOLDEN.put("review/plain-vs-resample-irqfd.yaml|kernel=5.8 irqfd_kind=plain", new long[] {283, 411});
        GOLDEN.put("review/plain-vs-resample-irqfd.yaml|kernel=5.8 irqfd_kind=resample", new long[] {77, 102});
        GOLDEN.put("review/plain-vs-resample-irqfd.yaml|kernel=6.18 irqfd_kind=plain", new long[] {99, 126});
        GOLDEN.put("review/plain-vs-resample-irqfd.yaml|kernel=6.18 irqfd_kind=resample", new long[] {71, 91});
        GOLDEN.put("review/resampler-ack-order.yaml|resample_order=lower-then-signal", new long[] {168, 247});
        GOLDEN.put("review/resampler-ack-order.yaml|resample_order=signal-then-lower", new long[] {187, 271});
        GOLDEN.put("review/resampler-scope-shared-gsi.yaml|resample_scope=all-on-gsi", new long[] {498, 880});
        GOLDEN.put("review/resampler-scope-shared-gsi.yaml|resample_scope=list-head-only", new long[] {757, 1362});
        GOLDEN.put("review/unmask-kernel-vs-userspace.yaml|unmask_path=kernel-virqfd", new long[] {168, 247});
        GOLDEN.put("review/unmask-kernel-vs-userspace.yaml|unmask_path=userspace", new long[] {207, 335});
        GOLDEN.put("routing/edge-disable-enable.yaml|(as configured)", new long[] {1346, 3067});
        GOLDEN.put("routing/edge-plain-irqfd.yaml|(as configured)", new long[] {131, 178});
        GOLDEN.put("routing/emulated-and-assigned-share-spi.yaml|kernel=5.8 line_combining=last-writer-wins", new long[] {861, 1518});
        GOLDEN.put("routing/emulated-and-assigned-share-spi.yaml|kernel=5.8 line_combining=or-per-source", new long[] {862, 1521});
        GOLDEN.put("routing/emulated-and-assigned-share-spi.yaml|kernel=6.18 line_combining=last-writer-wins", new long[] {692, 1145});
        GOLDEN.put("routing/emulated-and-assigned-share-spi.yaml|kernel=6.18 line_combining=or-per-source", new long[] {871, 1428});
        GOLDEN.put("routing/oneshot-thread-affinity.yaml|(as configured)", new long[] {12832, 28483});
        GOLDEN.put("routing/retarget-while-pending.yaml|(as configured)", new long[] {11019, 26624});
        GOLDEN.put("routing/two-vcpus-disable-enable.yaml|(as configured)", new long[] {6850, 17040});
        GOLDEN.put("routing/two-vcpus-two-devices.yaml|(as configured)", new long[] {2556, 6552});
        GOLDEN.put("seed/platform-level-resample.yaml|(as configured)", new long[] {168, 247});
        GOLDEN.put("seed/shared-gsi-two-devices.yaml|(as configured)", new long[] {498, 880});
        GOLDEN.put("x86/disable-enable-edge.yaml|guest_driver=normal-isr", new long[] {121, 208});
        GOLDEN.put("x86/disable-enable-edge.yaml|guest_driver=oneshot-threaded", new long[] {183, 328});
        GOLDEN.put("x86/disable-enable-edge-two-vcpus.yaml|guest_driver=normal-isr", new long[] {147, 308});
        GOLDEN.put("x86/disable-enable-edge-two-vcpus.yaml|guest_driver=oneshot-threaded", new long[] {213, 449});
        GOLDEN.put("x86/disable-enable-level.yaml|kernel=6.2 guest_driver=normal-isr", new long[] {49, 64});
        GOLDEN.put("x86/disable-enable-level.yaml|kernel=6.2 guest_driver=oneshot-threaded", new long[] {167, 222});
        GOLDEN.put("x86/disable-enable-level.yaml|kernel=6.2 guest_driver=polling-isr", new long[] {126, 167});
        GOLDEN.put("x86/disable-enable-level.yaml|kernel=6.18 guest_driver=normal-isr", new long[] {51, 66});
        GOLDEN.put("x86/disable-enable-level.yaml|kernel=6.18 guest_driver=oneshot-threaded", new long[] {134, 185});
        GOLDEN.put("x86/disable-enable-level.yaml|kernel=6.18 guest_driver=polling-isr", new long[] {131, 173});
        GOLDEN.put("x86/disable-enable-level-two-vcpus.yaml|kernel=6.2 guest_driver=normal-isr", new long[] {58, 94});
        GOLDEN.put("x86/disable-enable-level-two-vcpus.yaml|kernel=6.2 guest_driver=oneshot-threaded", new long[] {196, 311});
        GOLDEN.put("x86/disable-enable-level-two-vcpus.yaml|kernel=6.2 guest_driver=polling-isr", new long[] {172, 307});
        GOLDEN.put("x86/disable-enable-level-two-vcpus.yaml|kernel=6.18 guest_driver=normal-isr", new long[] {60, 96});
        GOLDEN.put("x86/disable-enable-level-two-vcpus.yaml|kernel=6.18 guest_driver=oneshot-threaded", new long[] {156, 258});
        GOLDEN.put("x86/disable-enable-level-two-vcpus.yaml|kernel=6.18 guest_driver=polling-isr", new long[] {177, 315});
        GOLDEN.put("x86/exclusive-intx-setup-2024.yaml|exclusive_setup=auto-enable-then-disable", new long[] {41, 52});
        GOLDEN.put("x86/exclusive-intx-setup-2024.yaml|exclusive_setup=no-autoen", new long[] {17, 18});
        GOLDEN.put("x86/emulated-and-assigned-share-pin.yaml|ioapic_mutation=none", new long[] {155, 250});
        GOLDEN.put("x86/emulated-and-assigned-share-pin.yaml|ioapic_mutation=drop-or-per-source", new long[] {161, 255});
        GOLDEN.put("x86/gsi5-both-chips-pic-masked.yaml|guest_driver=normal-isr", new long[] {13, 12});
        GOLDEN.put("x86/gsi5-both-chips-pic-masked.yaml|guest_driver=oneshot-threaded", new long[] {42, 48});
        GOLDEN.put("x86/gsi5-both-chips-pic-masked-two-vcpus.yaml|guest_driver=normal-isr", new long[] {13, 12});
        GOLDEN.put("x86/gsi5-both-chips-pic-masked-two-vcpus.yaml|guest_driver=oneshot-threaded", new long[] {42, 48});
        GOLDEN.put("x86/gsi5-both-chips-pic-unmasked.yaml|guest_driver=normal-isr pic_mutation=none", new long[] {48, 54});
        GOLDEN.put("x86/gsi5-both-chips-pic-unmasked.yaml|guest_driver=normal-isr pic_mutation=clear-isr-after-notifiers", new long[] {48, 54});
        GOLDEN.put("x86/gsi5-both-chips-pic-unmasked.yaml|guest_driver=normal-isr pic_mutation=clear-level-irr-on-intack", new long[] {48, 54});
        GOLDEN.put("x86/gsi5-both-chips-pic-unmasked.yaml|guest_driver=oneshot-threaded pic_mutation=none", new long[] {58, 68});
        GOLDEN.put("x86/gsi5-both-chips-pic-unmasked.yaml|guest_driver=oneshot-threaded pic_mutation=clear-isr-after-notifiers", new long[] {58, 68});
        GOLDEN.put("x86/gsi5-both-chips-pic-unmasked.yaml|guest_driver=oneshot-threaded pic_mutation=clear-level-irr-on-intack", new long[] {58, 68});
        GOLDEN.put("x86/gsi5-both-chips-pic-unmasked-two-vcpus.yaml|guest_driver=normal-isr", new long[] {48, 54});
        GOLDEN.put("x86/gsi5-both-chips-pic-unmasked-two-vcpus.yaml|guest_driver=oneshot-threaded", new long[] {76, 102});
        GOLDEN.put("x86/slave-line-qemu-routing-pic-unmasked.yaml|pic_mutation=none", new long[] {53, 61});
        GOLDEN.put("x86/slave-line-qemu-routing-pic-unmasked.yaml|pic_mutation=no-slave-offset", new long[] {21, 21});
        GOLDEN.put("x86/ioapic-eoi-order.yaml|ioapic_mutation=none", new long[] {13, 12});
        GOLDEN.put("x86/ioapic-eoi-order.yaml|ioapic_mutation=clear-remote-irr-before-notifiers", new long[] {21, 20});
        GOLDEN.put("x86/oneshot-2022-two-vcpus.yaml|kernel=6.2", new long[] {54, 60});
        GOLDEN.put("x86/oneshot-2022-two-vcpus.yaml|kernel=6.18", new long[] {42, 48});
        GOLDEN.put("x86/oneshot-2022.yaml|kernel=6.2", new long[] {54, 60});
        GOLDEN.put("x86/oneshot-2022.yaml|kernel=6.18", new long[] {42, 48});
        GOLDEN.put("x86/plain-and-resample-one-gsi.yaml|ioapic_mutation=none", new long[] {864, 2104});
        GOLDEN.put("x86/plain-and-resample-one-gsi.yaml|ioapic_mutation=drop-or-per-source", new long[] {329, 645});
        GOLDEN.put("x86/seed-x86.yaml|(as configured)", new long[] {35, 43});
        GOLDEN.put("x86/two-devices-shared-gsi.yaml|(as configured)", new long[] {132, 217});
    }

    static List<Path> scenarioFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(CATALOGUE)) {
            return walk.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyScenarioGivesItsExpectedVerdictsAndGoldenCounts() throws IOException {
        return scenarioFiles().stream().map(file -> DynamicTest.dynamicTest(file.toString(), () -> {
            ScenarioResult result = new ScenarioRunner(SearchConfig.defaults().withThreads(2), SearchListener.SILENT)
                    .run(new ScenarioParser().parse(file));
            for (CombinationResult row : result.rows()) {
                for (ScenarioProperty p : result.scenario().properties()) {
                    assertTrue(row.asExpected(p), file + " " + row.combination().label() + " " + p.id()
                            + ": got " + row.verdict(p).kind() + ", expected " + row.expected().get(p));
                    if (row.verdict(p).kind() == Verdict.Kind.VIOLATED) {
                        assertTrue(row.verdict(p).trace().isPresent(), "a violation comes with a trace");
                    }
                }
                String key = CATALOGUE.relativize(file) + "|" + row.combination().label();
                long[] golden = GOLDEN.get(key);
                assertTrue(golden != null, "no golden counts for " + key + " (states "
                        + row.report().stats().distinctStates() + ", transitions " + row.report().stats().transitions() + ")");
                assertEquals(golden[0], row.report().stats().distinctStates(), key + " distinct states");
                assertEquals(golden[1], row.report().stats().transitions(), key + " transitions");
            }
        }));
    }

    @Test
    void everyPropertyInTheCatalogueIsBrokenBySomeBundledScenario() throws Exception {
        // Each property must be able to fail: some bundled combination expects it violated and
        // the checker agrees. WELL_FORMED is the exception: its breaking models live in model/'s tests.
        Map<PropertyId, Boolean> broken = new LinkedHashMap<>();
        for (Path file : scenarioFiles()) {
            ScenarioResult result = new ScenarioRunner(SearchConfig.defaults().withThreads(1), SearchListener.SILENT)
                    .run(new ScenarioParser().parse(file));
            for (CombinationResult row : result.rows()) {
                for (ScenarioProperty p : result.scenario().properties()) {
                    if (row.verdict(p).kind() == Verdict.Kind.VIOLATED && p instanceof PropertyId id) {
                        broken.put(id, true);
                    }
                }
            }
        }
        for (PropertyId p : PropertyId.values()) {
            if (p != PropertyId.WELL_FORMED) {
                assertTrue(broken.getOrDefault(p, false), p.id() + " is never violated by the catalogue");
            }
        }
    }

    @Test
    void countsAndVerdictsAreTheSameWithOneAndTwoThreads() throws Exception {
        for (Path file : scenarioFiles()) {
            var scenario = new ScenarioParser().parse(file);
            ScenarioResult one = new ScenarioRunner(SearchConfig.defaults().withThreads(1), SearchListener.SILENT).run(scenario);
            ScenarioResult two = new ScenarioRunner(SearchConfig.defaults().withThreads(2), SearchListener.SILENT).run(scenario);
            for (int i = 0; i < one.rows().size(); i++) {
                CombinationResult a = one.rows().get(i);
                CombinationResult b = two.rows().get(i);
                assertEquals(a.report().stats().distinctStates(), b.report().stats().distinctStates());
                assertEquals(a.report().stats().transitions(), b.report().stats().transitions());
                for (ScenarioProperty p : scenario.properties()) {
                    assertEquals(a.verdict(p).kind(), b.verdict(p).kind());
                    assertEquals(a.verdict(p).trace().map(t -> t.steps().stream().map(s -> s.rule().name()).toList()),
                            b.verdict(p).trace().map(t -> t.steps().stream().map(s -> s.rule().name()).toList()),
                            file + " " + p.id() + ": traces differ between thread counts");
                }
            }
        }
    }
}
