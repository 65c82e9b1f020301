package dev.irqcheck.specs.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Each kind of bad input is answered with the file, the line and the field, and what was expected. */
public class ScenarioParserErrorsTest {
    static final Path FILE = Path.of("bad.yaml");

    public static final String VALID = String.join("\n",
            "name: ok",
            "vcpus: 1",
            "devices:",
            "  - {name: dev0, trigger: level, raises: 1}",
            "irqfds:",
            "  - {device: dev0, gsi: 5, kind: resample}",
            "routing:",
            "  - {gsi: 5, pin: 5}",
            "interrupts:",
            "  - {intid: 37, config: level}",
            "properties: [no-lost-interrupt]",
            "expect:",
            "  - no-lost-interrupt: holds",
            "");

    static ScenarioException reject(String text) {
        return assertThrows(ScenarioException.class, () -> new ScenarioParser().parse(FILE, text));
    }

    static void assertError(ScenarioException e, int line, String field, String fragment) {
        assertEquals(line, e.line(), e.describe());
        assertEquals(field, e.field(), e.describe());
        assertTrue(e.getMessage().contains(fragment), e.describe());
        assertTrue(e.describe().startsWith("bad.yaml:" + line + ": "), e.describe());
    }

    @Test
    void acceptsTheValidBaseline() throws Exception {
        assertEquals("ok", new ScenarioParser().parse(FILE, VALID).name());
    }

    // Found by MalformedScenarioProperties: the reader's error had no line ("bad.yaml: not valid YAML").
    @Test
    void rejectsACharacterYamlDoesNotAllowWithItsLine() {
        assertError(reject(VALID.replace("  - {gsi: 5, pin: 5}", "  - {gsi: 5,\u0000 pin: 5}")), 8, "", "U+0000 is not allowed");
    }

    @Test
    void rejectsAnUnknownKey() {
        assertError(reject(VALID.replace("vcpus: 1", "vcpu: 1")), 2, "vcpu", "unknown key");
    }

    @Test
    void rejectsARawPendingWritesValueThatIsNotABoolean() {
        assertError(reject(VALID.replace("vcpus: 1", "vcpus: 1\nraw_pending_writes: maybe")), 3, "raw_pending_writes",
                "expected true or false");
    }

    @Test
    void rawPendingWritesFalseLeavesOnlyDisableEnablePairs() throws Exception {
        var t = new ScenarioParser().parse(FILE, VALID.replace("vcpus: 1", "vcpus: 1\nraw_pending_writes: false"));
        assertTrue(!t.topology().bounds().rawPendingWrites(), "the value is read, not ignored");
    }

    // disable_enable_pairs, the chip-neutral budget of disable_irq calls (each owing its enable_irq).
    @Test
    void rejectsDisableEnablePairsOutOfRangeOrNotANumberWithLineAndField() {
        String x86 = X86ScenarioParserTest.VALID;
        for (String bad : new String[] {"4", "-1", "lots", "1.5", "99999999999999999999", "[1]"}) {
            assertError(reject(x86.replace("pic: masked", "pic: masked\ndisable_enable_pairs: " + bad)), 4,
                    "disable_enable_pairs", "expected a whole number 0..3");
            assertError(reject(VALID.replace("vcpus: 1", "vcpus: 1\ndisable_enable_pairs: " + bad)), 3,
                    "disable_enable_pairs", "expected a whole number 0..3");
        }
    }

    @Test
    void rejectsDisableEnablePairsTogetherWithItsArm64Spellings() {
        assertError(reject(VALID.replace("vcpus: 1", "vcpus: 1\ndistributor_writes: 1\ndisable_enable_pairs: 1")), 4,
                "disable_enable_pairs", "not both");
        assertError(reject(VALID.replace("vcpus: 1", "vcpus: 1\nraw_pending_writes: false\ndisable_enable_pairs: 1")), 4,
                "disable_enable_pairs", "not both");
    }

    @Test
    void rejectsTheArm64BudgetKeysOnX86() {
        String x86 = X86ScenarioParserTest.VALID;
        assertError(reject(x86.replace("pic: masked", "pic: masked\ndistributor_writes: 1")), 4, "distributor_writes",
                "disable_enable_pairs");
        // Before: accepted on x86 and silently ignored (x86 had no distributor budget to restrict).
        assertError(reject(x86.replace("pic: masked", "pic: masked\nraw_pending_writes: false")), 4, "raw_pending_writes",
                "not modelled for arch: x86");
    }

