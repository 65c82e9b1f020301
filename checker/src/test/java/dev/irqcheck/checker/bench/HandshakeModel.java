package dev.irqcheck.checker.bench;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.state.BoolField;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The level-triggered handshake benchmark of {@code /work/shared/bench} ({@code irq.pml} for SPIN,
 * {@code irq.m} for Rumur) on our engine: same variables, same atomic steps, same parameters, same
 * properties, so distinct states equal SPIN's "states, stored" and Rumur's state count, and
 * transitions equal Rumur's "rules fired".
 *
 * <p>Pipeline for line l: a device raises an event (its line is high while it holds one) -> the
 * host masks line l and signals the irqfd counter {@code efd[l]} -> the injector resets
 * {@code efd[l]} and raises the virtual line {@code vline[l]} -> the VGIC flushes pending into the
 * list register {@code lrp[l]} -> the vCPU {@code l % C} acknowledges (pending -> active), services
 * each device on the line, and EOIs -> on EOI with the LR entry invalid the resampler lowers
 * {@code vline[l]} and signals the resamplefd counter {@code rfd[l]} -> the host unmasks.
 *
 * <p>Rules, in {@code irq.m}'s order (one {@link Rule} per Murphi rule instance, that is per
 * Promela {@code d_step}): for each device i "raise an event"; then for each line l, eight rules:
 * host fire, host resamplefd read, irqfd inject, late lower (enabled only with BUG=2, kept in the
 * list always as in {@code irq.m}), VGIC flush, guest IAR, guest service, guest EOI.
 *
 * <p>Properties: {@code assert} in IAR becomes an invariant "IAR enabled on line l implies line l
 * is high" (the assert fails exactly when IAR fires from such a state, so a violation is the state
 * <em>before</em> the failing step: a trace one step shorter than Rumur's, which counts the rule
 * whose assertion failed); SPIN's Monitor process becomes the invariant "no lost interrupt"; SPIN's
 * invalid end states and Rumur's deadlock check become {@link Claim.AtQuiescence} with condition
 * false.
 *
 * <p>All rules are instances of one final class with a switch on the kind, so the engine's call
 * sites {@code rule.enabled}/{@code rule.apply} stay monomorphic.
 */
public final class HandshakeModel implements TransitionSystem {
    /** Saturation value of the eventfd counters efd and rfd. */
    public static final int CAP = 2;

    /** Claim names. */
    public static final String NO_SPURIOUS = "no spurious acknowledge";
    public static final String NO_LOST = "no lost interrupt";
    public static final String NO_DEADLOCK = "no deadlock";

    /**
     * The parameters of {@code irq.pml}.
     *
     * @param n         devices, 1..8
     * @param shared    all devices on line 0, else device i owns line i
     * @param c         vCPUs, 1..8; line l goes to vCPU l % c
     * @param k         events a device can hold, 1..15
     * @param bug       0 correct, 1 pending+active allowed in the LR, 2 resamplefd before lowering
     * @param spurCheck check "no spurious acknowledge" (SPURCHK)
     */
    public record Params(int n, boolean shared, int c, int k, int bug, boolean spurCheck) {
        public Params {
            if (n < 1 || n > 8) {
                throw new IllegalArgumentException("n must be 1..8, got " + n);
            }
            if (c < 1 || c > 8) {
                throw new IllegalArgumentException("c must be 1..8, got " + c);
            }
            if (k < 1 || k > 15) {
                throw new IllegalArgumentException("k must be 1..15, got " + k);
            }
            if (bug < 0 || bug > 2) {
                throw new IllegalArgumentException("bug must be 0, 1 or 2, got " + bug);
            }
        }

        /** The benchmark's usual setting: C=2, K=2, no bug, spurious check on. */
        public static Params of(int n, boolean shared) {
            return new Params(n, shared, 2, 2, 0, true);
        }

        public Params withBug(int b) {
            return new Params(n, shared, c, k, b, spurCheck);
        }

        public Params withSpurCheck(boolean on) {
            return new Params(n, shared, c, k, bug, on);
        }

