package dev.irqcheck.model.host;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.kvm.Irqfds;
import dev.irqcheck.model.device.Devices;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.HostHandlerKind;
import java.util.ArrayList;
import java.util.List;

/**
 * The host side of a VFIO-PCI INTx: drivers/vfio/pci/vfio_pci_intrs.c, drivers/vfio/virqfd.c and
 * PCI 2.3 INTx masking (drivers/pci pci_check_and_set_intx_mask). The device's INTx pin is its
 * status bit (the device condition) gated by the command register's DisINTx.
 */
final class VfioPci {
    private final Topology topology;
    private final HostFields f;
    private final Devices devices;
    private final Irqfds irqfds;

    VfioPci(Topology topology, HostFields fields, Devices devices, Irqfds irqfds) {
        this.topology = topology;
        this.f = fields;
        this.devices = devices;
        this.irqfds = irqfds;
    }

    List<Rule> rules() {
        List<Rule> rules = new ArrayList<>();
        for (int d = 0; d < topology.devices().size(); d++) {
            DeviceSpec dev = topology.devices().get(d);
            int device = d;
            if (dev.handler() == HostHandlerKind.VFIO_PCI_INTX_DISINTX) {
                // vfio_intx_handler, pci_2_3: the shared host IRQ fires while the pin (status and not
                // DisINTx) is high; pci_check_and_mask_intx sets DisINTx because the status bit is set,
                // masked = 1, then vfio_send_intx_eventfd. Abstracted: other sharers of the host IRQ.
                rules.add(Rule.of("vfio_intx_handler: pci_check_and_mask_intx " + dev.name(),
                        s -> devices.lineAsserted(s, device)
                                && !f.hostMasked[device].get(s) && !f.hostSignalOwed[device].get(s),
                        (s, n) -> {
                            devices.setDisIntx(n, device, true);
                            f.hostMasked[device].set(n, true);
                            f.hostSignalOwed[device].set(n, true);
                        }));
                rules.add(signalRule(dev.name(), device));
                // virqfd_inject (work item): the unmask handler found the device still pending and
                // returned 1, so the trigger is re-signalled from process context.
                rules.add(Rule.of("virqfd_inject: vfio_send_intx_eventfd " + dev.name(),
                        s -> f.virqfdInjectQueued[device].get(s),
                        (s, n) -> {
                            f.virqfdInjectQueued[device].set(n, false);
                            sendIntxEventfd(n, device);
                        }));
            } else if (dev.handler() == HostHandlerKind.VFIO_PCI_INTX_EXCLUSIVE) {
                // vfio_intx_handler, !pci_2_3: disable_irq_nosync and masked = 1 unconditionally (also
                // when already masked), then vfio_send_intx_eventfd. The host IRQ fires while the
                // line is high and the IRQ is enabled (depth 0).
                rules.add(Rule.of("vfio_intx_handler: disable_irq_nosync " + dev.name(),
                        s -> devices.hasCondition(s, device) && f.hostDepth[device].get(s) == 0
                                && !f.hostSignalOwed[device].get(s),
                        (s, n) -> {
                            f.hostDepth[device].set(n, f.hostDepth[device].get(s) + 1);
                            f.hostMasked[device].set(n, true);
                            f.hostSignalOwed[device].set(n, true);
                        }));
                rules.add(signalRule(dev.name(), device));
                // vfio_intx_set_signal before the 2024 fix: after request_irq auto-enabled the IRQ,
                // disable it again because ctx->masked is set.
                rules.add(Rule.of("vfio_intx_set_signal: disable_irq_nosync (masked) " + dev.name(),
                        s -> f.setSignalPending[device].get(s),
                        (s, n) -> {
                            f.setSignalPending[device].set(n, false);
                            if (f.hostMasked[device].get(s)) {
                                f.hostDepth[device].set(n, f.hostDepth[device].get(s) + 1);
                            }
                        }));
            }
        }
        return rules;
    }

    // vfio_intx_handler's second step, after it dropped vdev->irqlock: vfio_send_intx_eventfd.
    private Rule signalRule(String device, int index) {
        return Rule.of("vfio_intx_handler: vfio_send_intx_eventfd " + device, s -> f.hostSignalOwed[index].get(s), (s, n) -> {
            f.hostSignalOwed[index].set(n, false);
            sendIntxEventfd(n, index);
        });
    }

    // vfio_send_intx_eventfd: only while the guest has INTx enabled (virq_disabled clear).
    private void sendIntxEventfd(long[] n, int device) {
        if (!f.virqDisabled[device].get(n)) {
            irqfds.signalTrigger(n, device);
        }
    }

    /**
     * vfio_pci_intx_unmask_handler: if masked and the guest has INTx enabled: PCI 2.3 unmasks only
     * if the status bit is clear (pci_check_and_unmask_intx) and otherwise stays masked and returns
     * 1; exclusive calls enable_irq. Returns 1 when the caller must re-signal the trigger.
     */
    private int unmaskHandler(long[] n, int device) {
        if (!f.hostMasked[device].get(n) || f.virqDisabled[device].get(n)) {
            return 0;
        }
        if (topology.devices().get(device).handler() == HostHandlerKind.VFIO_PCI_INTX_DISINTX) {
            if (devices.hasCondition(n, device)) {
                return 1;
            }
            devices.setDisIntx(n, device, false);
        } else if (f.hostDepth[device].get(n) > 0) {
            f.hostDepth[device].set(n, f.hostDepth[device].get(n) - 1);
        }
        f.hostMasked[device].set(n, false);
        return 0;
    }

    /** virqfd_wakeup: the handler runs inside eventfd_signal; a re-signal is deferred to virqfd_inject. */
    void unmaskFromVirqfd(long[] n, int device) {
        if (unmaskHandler(n, device) > 0) {
            f.virqfdInjectQueued[device].set(n, true);
        }
    }

    /**
     * vfio_basic_config_write, PCI_COMMAND with INTx Disable cleared while virq_disabled:
     * virq_disabled = false and vfio_pci_intx_unmask (the ioctl-style path).
     */
    void guestEnablesIntx(long[] n, int device) {
        f.virqDisabled[device].set(n, false);
        unmaskFromIoctl(n, device);
    }

    /** __vfio_pci_intx_unmask (VFIO_DEVICE_SET_IRQS ACTION_UNMASK): a re-signal happens at once. */
    void unmaskFromIoctl(long[] n, int device) {
        if (unmaskHandler(n, device) > 0) {
            sendIntxEventfd(n, device);
        }
    }
}
