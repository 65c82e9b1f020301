package dev.irqcheck.specs.sweep;

import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.specs.scenario.Combination;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every routing configuration within a sweep's bounds, once each: device -> irqfd -> GSI -> SPI,
 * sharing included. Configurations the kernel refuses, or in which nothing reaches the guest, are
 * counted by reason and skipped; configurations that differ only by renaming devices, GSIs or
 * SPIs are checked once (the canonical form is the smallest encoding over all device orders, with
 * GSIs and SPIs numbered by first use).
 */
public final class ConfigurationEnumerator {
    /** The reasons a raw configuration is not checked, in the order they are tested. */
    public enum Skip {
        NO_ROUTE("an irqfd's GSI has no route, so nothing reaches the guest"),
        /** The shape routes one GSI to two interrupt lines: two entries of one irqchip (the VGIC, or the IOAPIC on x86). */
        SAME_IRQCHIP_TWICE("a GSI routed to the %s twice (setup_routing_entry refuses the same irqchip twice)"),
        ISOMORPHIC("the same as an earlier configuration up to renaming devices, GSIs or %s");

        private final String reason;

        Skip(String reason) {
            this.reason = reason;
        }

        /** The reason, naming the irqchip and its interrupt lines as the swept architectures have them. */
        public String reason(List<dev.irqcheck.model.irqchip.Arch> arches) {
            boolean arm64 = arches.contains(dev.irqcheck.model.irqchip.Arch.ARM64);
            boolean x86 = arches.contains(dev.irqcheck.model.irqchip.Arch.X86);
            return switch (this) {
                case NO_ROUTE -> reason;
                case SAME_IRQCHIP_TWICE -> String.format(reason, arm64 && x86 ? "same irqchip (the VGIC on arm64, the IOAPIC on x86)"
                        : x86 ? "IOAPIC" : "VGIC");
                case ISOMORPHIC -> String.format(reason, arm64 && x86 ? "SPIs (IOAPIC pins on x86)" : x86 ? "IOAPIC pins" : "SPIs");
            };
        }
    }

    private record DeviceOption(TriggerMode trigger, HostHandlerKind handler, IrqfdKind kind) {
    }

    private record SpiOption(TriggerMode config, GuestDriver driver) {
    }

    /** The configurations to check, in a deterministic order, and the skip counts. */
    public record Result(List<SweepConfig> configs, Map<Skip, Integer> skipped, int raw,
                         List<dev.irqcheck.model.irqchip.Arch> arches) {
    }

    private final SweepBounds bounds;
    private final List<DeviceOption> deviceOptions = new ArrayList<>();
    private final List<SpiOption> spiOptions = new ArrayList<>();
    private final List<SweepConfig.Dimensions> dimensions = new ArrayList<>();
    // Shape (configuration and dimensions, without the design) -> its ordinal, for sharding.
    private final Map<String, Integer> shapes = new HashMap<>();

    public ConfigurationEnumerator(SweepBounds bounds) {
        this.bounds = bounds;
        for (TriggerMode t : bounds.triggers()) {
            List<HostHandlerKind> handlers = t == TriggerMode.LEVEL ? bounds.levelHandlers()
                    : List.of(HostHandlerKind.VFIO_PLATFORM_EDGE);
            for (HostHandlerKind h : handlers) {
                for (IrqfdKind k : bounds.irqfdKinds()) {
                    deviceOptions.add(new DeviceOption(t, h, k));
                }
            }
        }
        for (dev.irqcheck.model.irqchip.Arch arch : bounds.arches()) {
            for (int v = bounds.minVcpus(); v <= bounds.maxVcpus(); v++) {
                // Retargeting needs somewhere to move to: only with 2 vCPUs.
                for (int r = 0; r <= (v >= 2 ? bounds.maxRetargets() : 0); r++) {
                    for (int w = 0; w <= bounds.maxDistributorWrites(); w++) {
                        dimensions.add(new SweepConfig.Dimensions(v, r, w, arch));
                    }
                }
            }
        }
        for (TriggerMode c : bounds.spiConfigs()) {
            for (GuestDriver d : bounds.guestDrivers()) {
                spiOptions.add(new SpiOption(c, d));
            }
        }
    }

