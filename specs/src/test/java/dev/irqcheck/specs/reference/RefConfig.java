package dev.irqcheck.specs.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One configuration of the reference interpreter, in its own vocabulary (no type from
 * {@code model/}): level devices on VFIO-platform automasked handlers, each with one irqfd; GSIs
 * routed to level SPIs; a guest driver per SPI; the kernel's injection path.
 *
 * @param vcpus             1 or 2
 * @param devices           1 or 2 level devices
 * @param routes            one route per GSI in use, in routing-table order (the reverse map
 *                          {@code chip[pin]} keeps the last GSI written: virt/kvm/irqchip.c
 *                          setup_routing_entry)
 * @param spis              the SPIs the routes reach, in order of first use
 * @param otherExits        exits per vCPU for reasons outside the interrupt path
 * @param distributorWrites guest GICD_ICENABLER (unmask owed) / ISPENDR / ICPENDR writes per run
 * @param kernel            which injection path the host kernel has
 */
record RefConfig(int vcpus, List<Device> devices, List<Route> routes, List<Spi> spis, int otherExits,
                 int distributorWrites, Kernel kernel) {

    enum IrqfdKind { RESAMPLE, PLAIN }

    enum Driver { NORMAL_ISR, ONESHOT_THREADED }

    /**
     * The host kernel's irqfd injection path. {@code yamlValue} is the scenario's {@code kernel}
     * variant, so the comparison does not depend on the model's default (6.19).
     */
    enum Kernel {
        /** Before Linux 5.9: irqfd_wakeup always schedules irqfd_inject; a plain irqfd pulses 1 then 0. */
        WORK_ITEM_5_8("5.8"),
        /** Linux 5.9 ("KVM: arm64: Allow in-atomic injection of SPIs") to 6.18: SPIs injected inline, level 1 only. */
        INLINE_6_18("6.18");

        final String yamlValue;

        Kernel(String yamlValue) {
            this.yamlValue = yamlValue;
        }

        boolean injectsInline() {
            return this == INLINE_6_18;
        }
    }

    record Device(int raises, int gsi, IrqfdKind kind) {
    }

    record Route(int gsi, int pin) {
    }

    record Spi(int pin, Driver driver, int targetVcpu) {
    }

    RefConfig {
        devices = List.copyOf(devices);
        routes = List.copyOf(routes);
        spis = List.copyOf(spis);
    }

    /** Index into {@link #spis} of the SPI a GSI routes to. */
    int spiOfGsi(int gsi) {
        for (Route r : routes) {
            if (r.gsi() == gsi) {
                return spiOfPin(r.pin());
            }
        }
        throw new IllegalArgumentException("GSI " + gsi + " has no route");
    }

    int spiOfPin(int pin) {
        for (int k = 0; k < spis.size(); k++) {
            if (spis.get(k).pin() == pin) {
                return k;
            }
        }
        throw new IllegalArgumentException("pin " + pin + " has no SPI");
    }

    /** The GSI kvm_notify_acked_irq finds for an SPI: the last route written to its pin. */
    int ackGsiOfSpi(int spi) {
        int gsi = -1;
        for (Route r : routes) {
            if (r.pin() == spis.get(spi).pin()) {
                gsi = r.gsi();
            }
        }
        return gsi;
    }

    /** The devices whose irqfd's GSI routes to the SPI: the guest's handler chain services them all. */
    List<Integer> devicesOfSpi(int spi) {
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < devices.size(); d++) {
            if (spiOfGsi(devices.get(d).gsi()) == spi) {
                out.add(d);
            }
        }
        return out;
    }

    /** The resample irqfds on a GSI, i.e. the resampler's list (one resampler per GSI). */
    List<Integer> resampleIrqfdsOnGsi(int gsi) {
        List<Integer> out = new ArrayList<>();
        for (int d = 0; d < devices.size(); d++) {
            if (devices.get(d).gsi() == gsi && devices.get(d).kind() == IrqfdKind.RESAMPLE) {
                out.add(d);
            }
        }
        return out;
    }

    int spisOnVcpu(int v) {
        return (int) spis.stream().filter(s -> s.targetVcpu() == v).count();
    }

    RefConfig withKernel(Kernel k) {
        return new RefConfig(vcpus, devices, routes, spis, otherExits, distributorWrites, k);
    }

    @Override
    public String toString() {
        return "vcpus=" + vcpus + " devices=" + devices.stream()
                .map(d -> "{raises " + d.raises() + ", gsi " + d.gsi() + ", " + d.kind() + "}").collect(Collectors.joining(","))
                + " routes=" + routes.stream().map(r -> r.gsi() + "->" + r.pin()).collect(Collectors.joining(","))
                + " spis=" + spis.stream().map(s -> "{pin " + s.pin() + ", " + s.driver() + ", vcpu " + s.targetVcpu() + "}")
                        .collect(Collectors.joining(","))
                + " other_exits=" + otherExits + " distributor_writes=" + distributorWrites + " kernel=" + kernel;
    }
}