    @Test
    void disableEnablePairsIsReadOnBothArchitectures() throws Exception {
        var x86 = new ScenarioParser().parse(FILE, X86ScenarioParserTest.VALID.replace("pic: masked",
                "pic: masked\ndisable_enable_pairs: 2")).topology().bounds();
        assertEquals(2, x86.distributorWrites());
        assertTrue(!x86.rawPendingWrites());
        var arm64 = new ScenarioParser().parse(FILE, VALID.replace("vcpus: 1", "vcpus: 1\ndisable_enable_pairs: 1"))
                .topology().bounds();
        assertEquals(1, arm64.distributorWrites());
        assertTrue(!arm64.rawPendingWrites(), "the same budget as distributor_writes: 1 with raw_pending_writes: false");
    }

    @Test
    void rejectsAnUnknownKeyInsideADevice() {
        assertError(reject(VALID.replace("raises: 1}", "raises: 1, colour: red}")), 4, "devices[0].colour", "unknown key");
    }

    @Test
    void rejectsAnIrqfdOnAGsiWithNoRoute() {
        assertError(reject(VALID.replace("{device: dev0, gsi: 5,", "{device: dev0, gsi: 9,")), 6, "irqfds[0].gsi", "has no route");
    }

    @Test
    void rejectsARouteToAnUndeclaredInterrupt() {
        assertError(reject(VALID.replace("{gsi: 5, pin: 5}", "{gsi: 5, pin: 6}")), 8, "routing[0].pin", "not declared");
    }

    @Test
    void rejectsAnIntidOutOfRange() {
        assertError(reject(VALID.replace("intid: 37", "intid: 2000")), 10, "interrupts[0].intid", "0..1019");
    }

    @Test
    void rejectsAPpiBecauseIrqfdReachesOnlySpis() {
        assertError(reject(VALID.replace("intid: 37", "intid: 27")), 10, "interrupts[0].intid", "only SPIs");
    }

    @Test
    void rejectsADeviceWithNoPathToTheGuest() {
        String text = VALID.replace("  - {name: dev0, trigger: level, raises: 1}",
                "  - {name: dev0, trigger: level, raises: 1}\n  - {name: dev1, trigger: level, raises: 1}");
        assertError(reject(text), 5, "devices[1]", "no path to the guest");
    }

    @Test
    void rejectsADuplicateDeviceName() {
        String text = VALID.replace("  - {name: dev0, trigger: level, raises: 1}",
                "  - {name: dev0, trigger: level, raises: 1}\n  - {name: dev0, trigger: level, raises: 1}");
        assertError(reject(text), 5, "devices[1].name", "duplicate device name");
    }

    @Test
    void rejectsTheSameGsiRoutedTwice() {
        String text = VALID.replace("  - {gsi: 5, pin: 5}", "  - {gsi: 5, pin: 5}\n  - {gsi: 5, pin: 5}");
        assertError(reject(text), 9, "routing[1].gsi", "same irqchip twice");
    }

    @Test
    void rejectsAnUnknownPropertyName() {
        assertError(reject(VALID.replace("properties: [no-lost-interrupt]", "properties: [no-lost]")), 11, "properties[0]", "unknown property");
    }

    @Test
    void rejectsAMissingExpectation() {
        String text = VALID.replace("properties: [no-lost-interrupt]", "properties: [no-lost-interrupt, no-stuck-mask]");
        assertError(reject(text), 13, "expect", "no expected verdict for property no-stuck-mask");
    }

    @Test
    void rejectsAnUnknownVerdict() {
        assertError(reject(VALID.replace("no-lost-interrupt: holds", "no-lost-interrupt: fine")), 13, "expect[0].no-lost-interrupt", "holds");
    }

    @Test
    void rejectsAnUnknownVariantValue() {
        assertError(reject(VALID.replace("properties:", "variants: {resample_order: sideways}\nproperties:")), 11,
                "variants.resample_order", "lower-then-signal");
    }

    // Issue 13, item 5: rows that would all check the same model are refused with the reason.
    @Test
    void rejectsAVariedAxisThatCannotChangeTheModel() {
        assertError(reject(VALID.replace("properties:", "variants: {reassign_protocol: [kvm-only, qemu-unmask-after]}\nproperties:")),
                11, "variants.reassign_protocol", "irqfd_reassigns is 0");
        assertError(reject(VALID.replace("properties:", "variants: {resample_scope: [all-on-gsi, list-head-only]}\nproperties:")),
                11, "variants.resample_scope", "no GSI has two resample irqfds");
        assertError(reject(VALID.replace("properties:", "variants: {exclusive_setup: [no-autoen, auto-enable-then-disable]}\nproperties:")),
                11, "variants.exclusive_setup", "no exclusive VFIO-PCI INTx device");
    }

