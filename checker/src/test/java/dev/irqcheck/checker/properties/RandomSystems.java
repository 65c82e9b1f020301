package dev.irqcheck.checker.properties;

import dev.irqcheck.checker.api.FieldSet;
import dev.irqcheck.checker.api.Footprint;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.api.Symmetry;
import dev.irqcheck.checker.api.TransitionSystem;
import dev.irqcheck.checker.state.IntField;
import dev.irqcheck.checker.state.State;
import dev.irqcheck.checker.state.StateLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/**
 * Random finite transition systems for the property suites, in three layers:
 * <ol>
 *   <li><b>Specs</b>: plain generated data (records of small ints, enums and lists), so jqwik
 *       can shrink a failing system field by field and rule by rule. Field references and
 *       constants are raw numbers, resolved modulo the field count or the field's range when a
 *       blueprint is made, so every spec is valid whatever it shrinks to.</li>
 *   <li>{@link Blueprint}: the resolved system over plain {@code int[]} values (field i holds
 *       {@code 0..sizes[i]}), with one shared meaning of guards and effects
 *       ({@link Blueprint#enabled}, {@link Blueprint#apply}). The reference search works on
 *       this.</li>
 *   <li>{@link Model}: the blueprint as a {@link TransitionSystem} on packed words, through
 *       {@link IntField}s with a non-zero minimum and optional padding fields, so the engine's
 *       packing is exercised too.</li>
 * </ol>
 */
final class RandomSystems {
    private RandomSystems() {
    }

    // ---------------------------------------------------------------- specs (generated data)

    enum GuardKind { EQ_CONST, NE_CONST, LT_FIELD, EQ_FIELD }

    enum EffectKind { SET, INC, DEC, COPY }

    /** A field ranging over {@code 0..size} in the blueprint, stored as {@code min..min+size}. */
    record FieldSpec(int size, int min) {
    }

    /** One conjunct of a guard; {@code field}, {@code other} and {@code value} are raw. */
    record AtomSpec(GuardKind kind, int field, int other, int value) {
    }

    /** One assignment of an effect; {@code field}, {@code other} and {@code value} are raw. */
    record ActionSpec(EffectKind kind, int field, int other, int value) {
    }

    /** A guard (a conjunction, empty means true) and an effect (assignments from the source state). */
    record RuleSpec(List<AtomSpec> guard, List<ActionSpec> effect) {
    }

    /**
     * A whole system; each initial state is a list of raw values, one per field (extra entries
     * ignored). {@code padded} fills the rest of word 0 after field 0 with all-ones padding
     * fields, so the other fields live in word 1.
     */
    record SystemSpec(List<FieldSpec> fields, List<RuleSpec> rules, List<List<Integer>> initials,
                      boolean padded) {
        Blueprint blueprint() {
            int n = fields.size();
            int[] sizes = new int[n];
            int[] mins = new int[n];
            for (int i = 0; i < n; i++) {
                sizes[i] = fields.get(i).size();
                mins[i] = fields.get(i).min();
            }
            List<BRule> resolved = new ArrayList<>();
            for (int r = 0; r < rules.size(); r++) {
                resolved.add(resolve("r" + r, rules.get(r), f -> f % n, sizes));
            }
            return new Blueprint(sizes, mins, resolved, resolveInitials(initials, sizes), padded, null);
        }
    }

    /** A field reference in a symmetric template: the acting process's own, the other's, or shared. */
    enum Owner { OWN, OTHER, SHARED }

    record RefSpec(Owner owner, int index) {
    }

    record SymAtomSpec(GuardKind kind, RefSpec field, RefSpec other, int value) {
    }

    record SymActionSpec(EffectKind kind, RefSpec field, RefSpec other, int value) {
    }

    record SymRuleSpec(List<SymAtomSpec> guard, List<SymActionSpec> effect) {
    }

