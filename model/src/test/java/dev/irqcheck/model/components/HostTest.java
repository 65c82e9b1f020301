package dev.irqcheck.model.components;

import static dev.irqcheck.model.components.Bench.effect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.ExclusiveSetup;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.variant.UnmaskPath;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.VcpuMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The host side (host/HostSide, VfioPlatform, VfioPci): VFIO's hard-IRQ handlers, their unmask
 * paths (virqfd inside the resampler's signal, or QEMU's VFIO_DEVICE_SET_IRQS ioctl), the
 * exclusive INTx set-up variants and the guest enabling INTx in its command register.
 */
class HostTest {

    static final String AUTOMASKED = "vfio_automasked_irq_handler: mask dev0";
    static final String AUTOMASKED_SIGNAL = "vfio_automasked_irq_handler: eventfd_signal(trigger) dev0";
    static final String EDGE = "vfio_irq_handler: signal dev0";
    static final String DISINTX = "vfio_intx_handler: pci_check_and_mask_intx dev0";
    static final String VIRQFD_INJECT = "virqfd_inject: vfio_send_intx_eventfd dev0";
    static final String EXCLUSIVE = "vfio_intx_handler: disable_irq_nosync dev0";
    static final String SET_SIGNAL = "vfio_intx_set_signal: disable_irq_nosync (masked) dev0";
    // QEMU completing the guest driver's PCI_COMMAND write (INTx Disable cleared) on vCPU 0.
    static final String GUEST_ENABLES = "qemu: PCI_COMMAND write -> vfio_basic_config_write: INTx enabled, vfio_pci_intx_unmask: vcpu 0";
    static final String SIGNAL = "kvm_notify_acked_irq -> irqfd_resampler_ack: signal resamplefds of (vcpu 0 lr 0)";
    static final String QEMU_UNMASK = "qemu: resamplefd read, VFIO unmask dev0";

    private static Topology pci(HostHandlerKind handler, boolean intxStartsDisabled) {
        return Bench.single(new DeviceSpec("dev0", TriggerMode.LEVEL, 2, handler, intxStartsDisabled),
                IrqfdKind.RESAMPLE, new SpiSpec(37, TriggerMode.LEVEL, true, 0));
    }

    /** vCPU 0 trapped the guest's PCI_COMMAND write for dev0 and its exit's sync is done: QEMU handles it next. */
    private static Bench pciCommandWriteInFlight(Bench b) {
        return b.set(n -> {
            b.f.vcpu.mode[0].set(n, VcpuMode.HOST);
            b.f.vcpu.mmio[0].set(n, MmioOp.PCI_COMMAND_WRITE);
        });
    }

    /** The resampler's lower has run for LR 0 (SPI 37, EOI'd); its signal is next. */
    private static void resamplerAboutToSignal(Bench b) {
        b.set(n -> {
            b.f.vcpu.mode[0].set(n, VcpuMode.ACK_NOTIFY);
            b.f.distributor.apListOwner[0].set(n, 0);
            b.f.vcpu.lrAckHalfDone[0][0].set(n, true);
            b.f.vcpu.lrAckGsi[0][0].set(n, 5);
        });
        b.lr(0, 0, LrState.INVALID, 0, true);
    }

    /** The resampler's ack is done for LR 0: what the signal step changes besides the host. */
    private static Map<Object, Object> ackDone(Bench b) {
        return Map.of(b.f.vcpu.lrAckHalfDone[0][0], false, b.f.vcpu.lrAckGsi[0][0], 0, b.f.vcpu.lrEoi[0][0], false);
    }

    // ---- VFIO platform, automasked level ----

