package dev.irqcheck.specs.scenario;

import static dev.irqcheck.specs.scenario.ScenarioParserErrorsTest.FILE;
import static dev.irqcheck.specs.scenario.ScenarioParserErrorsTest.assertError;
import static dev.irqcheck.specs.scenario.ScenarioParserErrorsTest.reject;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.irqcheck.model.irqchip.Arch;
import dev.irqcheck.model.irqchip.ChipRoute;
import dev.irqcheck.model.irqchip.IrqChipKind;
import org.junit.jupiter.api.Test;

/** arch: x86 scenarios: IOAPIC pins, routes naming the irqchip, the default-x86 preset, and what x86 refuses. */
class X86ScenarioParserTest {
    static final String VALID = String.join("\n",
            "name: ok",
            "arch: x86",
            "pic: masked",
            "devices:",
            "  - {name: dev0, trigger: level, raises: 1}",
            "irqfds:",
            "  - {device: dev0, gsi: 5, kind: resample}",
            "routing:",
            "  - {gsi: 5, chip: ioapic, pin: 5}",
            "  - {gsi: 5, chip: pic-master, pin: 5}",
            "interrupts:",
            "  - {pin: 5, trigger: level}",
            "properties: [no-lost-interrupt]",
            "expect:",
            "  - no-lost-interrupt: holds",
            "");

    @Test
    void readsChipRoutesAndIoapicPins() throws Exception {
        var t = new ScenarioParser().parse(FILE, VALID).topology();
        assertEquals(Arch.X86, t.arch());
        assertEquals(new ChipRoute(5, IrqChipKind.PIC_MASTER, 5), t.x86().routes().get(1));
        assertEquals(5, t.x86().pins().get(0).pin());
    }

    @Test
    void theDefaultX86PresetIsKvmsTable() throws Exception {
        var t = new ScenarioParser().parse(FILE, VALID.replace("routing:\n  - {gsi: 5, chip: ioapic, pin: 5}\n  - {gsi: 5, chip: pic-master, pin: 5}",
                "routing: default-x86")).topology();
        assertEquals(24 + 16, t.x86().routes().size());
    }

    @Test
    void readsAnEmulatedDevicesIrqLineByGsi() throws Exception {
        var t = new ScenarioParser().parse(FILE, VALID.replace("devices:\n  - {name: dev0, trigger: level, raises: 1}",
                "devices:\n  - {name: dev0, trigger: level, raises: 1}\n  - {name: emu, trigger: level, raises: 1, handler: qemu-emulated}")
                .replace("interrupts:", "irq_lines:\n  - {device: emu, gsi: 5}\ninterrupts:")).topology();
        assertEquals(new dev.irqcheck.model.topology.X86Setup.X86IrqLine(1, 5), t.x86().lines().get(0));
    }

    @Test
    void rejectsAnIrqLineOnAnUnroutedGsi() {
        assertError(reject(VALID.replace("devices:\n  - {name: dev0, trigger: level, raises: 1}",
                "devices:\n  - {name: dev0, trigger: level, raises: 1}\n  - {name: emu, trigger: level, raises: 1, handler: qemu-emulated}")
                .replace("interrupts:", "irq_lines:\n  - {device: emu, gsi: 7}\ninterrupts:")), 13, "irq_lines[0].gsi", "no route");
    }

    @Test
    void rejectsTheSameIrqchipTwiceForOneGsi() {
        assertError(reject(VALID.replace("{gsi: 5, chip: pic-master, pin: 5}", "{gsi: 5, chip: ioapic, pin: 5}")),
                10, "routing[1].chip", "refuses the same irqchip twice");
    }

    @Test
    void rejectsAnUndeclaredIoapicPin() {
        assertError(reject(VALID.replace("{gsi: 5, chip: ioapic, pin: 5}", "{gsi: 5, chip: ioapic, pin: 6}")),
                9, "routing[0].pin", "not declared under interrupts");
    }

    @Test
    void rejectsTheVgicOnX86() {
        assertError(reject(VALID.replace("chip: pic-master", "chip: vgic")), 10, "routing[1].chip", "pic-master, pic-slave and ioapic");
    }

    @Test
    void rejectsAPicRouteWithoutSayingHowThePicIsLeft() {
        assertError(reject(VALID.replace("pic: masked\n", "")), 8, "routing", "pic: masked");
    }

    @Test
    void anUnmaskedPicNeedsTheGuestsPicLines() {
        assertError(reject(VALID.replace("pic: masked", "pic: unmasked")), 3, "pic", "needs pic_lines");
    }

    @Test
    void rejectsAnArm64OnlyKey() {
        assertError(reject(VALID.replace("pic: masked", "pic: masked\nlist_registers: 2")), 4, "list_registers", "not modelled for arch: x86");
    }

    @Test
    void rejectsAVgicVariantOnX86() {
        assertError(reject(VALID.replace("properties:", "variants:\n  line_combining: or-per-source\nproperties:")),
                14, "variants.line_combining", "VGIC variant");
    }

    @Test
    void rejectsAnIoapicVariantOnArm64() {
        assertError(reject(ScenarioParserErrorsTest.VALID.replace("properties:", "variants:\n  ioapic_mutation: none\nproperties:")),
                12, "variants.ioapic_mutation", "x86 variant");
    }

    @Test
    void rejectsAPicKeyOnArm64() {
        assertError(reject(ScenarioParserErrorsTest.VALID.replace("vcpus: 1", "vcpus: 1\npic: masked")), 3, "pic", "only arch: x86");
    }

    @Test
    void rejectsAnUnknownPreset() {
        assertError(reject(VALID.replace("routing:\n  - {gsi: 5, chip: ioapic, pin: 5}\n  - {gsi: 5, chip: pic-master, pin: 5}",
                "routing: kvm-x86")), 8, "routing", "default-x86");
    }

    @Test
    void theQemuX86PresetIsQemusTable() throws Exception {
        var t = new ScenarioParser().parse(FILE, VALID.replace("routing:\n  - {gsi: 5, chip: ioapic, pin: 5}\n  - {gsi: 5, chip: pic-master, pin: 5}",
                "routing: qemu-x86")).topology();
        // kvm_pc_setup_irq_routing: 15 PIC entries (no GSI 2) and 23 IOAPIC entries (GSI 0 to pin 2, no GSI 2).
        assertEquals(15 + 23, t.x86().routes().size());
        assertEquals(new ChipRoute(0, IrqChipKind.IOAPIC, 2), t.x86().routes().get(15));
    }
}
