package dev.irqcheck.model.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.KernelVersion;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.VcpuMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The three flows of the reference notes (section 2), replayed step by step with the state checked
 * along the way: (a) level device, resample irqfd; (b) level device, plain irqfd; (c) edge device,
 * plain irqfd.
 */
class DocumentedFlowsTest {

    /** The flows as the reference notes describe them: Linux up to 5.8, where irqfd_inject always runs as work. */
    static InterruptSystem model(TriggerMode trigger, IrqfdKind kind) {
        return model(trigger, kind, Variants.of(KernelVersion.V5_8));
    }

    static InterruptSystem model(TriggerMode trigger, IrqfdKind kind, Variants variants) {
        HostHandlerKind handler = trigger == TriggerMode.LEVEL
                ? HostHandlerKind.VFIO_PLATFORM_AUTOMASKED : HostHandlerKind.VFIO_PLATFORM_EDGE;
        return new InterruptSystem(new Topology(1, 1,
                List.of(new DeviceSpec("dev0", trigger, 1, handler)),
                List.of(new IrqfdSpec(0, 5, kind)), List.of(new RouteEntry(5, 5)),
                List.of(new SpiSpec(37, trigger, true, 0)), new Bounds(0, 0)), variants);
    }

    @Test
    void levelDeviceWithResampleIrqfdIsDeliveredAndUnmasked() {
        InterruptSystem m = model(TriggerMode.LEVEL, IrqfdKind.RESAMPLE);
        InterruptLayout f = m.fields();
        Replay r = new Replay(m);
        r.step("device: raise dev0");
        r.step("vfio_automasked_irq_handler: mask").step("vfio_automasked_irq_handler: eventfd_signal");
        assertTrue(f.host.hostMasked[0].get(r.state));
        assertEquals(1, f.host.hostDepth[0].get(r.state));
        assertTrue(f.kvm.injectQueued[0].get(r.state), "irqfd_wakeup queued the inject work");
        r.step("irqfd_inject: assert gsi 5");
        assertTrue(f.distributor.lineLevel[0].get(r.state));
        assertEquals(0, f.distributor.apListOwner[0].get(r.state));
        assertTrue(f.vcpu.kicked[0].get(r.state));
        r.step("kvm_vgic_flush_hwstate");
        assertEquals(LrState.PENDING, f.vcpu.lrState[0][0].get(r.state));
        assertTrue(f.vcpu.lrEoi[0][0].get(r.state), "a level LR requests an EOI maintenance interrupt");
        r.step("guest IAR");
        assertEquals(LrState.ACTIVE, f.vcpu.lrState[0][0].get(r.state));
        r.step("guest handle_fasteoi_irq").step("guest ISR");
        assertFalse(f.device.deviceCondition[0].get(r.state));
        r.step("guest EOIR");
        assertEquals(LrState.INVALID, f.vcpu.lrState[0][0].get(r.state));
        r.step("exit guest (kick or maintenance interrupt)");
        r.step("kvm_notify_acked_irq -> irqfd_resampler_ack: lower");
        assertFalse(f.distributor.lineLevel[0].get(r.state), "the resampler lowers first");
        assertTrue(f.host.hostMasked[0].get(r.state));
        r.step("kvm_notify_acked_irq -> irqfd_resampler_ack: signal");
        assertFalse(f.host.hostMasked[0].get(r.state), "virqfd unmasks synchronously inside the signal");
        assertEquals(0, f.host.hostDepth[0].get(r.state));
        r.step("vgic_fold_lr_state");
        assertFalse(f.distributor.active[0].get(r.state));
        r.step("vgic_prune_ap_list");
        assertEquals(-1, f.distributor.apListOwner[0].get(r.state), "nothing pending: pruned from the ap_list");
        r.step("kvm_vgic_flush_hwstate");
        r.assertQuiescent();
    }

    @Test
    void levelDeviceWithPlainIrqfdIsSeenOnceAndLeftMasked() {
        InterruptSystem m = model(TriggerMode.LEVEL, IrqfdKind.PLAIN);
        InterruptLayout f = m.fields();
        Replay r = new Replay(m);
        r.step("device: raise dev0").step("vfio_automasked_irq_handler: mask").step("vfio_automasked_irq_handler: eventfd_signal");
        r.step("irqfd_inject: kvm_set_irq(gsi 5, 1)");
        assertTrue(f.distributor.lineLevel[0].get(r.state));
        r.step("kvm_vgic_flush_hwstate");
        r.step("irqfd_inject: kvm_set_irq(gsi 5, 0)");
        assertFalse(f.distributor.lineLevel[0].get(r.state), "the pulse's second half lowers the line");
        assertEquals(LrState.PENDING, f.vcpu.lrState[0][0].get(r.state), "the LR was loaded in between");
        r.step("guest IAR").step("guest handle_fasteoi_irq").step("guest ISR").step("guest EOIR");
        r.step("exit guest (kick or maintenance interrupt)");
        r.step("kvm_notify_acked_irq: no ack notifier");
        r.step("vgic_fold_lr_state").step("vgic_prune_ap_list").step("kvm_vgic_flush_hwstate");
        r.assertQuiescent();
        assertTrue(f.host.hostMasked[0].get(r.state), "nobody ever unmasks VFIO: the line stays masked");
    }

