package dev.irqcheck.model.system;

import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.GuestDriver;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One automorphism of an arm64 configuration's wiring: where each vCPU, SPI, GSI, irqfd and device
 * goes, such that the topology is unchanged: every SPI keeps its configuration, enable and driver
 * and its target moves with the vCPUs, every GSI's route moves with the SPIs, every irqfd (kind,
 * position in its resampler's list) moves with its GSI, and every device (trigger, handler,
 * raises, set-up) with its irqfd.
 *
 * <p>{@link #automorphisms} enumerates them (vCPU permutations times the SPI permutations they
 * allow, by backtracking; the rest is derived by rank, so some automorphisms of unusual wirings,
 * e.g. two GSIs routed to one SPI in different orders, are not found: less reduction, never an
 * unsound one). Conservative limits, each because some model state depends on the index itself:
 * <ul>
 *   <li>SPIs that may share an ap_list (the same target, or any two when the guest may retarget)
 *       keep their relative order: flush fills list registers in SPI order;</li>
 *   <li>no SPI moves when LR overflow is possible (the ap_list sort and EOIcount walk are by
 *       index), when the configuration has reroutes (a bitmask over the reroute list) or
 *       QEMU-emulated lines;</li>
 *   <li>with a oneshot-threaded driver vCPU 0 stays put: an idle irq thread's CPU reads 0, and a
 *       thread woken again keeps the CPU it last ran on, so 0 is both "none" and "vCPU 0".</li>
 * </ul>
 *
 * @param vcpu   vCPU i goes to vcpu[i]
 * @param spi    SPI index i goes to spi[i]
 * @param gsi    GSI number g goes to gsi[g] (0..maxGsi)
 * @param irqfd  irqfd index i goes to irqfd[i]
 * @param device device index i goes to device[i]
 */
record WiringPermutation(int[] vcpu, int[] spi, int[] gsi, int[] irqfd, int[] device) {

    boolean isIdentity() {
        return identity(vcpu) && identity(spi) && identity(gsi) && identity(irqfd) && identity(device);
    }

    int mapVcpu(int v) {
        return v < 0 ? v : vcpu[v];
    }

    int mapSpi(int s) {
        return s < 0 ? s : spi[s];
    }

    int mapSpiSet(int bits) {
        int out = 0;
        for (int s = 0; s < spi.length; s++) {
            if ((bits & (1 << s)) != 0) {
                out |= 1 << spi[s];
            }
        }
        return out;
    }

    /** Every automorphism other than the identity (empty on x86, which is not covered yet). */
    static List<WiringPermutation> automorphisms(Topology t) {
        List<WiringPermutation> out = new ArrayList<>();
        if (t.x86() != null) {
            return out;
        }
        for (int[] pv : permutations(t.vcpus())) {
            if (anyOneshot(t) && pv[0] != 0) {
                continue;
            }
            int[] ps = new int[t.spis().size()];
            Arrays.fill(ps, -1);
            extendSpis(t, pv, ps, 0, new boolean[ps.length], out);
        }
        out.removeIf(WiringPermutation::isIdentity);
        return out;
    }

    private static void extendSpis(Topology t, int[] pv, int[] ps, int i, boolean[] used, List<WiringPermutation> out) {
        if (i == ps.length) {
            derive(t, pv.clone(), ps.clone()).ifPresent(out::add);
            return;
        }
        boolean spisFixed = t.lrOverflowPossible() || !t.reroutes().isEmpty() || !t.irqLines().isEmpty();
        for (int j = 0; j < ps.length; j++) {
            if (used[j] || (spisFixed && j != i) || !sameSpi(t, pv, i, j) || !keepsApListOrder(t, ps, i, j)) {
                continue;
            }
            ps[i] = j;
            used[j] = true;
            extendSpis(t, pv, ps, i + 1, used, out);
            used[j] = false;
            ps[i] = -1;
        }
    }