    public Result enumerate() {
        List<SweepConfig> out = new ArrayList<>();
        Map<Skip, Integer> skipped = new LinkedHashMap<>();
        for (Skip s : Skip.values()) {
            skipped.put(s, 0);
        }
        Set<String> seen = new HashSet<>();
        shapes.clear();
        int[] raw = {0};
        for (int n = 1; n <= bounds.maxDevices(); n++) {
            int[] dev = new int[n];
            int[] gsi = new int[n];
            devices(0, n, dev, gsi, out, skipped, seen, raw);
        }
        return new Result(out, skipped, raw[0], bounds.arches());
    }

    private void devices(int i, int n, int[] dev, int[] gsi, List<SweepConfig> out, Map<Skip, Integer> skipped,
                         Set<String> seen, int[] raw) {
        if (i == n) {
            List<Integer> used = new ArrayList<>();
            for (int g : gsi) {
                if (!used.contains(g)) {
                    used.add(g);
                }
            }
            used.sort(null);
            // Route choice per used GSI: -1 none, -2 twice (to SPI 0 and 1), or an SPI index.
            routes(0, used, new int[used.size()], dev, gsi, out, skipped, seen, raw);
            return;
        }
        for (int o = 0; o < deviceOptions.size(); o++) {
            for (int g = 0; g < bounds.maxGsis(); g++) {
                dev[i] = o;
                gsi[i] = g;
                devices(i + 1, n, dev, gsi, out, skipped, seen, raw);
            }
        }
    }

    private void routes(int k, List<Integer> usedGsis, int[] route, int[] dev, int[] gsi, List<SweepConfig> out,
                        Map<Skip, Integer> skipped, Set<String> seen, int[] raw) {
        if (k == usedGsis.size()) {
            List<Integer> usedSpis = new ArrayList<>();
            boolean noRoute = false;
            boolean twice = false;
            for (int r : route) {
                noRoute |= r == -1;
                twice |= r == -2;
                if (r >= 0 && !usedSpis.contains(r)) {
                    usedSpis.add(r);
                }
            }
            usedSpis.sort(null);
            spis(0, usedSpis, new int[usedSpis.size()], route, usedGsis, dev, gsi, noRoute, twice, out, skipped, seen, raw);
            return;
        }
        int min = bounds.maxSpis() >= 2 ? -2 : -1;
        for (int r = min; r < bounds.maxSpis(); r++) {
            route[k] = r;
            routes(k + 1, usedGsis, route, dev, gsi, out, skipped, seen, raw);
        }
    }

    private void spis(int k, List<Integer> usedSpis, int[] spiOpt, int[] route, List<Integer> usedGsis, int[] dev,
                      int[] gsi, boolean noRoute, boolean twice, List<SweepConfig> out, Map<Skip, Integer> skipped,
                      Set<String> seen, int[] raw) {
        if (k < usedSpis.size()) {
            for (int o = 0; o < spiOptions.size(); o++) {
                spiOpt[k] = o;
                spis(k + 1, usedSpis, spiOpt, route, usedGsis, dev, gsi, noRoute, twice, out, skipped, seen, raw);
            }
            return;
        }
        for (SweepConfig.Dimensions dims : dimensions) {
            for (int d = 0; d < bounds.designs().size(); d++) {
                raw[0]++;
                if (noRoute) {
                    skipped.merge(Skip.NO_ROUTE, 1, Integer::sum);
                    continue;
                }
                if (twice) {
                    skipped.merge(Skip.SAME_IRQCHIP_TWICE, 1, Integer::sum);
                    continue;
                }
                Canonical c = canonical(dev, gsi, usedGsis, route, usedSpis, spiOpt);
                String shape = c.key + "|" + dims.key();
                if (!seen.add(shape + "|" + d)) {
                    skipped.merge(Skip.ISOMORPHIC, 1, Integer::sum);
                    continue;
                }
                Integer ordinal = shapes.get(shape);
                if (ordinal == null) {
                    ordinal = shapes.size();
                    shapes.put(shape, ordinal);
                }
                Combination design = bounds.designs().get(d);
                out.add(new SweepConfig(design.applyTo(c.topology(bounds, dims)), design, dims, shape, ordinal));
            }
        }
    }