    /**
     * Two interchangeable processes, each with the fields {@code local}, plus {@code shared}
     * fields; every template becomes one rule per process. Swapping the processes' fields is an
     * automorphism of the transition relation, so sorting the two tuples is a valid symmetry.
     */
    record SymmetricSpec(List<FieldSpec> local, List<FieldSpec> shared, List<SymRuleSpec> templates,
                         List<List<Integer>> initials) {
        Blueprint blueprint() {
            int l = local.size();
            int n = 2 * l + shared.size();
            int[] sizes = new int[n];
            int[] mins = new int[n];
            for (int p = 0; p < 2; p++) {
                for (int j = 0; j < l; j++) {
                    sizes[p * l + j] = local.get(j).size();
                    mins[p * l + j] = local.get(j).min();
                }
            }
            for (int k = 0; k < shared.size(); k++) {
                sizes[2 * l + k] = shared.get(k).size();
                mins[2 * l + k] = shared.get(k).min();
            }
            List<BRule> rules = new ArrayList<>();
            for (int t = 0; t < templates.size(); t++) {
                for (int p = 0; p < 2; p++) {
                    rules.add(instantiate("t" + t + "[p" + p + "]", templates.get(t), p, sizes));
                }
            }
            int[][] processes = new int[2][l];
            for (int p = 0; p < 2; p++) {
                for (int j = 0; j < l; j++) {
                    processes[p][j] = p * l + j;
                }
            }
            return new Blueprint(sizes, mins, rules, resolveInitials(initials, sizes), false, processes);
        }

        int flat(RefSpec ref, int process) {
            int l = local.size();
            Owner owner = ref.owner() == Owner.SHARED && shared.isEmpty() ? Owner.OWN : ref.owner();
            return switch (owner) {
                case OWN -> process * l + ref.index() % l;
                case OTHER -> (1 - process) * l + ref.index() % l;
                case SHARED -> 2 * l + ref.index() % shared.size();
            };
        }

        private BRule instantiate(String name, SymRuleSpec t, int p, int[] sizes) {
            List<BAtom> guard = new ArrayList<>();
            for (SymAtomSpec a : t.guard()) {
                int f = flat(a.field(), p);
                guard.add(new BAtom(a.kind(), f, flat(a.other(), p), a.value() % (sizes[f] + 1)));
            }
            List<BAction> effect = new ArrayList<>();
            for (SymActionSpec a : t.effect()) {
                int f = flat(a.field(), p);
                effect.add(new BAction(a.kind(), f, flat(a.other(), p), a.value() % (sizes[f] + 1)));
            }
            return new BRule(name, guard, effect);
        }
    }

    /** A raw (field, value) choice, e.g. for the invariant "field != value". */
    record Pick(int field, int value) {
        int field(Blueprint b) {
            return field % b.fieldCount();
        }

        int value(Blueprint b) {
            return value % (b.sizes()[field(b)] + 1);
        }

        Predicate<int[]> equalsIn(Blueprint b) {
            int f = field(b);
            int v = value(b);
            return s -> s[f] == v;
        }

        String describe(Blueprint b) {
            return "f" + field(b) + "==" + value(b);
        }
    }

    private static BRule resolve(String name, RuleSpec spec, java.util.function.IntUnaryOperator field,
                                 int[] sizes) {
        List<BAtom> guard = new ArrayList<>();
        for (AtomSpec a : spec.guard()) {
            int f = field.applyAsInt(a.field());
            guard.add(new BAtom(a.kind(), f, field.applyAsInt(a.other()), a.value() % (sizes[f] + 1)));
        }
        List<BAction> effect = new ArrayList<>();
        for (ActionSpec a : spec.effect()) {
            int f = field.applyAsInt(a.field());
            effect.add(new BAction(a.kind(), f, field.applyAsInt(a.other()), a.value() % (sizes[f] + 1)));
        }
        return new BRule(name, guard, effect);
    }

    private static List<int[]> resolveInitials(List<List<Integer>> raw, int[] sizes) {
        List<int[]> out = new ArrayList<>();
        for (List<Integer> values : raw) {
            int[] s = new int[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                s[i] = values.get(i % values.size()) % (sizes[i] + 1);
            }
            out.add(s);
        }
        return out;
    }

    // ---------------------------------------------------------------- blueprint (resolved)

    record BAtom(GuardKind kind, int field, int other, int value) {
    }

    record BAction(EffectKind kind, int field, int other, int value) {
    }

    record BRule(String name, List<BAtom> guard, List<BAction> effect) {
        /** Blueprint fields the guard reads. */
        List<Integer> guardReads() {
            List<Integer> out = new ArrayList<>();
            for (BAtom a : guard) {
                out.add(a.field());
                if (a.kind() == GuardKind.LT_FIELD || a.kind() == GuardKind.EQ_FIELD) {
                    out.add(a.other());
                }
            }
            return out;
        }

