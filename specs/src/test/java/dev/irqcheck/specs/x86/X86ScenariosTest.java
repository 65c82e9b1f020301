package dev.irqcheck.specs.x86;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The 2022 oneshot report on the x86 IOAPIC, from the bundled scenarios: before Linux 6.3 the
 * guest takes the stale interrupt ioapic_write_indirect re-injects at the thread's unmask; since
 * 6.3 (fef8f2b90edb) the unmask resamples instead and the stale form holds. On 1 and 2 vCPUs.
 */
class X86ScenariosTest {
    static CombinationResult row(ScenarioResult r, String label) {
        return r.rows().stream().filter(x -> x.combination().label().equals(label)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"scenarios/x86/oneshot-2022.yaml", "scenarios/x86/oneshot-2022-two-vcpus.yaml"})
    void theOneshotBugIsReproducedBefore63AndFixedSince(String file) throws Exception {
        ScenarioResult r = new ScenarioRunner(SearchConfig.defaults(), SearchListener.SILENT)
                .run(new ScenarioParser().parse(Path.of(file)));
        CombinationResult before = row(r, "kernel=6.2");
        CombinationResult after = row(r, "kernel=6.18");
        assertEquals(Verdict.Kind.VIOLATED, before.verdict(PropertyId.NO_SPURIOUS_INTERRUPT).kind());
        assertEquals(Verdict.Kind.HOLDS, after.verdict(PropertyId.NO_SPURIOUS_INTERRUPT).kind());
        // The trace is the report's sequence: mask, EOI, re-assert while masked, thread, unmask, ack.
        List<String> steps = before.verdict(PropertyId.NO_SPURIOUS_INTERRUPT).trace().orElseThrow().steps().stream()
                .map(s -> s.rule().name()).toList();
        int mask = indexOf(steps, "mask_irq (mask_ioapic_irq");
        int eoi = indexOf(steps, "apic_set_eoi -> kvm_ioapic_send_eoi");
        int reassert = steps.subList(eoi, steps.size()).stream().filter(s -> s.startsWith("irqfd_inject: assert")).findFirst()
                .map(s -> eoi + steps.subList(eoi, steps.size()).indexOf(s)).orElse(-1);
        int thread = indexOf(steps, "thread_fn services devices");
        int unmask = indexOf(steps, "RTE unmask (< 6.3: ioapic_service)");
        int ack = steps.size() - 1;
        assertTrue(mask < eoi && eoi < reassert && reassert < unmask && thread < unmask && unmask < ack, String.join("\n", steps));
        assertTrue(steps.get(ack).contains("acknowledge"), steps.get(ack));
        for (PropertyId p : List.of(PropertyId.NO_LOST_INTERRUPT, PropertyId.NO_STUCK_MASK, PropertyId.EVENTUALLY_SERVICED)) {
            assertEquals(Verdict.Kind.HOLDS, before.verdict(p).kind(), p.id());
            assertEquals(Verdict.Kind.HOLDS, after.verdict(p).kind(), p.id());
        }
    }

    static int indexOf(List<String> steps, String part) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
