package dev.irqcheck.specs.x86;

import static dev.irqcheck.specs.x86.X86ScenariosTest.indexOf;
import static dev.irqcheck.specs.x86.X86ScenariosTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.checker.search.SearchListener;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import dev.irqcheck.specs.run.ScenarioRunner;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A GSI below 16 on both irqchips with the PIC unmasked (a noapic guest), from the bundled
 * scenarios on 1 and 2 vCPUs: handle_level_irq's mask_and_ack_8259A EOIs before the handler, the
 * resampler re-samples a device not yet serviced, and the IMR unmask re-delivers the stale level
 * (docs/findings.md 20). With the PIC masked the same GSI holds as the IOAPIC alone.
 */
class PicScenariosTest {
    static ScenarioResult run(String file) throws Exception {
        return new ScenarioRunner(SearchConfig.defaults(), SearchListener.SILENT).run(new ScenarioParser().parse(Path.of(file)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"scenarios/x86/gsi5-both-chips-pic-unmasked.yaml", "scenarios/x86/gsi5-both-chips-pic-unmasked-two-vcpus.yaml"})
    void theEoiBeforeTheHandlerLeavesAStaleLevelThatTheImrUnmaskDelivers(String file) throws Exception {
        CombinationResult r = run(file).rows().stream().filter(x -> x.combination().label().startsWith("guest_driver=normal-isr"))
                .findFirst().orElseThrow();
        assertEquals(Verdict.Kind.VIOLATED, r.verdict(PropertyId.NO_SPURIOUS_INTERRUPT).kind());
        List<String> steps = r.verdict(PropertyId.NO_SPURIOUS_INTERRUPT).trace().orElseThrow().steps().stream()
                .map(s -> s.rule().name()).toList();
        int imrMask = indexOf(steps, "OCW1 IMR mask (mask_and_ack_8259A)");
        int eoi = indexOf(steps, "OCW2 specific EOI -> pic_clear_isr");
        int lower = indexOf(steps, "irqfd_resampler_ack: lower");
        int reassert = steps.subList(lower, steps.size()).stream().filter(s -> s.startsWith("irqfd_inject: assert")).findFirst()
                .map(s -> lower + steps.subList(lower, steps.size()).indexOf(s)).orElse(-1);
        int handler = indexOf(steps, "guest ISR services devices");
        int unmask = indexOf(steps, "OCW1 IMR unmask (unmask_8259A_irq)");
        int ack = steps.size() - 1;
        assertTrue(0 <= imrMask && imrMask < eoi && eoi < lower && lower < reassert && reassert < handler
                && handler < unmask && unmask < ack, String.join("\n", steps));
        assertTrue(steps.get(ack).contains("kvm_pic_read_irq"), steps.get(ack));
        for (PropertyId p : List.of(PropertyId.NO_LOST_INTERRUPT, PropertyId.NO_STUCK_MASK, PropertyId.EVENTUALLY_SERVICED,
                PropertyId.NO_STORM)) {
            assertEquals(Verdict.Kind.HOLDS, r.verdict(p).kind(), p.id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scenarios/x86/gsi5-both-chips-pic-masked.yaml", "scenarios/x86/gsi5-both-chips-pic-masked-two-vcpus.yaml"})
    void withThePicMaskedTheSameGsiHolds(String file) throws Exception {
        CombinationResult r = row(run(file), "guest_driver=normal-isr");
        for (PropertyId p : List.of(PropertyId.NO_LOST_INTERRUPT, PropertyId.NO_SPURIOUS_INTERRUPT, PropertyId.NO_STORM)) {
            assertEquals(Verdict.Kind.HOLDS, r.verdict(p).kind(), p.id());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"scenarios/x86/slave-line-qemu-routing-pic-unmasked.yaml"})
    void withoutTheSlaveOffsetTheResamplerIsNeverToldAndTheLineStorms(String file) throws Exception {
        ScenarioResult r = run(file);
        assertEquals(Verdict.Kind.HOLDS, row(r, "pic_mutation=none").verdict(PropertyId.NO_STORM).kind());
        assertEquals(Verdict.Kind.VIOLATED, row(r, "pic_mutation=no-slave-offset").verdict(PropertyId.NO_STORM).kind());
    }
}