    private static boolean sameSpi(Topology t, int[] pv, int i, int j) {
        SpiSpec a = t.spis().get(i);
        SpiSpec b = t.spis().get(j);
        return a.config() == b.config() && a.enabled() == b.enabled() && a.driver() == b.driver()
                && pv[a.targetVcpu()] == b.targetVcpu();
    }

    // SPIs i and k < i that can be on one ap_list must keep their order.
    private static boolean keepsApListOrder(Topology t, int[] ps, int i, int j) {
        for (int k = 0; k < i; k++) {
            boolean share = t.bounds().retargets() > 0 || t.spis().get(k).targetVcpu() == t.spis().get(i).targetVcpu();
            if (share && ps[k] > j) {
                return false;
            }
        }
        return true;
    }

    private static Optional<WiringPermutation> derive(Topology t, int[] pv, int[] ps) {
        int[] pg = identityOf(t.maxGsi() + 1);
        for (int s = 0; s < ps.length; s++) {
            List<Integer> from = gsisRoutedTo(t, s);
            List<Integer> to = gsisRoutedTo(t, ps[s]);
            if (from.size() != to.size()) {
                return Optional.empty();
            }
            for (int r = 0; r < from.size(); r++) {
                pg[from.get(r)] = to.get(r);
            }
        }
        int[] pf = new int[t.irqfds().size()];
        int[] pd = identityOf(t.devices().size());
        for (int g = 0; g < pg.length; g++) {
            List<Integer> from = irqfdsOn(t, g);
            List<Integer> to = irqfdsOn(t, pg[g]);
            if (from.size() != to.size()) {
                return Optional.empty();
            }
            for (int r = 0; r < from.size(); r++) {
                IrqfdSpec a = t.irqfds().get(from.get(r));
                IrqfdSpec b = t.irqfds().get(to.get(r));
                if (a.kind() != b.kind() || !sameDevice(t.devices().get(a.device()), t.devices().get(b.device()))) {
                    return Optional.empty();
                }
                pf[from.get(r)] = to.get(r);
                pd[a.device()] = b.device();
            }
        }
        return Optional.of(new WiringPermutation(pv, ps, pg, pf, pd));
    }

    private static boolean sameDevice(DeviceSpec a, DeviceSpec b) {
        return a.trigger() == b.trigger() && a.handler() == b.handler() && a.raises() == b.raises()
                && a.intxStartsDisabled() == b.intxStartsDisabled();
    }

    private static List<Integer> gsisRoutedTo(Topology t, int spi) {
        int intid = t.spis().get(spi).intid();
        List<Integer> out = new ArrayList<>();
        for (RouteEntry r : t.routes()) {
            if (r.intid() == intid) {
                out.add(r.gsi());
            }
        }
        return out;
    }

    private static List<Integer> irqfdsOn(Topology t, int gsi) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < t.irqfds().size(); i++) {
            if (t.irqfds().get(i).gsi() == gsi) {
                out.add(i);
            }
        }
        return out;
    }

    private static boolean anyOneshot(Topology t) {
        return t.spis().stream().anyMatch(s -> s.driver() == GuestDriver.ONESHOT_THREADED);
    }

    static int[] identityOf(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    private static boolean identity(int[] p) {
        for (int i = 0; i < p.length; i++) {
            if (p[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(identityOf(n), 0, out);
        return out;
    }

    private static void permute(int[] p, int k, List<int[]> out) {
        if (k == p.length) {
            out.add(p.clone());
            return;
        }
        for (int i = k; i < p.length; i++) {
            int x = p[k];
            p[k] = p[i];
            p[i] = x;
            permute(p, k + 1, out);
            p[i] = p[k];
            p[k] = x;
        }
    }

    @Override
    public String toString() {
        return "vcpu " + Arrays.toString(vcpu) + " spi " + Arrays.toString(spi) + " irqfd " + Arrays.toString(irqfd)
                + " device " + Arrays.toString(device);
    }
}
