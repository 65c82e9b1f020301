package dev.irqcheck.model.system;

import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.model.topology.Topology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Symmetry beyond identical devices: the automorphisms of the configuration's wiring
 * ({@link WiringPermutation}: vCPUs with the SPIs that target them, their GSIs, irqfds and devices)
 * together with {@link DeviceSymmetry}'s swaps of identical devices. The canonical form of a state
 * is the least (word by word) of its images under each wiring automorphism, each image with its
 * identical devices sorted. Every device swap maps a class of identical devices to itself and a
 * wiring automorphism maps classes to classes, so the device swaps form a normal subgroup and this
 * is the least element of a set that is the same for every state of an orbit: a canonical form.
 * The groups are small (at most 4! vCPU orders times the SPI orders they allow), so they are
 * enumerated.
 *
 * <p>Only automorphisms that leave the initial state unchanged are kept (a check, not a proof: the
 * model's transition relation must commute with them, which {@code WiringSymmetryProperties}
 * checks state by state on generated configurations). Claims checked with it must not single out a
 * vCPU, SPI or device (the catalogue's properties quantify over all of them; scenarios with user
 * invariants run without symmetry).
 */
final class WiringSymmetry implements Symmetry {
    private final PermutedState[] automorphisms;
    /** Device swaps applied to every image; null when no devices are interchangeable. */
    private final Symmetry devices;
    private final ThreadLocal<long[][]> scratch;

    private WiringSymmetry(PermutedState[] automorphisms, Optional<Symmetry> devices, int words) {
        this.automorphisms = automorphisms;
        this.devices = devices.orElse(null);
        this.scratch = ThreadLocal.withInitial(() -> new long[2][words]);
    }

    /**
     * The symmetry of this configuration: wiring automorphisms with device swaps, device swaps
     * alone when the wiring has no automorphism, or none.
     */
    static Optional<Symmetry> of(Topology t, InterruptLayout layout, long[] initial, Optional<Symmetry> devices) {
        if (t.x86() != null) {
            return devices;
        }
        List<PermutedState> kept = new ArrayList<>();
        long[] image = new long[initial.length];
        for (WiringPermutation p : WiringPermutation.automorphisms(t)) {
            PermutedState action = PermutedState.of(layout, t, p);
            action.apply(initial, image);
            if (Arrays.equals(image, initial)) {
                kept.add(action);
            }
        }
        if (kept.isEmpty()) {
            return devices;
        }
        return Optional.of(new WiringSymmetry(kept.toArray(new PermutedState[0]), devices, initial.length));
    }

    /** Checks that every field of this arm64 layout is moved by a wiring permutation (throws otherwise). */
    static void requireEveryFieldMoved(Topology t, InterruptLayout layout) {
        int[] gsis = WiringPermutation.identityOf(t.maxGsi() + 1);
        PermutedState.of(layout, t, new WiringPermutation(WiringPermutation.identityOf(t.vcpus()),
                WiringPermutation.identityOf(t.spis().size()), gsis, WiringPermutation.identityOf(t.irqfds().size()),
                WiringPermutation.identityOf(t.devices().size())));
    }

    /** The image of a state under each automorphism other than the identity, device swaps left out. */
    List<long[]> images(long[] state) {
        List<long[]> out = new ArrayList<>();
        for (PermutedState g : automorphisms) {
            long[] image = new long[state.length];
            g.apply(state, image);
            out.add(image);
        }
        return out;
    }

    @Override
    public void canonicalize(long[] state) {
        long[][] buffers = scratch.get();
        long[] best = buffers[0];
        long[] image = buffers[1];
        System.arraycopy(state, 0, best, 0, state.length);
        if (devices != null) {
            devices.canonicalize(best);
        }
        for (PermutedState g : automorphisms) {
            g.apply(state, image);
            if (devices != null) {
                devices.canonicalize(image);
            }
            if (Arrays.compare(image, best) < 0) {
                System.arraycopy(image, 0, best, 0, image.length);
            }
        }
        System.arraycopy(best, 0, state, 0, state.length);
    }
}