        /** Blueprint fields the effect reads. */
        List<Integer> effectReads() {
            List<Integer> out = new ArrayList<>();
            for (BAction a : effect) {
                switch (a.kind()) {
                    case INC, DEC -> out.add(a.field());
                    case COPY -> out.add(a.other());
                    case SET -> { }
                }
            }
            return out;
        }

        List<Integer> writes() {
            return effect.stream().map(BAction::field).toList();
        }
    }

    /** Which footprints a {@link Model}'s rules declare. */
    enum Footprints {
        /** None: every rule is dependent on every other. */
        UNDECLARED,
        /** Exactly what each guard and effect reads and writes. */
        EXACT,
        /** Exact, except that rule 0's guard is declared to read nothing: a wrong declaration. */
        RULE_0_GUARD_OMITTED
    }

    /**
     * A resolved system over value vectors; {@code processes} is null, or the field indices of two
     * interchangeable processes (then {@link #canonical} sorts their tuples).
     */
    record Blueprint(int[] sizes, int[] mins, List<BRule> rules, List<int[]> initials, boolean padded,
                     int[][] processes) {

        int fieldCount() {
            return sizes.length;
        }

        boolean enabled(int rule, int[] s) {
            for (BAtom a : rules.get(rule).guard()) {
                boolean holds = switch (a.kind()) {
                    case EQ_CONST -> s[a.field()] == a.value();
                    case NE_CONST -> s[a.field()] != a.value();
                    case LT_FIELD -> s[a.field()] < s[a.other()];
                    case EQ_FIELD -> s[a.field()] == s[a.other()];
                };
                if (!holds) {
                    return false;
                }
            }
            return true;
        }

        /** The successor; every assignment reads the source state. */
        int[] apply(int rule, int[] s) {
            int[] next = s.clone();
            for (BAction a : rules.get(rule).effect()) {
                int f = a.field();
                int range = sizes[f] + 1;
                next[f] = switch (a.kind()) {
                    case SET -> a.value();
                    case INC -> (s[f] + 1) % range;
                    case DEC -> (s[f] + range - 1) % range;
                    case COPY -> s[a.other()] % range;
                };
            }
            return next;
        }

        int[] canonical(int[] s) {
            if (processes == null) {
                return s;
            }
            int[] a = processes[0];
            int[] b = processes[1];
            int cmp = 0;
            for (int j = 0; j < a.length && cmp == 0; j++) {
                cmp = Integer.compare(s[a[j]], s[b[j]]);
            }
            if (cmp <= 0) {
                return s;
            }
            int[] c = s.clone();
            for (int j = 0; j < a.length; j++) {
                c[a[j]] = s[b[j]];
                c[b[j]] = s[a[j]];
            }
            return c;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Blueprint{sizes=").append(Arrays.toString(sizes))
                    .append(", mins=").append(Arrays.toString(mins)).append(", padded=").append(padded);
            if (processes != null) {
                sb.append(", processes=").append(Arrays.deepToString(processes));
            }
            sb.append(", initials=");
            for (int[] i : initials) {
                sb.append(Arrays.toString(i));
            }
            for (BRule r : rules) {
                sb.append("\n  ").append(r);
            }
            return sb.append('}').toString();
        }
    }

    // ---------------------------------------------------------------- model (packed words)

    /** The blueprint as a transition system over packed words; immutable and thread-safe. */
    static final class Model implements TransitionSystem {
        final Blueprint blueprint;
        final StateLayout layout;
        final IntField[] fields;
        final List<Rule> rules;
        final List<State> initialStates;
        final Optional<Symmetry> symmetry;

        Model(Blueprint b) {
            this(b, Footprints.UNDECLARED);
        }

        Model(Blueprint b, Footprints declared) {
            this.blueprint = b;
            StateLayout.Builder builder = StateLayout.builder();
            int n = b.fieldCount();
            fields = new IntField[n];
            List<IntField> pads = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fields[i] = builder.integer("f" + i, b.mins()[i], b.mins()[i] + b.sizes()[i]);
                if (i == 0 && b.padded()) {
                    int free = 64 - fields[0].bits();
                    while (free > 0) {
                        int bits = Math.min(31, free);
                        pads.add(builder.integer("pad" + pads.size(), 0, (int) ((1L << bits) - 1)));
                        free -= bits;
                    }
                }
            }
            layout = builder.build();
            List<Rule> rs = new ArrayList<>();
            for (int r = 0; r < b.rules().size(); r++) {
                int ordinal = r;
                rs.add(Rule.of(b.rules().get(r).name(), footprint(b.rules().get(r), declared, r == 0),
                        s -> enabled(b.rules().get(ordinal), s),
                        (s, next) -> write(next, b.apply(ordinal, values(s)))));
            }
            rules = List.copyOf(rs);
            List<State> init = new ArrayList<>();
            for (int[] v : b.initials()) {
                long[] w = layout.newWords();
                for (IntField pad : pads) {
                    pad.set(w, pad.max());
                }
                write(w, v);
                init.add(new State(layout, w));
            }
            initialStates = List.copyOf(init);
            symmetry = b.processes() == null ? Optional.empty() : Optional.of(this::canonicalize);
        }

        private Footprint footprint(BRule rule, Footprints declared, boolean first) {
            if (declared == Footprints.UNDECLARED) {
                return Footprint.EVERYTHING;
            }
            boolean omitGuard = first && declared == Footprints.RULE_0_GUARD_OMITTED;
            FieldSet guard = omitGuard ? FieldSet.EMPTY : fieldSet(rule.guardReads());
            return new Footprint(guard, guard.union(fieldSet(rule.effectReads())), fieldSet(rule.writes()));
        }

        /** The packed fields of the given blueprint fields. */
        FieldSet fieldSet(List<Integer> blueprintFields) {
            return FieldSet.of(blueprintFields.stream().map(i -> fields[i]).toList());
        }

        /**
         * The guard on packed words, reading a field only when its atom is evaluated (the first
         * false atom ends it), like a hand-written guard: the reduction records what it reads.
         */
        private boolean enabled(BRule rule, long[] words) {
            for (BAtom a : rule.guard()) {
                int x = value(words, a.field());
                boolean holds = switch (a.kind()) {
                    case EQ_CONST -> x == a.value();
                    case NE_CONST -> x != a.value();
                    case LT_FIELD -> x < value(words, a.other());
                    case EQ_FIELD -> x == value(words, a.other());
                };
                if (!holds) {
                    return false;
                }
            }
            return true;
        }

        private int value(long[] words, int field) {
            return fields[field].get(words) - blueprint.mins()[field];
        }

        /** The blueprint values of a packed state. */
        int[] values(long[] words) {
            int[] v = new int[fields.length];
            for (int i = 0; i < fields.length; i++) {
                v[i] = fields[i].get(words) - blueprint.mins()[i];
            }
            return v;
        }

        void write(long[] words, int[] values) {
            for (int i = 0; i < fields.length; i++) {
                fields[i].set(words, values[i] + blueprint.mins()[i]);
            }
        }

        long[] words(int[] values) {
            long[] w = initialStates.get(0).words();
            write(w, values);
            return w;
        }

        private void canonicalize(long[] words) {
            write(words, blueprint.canonical(values(words)));
        }

        /** A predicate on blueprint values, declared to read the given blueprint fields only. */
        StatePredicate liftReadingAll(int[] blueprintFields, Predicate<int[]> p) {
            return StatePredicate.reading(fieldSet(Arrays.stream(blueprintFields).boxed().toList()), lift(p));
        }

        /** A predicate on blueprint values as a predicate on packed words. */
        StatePredicate lift(Predicate<int[]> p) {
            return s -> p.test(values(s));
        }

        @Override public StateLayout layout() { return layout; }
        @Override public List<State> initialStates() { return initialStates; }
        @Override public List<Rule> rules() { return rules; }
        @Override public Optional<Symmetry> symmetry() { return symmetry; }
        @Override public String toString() { return blueprint.toString(); }
    }