        /** Lines: 1 when shared, else n. */
        public int m() {
            return shared ? 1 : n;
        }

        /** Devices per line. */
        public int ndev() {
            return shared ? n : 1;
        }

        @Override
        public String toString() {
            return "N=" + n + " SHARED=" + (shared ? 1 : 0) + " C=" + c + " K=" + k + " BUG=" + bug
                    + (spurCheck ? "" : " SPURCHK=0");
        }
    }

    private final Params p;
    private final int m;
    private final int ndev;
    private final StateLayout layout;

    final IntField[] dcnt;
    final BoolField[] hmask;
    final IntField[] efd;
    final BoolField[] vline;
    final BoolField[] lrp;
    final BoolField[] act;
    final IntField[] rfd;
    final BoolField[] plower;
    final IntField[] gcur; // 0..m, m = idle (Murphi's cur_t; SPIN's NONE)
    final IntField[] gidx; // 0..ndev
    // Devices on each line, for the service step.
    private final IntField[][] devicesOf;
    // The level of line l as masks: line l is high iff (s[levelWord[l][j]] & levelMask[l][j]) != 0
    // for some j. A dcnt field holds dcnt - 0, so it is non-zero exactly when the device asserts.
    private final int[][] levelWord;
    private final long[][] levelMask;

    // The invariants' per-line conditions as masked word compares (see Pattern).
    private final Pattern[] iarPattern;
    private final Pattern[] maskedIdle;
    private final Pattern[] servicing;

    private final List<Rule> rules;
    private final List<State> initial;

    public HandshakeModel(Params params) {
        this.p = params;
        this.m = params.m();
        this.ndev = params.ndev();
        int n = params.n();
        StateLayout.Builder b = StateLayout.builder();
        dcnt = new IntField[n];
        for (int i = 0; i < n; i++) {
            dcnt[i] = b.integer("dcnt[" + i + "]", 0, params.k());
        }
        hmask = new BoolField[m];
        efd = new IntField[m];
        vline = new BoolField[m];
        lrp = new BoolField[m];
        act = new BoolField[m];
        rfd = new IntField[m];
        plower = new BoolField[m];
        for (int l = 0; l < m; l++) {
            hmask[l] = b.bool("hmask[" + l + "]");
            efd[l] = b.integer("efd[" + l + "]", 0, CAP);
            vline[l] = b.bool("vline[" + l + "]");
            lrp[l] = b.bool("lrp[" + l + "]");
            act[l] = b.bool("act[" + l + "]");
            rfd[l] = b.integer("rfd[" + l + "]", 0, CAP);
            plower[l] = b.bool("plower[" + l + "]");
        }
        gcur = new IntField[params.c()];
        gidx = new IntField[params.c()];
        for (int c = 0; c < params.c(); c++) {
            gcur[c] = b.integer("gcur[" + c + "]", 0, m);
            gidx[c] = b.integer("gidx[" + c + "]", 0, ndev);
        }
        layout = b.build();

        devicesOf = new IntField[m][];
        for (int l = 0; l < m; l++) {
            devicesOf[l] = new IntField[ndev];
            for (int j = 0; j < ndev; j++) {
                devicesOf[l][j] = dcnt[devAt(l, j)];
            }
        }

        levelWord = new int[m][];
        levelMask = new long[m][];
        for (int l = 0; l < m; l++) {
            long[] mask = layout.newWords();
            for (IntField d : devicesOf[l]) {
                d.setRaw(mask, (1L << d.bits()) - 1); // all bits of the field: its mask in place
            }
            levelWord[l] = IntStream.range(0, mask.length).filter(w -> mask[w] != 0).toArray();
            levelMask[l] = Arrays.stream(levelWord[l]).mapToLong(w -> mask[w]).toArray();
        }

        iarPattern = new Pattern[m];
        maskedIdle = new Pattern[m];
        servicing = new Pattern[m];
        for (int l = 0; l < m; l++) {
            int cpu = l % params.c();
            iarPattern[l] = new Pattern.Builder(layout).is(gcur[cpu], m).is(lrp[l], true).is(act[l], false).build();
            maskedIdle[l] = new Pattern.Builder(layout).is(hmask[l], true).is(efd[l], 0).is(vline[l], false)
                    .is(lrp[l], false).is(act[l], false).is(rfd[l], 0).is(plower[l], false).build();
            servicing[l] = new Pattern.Builder(layout).is(gcur[cpu], l).build();
        }

        List<Rule> rs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rs.add(new Step(Kind.RAISE, i, "device raises an event, i: " + i));
        }
        for (int l = 0; l < m; l++) {
            rs.add(new Step(Kind.HOST_FIRE, l, "host: physical IRQ, mask, signal irqfd, l: " + l));
            rs.add(new Step(Kind.HOST_UNMASK, l, "host: resamplefd read, unmask, l: " + l));
            rs.add(new Step(Kind.INJECT, l, "irqfd: inject, raise virtual line, l: " + l));
            rs.add(new Step(Kind.LATE_LOWER, l, "resampler: late lower (BUG = 2), l: " + l));
            rs.add(new Step(Kind.FLUSH, l, "vgic: flush pending to list register, l: " + l));
            rs.add(new Step(Kind.IAR, l, "guest: acknowledge (IAR), l: " + l));
            rs.add(new Step(Kind.SERVICE, l, "guest: service a device, l: " + l));
            rs.add(new Step(Kind.EOI, l, "guest: EOI, l: " + l));
        }
        rules = List.copyOf(rs);

