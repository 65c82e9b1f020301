package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.TriggerMode;

/**
 * A physical device line assigned to the guest.
 *
 * @param raises how many times the device may raise a condition in one run (bounds the run)
 * @param intxStartsDisabled PCI only: the guest starts with INTx disabled in its virtual command
 *                           register (VFIO's virq_disabled) and enables it later
 */
public record DeviceSpec(String name, TriggerMode trigger, int raises, HostHandlerKind handler,
                         boolean intxStartsDisabled) {
    public DeviceSpec(String name, TriggerMode trigger, int raises, HostHandlerKind handler) {
        this(name, trigger, raises, handler, false);
    }

    public DeviceSpec {
        if (intxStartsDisabled && !handler.isPci()) {
            throw new IllegalArgumentException("device " + name + ": only a PCI INTx can start with INTx disabled");
        }
        if (raises < 1 || raises > 7) {
            throw new IllegalArgumentException("device " + name + ": raises must be 1..7, got " + raises);
        }
        if (trigger == TriggerMode.LEVEL && !handler.automasks() && handler.isVfio()) {
            throw new IllegalArgumentException("device " + name + ": a level device needs an automasking handler");
        }
        if (trigger == TriggerMode.EDGE && handler != HostHandlerKind.VFIO_PLATFORM_EDGE && handler.isVfio()) {
            throw new IllegalArgumentException("device " + name + ": an edge device uses the edge handler");
        }
    }
}