    @Test
    void acceptsAVariedAxisThatAnotherAxisMakesMatter() throws Exception {
        String text = VALID.replace("kind: resample}", "kind: plain}").replace("properties:",
                "variants: {irqfd_kind: [plain, resample], resample_order: [lower-then-signal, signal-then-lower]}\nproperties:");
        assertEquals(4, new ScenarioParser().parse(FILE, text).combinations().size());
    }

    @Test
    void rejectsAMissingRequiredKey() {
        assertError(reject(VALID.replace("name: ok\n", "")), 1, "name", "missing");
    }

    @Test
    void rejectsMalformedYamlWithItsLine() {
        ScenarioException e = reject(VALID.replace("routing:", "routing: [unclosed"));
        assertTrue(e.getMessage().startsWith("not valid YAML"), e.describe());
        assertTrue(e.line() > 0, e.describe());
    }

    @Test
    void rejectsAnEmptyFile() {
        assertError(reject(""), 1, "", "empty");
    }

    @Test
    void doesNotConstructObjectsFromTags() {
        // A Java-type tag is only a node tag to the composer: it is read as text and rejected as a value.
        ScenarioException e = reject(VALID.replace("name: ok", "name: !!java.io.File /etc/passwd\nvcpus: !!binary AAAA"));
        assertTrue(e.describe().contains("bad.yaml:"), e.describe());
    }

    @Test
    void rejectsAnInvariantOverAnUnknownField() {
        String text = VALID.replace("properties:", "invariants:\n  - {name: mine, always: \"host.dev0.dpeth <= 1\"}\nproperties:");
        assertError(reject(text), 12, "invariants[0].always", "unknown field 'host.dev0.dpeth'");
    }

    @Test
    void rejectsAnInvariantNamedLikeACatalogueProperty() {
        String text = VALID.replace("properties:", "invariants:\n  - {name: no-stuck-mask, always: \"true\"}\nproperties:");
        assertError(reject(text), 12, "invariants[0].name", "already a property");
    }

    @Test
    void requiresAnExpectationForAUserInvariant() {
        String text = VALID.replace("properties:", "invariants:\n  - {name: mine, always: \"host.dev0.depth <= 1\"}\nproperties:");
        assertError(reject(text), 15, "expect", "no expected verdict for property mine");
    }

    @Test
    void rejectsAnIrqLineForAnAssignedDevice() {
        String text = VALID.replace("routing:", "irq_lines:\n  - {device: dev0, intid: 37}\nrouting:");
        assertError(reject(text), 8, "irq_lines[0].device", "only a device with handler qemu-emulated");
    }

    @Test
    void rejectsAnEmulatedDeviceWithNoLine() {
        String text = VALID.replace("  - {name: dev0, trigger: level, raises: 1}",
                "  - {name: dev0, trigger: level, raises: 1}\n  - {name: uart, trigger: level, raises: 1, handler: qemu-emulated}");
        assertError(reject(text), 5, "devices[1]", "has no irqfd or irq line");
    }

    /** arch: x86 with the PIC unmasked (a noapic guest): the IOAPIC pin masked, IRQ 5 on the 8259. */
    static final String PIC_VALID = String.join("\n",
            "name: ok",
            "arch: x86",
            "pic: unmasked",
            "devices:",
            "  - {name: dev0, trigger: level, raises: 1}",
            "irqfds:",
            "  - {device: dev0, gsi: 5, kind: resample}",
            "routing: default-x86",
            "interrupts:",
            "  - {pin: 5, trigger: level, masked: true}",
            "pic_lines:",
            "  - {irq: 5, trigger: level}",
            "properties: [no-lost-interrupt]",
            "expect:",
            "  - no-lost-interrupt: holds",
            "");

    @Test
    void acceptsAnUnmaskedPicWithItsLines() throws Exception {
        var t = new ScenarioParser().parse(FILE, PIC_VALID).topology();
        assertTrue(t.x86().picServicesIrqs());
        assertEquals(5, t.x86().picLines().get(0).irq());
        assertEquals("pic5", t.guestIrqs().get(0).label(), "the guest's IRQs are the PIC's lines");
    }

    @Test
    void rejectsDisableEnablePairsOnAnUnmaskedPicButAcceptsZero() throws Exception {
        // i8259A_chip's irq_disable masks at once; the modelled disable_irq is the IOAPIC's lazy one.
        assertError(reject(PIC_VALID.replace("pic: unmasked", "pic: unmasked\ndisable_enable_pairs: 1")), 4,
                "disable_enable_pairs", "not modelled with pic: unmasked");
        assertTrue(new ScenarioParser().parse(FILE, PIC_VALID.replace("pic: unmasked", "pic: unmasked\ndisable_enable_pairs: 0"))
                .topology().x86().picServicesIrqs());
    }