        long[] w = layout.newWords();
        for (int c = 0; c < params.c(); c++) {
            gcur[c].set(w, m);
        }
        initial = List.of(new State(layout, w));
    }

    public Params params() {
        return p;
    }

    @Override public StateLayout layout() { return layout; }
    @Override public List<State> initialStates() { return initial; }
    @Override public List<Rule> rules() { return rules; }

    /** The claims of {@code irq.pml}: no spurious acknowledge (when SPURCHK), no lost interrupt, no deadlock. */
    public List<Claim> claims() {
        List<Claim> claims = new ArrayList<>();
        if (p.spurCheck()) {
            claims.add(new Claim.Always(NO_SPURIOUS, this::noSpurious));
        }
        claims.add(new Claim.Always(NO_LOST, this::noLost));
        claims.add(new Claim.AtQuiescence(NO_DEADLOCK, s -> false));
        return claims;
    }

    private int devAt(int l, int j) {
        return p.shared() ? j : l;
    }

    /** Level of line l: some device on it holds an event. */
    boolean level(long[] s, int l) {
        int[] words = levelWord[l];
        long[] masks = levelMask[l];
        for (int j = 0; j < words.length; j++) {
            if ((s[words[j]] & masks[j]) != 0) {
                return true;
            }
        }
        return false;
    }

    /** The level as {@code irq.m}'s {@code level(l)} spells it; the masks above must agree with it. */
    boolean levelByFields(long[] s, int l) {
        for (IntField d : devicesOf[l]) {
            if (d.get(s) > 0) {
                return true;
            }
        }
        return false;
    }

    /** Every rule's compiled guard agrees with its field-by-field spelling on {@code s}. */
    boolean guardsAgree(long[] s) {
        for (Rule r : rules) {
            Step step = (Step) r;
            if (step.enabled(s) != step.enabledByFields(s)) {
                return false;
            }
        }
        return true;
    }

    private boolean iarEnabled(long[] s, int l) {
        return gcur[l % p.c()].get(s) == m && lrp[l].get(s) && !act[l].get(s);
    }

    /** The IAR assert as an invariant: wherever IAR on line l can fire, line l is high. */
    boolean noSpurious(long[] s) {
        for (int l = 0; l < m; l++) {
            if (iarPattern[l].in(s) && !level(s, l)) {
                return false;
            }
        }
        return true;
    }

    /** {@link #noSpurious} field by field. */
    boolean noSpuriousByFields(long[] s) {
        for (int l = 0; l < m; l++) {
            if (iarEnabled(s, l) && !level(s, l)) {
                return false;
            }
        }
        return true;
    }

    /** The Monitor: never a high, masked line with nothing in flight for it. */
    boolean noLost(long[] s) {
        for (int l = 0; l < m; l++) {
            if (maskedIdle[l].in(s) && !servicing[l].in(s) && level(s, l)) {
                return false;
            }
        }
        return true;
    }

    /** {@link #noLost} field by field, as {@code irq.pml}'s Monitor spells it. */
    boolean noLostByFields(long[] s) {
        for (int l = 0; l < m; l++) {
            if (hmask[l].get(s) && efd[l].get(s) == 0 && !vline[l].get(s) && !lrp[l].get(s)
                    && !act[l].get(s) && rfd[l].get(s) == 0 && !plower[l].get(s)
                    && gcur[l % p.c()].get(s) != l && level(s, l)) {
                return false;
            }
        }
        return true;
    }

    enum Kind { RAISE, HOST_FIRE, HOST_UNMASK, INJECT, LATE_LOWER, FLUSH, IAR, SERVICE, EOI }

    /** One rule instance: a kind and its index (device for RAISE, line otherwise). */
    private final class Step implements Rule {
        private final Kind kind;
        private final int x;
        private final int cpu;
        private final String name;
        // The guard compiled to masked word compares (what SPIN's and Rumur's generated C does):
        // enabled iff `must` matches, `mustNot` does not, and, for HOST_FIRE, the line is high.
        private final Pattern must;
        private final Pattern mustNot;
        private final boolean needsLevel;

        Step(Kind kind, int x, String name) {
            this.kind = kind;
            this.x = x;
            this.cpu = x % p.c();
            this.name = name;
            Pattern.Builder yes = new Pattern.Builder(layout);
            Pattern.Builder no = new Pattern.Builder(layout);
            int l = x;
            switch (kind) {
                case RAISE -> no.is(dcnt[x], p.k()); // dcnt < k, as dcnt is at most k
                case HOST_FIRE -> yes.is(hmask[l], false);
                case HOST_UNMASK -> no.is(rfd[l], 0);
                case INJECT -> no.is(efd[l], 0);
                case LATE_LOWER -> yes.is(plower[l], true);
                case FLUSH -> {
                    yes.is(vline[l], true).is(lrp[l], false);
                    if (p.bug() != 1) {
                        yes.is(act[l], false);
                    }
                }
                case IAR -> yes.is(gcur[cpu], m).is(lrp[l], true).is(act[l], false);
                case SERVICE -> {
                    yes.is(gcur[cpu], l);
                    no.is(gidx[cpu], ndev); // gidx < ndev, as gidx is at most ndev
                }
                case EOI -> yes.is(gcur[cpu], l).is(gidx[cpu], ndev);
                default -> throw new AssertionError(kind);
            }
            this.must = yes.build();
            this.mustNot = no.isEmpty() ? Pattern.NEVER : no.build();
            this.needsLevel = kind == Kind.HOST_FIRE;
        }

        @Override public String name() { return name; }
        @Override public String toString() { return name; }

        @Override
        public boolean enabled(long[] s) {
            return must.in(s) && !mustNot.in(s) && (!needsLevel || level(s, x));
        }

        /** The guard as {@code irq.m} spells it, field by field; {@link #enabled} must agree. */
        boolean enabledByFields(long[] s) {
            int l = x;
            switch (kind) {
                case RAISE:
                    return dcnt[x].get(s) < p.k();
                case HOST_FIRE:
                    return !hmask[l].get(s) && level(s, l);
                case HOST_UNMASK:
                    return rfd[l].get(s) > 0;
                case INJECT:
                    return efd[l].get(s) > 0;
                case LATE_LOWER:
                    return plower[l].get(s);
                case FLUSH:
                    return vline[l].get(s) && !lrp[l].get(s) && (p.bug() == 1 || !act[l].get(s));
                case IAR:
                    return gcur[cpu].get(s) == m && lrp[l].get(s) && !act[l].get(s);
                case SERVICE:
                    return gcur[cpu].get(s) == l && gidx[cpu].get(s) < ndev;
                case EOI:
                    return gcur[cpu].get(s) == l && gidx[cpu].get(s) == ndev;
                default:
                    throw new AssertionError(kind);
            }
        }

        @Override
        public void apply(long[] s, long[] t) {
            int l = x;
            switch (kind) {
                case RAISE:
                    dcnt[x].set(t, dcnt[x].get(s) + 1);
                    break;
                case HOST_FIRE:
                    hmask[l].set(t, true);
                    if (efd[l].get(s) < CAP) {
                        efd[l].set(t, efd[l].get(s) + 1);
                    }
                    break;
                case HOST_UNMASK:
                    rfd[l].set(t, 0);
                    hmask[l].set(t, false);
                    break;
                case INJECT:
                    efd[l].set(t, 0);
                    vline[l].set(t, true);
                    break;
                case LATE_LOWER:
                    plower[l].set(t, false);
                    vline[l].set(t, false);
                    break;
                case FLUSH:
                    lrp[l].set(t, true);
                    break;
                case IAR:
                    act[l].set(t, true);
                    lrp[l].set(t, false);
                    gcur[cpu].set(t, l);
                    gidx[cpu].set(t, 0);
                    break;
                case SERVICE: {
                    int j = gidx[cpu].get(s);
                    IntField d = devicesOf[l][j];
                    int held = d.get(s);
                    if (held > 0) {
                        d.set(t, held - 1);
                    }
                    gidx[cpu].set(t, j + 1);
                    break;
                }
                case EOI:
                    act[l].set(t, false);
                    gcur[cpu].set(t, m);
                    gidx[cpu].set(t, 0);
                    if (!lrp[l].get(s)) {
                        if (p.bug() == 2) {
                            plower[l].set(t, true);
                        } else {
                            vline[l].set(t, false);
                        }
                        if (rfd[l].get(s) < CAP) {
                            rfd[l].set(t, rfd[l].get(s) + 1);
                        }
                    }
                    break;
                default:
                    throw new AssertionError(kind);
            }
        }
    }

    /**
     * A conjunction of "field == value" tests compiled to one masked compare per state word it
     * touches: {@code (s[word] & mask) == value}.
     */
    static final class Pattern {
        /** Matches no state. */
        static final Pattern NEVER = new Pattern(new int[] {0}, new long[] {0}, new long[] {1});

        private final int[] words;
        private final long[] masks;
        private final long[] values;
        // A pattern within one word (every guard of the benchmark is) is tested without the
        // arrays' loads and bounds checks: one load, one and, one compare, as SPIN's C does.
        private final boolean oneWord;
        private final int word0;
        private final long mask0;
        private final long value0;

        private Pattern(int[] words, long[] masks, long[] values) {
            this.words = words;
            this.masks = masks;
            this.values = values;
            this.oneWord = words.length == 1;
            this.word0 = oneWord ? words[0] : 0;
            this.mask0 = oneWord ? masks[0] : 0;
            this.value0 = oneWord ? values[0] : 0;
        }

        boolean in(long[] s) {
            if (oneWord) {
                return (s[word0] & mask0) == value0;
            }
            for (int i = 0; i < words.length; i++) {
                if ((s[words[i]] & masks[i]) != values[i]) {
                    return false;
                }
            }
            return true;
        }

        static final class Builder {
            private final long[] mask;
            private final long[] value;

            Builder(StateLayout layout) {
                mask = layout.newWords();
                value = layout.newWords();
            }

            Builder is(IntField f, int v) {
                f.setRaw(mask, (1L << f.bits()) - 1);
                f.set(value, v);
                return this;
            }

            Builder is(BoolField f, boolean v) {
                f.set(mask, true);
                f.set(value, v);
                return this;
            }

            boolean isEmpty() {
                return Arrays.stream(mask).allMatch(w -> w == 0);
            }

            Pattern build() {
                int[] used = IntStream.range(0, mask.length).filter(w -> mask[w] != 0).toArray();
                return new Pattern(used, Arrays.stream(used).mapToLong(w -> mask[w]).toArray(),
                        Arrays.stream(used).mapToLong(w -> value[w]).toArray());
            }
        }
    }
}
