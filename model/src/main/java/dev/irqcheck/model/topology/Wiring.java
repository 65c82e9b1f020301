package dev.irqcheck.model.topology;

import dev.irqcheck.checker.state.IntField;
import java.util.List;

/**
 * The lookups rules make on every step, precomputed from a {@link Topology} into arrays so the
 * search loop neither allocates nor scans lists. When a scenario has reroutes, the routing is part
 * of the state (a bitmask of applied reroutes) and the lookups that depend on it take the state:
 * one precomputed table per reachable routing.
 */
public final class Wiring {
    private final Table[] tables;
    private final IntField applied;
    private final int[][] resampleIrqfdsOnGsi;
    private final int[] irqfdOfDevice;

    private static final class Table {
        final int[][] spisOfGsi;
        final int[] gsiOfSpi;
        final int[][] devicesOfSpi;

        Table(Topology t, int maxGsi) {
            spisOfGsi = new int[maxGsi + 1][];
            for (int g = 0; g <= maxGsi; g++) {
                spisOfGsi[g] = toArray(t.spisOfGsi(g));
            }
            int spis = t.spis().size();
            gsiOfSpi = new int[spis];
            devicesOfSpi = new int[spis][];
            for (int s = 0; s < spis; s++) {
                gsiOfSpi[s] = t.gsiOfSpi(s);
                devicesOfSpi[s] = toArray(t.devicesOfSpi(s));
            }
        }
    }

    /** @param appliedReroutes the state field holding the applied reroutes, or null when there are none */
    public Wiring(Topology t, IntField appliedReroutes) {
        int maxGsi = 0;
        for (RouteEntry r : t.routes()) {
            maxGsi = Math.max(maxGsi, r.gsi());
        }
        for (IrqfdSpec f : t.irqfds()) {
            maxGsi = Math.max(maxGsi, f.gsi());
        }
        tables = new Table[1 << t.reroutes().size()];
        for (int mask = 0; mask < tables.length; mask++) {
            tables[mask] = new Table(t.routedAfter(mask), maxGsi);
        }
        this.applied = t.reroutes().isEmpty() ? null : appliedReroutes;
        resampleIrqfdsOnGsi = new int[maxGsi + 1][];
        for (int g = 0; g <= maxGsi; g++) {
            resampleIrqfdsOnGsi[g] = toArray(t.resampleIrqfdsOnGsi(g));
        }
        irqfdOfDevice = new int[t.devices().size()];
        for (int d = 0; d < irqfdOfDevice.length; d++) {
            irqfdOfDevice[d] = t.irqfdOfDevice(d);
        }
    }

    public Wiring(Topology t) {
        this(t, null);
    }

    private static int[] toArray(List<Integer> list) {
        return list.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The bitmask of applied reroutes in this state (0 when the scenario has none). */
    public int appliedReroutes(long[] s) {
        return applied == null ? 0 : applied.get(s);
    }

    private Table table(long[] s) {
        return applied == null ? tables[0] : tables[applied.get(s)];
    }

    /** SPI indices the GSI routes to in the current routing. Callers must not modify the array. */
    public int[] spisOfGsi(long[] s, int gsi) { return table(s).spisOfGsi[gsi]; }

    /** The GSI the reverse map gives for an SPI in the current routing (last writer wins), or -1. */
    public int gsiOfSpi(long[] s, int spi) { return table(s).gsiOfSpi[spi]; }

    /**
     * Devices whose irqfd reaches the SPI in the current routing (the guest's driver is taken to
     * follow the routing: a reroute matches a change of the guest's own interrupt wiring).
     */
    public int[] devicesOfSpi(long[] s, int spi) { return table(s).devicesOfSpi[spi]; }

    /** Every resample irqfd on a GSI, in assignment order, assigned or not. Callers must not modify the array. */
    public int[] resampleIrqfdsOnGsi(int gsi) {
        return gsi >= 0 && gsi < resampleIrqfdsOnGsi.length ? resampleIrqfdsOnGsi[gsi] : new int[0];
    }

    public int irqfdOfDevice(int device) { return irqfdOfDevice[device]; }
}