    /** A configuration relabelled: devices in the minimizing order, GSIs and SPIs numbered by first use. */
    private final class Canonical {
        String key;
        int[] devOpt;
        int[] devGsi;
        int[] gsiSpi;
        int[] spiOpt;

        Topology topology(SweepBounds b, SweepConfig.Dimensions dims) {
            List<DeviceSpec> devices = new ArrayList<>();
            List<IrqfdSpec> irqfds = new ArrayList<>();
            for (int i = 0; i < devOpt.length; i++) {
                DeviceOption o = deviceOptions.get(devOpt[i]);
                devices.add(new DeviceSpec("d" + i, o.trigger(), b.raises(), o.handler()));
                irqfds.add(new IrqfdSpec(i, devGsi[i], o.kind()));
            }
            List<RouteEntry> routes = new ArrayList<>();
            for (int g = 0; g < gsiSpi.length; g++) {
                routes.add(new RouteEntry(g, gsiSpi[g]));
            }
            List<SpiSpec> spis = new ArrayList<>();
            for (int s = 0; s < spiOpt.length; s++) {
                SpiOption o = spiOptions.get(spiOpt[s]);
                spis.add(new SpiSpec(32 + s, o.config(), true, s % dims.vcpus(), o.driver()));
            }
            // A retargeted SPI can sit on any vCPU, so each needs a list register for every SPI.
            int lrs = dims.retargets() > 0 ? spis.size() : (spis.size() + dims.vcpus() - 1) / dims.vcpus();
            Topology arm64 = new Topology(dims.vcpus(), Math.max(1, lrs), devices, irqfds, routes, spis,
                    new Bounds(1, dims.retargets(), dims.distributorWrites(), 0, 0, 0));
            return dims.arch() == dev.irqcheck.model.irqchip.Arch.X86 ? ArchForm.toX86(arm64) : arm64;
        }
    }

    private Canonical canonical(int[] dev, int[] gsi, List<Integer> usedGsis, int[] route, List<Integer> usedSpis,
                                int[] spiOpt) {
        Canonical best = null;
        for (int[] perm : permutations(dev.length)) {
            Canonical c = new Canonical();
            int n = dev.length;
            c.devOpt = new int[n];
            c.devGsi = new int[n];
            List<Integer> gsiOrder = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int d = perm[i];
                c.devOpt[i] = dev[d];
                if (!gsiOrder.contains(gsi[d])) {
                    gsiOrder.add(gsi[d]);
                }
                c.devGsi[i] = gsiOrder.indexOf(gsi[d]);
            }
            c.gsiSpi = new int[gsiOrder.size()];
            List<Integer> spiOrder = new ArrayList<>();
            for (int g = 0; g < gsiOrder.size(); g++) {
                int spi = route[usedGsis.indexOf(gsiOrder.get(g))];
                if (!spiOrder.contains(spi)) {
                    spiOrder.add(spi);
                }
                c.gsiSpi[g] = spiOrder.indexOf(spi);
            }
            c.spiOpt = new int[spiOrder.size()];
            for (int s = 0; s < spiOrder.size(); s++) {
                c.spiOpt[s] = spiOpt[usedSpis.indexOf(spiOrder.get(s))];
            }
            StringBuilder key = new StringBuilder();
            for (int i = 0; i < n; i++) {
                key.append('d').append(c.devOpt[i]).append('g').append(c.devGsi[i]);
            }
            for (int g = 0; g < c.gsiSpi.length; g++) {
                key.append('r').append(c.gsiSpi[g]);
            }
            for (int s = 0; s < c.spiOpt.length; s++) {
                key.append('s').append(c.spiOpt[s]);
            }
            c.key = key.toString();
            if (best == null || c.key.compareTo(best.key) < 0) {
                best = c;
            }
        }
        return best;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] acc, boolean[] used, int i, List<int[]> out) {
        if (i == acc.length) {
            out.add(acc.clone());
            return;
        }
        for (int k = 0; k < acc.length; k++) {
            if (!used[k]) {
                used[k] = true;
                acc[i] = k;
                permute(acc, used, i + 1, out);
                used[k] = false;
            }
        }
    }
}