    @Test
    void levelDeviceWithPlainIrqfdPulsedBeforeTheFlushIsNeverSeen() {
        InterruptSystem m = model(TriggerMode.LEVEL, IrqfdKind.PLAIN);
        InterruptLayout f = m.fields();
        Replay r = new Replay(m);
        r.step("device: raise dev0").step("vfio_automasked_irq_handler: mask").step("vfio_automasked_irq_handler: eventfd_signal");
        r.step("irqfd_inject: kvm_set_irq(gsi 5, 1)").step("irqfd_inject: kvm_set_irq(gsi 5, 0)");
        r.step("kvm_vgic_flush_hwstate");
        assertEquals(LrState.INVALID, f.vcpu.lrState[0][0].get(r.state), "the oracle finds nothing pending");
        r.assertQuiescent();
        assertTrue(f.device.deviceCondition[0].get(r.state), "the device waits forever");
        assertTrue(f.host.hostMasked[0].get(r.state));
    }

    @Test
    void edgeDeviceWithPlainIrqfdLatchesOnceAndNeedsNoResample() {
        InterruptSystem m = model(TriggerMode.EDGE, IrqfdKind.PLAIN);
        InterruptLayout f = m.fields();
        Replay r = new Replay(m);
        r.step("device: raise dev0").step("vfio_irq_handler");
        assertFalse(f.host.hostMasked[0].get(r.state), "the edge handler does not mask");
        r.step("irqfd_inject: kvm_set_irq(gsi 5, 1)");
        assertTrue(f.distributor.pendingLatch[0].get(r.state));
        r.step("irqfd_inject: kvm_set_irq(gsi 5, 0)");
        assertTrue(f.distributor.pendingLatch[0].get(r.state), "an edge ignores the 0");
        r.step("kvm_vgic_flush_hwstate");
        assertFalse(f.distributor.pendingLatch[0].get(r.state), "the LR now owns the edge");
        assertFalse(f.vcpu.lrEoi[0][0].get(r.state), "no EOI maintenance interrupt for an edge");
        r.step("guest IAR").step("guest handle_fasteoi_irq").step("guest ISR").step("guest EOIR");
        assertEquals(VcpuMode.GUEST, f.vcpu.mode[0].get(r.state));
        r.assertQuiescent();
        assertFalse(f.device.deviceCondition[0].get(r.state));
    }

    @Test
    void sinceLinux59TheAssertIsInjectedInlineByTheHostHandlersSignal() {
        InterruptSystem m = model(TriggerMode.LEVEL, IrqfdKind.RESAMPLE, Variants.of(KernelVersion.V6_18));
        InterruptLayout f = m.fields();
        Replay r = new Replay(m);
        r.step("device: raise dev0");
        r.step("vfio_automasked_irq_handler: mask").step("vfio_automasked_irq_handler: eventfd_signal");
        assertTrue(f.distributor.lineLevel[0].get(r.state), "kvm_arch_set_irq_inatomic -> vgic_irqfd_set_irq, in irqfd_wakeup");
        assertFalse(f.kvm.injectQueued[0].get(r.state), "no irqfd_inject work item");
        r.step("kvm_vgic_flush_hwstate").step("guest IAR").step("guest handle_fasteoi_irq").step("guest ISR")
                .step("guest EOIR").step("exit guest (kick or maintenance interrupt)")
                .step("kvm_notify_acked_irq -> irqfd_resampler_ack: lower")
                .step("kvm_notify_acked_irq -> irqfd_resampler_ack: signal")
                .step("vgic_fold_lr_state").step("vgic_prune_ap_list").step("kvm_vgic_flush_hwstate");
        r.assertQuiescent();
        assertFalse(f.host.hostMasked[0].get(r.state));
    }

    @Test
    void sinceLinux59APlainIrqfdNeverLowersALevelSpiAndTheGuestTakesItForever() {
        InterruptSystem m = model(TriggerMode.LEVEL, IrqfdKind.PLAIN, Variants.of(KernelVersion.V6_18));
        InterruptLayout f = m.fields();
        Replay r = new Replay(m);
        r.step("device: raise dev0").step("vfio_automasked_irq_handler: mask").step("vfio_automasked_irq_handler: eventfd_signal");
        assertTrue(f.distributor.lineLevel[0].get(r.state));
        r.step("kvm_vgic_flush_hwstate").step("guest IAR").step("guest handle_fasteoi_irq").step("guest ISR")
                .step("guest EOIR").step("exit guest (kick or maintenance interrupt)")
                .step("kvm_notify_acked_irq: no ack notifier").step("vgic_fold_lr_state").step("vgic_prune_ap_list");
        assertTrue(f.distributor.lineLevel[0].get(r.state), "nothing ever lowers it: no pulse, no resampler");
        r.step("kvm_vgic_flush_hwstate").step("guest IAR");
        assertTrue(f.distributor.spuriousAck[0].get(r.state), "taken again with nothing to service");
    }
}
