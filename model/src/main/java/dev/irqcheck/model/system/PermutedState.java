package dev.irqcheck.model.system;

import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.state.Field;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.StateLayout;
import dev.irqcheck.model.device.DeviceFields;
import dev.irqcheck.model.guest.AffinityStep;
import dev.irqcheck.model.guest.GuestFields;
import dev.irqcheck.model.guest.ThreadStage;
import dev.irqcheck.model.host.HostFields;
import dev.irqcheck.model.kvm.KvmFields;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.vgic.DistributorFields;
import dev.irqcheck.model.vgic.LrState;
import dev.irqcheck.model.vgic.MmioOp;
import dev.irqcheck.model.vgic.ReworkFields;
import dev.irqcheck.model.vgic.VcpuFields;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * The action of one {@link WiringPermutation} on packed arm64 states: every field goes to the field
 * of the permuted vCPU, SPI, irqfd or device, and every field whose value names a vCPU, SPI, GSI
 * or device has that value permuted too (only while it is live: a cleared access or list register
 * keeps its reset value, which names nothing).
 *
 * <p>A field that is not listed here would keep its value while everything around it moves, which
 * makes the reduction unsound; {@link Builder#build} therefore refuses a layout with a field that
 * is not moved exactly once (so does {@code WiringSymmetryTest} on every bundled arm64 layout).
 */
final class PermutedState {
    @FunctionalInterface
    private interface Move {
        void apply(long[] src, long[] dst);
    }

    // Fields whose value moves unchanged, compiled: every field going from word srcWord[k] to word
    // dstWord[k] by the same shift travels in one masked shift (a vCPU's block of flags moving to
    // another vCPU's block is one operation, not one call per field). Canonicalisation applies
    // every automorphism to every successor, so this is the reduction's hot path.
    private final int[] srcWord;
    private final int[] dstWord;
    private final long[] srcMask;
    private final int[] shiftBy;
    /** The moves whose values are mapped too (a vCPU, SPI, GSI or device number), after the plain ones. */
    private final Move[] mapped;

    private PermutedState(int[] srcWord, int[] dstWord, long[] srcMask, int[] shiftBy, Move[] mapped) {
        this.srcWord = srcWord;
        this.dstWord = dstWord;
        this.srcMask = srcMask;
        this.shiftBy = shiftBy;
        this.mapped = mapped;
    }

    /** Writes the image of {@code src} into {@code dst} (every field is written). */
    void apply(long[] src, long[] dst) {
        java.util.Arrays.fill(dst, 0);
        for (int k = 0; k < srcWord.length; k++) {
            long bits = src[srcWord[k]] & srcMask[k];
            int by = shiftBy[k];
            dst[dstWord[k]] |= by >= 0 ? bits << by : bits >>> -by;
        }
        for (Move m : mapped) {
            m.apply(src, dst);
        }
    }

    static PermutedState of(InterruptLayout layout, Topology t, WiringPermutation p) {
        Builder b = new Builder(layout.layout);
        devices(b, layout.device, layout.host, p);
        kvm(b, layout.kvm, p);
        distributor(b, layout.distributor, p);
        vcpus(b, layout.vcpu, t, p);
        guest(b, layout.guest, p);
        rework(b, layout.rework, t, p);
        return b.build();
    }

    private static void devices(Builder b, DeviceFields d, HostFields h, WiringPermutation p) {
        b.indexed(p.device(), d.deviceCondition, d.raisesLeft, d.disIntx);
        b.indexed(p.device(), h.edgeLatched, h.hostMasked, h.hostSignalOwed, h.hostDepth, h.virqDisabled,
                h.virqfdInjectQueued, h.setSignalPending, h.qemuLineHigh);
    }

    private static void kvm(Builder b, KvmFields k, WiringPermutation p) {
        b.indexed(p.irqfd(), k.injectQueued, k.pulseHigh, k.resamplefdCount, k.irqfdAssigned, k.triggerPending);
        // The reroute bitmask: with reroutes no SPI or GSI moves (WiringPermutation).
        b.fixed(k.reassignsLeft, k.reroutesApplied);
    }

    private static void distributor(Builder b, DistributorFields d, WiringPermutation p) {
        b.indexed(p.spi(), d.spiEnabled, d.lineLevel, d.pendingLatch, d.active, d.spuriousAck, d.staleLevel,
                d.resampleSourceLevel, d.userspaceSourceLevel, d.staleAck, d.spiEdge);
        b.values(p.spi(), d.apListOwner, p::mapVcpu, always());
        b.values(p.spi(), d.spiTarget, p::mapVcpu, always());
    }

    private static void vcpus(Builder b, VcpuFields f, Topology t, WiringPermutation p) {
        int[] v = p.vcpu();
        b.indexed(v, f.mode, f.kicked, f.haltRequested, f.haltWaitFor, f.otherExitsLeft, f.mmio);
        b.values(v, f.mmioSpi, p::mapSpi, i -> s -> f.mmio[i].get(s).namesSpi());
        // The access's value is a vCPU for GICD_IROUTER and a device for PCI_COMMAND.
        b.values(v, f.mmioArg, p::mapVcpu, i -> s -> f.mmio[i].is(s, MmioOp.SET_TARGET),
                p.device(), i -> s -> f.mmio[i].is(s, MmioOp.PCI_COMMAND_WRITE));
        for (int l = 0; l < t.listRegisters(); l++) {
            int lr = l;
            b.indexed(v, column(f.lrState, lr), column(f.lrEoi, lr), column(f.lrAckHalfDone, lr), column(f.lrUsed, lr));
            b.values(v, column(f.lrSpi, lr), p::mapSpi,
                    i -> s -> f.lrUsed[i][lr].get(s) || !f.lrState[i][lr].is(s, LrState.INVALID));
            b.values(v, column(f.lrAckGsi, lr), g -> p.gsi()[g], i -> s -> f.lrAckHalfDone[i][lr].get(s));
        }
    }

    private static void guest(Builder b, GuestFields g, WiringPermutation p) {
        int[] v = p.vcpu();
        b.indexed(v, g.hardIrq, g.affinityStep);
        b.values(v, g.handlingSpi, p::mapSpi, always());
        b.values(v, g.resendSpi, p::mapSpi, always());
        b.values(v, g.affinitySpi, p::mapSpi, i -> s -> !g.affinityStep[i].is(s, AffinityStep.NONE));
        b.values(v, g.affinityTarget, p::mapVcpu, i -> s -> !g.affinityStep[i].is(s, AffinityStep.NONE));
        b.indexed(p.spi(), g.disabled, g.masked, g.thread, g.activatedByGuest, g.replayPending);
        // An idle thread's CPU reads 0; a thread woken again keeps the CPU it ran on (see WiringPermutation).
        b.values(p.spi(), g.threadVcpu, p::mapVcpu, i -> s -> !g.thread[i].is(s, ThreadStage.IDLE));
        b.fixed(g.retargetsLeft, g.distributorWritesLeft, g.activeWritesLeft, g.configWritesLeft);
    }

    private static void rework(Builder b, ReworkFields r, Topology t, WiringPermutation p) {
        int[] v = p.vcpu();
        b.fixed(r.activeSpis);
        b.indexed(v, r.uie, r.npie, r.lrenpie, r.tdir, r.eoiCount, r.replayAckHalfDone, r.replayDeactivated,
                r.processUpdate);
        b.values(v, r.lrSpisAtEntry, p::mapSpiSet, always());
        b.values(v, r.replayAckSpi, p::mapSpi, always());
        b.values(v, r.replayAckGsi, g -> p.gsi()[g], i -> s -> r.replayAckHalfDone[i].get(s));
        for (int l = 0; l < t.listRegisters(); l++) {
            b.indexed(v, column(r.lrDeactivated, l));
        }
    }

    private static final IntFunction<StatePredicate> ALWAYS = i -> s -> true;

    private static IntFunction<StatePredicate> always() {
        return ALWAYS;
    }

    /**
     * A field whose value names an element, mapped through a table over the field's range (the
     * permutation's map, evaluated once when the symmetry is built). {@code live == null}: always
     * mapped; {@code otherLive}, when set and true, maps through {@code otherMap} instead.
     */
    private record MappedMove(IntField from, IntField to, int[] table, StatePredicate live, int[] otherMap,
                              StatePredicate otherLive) implements Move {
        @Override
        public void apply(long[] src, long[] dst) {
            int x = from.get(src);
            int y = otherLive != null && otherLive.test(src) ? otherMap[x]
                    : live == null || live.test(src) ? table[x - from.min()] : x;
            to.set(dst, y);
        }
    }

    // map over from's range; a value the map refuses (none in the catalogue) is left as
    // Integer.MIN_VALUE, which IntField.set refuses if it is ever live, as the map would have.
    private static int[] table(IntField from, IntUnaryOperator map) {
        int[] t = new int[from.max() - from.min() + 1];
        for (int x = from.min(); x <= from.max(); x++) {
            try {
                t[x - from.min()] = map.applyAsInt(x);
            } catch (RuntimeException e) {
                t[x - from.min()] = Integer.MIN_VALUE;
            }
        }
        return t;
    }

    private static Field[] column(Field[][] perVcpu, int lr) {
        Field[] out = new Field[perVcpu.length];
        for (int i = 0; i < perVcpu.length; i++) {
            out[i] = perVcpu[i][lr];
        }
        return out;
    }

    private static IntField[] column(IntField[][] perVcpu, int lr) {
        IntField[] out = new IntField[perVcpu.length];
        for (int i = 0; i < perVcpu.length; i++) {
            out[i] = perVcpu[i][lr];
        }
        return out;
    }

    /** Collects the moves and checks that every field of the layout is read once and written once. */
    static final class Builder {
        private final StateLayout layout;
        private final boolean[] read;
        private final boolean[] written;
        private final List<Move> mapped = new ArrayList<>();
        // (source word, target word, shift) -> the source bits that go that way; insertion order
        // keeps the compiled moves deterministic.
        private final java.util.Map<List<Integer>, Long> plainMasks = new java.util.LinkedHashMap<>();

        Builder(StateLayout layout) {
            this.layout = layout;
            this.read = new boolean[layout.fields().size()];
            this.written = new boolean[layout.fields().size()];
        }

        /** Fields that belong to no vCPU, SPI, irqfd or device, and whose values name none. */
        void fixed(Field... fields) {
            for (Field f : fields) {
                plain(f, f);
            }
        }

        /** Arrays indexed by one kind of element, whose values name nothing: element i's field goes to perm[i]'s. */
        void indexed(int[] perm, Field[]... arrays) {
            for (Field[] a : arrays) {
                for (int i = 0; i < a.length; i++) {
                    plain(a[i], a[perm[i]]);
                }
            }
        }

        /** An indexed array whose values name an element: moved, and the value mapped while it is live. */
        void values(int[] perm, IntField[] a, IntUnaryOperator map, IntFunction<StatePredicate> live) {
            values(perm, a, map, live, null, null);
        }

        /** The same, with a second kind of value under another condition (checked first). */
        void values(int[] perm, IntField[] a, IntUnaryOperator map, IntFunction<StatePredicate> live,
                    int[] otherMap, IntFunction<StatePredicate> otherLive) {
            for (int i = 0; i < a.length; i++) {
                IntField from = a[i];
                IntField to = a[perm[i]];
                StatePredicate isLive = live.apply(i);
                StatePredicate isOther = otherLive == null ? s -> false : otherLive.apply(i);
                claim(from, to);
                mapped.add(new MappedMove(from, to, table(from, map), live == ALWAYS ? null : isLive,
                        otherMap, otherLive == null ? null : isOther));
            }
        }

        // A field whose raw bits move unchanged: grouped by (source word, target word, shift).
        private void plain(Field from, Field to) {
            claim(from, to);
            if (from.mask() == 0) {
                return; // zero width (declared always false): nothing to move
            }
            if (Long.bitCount(from.mask()) != Long.bitCount(to.mask())) {
                throw new IllegalStateException("fields " + from.name() + " and " + to.name() + " differ in width");
            }
            int by = Long.numberOfTrailingZeros(to.mask()) - Long.numberOfTrailingZeros(from.mask());
            plainMasks.merge(List.of(from.word(), to.word(), by), from.mask(), (x, y) -> x | y);
        }

        private void claim(Field from, Field to) {
            if (read[from.index()] || written[to.index()]) {
                throw new IllegalStateException("field " + (read[from.index()] ? from : to).name()
                        + " is moved twice by the wiring symmetry");
            }
            read[from.index()] = true;
            written[to.index()] = true;
        }

        PermutedState build() {
            for (Field f : layout.fields()) {
                if (!read[f.index()] || !written[f.index()]) {
                    throw new IllegalStateException("field " + f.name() + " is not moved by the wiring symmetry: "
                            + "say in PermutedState how a permutation of vCPUs, SPIs, irqfds and devices moves it");
                }
            }
            int n = plainMasks.size();
            int[] srcWord = new int[n];
            int[] dstWord = new int[n];
            long[] srcMask = new long[n];
            int[] shiftBy = new int[n];
            int k = 0;
            for (java.util.Map.Entry<List<Integer>, Long> e : plainMasks.entrySet()) {
                srcWord[k] = e.getKey().get(0);
                dstWord[k] = e.getKey().get(1);
                shiftBy[k] = e.getKey().get(2);
                srcMask[k] = e.getValue();
                k++;
            }
            return new PermutedState(srcWord, dstWord, srcMask, shiftBy, mapped.toArray(new Move[0]));
        }
    }
}
