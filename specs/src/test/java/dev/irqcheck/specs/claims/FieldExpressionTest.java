package dev.irqcheck.specs.claims;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.vgic.VcpuMode;
import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** User invariants: the expression language over field names. */
class FieldExpressionTest {
    final InterruptSystem model = new InterruptSystem(Topology.singleLevelDevice(1), Variants.kernel());

    StatePredicate compile(String text) throws Exception {
        return FieldExpression.parse(text, model.layout()).compile(model.layout());
    }

    @Test
    void comparesIntegersBooleansAndEnumConstants() throws Exception {
        long[] s = model.initialStates().get(0).words();
        assertTrue(compile("host.dev0.depth <= 1").test(s));
        assertTrue(compile("device.dev0.raises_left == 1 && !device.dev0.condition").test(s));
        assertTrue(compile("vcpu[0].mode == HOST").test(s));
        assertFalse(compile("vcpu[0].mode != HOST || vgic.spi[37].vcpu >= 0").test(s));
        model.fields().vcpu.mode[0].set(s, VcpuMode.GUEST);
        model.fields().host.hostDepth[0].set(s, 2);
        assertFalse(compile("host.dev0.depth <= 1").test(s));
        assertTrue(compile("(vcpu[0].mode == GUEST) && host.dev0.depth > 1").test(s));
        assertTrue(compile("vgic.spi[37].vcpu == -1").test(s));
    }

    @Test
    void rejectsAnUnknownFieldNamingItsOffsetAndNeighbours() {
        var e = assertThrows(FieldExpression.ExpressionException.class, () -> compile("host.dev0.dpeth <= 1"));
        assertEquals(0, e.offset());
        assertTrue(e.getMessage().contains("host.dev0.depth"), e.getMessage());
    }

    @Test
    void rejectsAnEnumValueTheFieldDoesNotHave() {
        var e = assertThrows(FieldExpression.ExpressionException.class, () -> compile("vcpu[0].mode == FLYING"));
        assertEquals(16, e.offset());
        assertTrue(e.getMessage().contains("GUEST"), e.getMessage());
    }

    @Test
    void rejectsTrailingAndMissingParts() {
        assertThrows(FieldExpression.ExpressionException.class, () -> compile("host.dev0.depth <="));
        assertThrows(FieldExpression.ExpressionException.class, () -> compile("(host.dev0.depth <= 1"));
        assertThrows(FieldExpression.ExpressionException.class, () -> compile("host.dev0.depth <= 1 )"));
        assertThrows(FieldExpression.ExpressionException.class, () -> compile("GUEST"));
    }

    @Test
    void backquotesNameAFieldWhoseDeviceNameHasDashesOrSpaces(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("names.yaml");
        Files.writeString(file, """
                name: names with dashes and spaces
                devices:
                  - {name: vfio-nic, trigger: level, raises: 1}
                  - {name: "my disk", trigger: level, raises: 1}
                irqfds:
                  - {device: vfio-nic, gsi: 5, kind: resample}
                  - {device: "my disk", gsi: 5, kind: resample}
                routing: [{gsi: 5, pin: 5}]
                interrupts: [{intid: 37, config: level}]
                invariants:
                  - {name: quoted, always: "`host.vfio-nic.depth` <= 1 && `host.my disk.depth` <= 1"}
                properties: [no-lost-interrupt]
                expect: [{no-lost-interrupt: holds, quoted: holds}]
                """);
        Scenario scenario = new ScenarioParser().parse(file);
        InterruptSystem shared = new InterruptSystem(scenario.topology(), Variants.kernel());
        long[] s = shared.initialStates().get(0).words();
        StatePredicate both = FieldExpression.parse("`host.vfio-nic.depth` <= 1 && `host.my disk.depth` <= 1",
                shared.layout()).compile(shared.layout());
        assertTrue(both.test(s));
        shared.fields().host.hostDepth[1].set(s, 2);
        assertFalse(both.test(s), "the quoted name reads the second device's field");
        var unquoted = assertThrows(FieldExpression.ExpressionException.class,
                () -> FieldExpression.parse("host.vfio-nic.depth <= 1", shared.layout()));
        assertTrue(unquoted.getMessage().contains("`host.vfio-nic.depth`"), "the error shows the quoted form: " + unquoted.getMessage());
        var open = assertThrows(FieldExpression.ExpressionException.class,
                () -> FieldExpression.parse("`host.vfio-nic.depth <= 1", shared.layout()));
        assertEquals(0, open.offset());
        assertTrue(open.getMessage().contains("closing `"), open.getMessage());
    }
}