    @Test
    void automaskedHandlerRunsOnlyForAHighLineThatIsEnabledAndNotMasked() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        b.assertDisabled(AUTOMASKED);
        b.set(n -> f.device.deviceCondition[0].set(n, true));
        b.assertEnabled(AUTOMASKED);
        b.set(n -> f.host.hostDepth[0].set(n, 1));
        b.assertDisabled(AUTOMASKED);
        b.set(n -> {
            f.host.hostDepth[0].set(n, 0);
            f.host.hostMasked[0].set(n, true);
        });
        b.assertDisabled(AUTOMASKED);
    }

    @Test
    void automaskedHandlerMasksUnderItsLockThenSignalsTheTriggerAsASecondStep() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        b.set(n -> f.device.deviceCondition[0].set(n, true));
        b.assertDisabled(AUTOMASKED_SIGNAL);
        assertEquals(effect(f.host.hostDepth[0], 1, f.host.hostMasked[0], true, f.host.hostSignalOwed[0], true), b.fire(AUTOMASKED));
        assertEquals(effect(f.host.hostSignalOwed[0], false, f.kvm.injectQueued[0], true), b.fire(AUTOMASKED_SIGNAL),
                "up to 5.8 irqfd_wakeup queues irqfd_inject");
    }

    @Test
    void sinceLinux59TheTriggerSignalInjectsInline() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE),
                dev.irqcheck.model.topology.Variants.of(dev.irqcheck.model.variant.KernelVersion.V6_18));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.host.hostMasked[0].set(n, true);
            f.host.hostDepth[0].set(n, 1);
            f.host.hostSignalOwed[0].set(n, true);
        });
        assertEquals(effect(f.host.hostSignalOwed[0], false, f.distributor.lineLevel[0], true, f.distributor.apListOwner[0], 0, f.vcpu.kicked[0], true),
                b.fire(AUTOMASKED_SIGNAL), "kvm_arch_set_irq_inatomic -> vgic_irqfd_set_irq in irqfd_wakeup");
    }

    @Test
    void platformUnmaskEnablesAndClearsMaskedAndALineStillHighFiresAgain() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        InterruptLayout f = b.f;
        resamplerAboutToSignal(b);
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.host.hostMasked[0].set(n, true);
            f.host.hostDepth[0].set(n, 1);
        });
        Map<Object, Object> expected = new java.util.HashMap<>(ackDone(b));
        expected.put(f.host.hostMasked[0], false);
        expected.put(f.host.hostDepth[0], 0);
        assertEquals(expected, b.fire(SIGNAL), "vfio_platform_unmask does not look at the line");
        b.assertEnabled(AUTOMASKED);
    }

    @Test
    void platformUnmaskOfAnUnmaskedLineDoesNothing() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE));
        resamplerAboutToSignal(b);
        assertEquals(ackDone(b), b.fire(SIGNAL));
    }

    @Test
    void platformUnmaskFromQemuIsTheSameUnmask() {
        Bench b = new Bench(Bench.platformLevel(IrqfdKind.RESAMPLE), Bench.WORK_ITEM.with(UnmaskPath.USERSPACE));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.kvm.resamplefdCount[0].set(n, true);
            f.host.hostMasked[0].set(n, true);
            f.host.hostDepth[0].set(n, 1);
        });
        assertEquals(effect(f.kvm.resamplefdCount[0], false, f.host.hostMasked[0], false, f.host.hostDepth[0], 0),
                b.fire(QEMU_UNMASK));
    }

    // ---- VFIO platform, edge ----

    @Test
    void edgeHandlerSignalsEachLatchedEdgeWithoutMasking() {
        Bench b = new Bench(Bench.platformEdge());
        InterruptLayout f = b.f;
        b.set(n -> f.device.deviceCondition[0].set(n, true));
        b.assertDisabled(EDGE);
        b.set(n -> f.host.edgeLatched[0].set(n, true));
        assertEquals(effect(f.host.edgeLatched[0], false, f.kvm.injectQueued[0], true), b.fire(EDGE));
    }

    // ---- VFIO-PCI, PCI 2.3 DisINTx ----

    @Test
    void disIntxHandlerChecksAndMasksOnlyAnUnmaskedPendingDevice() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_DISINTX, false));
        InterruptLayout f = b.f;
        b.assertDisabled(DISINTX);
        b.set(n -> f.device.deviceCondition[0].set(n, true));
        assertEquals(effect(f.device.disIntx[0], true, f.host.hostMasked[0], true, f.host.hostSignalOwed[0], true), b.fire(DISINTX));
        b.assertDisabled(DISINTX);
        b.set(n -> f.device.disIntx[0].set(n, false));
        b.assertDisabled(DISINTX);
        assertEquals(0, f.host.hostDepth[0].get(b.s), "PCI 2.3 masking never touches the IRQ's disable depth");
    }

    @Test
    void disIntxUnmaskOnTheKernelPathRefusesWhileTheDeviceIsPendingAndQueuesVirqfdInject() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_DISINTX, false));
        InterruptLayout f = b.f;
        resamplerAboutToSignal(b);
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.device.disIntx[0].set(n, true);
            f.host.hostMasked[0].set(n, true);
        });
        Map<Object, Object> expected = new java.util.HashMap<>(ackDone(b));
        expected.put(f.host.virqfdInjectQueued[0], true);
        assertEquals(expected, b.fire(SIGNAL), "still masked, DisINTx still set");
        assertEquals(effect(f.host.virqfdInjectQueued[0], false, f.kvm.injectQueued[0], true), b.fire(VIRQFD_INJECT));
        b.assertDisabled(VIRQFD_INJECT);
    }

    @Test
    void disIntxUnmaskOnTheUserspacePathRefusesWhileTheDeviceIsPendingAndResignalsAtOnce() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_DISINTX, false), Bench.WORK_ITEM.with(UnmaskPath.USERSPACE));
        InterruptLayout f = b.f;
        b.set(n -> {
            f.device.deviceCondition[0].set(n, true);
            f.device.disIntx[0].set(n, true);
            f.host.hostMasked[0].set(n, true);
            f.kvm.resamplefdCount[0].set(n, true);
        });
        assertEquals(effect(f.kvm.resamplefdCount[0], false, f.kvm.injectQueued[0], true), b.fire(QEMU_UNMASK));
        assertFalse(f.host.virqfdInjectQueued[0].get(b.s));
    }

    @Test
    void disIntxUnmaskOfAServicedDeviceClearsDisIntxAndMasked() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_DISINTX, false));
        InterruptLayout f = b.f;
        resamplerAboutToSignal(b);
        b.set(n -> {
            f.device.disIntx[0].set(n, true);
            f.host.hostMasked[0].set(n, true);
        });
        Map<Object, Object> expected = new java.util.HashMap<>(ackDone(b));
        expected.put(f.device.disIntx[0], false);
        expected.put(f.host.hostMasked[0], false);
        assertEquals(expected, b.fire(SIGNAL));
    }

    // ---- VFIO-PCI, exclusive INTx ----

    @Test
    void exclusiveHandlerDisablesUnconditionallyWhileTheIrqIsEnabled() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE, false));
        InterruptLayout f = b.f;
        b.set(n -> f.device.deviceCondition[0].set(n, true));
        assertEquals(effect(f.host.hostDepth[0], 1, f.host.hostMasked[0], true, f.host.hostSignalOwed[0], true), b.fire(EXCLUSIVE));
        b.assertDisabled(EXCLUSIVE);
        // Already masked but enabled (depth 0): the handler still disables (no masked check).
        b.set(n -> {
            f.host.hostDepth[0].set(n, 0);
            f.host.hostSignalOwed[0].set(n, false);
        });
        assertEquals(effect(f.host.hostDepth[0], 1, f.host.hostSignalOwed[0], true), b.fire(EXCLUSIVE));
    }

    @Test
    void exclusiveUnmaskEnablesTheIrqAgain() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE, false));
        InterruptLayout f = b.f;
        resamplerAboutToSignal(b);
        b.set(n -> {
            f.host.hostDepth[0].set(n, 1);
            f.host.hostMasked[0].set(n, true);
        });
        Map<Object, Object> expected = new java.util.HashMap<>(ackDone(b));
        expected.put(f.host.hostDepth[0], 0);
        expected.put(f.host.hostMasked[0], false);
        assertEquals(expected, b.fire(SIGNAL));
    }

    @Test
    void noAutoenSetupStartsMaskedAtDepthOneWithNothingPending() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE, true),
                Bench.WORK_ITEM.with(ExclusiveSetup.NO_AUTOEN));
        InterruptLayout f = b.f;
        assertEquals(effect(f.device.raisesLeft[0], 2, f.host.virqDisabled[0], true, f.host.hostMasked[0], true, f.host.hostDepth[0], 1),
                initialDeviceState(b));
        b.assertDisabled(SET_SIGNAL);
        b.set(n -> f.device.deviceCondition[0].set(n, true));
        b.assertDisabled(EXCLUSIVE);
    }

    @Test
    void autoEnableThenDisableSetupStartsAtDepthZeroWithSetSignalPending() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE, true),
                Bench.WORK_ITEM.with(ExclusiveSetup.AUTO_ENABLE_THEN_DISABLE));
        InterruptLayout f = b.f;
        assertEquals(effect(f.device.raisesLeft[0], 2, f.host.virqDisabled[0], true, f.host.hostMasked[0], true,
                f.host.setSignalPending[0], true), initialDeviceState(b));
        pciCommandWriteInFlight(b).assertDisabled(GUEST_ENABLES);
        assertEquals(effect(f.host.setSignalPending[0], false, f.host.hostDepth[0], 1), b.fire(SET_SIGNAL));
        b.assertEnabled(GUEST_ENABLES);
    }

    @Test
    void autoEnableThenDisableReachesDepthTwoWhenTheDeviceInterruptsFirst() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE, true),
                Bench.WORK_ITEM.with(ExclusiveSetup.AUTO_ENABLE_THEN_DISABLE));
        InterruptLayout f = b.f;
        b.fire("device: raise dev0");
        assertEquals(effect(f.host.hostDepth[0], 1, f.host.hostSignalOwed[0], true), b.fire(EXCLUSIVE),
                "masked already: disabled again");
        assertEquals(effect(f.host.hostSignalOwed[0], false), b.fire("vfio_intx_handler: vfio_send_intx_eventfd dev0"),
                "INTx disabled in the guest: vfio_send_intx_eventfd sends nothing");
        assertEquals(effect(f.host.setSignalPending[0], false, f.host.hostDepth[0], 2), b.fire(SET_SIGNAL));
        assertEquals(effect(f.host.virqDisabled[0], false, f.host.hostDepth[0], 1, f.host.hostMasked[0], false, f.vcpu.mmio[0], MmioOp.NONE), pciCommandWriteInFlight(b).fire(GUEST_ENABLES),
                "one enable_irq cannot undo two disables: unmasked, yet still disabled");
    }

    @Test
    void disIntxDeviceWithIntxDisabledStartsWithDisIntxSet() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_DISINTX, true));
        InterruptLayout f = b.f;
        assertEquals(effect(f.device.raisesLeft[0], 2, f.device.disIntx[0], true, f.host.virqDisabled[0], true, f.host.hostMasked[0], true),
                initialDeviceState(b));
        assertFalse(b.hasRule("vfio_intx_set_signal"));
    }

    // ---- the guest enables INTx ----

    @Test
    void guestEnablingIntxUnmasksAnExclusiveIrq() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE, true));
        InterruptLayout f = b.f;
        assertEquals(effect(f.host.virqDisabled[0], false, f.host.hostDepth[0], 0, f.host.hostMasked[0], false, f.vcpu.mmio[0], MmioOp.NONE), pciCommandWriteInFlight(b).fire(GUEST_ENABLES));
        b.assertDisabled(GUEST_ENABLES);
    }

    @Test
    void guestEnablingIntxOnAPendingDisIntxDeviceStaysMaskedAndSignalsTheTrigger() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_DISINTX, true));
        InterruptLayout f = b.f;
        b.set(n -> f.device.deviceCondition[0].set(n, true));
        b.assertDisabled(DISINTX);
        assertEquals(effect(f.host.virqDisabled[0], false, f.kvm.injectQueued[0], true, f.vcpu.mmio[0], MmioOp.NONE), pciCommandWriteInFlight(b).fire(GUEST_ENABLES),
                "the ioctl-style unmask re-signals directly");
    }

    @Test
    void guestEnablingIntxOnAQuietDisIntxDeviceClearsDisIntx() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_DISINTX, true));
        InterruptLayout f = b.f;
        assertEquals(effect(f.host.virqDisabled[0], false, f.device.disIntx[0], false, f.host.hostMasked[0], false,
                        f.vcpu.mmio[0], MmioOp.NONE),
                pciCommandWriteInFlight(b).fire(GUEST_ENABLES));
    }

    @Test
    void thereIsNoGuestEnablesIntxRuleForADeviceThatStartsEnabled() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE, false));
        assertFalse(b.hasRule("qemu: PCI_COMMAND write"));
    }

    @Test
    void aPciUnmaskWhileTheGuestHasIntxDisabledDoesNothing() {
        Bench b = new Bench(pci(HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE, true));
        resamplerAboutToSignal(b);
        assertEquals(ackDone(b), b.fire(SIGNAL), "masked stays, depth stays 1");
    }

    // Every field of the initial state that differs from zero, restricted to the device's host and device fields.
    private static Map<Object, Object> initialDeviceState(Bench b) {
        InterruptLayout f = b.f;
        long[] zero = f.layout.newWords();
        Map<Object, Object> out = new java.util.LinkedHashMap<>();
        b.diff(zero, b.model.initialStates().get(0).words()).forEach((field, value) -> {
            if (field.name().startsWith("device.") || field.name().startsWith("host.")) {
                out.put(field, value);
            }
        });
        return out;
    }
}
