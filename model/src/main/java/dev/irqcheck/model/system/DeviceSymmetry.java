package dev.irqcheck.model.system;

import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Identical devices are interchangeable: two devices with the same trigger, handler, raises and
 * set-up, whose irqfds have the same GSI and kind (or that drive the same SPI with KVM_IRQ_LINE),
 * can swap all their state (device, host, irqfd and QEMU fields) without changing any behaviour,
 * because nothing else in the state names a device: the guest services every device of an SPI,
 * and the resampler signals every irqfd of a GSI. The canonical form sorts each class of
 * interchangeable devices by their state tuple.
 *
 * <p>This relies on the resampler's notify loop being one step: if its per-irqfd eventfd_signal
 * calls were ever split into separate steps, the list position would become observable.
 *
 * <p>Claims checked with it must not single out a device (the catalogue's do not; a user invariant
 * naming a device does, so scenarios with user invariants run without symmetry).
 */
final class DeviceSymmetry implements Symmetry {
    private final List<int[]> classes;
    // Where each device's fields live, read straight from the words: the sort compares tuples on
    // every successor, and the typed accessors' dispatch (three Field classes) cost a tenth of the
    // search (JFR, three-vcpus.yaml).
    private final int[][] wordOf;
    private final long[][] maskOf;
    private final int[][] shiftOf;

    private DeviceSymmetry(List<int[]> classes, Field[][] fieldsOfDevice) {
        this.classes = classes;
        int n = fieldsOfDevice.length;
        wordOf = new int[n][];
        maskOf = new long[n][];
        shiftOf = new int[n][];
        for (int d = 0; d < n; d++) {
            Field[] fs = fieldsOfDevice[d];
            wordOf[d] = new int[fs.length];
            maskOf[d] = new long[fs.length];
            shiftOf[d] = new int[fs.length];
            for (int k = 0; k < fs.length; k++) {
                wordOf[d][k] = fs[k].word();
                maskOf[d][k] = fs[k].mask();
                shiftOf[d][k] = fs[k].mask() == 0 ? 0 : Long.numberOfTrailingZeros(fs[k].mask());
            }
        }
    }

    static Optional<Symmetry> of(Topology t, dev.irqcheck.model.device.Devices devices, dev.irqcheck.model.host.HostSide host,
                                 dev.irqcheck.model.kvm.Irqfds irqfds, dev.irqcheck.model.topology.Variants v) {
        int n = t.devices().size();
        List<int[]> classes = new ArrayList<>();
        boolean[] placed = new boolean[n];
        for (int a = 0; a < n; a++) {
            if (placed[a]) {
                continue;
            }
            List<Integer> members = new ArrayList<>();
            for (int b = a; b < n; b++) {
                if (!placed[b] && interchangeable(t, v, a, b)) {
                    members.add(b);
                    placed[b] = true;
                }
            }
            if (members.size() > 1) {
                classes.add(members.stream().mapToInt(Integer::intValue).toArray());
            }
        }
        if (classes.isEmpty()) {
            return Optional.empty();
        }
        Field[][] fields = new Field[n][];
        for (int d = 0; d < n; d++) {
            int irqfd = t.irqfdOfDevice(d);
            List<Field> own = new ArrayList<>(devices.fieldsOf(d));
            own.addAll(host.fieldsOf(d));
            if (irqfd >= 0) {
                own.addAll(irqfds.fieldsOf(irqfd));
            }
            fields[d] = own.toArray(new Field[0]);
        }
        return Optional.of(new DeviceSymmetry(classes, fields));
    }

    private static boolean interchangeable(Topology t, dev.irqcheck.model.topology.Variants v, int a, int b) {
        DeviceSpec x = t.devices().get(a);
        DeviceSpec y = t.devices().get(b);
        // A guest's PCI_COMMAND write in flight names its device (the vCPU's access value).
        if (x.trigger() != y.trigger() || x.handler() != y.handler() || x.raises() != y.raises()
                || x.intxStartsDisabled() || y.intxStartsDisabled()) {
            return false;
        }
        if (t.irqLineSpiOfDevice(a) != t.irqLineSpiOfDevice(b)) {
            return false;
        }
        int fa = t.irqfdOfDevice(a);
        int fb = t.irqfdOfDevice(b);
        if (fa >= 0 && fb >= 0) {
            IrqfdSpec p = t.irqfds().get(fa);
            IrqfdSpec q = t.irqfds().get(fb);
            // The resampler's list orders resample irqfds; only the list-head-only mutation tells
            // positions apart (the kernel signals the whole list in one step).
            return p.gsi() == q.gsi() && p.kind() == q.kind()
                    && (p.kind() == dev.irqcheck.model.variant.IrqfdKind.PLAIN
                        || v.resampleScope() == dev.irqcheck.model.variant.ResampleScope.ALL_ON_GSI);
        }
        return fa < 0 && fb < 0 && t.irqLineSpiOfDevice(a) == t.irqLineSpiOfDevice(b);
    }

    // Insertion sort of each class by state tuple (the first field most significant), swapping in
    // place: no allocation per state, and a compare usually stops at a member's first field.
    @Override
    public void canonicalize(long[] state) {
        for (int[] members : classes) {
            for (int i = 1; i < members.length; i++) {
                for (int j = i; j > 0 && compare(state, members[j - 1], members[j]) > 0; j--) {
                    swap(state, members[j - 1], members[j]);
                }
            }
        }
    }

    private int compare(long[] state, int a, int b) {
        for (int k = 0; k < wordOf[a].length; k++) {
            int c = Long.compare((state[wordOf[a][k]] & maskOf[a][k]) >>> shiftOf[a][k],
                    (state[wordOf[b][k]] & maskOf[b][k]) >>> shiftOf[b][k]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private void swap(long[] state, int a, int b) {
        for (int k = 0; k < wordOf[a].length; k++) {
            long x = (state[wordOf[a][k]] & maskOf[a][k]) >>> shiftOf[a][k];
            long y = (state[wordOf[b][k]] & maskOf[b][k]) >>> shiftOf[b][k];
            state[wordOf[a][k]] = (state[wordOf[a][k]] & ~maskOf[a][k]) | ((y << shiftOf[a][k]) & maskOf[a][k]);
            state[wordOf[b][k]] = (state[wordOf[b][k]] & ~maskOf[b][k]) | ((x << shiftOf[b][k]) & maskOf[b][k]);
        }
    }
}
