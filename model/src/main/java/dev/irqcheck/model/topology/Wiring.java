package dev.irqcheck.model.topology;

import java.util.List;

/**
 * The lookups rules make on every step, precomputed from a {@link Topology} into arrays so the
 * search loop neither allocates nor scans lists.
 */
public final class Wiring {
    private final int[][] spisOfGsi;
    private final int[] gsiOfSpi;
    private final int[][] devicesOfSpi;
    private final int[][] resampleIrqfdsOnGsi;
    private final int[] irqfdOfDevice;

    public Wiring(Topology t) {
        int maxGsi = 0;
        for (RouteEntry r : t.routes()) {
            maxGsi = Math.max(maxGsi, r.gsi());
        }
        for (IrqfdSpec f : t.irqfds()) {
            maxGsi = Math.max(maxGsi, f.gsi());
        }
        spisOfGsi = new int[maxGsi + 1][];
        resampleIrqfdsOnGsi = new int[maxGsi + 1][];
        for (int g = 0; g <= maxGsi; g++) {
            spisOfGsi[g] = toArray(t.spisOfGsi(g));
            resampleIrqfdsOnGsi[g] = toArray(t.resampleIrqfdsOnGsi(g));
        }
        int spis = t.spis().size();
        gsiOfSpi = new int[spis];
        devicesOfSpi = new int[spis][];
        for (int s = 0; s < spis; s++) {
            gsiOfSpi[s] = t.gsiOfSpi(s);
            devicesOfSpi[s] = toArray(t.devicesOfSpi(s));
        }
        irqfdOfDevice = new int[t.devices().size()];
        for (int d = 0; d < irqfdOfDevice.length; d++) {
            irqfdOfDevice[d] = t.irqfdOfDevice(d);
        }
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** SPI indices the GSI routes to. Callers must not modify the array. */
    public int[] spisOfGsi(int gsi) { return spisOfGsi[gsi]; }

    /** The GSI the reverse map gives for an SPI (last writer wins), or -1. */
    public int gsiOfSpi(int spi) { return gsiOfSpi[spi]; }

    /** Devices whose irqfd reaches the SPI. Callers must not modify the array. */
    public int[] devicesOfSpi(int spi) { return devicesOfSpi[spi]; }

    /** The resampler's irqfd list for a GSI, in assignment order. Callers must not modify the array. */
    public int[] resampleIrqfdsOnGsi(int gsi) {
        return gsi >= 0 && gsi < resampleIrqfdsOnGsi.length ? resampleIrqfdsOnGsi[gsi] : new int[0];
    }

    public int irqfdOfDevice(int device) { return irqfdOfDevice[device]; }
}