    // ---------------------------------------------------------------- arbitraries

    static Arbitrary<Integer> raw() {
        return Arbitraries.integers().between(0, 7);
    }

    // Sizes drawn uniformly, not biased to small lists, so that most systems have some breadth.
    private static <T> Arbitrary<List<T>> lists(Arbitrary<T> element, int min, int max) {
        return element.list().ofMinSize(min).ofMaxSize(max).withSizeDistribution(RandomDistribution.uniform());
    }

    // Up to max elements, but half the time at most one.
    private static <T> Arbitrary<List<T>> mostlyShort(Arbitrary<T> element, int max) {
        return Arbitraries.frequencyOf(Tuple.of(1, lists(element, 0, max)), Tuple.of(1, lists(element, 0, Math.min(1, max))));
    }

    // Like lists(), but three times in four from the upper part of the range (common..max).
    private static <T> Arbitrary<List<T>> mostlyLong(Arbitrary<T> element, int min, int common, int max) {
        return Arbitraries.frequencyOf(Tuple.of(1, lists(element, min, max)), Tuple.of(3, lists(element, common, max)));
    }

    // A field of 1 + size values; a field of one value (size 0) is a valid corner, kept rare.
    static Arbitrary<FieldSpec> fieldSpecs(int minSize, int maxSize) {
        Arbitrary<Integer> size = Arbitraries.integers().between(minSize, maxSize)
                .withDistribution(RandomDistribution.uniform());
        if (minSize == 0) {
            size = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
                    Tuple.of(8, Arbitraries.integers().between(1, maxSize).withDistribution(RandomDistribution.uniform())));
        }
        return Combinators.combine(size, Arbitraries.integers().between(-3, 3)).as(FieldSpec::new);
    }

    // Guards that hold often (so systems move) and effects that mostly count (so they reach far).
    static Arbitrary<GuardKind> guardKinds() {
        return Arbitraries.frequency(Tuple.of(2, GuardKind.NE_CONST), Tuple.of(2, GuardKind.LT_FIELD),
                Tuple.of(1, GuardKind.EQ_CONST), Tuple.of(1, GuardKind.EQ_FIELD));
    }

    static Arbitrary<EffectKind> effectKinds() {
        return Arbitraries.frequency(Tuple.of(4, EffectKind.INC), Tuple.of(2, EffectKind.SET),
                Tuple.of(2, EffectKind.DEC), Tuple.of(1, EffectKind.COPY));
    }

    static Arbitrary<AtomSpec> atoms() {
        return Combinators.combine(guardKinds(), raw(), raw(), raw()).as(AtomSpec::new);
    }

    static Arbitrary<ActionSpec> actions() {
        return Combinators.combine(effectKinds(), raw(), raw(), raw()).as(ActionSpec::new);
    }

    static Arbitrary<RuleSpec> ruleSpecs(int maxGuard) {
        return Combinators.combine(mostlyShort(atoms(), maxGuard), lists(actions(), 1, 2)).as(RuleSpec::new);
    }

    static Arbitrary<List<List<Integer>>> initials(int width) {
        return lists(raw().list().ofSize(width), 1, 3);
    }

    /** 1 to 5 fields of at most 5 values and up to 8 rules: at most 3125 states. */
    static Arbitrary<SystemSpec> systems() {
        return systems(1, 5, 4, 8, 2);
    }

    /** 1 to 4 fields of at most 4 values: at most 256 states, for quadratic references. */
    static Arbitrary<SystemSpec> smallSystems() {
        return systems(1, 4, 3, 6, 2);
    }

    /**
     * 6 or 7 fields of 3 to 5 values and 6 to 12 rules with at most one guard atom: up to 78125
     * states, in practice mostly hundreds to thousands, with levels of up to a few thousand.
     */
    static Arbitrary<SystemSpec> largeSystems() {
        return Combinators.combine(lists(fieldSpecs(2, 4), 6, 7), lists(ruleSpecs(1), 6, 12), initials(7),
                Arbitraries.of(false, true)).as(SystemSpec::new).withoutEdgeCases();
    }

    /**
     * 7 fields of 5 values, each with a "count" rule (f != 4 -> f := f + 1), plus up to 3 random
     * rules: 78125 reachable states from the all-zero state, enough for the engine's fingerprint
     * tables to grow during a search. Without random rules the graph is acyclic and ends in the
     * all-4 state, so liveness claims hold as often as they fail.
     */
    static Arbitrary<SystemSpec> hugeSystems() {
        List<RuleSpec> count = new ArrayList<>();
        for (int f = 0; f < 7; f++) {
            count.add(new RuleSpec(List.of(new AtomSpec(GuardKind.NE_CONST, f, f, 4)),
                    List.of(new ActionSpec(EffectKind.INC, f, f, 0))));
        }
        Arbitrary<List<RuleSpec>> rules = lists(ruleSpecs(2), 0, 3).map(extra -> {
            List<RuleSpec> all = new ArrayList<>(count);
            all.addAll(extra);
            return all;
        });
        Arbitrary<List<FieldSpec>> fields = Arbitraries.integers().between(-3, 3)
                .map(min -> new FieldSpec(4, min)).list().ofSize(7);
        List<List<Integer>> zero = List.of(List.of(0, 0, 0, 0, 0, 0, 0));
        return Combinators.combine(fields, rules, Arbitraries.just(zero), Arbitraries.of(false, true))
                .as(SystemSpec::new).withoutEdgeCases();
    }

    static Arbitrary<SystemSpec> systems(int minFields, int maxFields, int maxSize, int maxRules, int maxGuard) {
        return Combinators.combine(mostlyLong(fieldSpecs(0, maxSize), minFields, maxFields - 1, maxFields),
                mostlyLong(ruleSpecs(maxGuard), 0, maxRules / 2, maxRules), initials(maxFields),
                Arbitraries.of(false, true)).as(SystemSpec::new).withoutEdgeCases();
    }

    static Arbitrary<Pick> picks() {
        return Combinators.combine(raw(), raw()).as(Pick::new);
    }

    static Arbitrary<RefSpec> refs() {
        return Combinators.combine(Arbitraries.of(Owner.class), raw()).as(RefSpec::new);
    }

    /**
     * Two processes that mostly make progress on their own fields: per local field a "count" template
     * ({@code own != 3 -> own := own + 1}, the fields ranging over 0..3), plus up to three random
     * templates whose references are the process's own six times in eight. Many pairs of rules
     * are then independent and most behaviours end: systems on which a partial-order reduction has
     * something to reduce (on the cyclic systems above its cycle proviso mostly expands fully).
     */
    static Arbitrary<SymmetricSpec> interleavedSystems() {
        Arbitrary<RefSpec> ref = Combinators.combine(
                Arbitraries.frequency(Tuple.of(6, Owner.OWN), Tuple.of(1, Owner.OTHER), Tuple.of(1, Owner.SHARED)),
                raw()).as(RefSpec::new);
        Arbitrary<SymAtomSpec> atom = Combinators.combine(guardKinds(), ref, ref, raw()).as(SymAtomSpec::new);
        Arbitrary<SymActionSpec> action = Combinators.combine(effectKinds(), ref, ref, raw()).as(SymActionSpec::new);
        Arbitrary<SymRuleSpec> template = Combinators.combine(mostlyShort(atom, 2), lists(action, 1, 2))
                .as(SymRuleSpec::new);
        Arbitrary<Integer> localCount = Arbitraries.integers().between(1, 2);
        return localCount.flatMap(l -> {
            List<SymRuleSpec> count = new ArrayList<>();
            for (int j = 0; j < l; j++) {
                RefSpec own = new RefSpec(Owner.OWN, j);
                count.add(new SymRuleSpec(List.of(new SymAtomSpec(GuardKind.NE_CONST, own, own, 3)),
                        List.of(new SymActionSpec(EffectKind.INC, own, own, 0))));
            }
            Arbitrary<List<SymRuleSpec>> templates = lists(template, 0, 3).map(extra -> {
                List<SymRuleSpec> all = new ArrayList<>(count);
                all.addAll(extra);
                return all;
            });
            Arbitrary<List<FieldSpec>> local = Arbitraries.integers().between(-3, 3)
                    .map(min -> new FieldSpec(3, min)).list().ofSize(l);
            return Combinators.combine(local, lists(fieldSpecs(1, 3), 0, 1), templates, initials(5))
                    .as(SymmetricSpec::new);
        }).withoutEdgeCases();
    }

    static Arbitrary<SymmetricSpec> symmetricSystems() {
        Arbitrary<SymAtomSpec> atom = Combinators.combine(guardKinds(), refs(), refs(), raw()).as(SymAtomSpec::new);
        Arbitrary<SymActionSpec> action = Combinators.combine(effectKinds(), refs(), refs(), raw())
                .as(SymActionSpec::new);
        Arbitrary<SymRuleSpec> template = Combinators.combine(mostlyShort(atom, 2), lists(action, 1, 2))
                .as(SymRuleSpec::new);
        return Combinators.combine(lists(fieldSpecs(0, 3), 1, 2), lists(fieldSpecs(0, 3), 0, 2),
                mostlyLong(template, 0, 2, 4), initials(6)).as(SymmetricSpec::new).withoutEdgeCases();
    }
}