    @Test
    void rejectsAPicStateThatIsNeitherMaskedNorUnmasked() {
        assertError(reject(PIC_VALID.replace("pic: unmasked", "pic: sometimes")), 3, "pic", "expected masked or unmasked");
    }

    @Test
    void rejectsAnUnmaskedPicWithoutLines() {
        assertError(reject(PIC_VALID.replace("pic_lines:\n  - {irq: 5, trigger: level}\n", "")), 3, "pic", "needs pic_lines");
    }

    @Test
    void rejectsPicLinesWithAMaskedPic() {
        assertError(reject(PIC_VALID.replace("pic: unmasked", "pic: masked")), 12, "pic_lines", "only with pic: unmasked");
    }

    @Test
    void rejectsPicLinesOnArm64() {
        assertError(reject(VALID.replace("vcpus: 1", "vcpus: 1\npic_lines: []")), 3, "pic_lines", "only arch: x86");
    }

    @Test
    void rejectsAnUnmaskedIoapicPinBesideAnUnmaskedPic() {
        assertError(reject(PIC_VALID.replace("masked: true", "masked: false")), 10, "interrupts[0].masked",
                "both chips at once is not offered");
    }

    @Test
    void rejectsTheCascadeAsAPicLine() {
        assertError(reject(PIC_VALID.replace("{irq: 5,", "{irq: 2,")), 12, "pic_lines[0].irq", "cascade");
    }

    @Test
    void rejectsIrq15TheSlavesSpuriousInterrupt() {
        assertError(reject(PIC_VALID.replace("{irq: 5,", "{irq: 15,")), 12, "pic_lines[0].irq", "slave 8259 signals a spurious");
    }

    @Test
    void rejectsIrq7TheMastersSpuriousInterrupt() {
        assertError(reject(PIC_VALID.replace("{irq: 5,", "{irq: 7,")), 12, "pic_lines[0].irq", "master 8259 signals a spurious");
    }

    @Test
    void rejectsAPicIrqOutOfRange() {
        assertError(reject(PIC_VALID.replace("{irq: 5,", "{irq: 16,")), 12, "pic_lines[0].irq", "0..15");
    }

    @Test
    void rejectsADuplicatePicIrq() {
        assertError(reject(PIC_VALID.replace("  - {irq: 5, trigger: level}", "  - {irq: 5, trigger: level}\n  - {irq: 5, trigger: edge}")),
                13, "pic_lines[1].irq", "duplicate PIC IRQ 5");
    }

    @Test
    void rejectsALevelLineWhoseElcrBitKvmKeepsClear() {
        assertError(reject(PIC_VALID.replace("{irq: 5, trigger: level}", "{irq: 1, trigger: level}")), 12,
                "pic_lines[0].trigger", "elcr_mask");
    }

    @Test
    void rejectsAnUnknownKeyInsideAPicLine() {
        assertError(reject(PIC_VALID.replace("{irq: 5, trigger: level}", "{irq: 5, trigger: level, vector: 37}")), 12,
                "pic_lines[0].vector", "unknown key");
    }

    @Test
    void rejectsAnIrqfdReachingAnUndeclaredPicLine() {
        assertError(reject(PIC_VALID.replace("gsi: 5, kind", "gsi: 6, kind").replace("{pin: 5,", "{pin: 6,")), 7, "irqfds[0].gsi",
                "PIC IRQ 6, which is not declared in pic_lines");
    }

    @Test
    void rejectsAnIrqfdWhoseGsiReachesOnlyTheMaskedIoapic() {
        String text = PIC_VALID.replace("routing: default-x86", "routing:\n  - {gsi: 5, chip: ioapic, pin: 5}");
        assertError(reject(text), 7, "irqfds[0].gsi", "reaches no PIC line");
    }

    @Test
    void rejectsAnUnknownRoutingPreset() {
        assertError(reject(PIC_VALID.replace("routing: default-x86", "routing: bochs-x86")), 8, "routing",
                "default-x86, qemu-x86");
    }

    @Test
    void rejectsAPicMutationWithAMaskedPic() {
        String text = X86ScenarioParserTest.VALID.replace("properties:", "variants:\n  pic_mutation: [none, no-slave-offset]\nproperties:");
        assertError(reject(text), 14, "variants.pic_mutation", "pic: masked");
    }

    @Test
    void rejectsAPicMutationOnArm64() {
        assertError(reject(VALID.replace("properties:", "variants:\n  pic_mutation: none\nproperties:")), 12,
                "variants.pic_mutation", "x86 variant");
    }
}
