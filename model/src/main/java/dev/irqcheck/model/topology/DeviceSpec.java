package dev.irqcheck.model.topology;

import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.TriggerMode;

/**
 * A physical device line assigned to the guest.
 *
 * @param raises how many times the device may raise a condition in one run (bounds the run)
 */
public record DeviceSpec(String name, TriggerMode trigger, int raises, HostHandlerKind handler) {
    public DeviceSpec {
        if (raises < 1 || raises > 7) {
            throw new IllegalArgumentException("device " + name + ": raises must be 1..7, got " + raises);
        }
        if (trigger == TriggerMode.LEVEL && handler != HostHandlerKind.VFIO_PLATFORM_AUTOMASKED) {
            throw new IllegalArgumentException("device " + name + ": a level device needs an automasking handler");
        }
        if (trigger == TriggerMode.EDGE && handler != HostHandlerKind.VFIO_PLATFORM_EDGE) {
            throw new IllegalArgumentException("device " + name + ": an edge device uses the edge handler");
        }
    }
}
