package dev.irqcheck.model.components;

import static dev.irqcheck.model.components.Bench.effect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.variant.IrqfdKind;
import org.junit.jupiter.api.Test;

/** The physical devices (device/Devices.java): a bounded number of raises, cleared only by the guest. */
class DevicesTest {

    static final String RAISE = "device: raise dev0";

    @Test
    void aLevelDeviceRaisesItsConditionAndUsesUpOneRaise() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        assertEquals(effect(f.device.deviceCondition[0], true, f.device.raisesLeft[0], 1), b.fire(RAISE));
        assertTrue(b.model.environmentRules().contains(b.rule(RAISE)), "devices are not assumed fair");
    }

    @Test
    void aDeviceDoesNotRaiseAgainWhileItsConditionIsOutstanding() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        b.fire(RAISE);
        b.assertDisabled(RAISE);
        b.set(n -> b.f.device.deviceCondition[0].set(n, false));
        b.assertEnabled(RAISE);
    }

    @Test
    void aDeviceStopsRaisingWhenItHasNoRaisesLeft() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        b.set(n -> b.f.device.raisesLeft[0].set(n, 0));
        b.assertDisabled(RAISE);
    }

    @Test
    void anEdgeDeviceAlsoLatchesAnEdgeAtTheHostGic() {
        Bench b = new Bench(Bench.platformEdge());
        InterruptLayout f = b.f;
        assertEquals(effect(f.device.deviceCondition[0], true, f.device.raisesLeft[0], 1, f.host.edgeLatched[0], true), b.fire(RAISE));
    }
}
