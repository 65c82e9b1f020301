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

    private final Move[] moves;

    private PermutedState(Move[] moves) {
        this.moves = moves;
    }

    /** Writes the image of {@code src} into {@code dst} (every field is written). */
    void apply(long[] src, long[] dst) {
        for (Move m : moves) {
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

    private static IntFunction<StatePredicate> always() {
        return i -> s -> true;
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
        private final List<Move> moves = new ArrayList<>();

        Builder(StateLayout layout) {
            this.layout = layout;
            this.read = new boolean[layout.fields().size()];
            this.written = new boolean[layout.fields().size()];
        }

        /** Fields that belong to no vCPU, SPI, irqfd or device, and whose values name none. */
        void fixed(Field... fields) {
            for (Field f : fields) {
                move(f, f, (src, dst) -> f.setRaw(dst, f.raw(src)));
            }
        }

        /** Arrays indexed by one kind of element, whose values name nothing: element i's field goes to perm[i]'s. */
        void indexed(int[] perm, Field[]... arrays) {
            for (Field[] a : arrays) {
                for (int i = 0; i < a.length; i++) {
                    Field from = a[i];
                    Field to = a[perm[i]];
                    move(from, to, (src, dst) -> to.setRaw(dst, from.raw(src)));
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
                move(from, to, (src, dst) -> {
                    int x = from.get(src);
                    to.set(dst, isOther.test(src) ? otherMap[x] : isLive.test(src) ? map.applyAsInt(x) : x);
                });
            }
        }

        private void move(Field from, Field to, Move m) {
            if (read[from.index()] || written[to.index()]) {
                throw new IllegalStateException("field " + (read[from.index()] ? from : to).name()
                        + " is moved twice by the wiring symmetry");
            }
            read[from.index()] = true;
            written[to.index()] = true;
            moves.add(m);
        }

        PermutedState build() {
            for (Field f : layout.fields()) {
                if (!read[f.index()] || !written[f.index()]) {
                    throw new IllegalStateException("field " + f.name() + " is not moved by the wiring symmetry: "
                            + "say in PermutedState how a permutation of vCPUs, SPIs, irqfds and devices moves it");
                }
            }
            return new PermutedState(moves.toArray(new Move[0]));
        }
    }
}
