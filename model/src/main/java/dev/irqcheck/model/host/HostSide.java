package dev.irqcheck.model.host;

import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.model.kvm.Irqfds;
import dev.irqcheck.model.system.InterruptLayout;
import dev.irqcheck.model.topology.Topology;
import java.util.ArrayList;
import java.util.List;

/** Every device's host handler, VFIO-platform or VFIO-PCI, behind one unmask entry point per caller. */
public final class HostSide {
    private final Topology topology;
    private final VfioPlatform platform;
    private final VfioPci pci;

    public HostSide(Topology topology, InterruptLayout fields, Irqfds irqfds) {
        this.topology = topology;
        this.platform = new VfioPlatform(topology, fields, irqfds);
        this.pci = new VfioPci(topology, fields, irqfds);
    }

    public List<Rule> rules() {
        List<Rule> rules = new ArrayList<>(platform.rules());
        rules.addAll(pci.rules());
        return rules;
    }

    /** The resamplefd is VFIO's unmask eventfd: virqfd_wakeup runs inside eventfd_signal. */
    public void unmaskFromVirqfd(long[] n, int device) {
        if (topology.devices().get(device).handler().isPci()) {
            pci.unmaskFromVirqfd(n, device);
        } else {
            platform.unmask(n, device);
        }
    }

    /** A VMM issues VFIO_DEVICE_SET_IRQS(ACTION_UNMASK). */
    public void unmaskFromIoctl(long[] n, int device) {
        if (topology.devices().get(device).handler().isPci()) {
            pci.unmaskFromIoctl(n, device);
        } else {
            platform.unmask(n, device);
        }
    }
}
