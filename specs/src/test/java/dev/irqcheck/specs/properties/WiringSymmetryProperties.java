package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.checker.api.Claim;
import dev.irqcheck.checker.api.Rule;
import dev.irqcheck.checker.api.StatePredicate;
import dev.irqcheck.checker.result.CheckReport;
import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.checker.search.Explorer;
import dev.irqcheck.checker.search.SearchConfig;
import dev.irqcheck.model.properties.Decided;
import dev.irqcheck.model.properties.RandomTopologies;
import dev.irqcheck.model.system.InterruptSystem;
import dev.irqcheck.model.topology.Bounds;
import dev.irqcheck.model.topology.DeviceSpec;
import dev.irqcheck.model.topology.IrqfdSpec;
import dev.irqcheck.model.topology.RouteEntry;
import dev.irqcheck.model.topology.SpiSpec;
import dev.irqcheck.model.topology.Topology;
import dev.irqcheck.model.topology.Variants;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.specs.claims.PropertyId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * The wiring symmetry (vCPUs with the SPIs, GSIs, irqfds and devices wired to them) on generated
 * configurations built to have it: one block (an SPI, its devices and GSIs) per vCPU, or every SPI
 * on vCPU 0 with interchangeable spare vCPUs, with any variants and small adversarial budgets.
 *
 * <p>Two properties: every automorphism commutes with the model, state by state (the successors of
 * an image are the images of the successors, and every safety claim of the catalogue reads the same
 * on both), which is what makes the quotient exact; and a search with the reduction gives the same
 * verdicts as one without, each of its counterexamples replaying step by step on the unreduced model.
 */
class WiringSymmetryProperties {
    /** Unreduced states explored state by state in the commutation check; larger samples are counted, not checked. */
    static final int COMMUTE_LIMIT = 10_000;
    static final long SEARCH_LIMIT = 60_000;

    record Block(List<TriggerMode> devices, boolean shareGsi, TriggerMode spiConfig, GuestDriver driver) {
    }

    record Symmetric(Topology topology, Variants variants) {
        @Override
        public String toString() {
            return topology + "\n" + variants;
        }
    }

    @Provide
    Arbitrary<Symmetric> symmetric() {
        Arbitrary<Block> block = Combinators.combine(
                Arbitraries.of(TriggerMode.class).list().ofMinSize(1).ofMaxSize(2),
                Arbitraries.of(true, false), Arbitraries.of(TriggerMode.class), Arbitraries.of(GuestDriver.class))
                .as(Block::new);
        // At most one adversarial budget, so that most samples are searched to the end.
        Arbitrary<Bounds> bounds = Arbitraries.of(new Bounds(0, 0), new Bounds(1, 0), new Bounds(0, 1),
                new Bounds(0, 0, 1, 0, 0, 0));
        return Combinators.combine(block, Arbitraries.integers().between(2, 3), Arbitraries.of(true, false),
                Arbitraries.integers().between(1, 2), bounds, RandomTopologies.variants())
                .as((b, vcpus, blockPerVcpu, lrs, bd, v) -> new Symmetric(build(b, vcpus, blockPerVcpu, lrs, bd), v));
    }

    // One block per vCPU (each SPI targets its own vCPU), or two blocks on vCPU 0 and spare vCPUs.
    static Topology build(Block b, int vcpus, boolean blockPerVcpu, int lrs, Bounds bounds) {
        int blocks = blockPerVcpu ? vcpus : 2;
        // Three blocks of two devices are too large to search in a build.
        List<TriggerMode> blockDevices = blocks > 2 ? b.devices().subList(0, 1) : b.devices();
        List<DeviceSpec> devices = new ArrayList<>();
        List<IrqfdSpec> irqfds = new ArrayList<>();
        List<RouteEntry> routes = new ArrayList<>();
        List<SpiSpec> spis = new ArrayList<>();
        for (int k = 0; k < blocks; k++) {
            int pin = 5 + k;
            spis.add(new SpiSpec(32 + pin, b.spiConfig(), true, blockPerVcpu ? k : 0, b.driver()));
            for (int d = 0; d < blockDevices.size(); d++) {
                TriggerMode trigger = blockDevices.get(d);
                int gsi = 10 + 2 * k + (b.shareGsi() ? 0 : d);
                if (d == 0 || !b.shareGsi()) {
                    routes.add(new RouteEntry(gsi, pin));
                }
                irqfds.add(new IrqfdSpec(devices.size(), gsi, trigger == TriggerMode.LEVEL ? IrqfdKind.RESAMPLE : IrqfdKind.PLAIN));
                devices.add(new DeviceSpec("d" + k + "_" + d, trigger, 1, trigger == TriggerMode.LEVEL
                        ? HostHandlerKind.VFIO_PLATFORM_AUTOMASKED : HostHandlerKind.VFIO_PLATFORM_EDGE));
            }
        }
        // Two SPIs on one vCPU with one list register each would overflow; give that vCPU two.
        int registers = blockPerVcpu ? lrs : 2;
        return new Topology(vcpus, registers, devices, irqfds, routes, spis, bounds);
    }

    @Property
    void everyWiringAutomorphismCommutesWithEveryRuleAndClaim(@ForAll("symmetric") Symmetric c) {
        InterruptSystem m = new InterruptSystem(c.topology(), c.variants());
        Statistics.label("wiring automorphisms").collect(m.wiringImages(m.initialStates().get(0).words()).size());
        Decided.record(assertCommutes(m, m::wiringImages, COMMUTE_LIMIT));
    }

    /**
     * Walks the unreduced reachable states (up to {@code limit}) and checks, for each state s and
     * each image g(s), that the successors of g(s) are the images g(t) of the successors t of s and
     * that every claim predicate (safety, and the liveness claims' triggers and responses) reads
     * g(s) as it reads s. The same holds rule class by rule class (environment, system, acknowledge):
     * g maps the steps of each class to steps of the same class, so the liveness claims' fair set
     * (the system rules) and the accepting set (the acknowledge rules) are unions of rule orbits, as
     * deciding liveness on the quotient requires (see {@code Symmetry}). With the model's whole
     * symmetry (device swaps too), each class's successors of s and of its canonical form have the
     * same canonical forms. Returns whether the walk was exhaustive.
     */
    static boolean assertCommutes(InterruptSystem m, Function<long[], List<long[]>> images, int limit) {
        long[] initial = m.initialStates().get(0).words();
        List<StatePredicate> claims = safetyPredicates(m);
        long[] classes = ruleClassTags(m);
        Set<List<Long>> seen = new HashSet<>();
        ArrayDeque<long[]> queue = new ArrayDeque<>();
        queue.add(initial);
        seen.add(key(initial));
        while (!queue.isEmpty() && seen.size() <= limit) {
            long[] s = queue.poll();
            List<long[]> next = new ArrayList<>();
            List<Long> tags = new ArrayList<>();
            successors(m, s, classes, next, tags);
            List<long[]> imagesOfS = images.apply(s);
            assertCanonicalSuccessorsPerRuleClass(m, s, classes, next, tags);
            for (int g = 0; g < imagesOfS.size(); g++) {
                long[] image = imagesOfS.get(g);
                // Each successor tagged with its rule's classes: the sets agree only if g maps
                // environment, system (fair) and acknowledge (accepting) steps to steps of the same classes.
                Set<List<Long>> expected = new HashSet<>();
                for (int i = 0; i < next.size(); i++) {
                    expected.add(tagged(tags.get(i), images.apply(next.get(i)).get(g)));
                }
                List<long[]> imageNext = new ArrayList<>();
                List<Long> imageTags = new ArrayList<>();
                successors(m, image, classes, imageNext, imageTags);
                Set<List<Long>> actual = new HashSet<>();
                for (int i = 0; i < imageNext.size(); i++) {
                    actual.add(tagged(imageTags.get(i), imageNext.get(i)));
                }
                int element = g;
                assertEquals(expected, actual, () -> "automorphism " + element + " does not commute with the rules "
                        + "(or maps a step to one of another rule class: environment, system, acknowledge) in\n"
                        + describe(m, s) + "\nimage\n" + describe(m, image)
                        + "\nmissing " + difference(m, expected, actual) + "\nextra " + difference(m, actual, expected));
                for (StatePredicate p : claims) {
                    assertEquals(p.test(s), p.test(image), () -> "a claim reads an image differently:\n" + describe(m, s));
                }
            }
            for (long[] t : next) {
                if (seen.add(key(t))) {
                    queue.add(t);
                }
            }
        }
        return queue.isEmpty();
    }

    @Property
    void reducedAndUnreducedSearchesGiveTheSameVerdictsAndTheReducedTracesReplay(@ForAll("symmetric") Symmetric c) {
        InterruptSystem reducedModel = new InterruptSystem(c.topology(), c.variants());
        InterruptSystem fullModel = new InterruptSystem(c.topology(), c.variants());
        // Every catalogue claim, liveness included: the reduced search decides those on lifts of the
        // quotient's components (LiftedComponents), and its lassos must replay on the full model.
        List<Claim> claims = allClaims(reducedModel);
        SearchConfig config = SearchConfig.defaults().withThreads(1).withMaxStates(SEARCH_LIMIT);
        CheckReport reduced = new Explorer(config.withSymmetry(true)).check(reducedModel, claims);
        CheckReport full = new Explorer(config.withSymmetry(false)).check(fullModel, allClaims(fullModel));
        boolean complete = reduced.stats().complete() && full.stats().complete();
        if (Decided.record(complete)) {
            for (Claim claim : claims) {
                assertEquals(full.verdictOf(claim.name()).kind(), reduced.verdictOf(claim.name()).kind(), claim.name());
            }
            assertTrue(reduced.stats().distinctStates() <= full.stats().distinctStates());
            Statistics.label("state reduction").collect(reduced.stats().distinctStates() < full.stats().distinctStates()
                    ? "fewer states" : "same states");
            Statistics.label("liveness violated").collect(claims.stream().filter(Claim::isLiveness)
                    .filter(cl -> reduced.verdictOf(cl.name()).kind() == Verdict.Kind.VIOLATED).count());
        }
        for (CheckReport.ClaimResult r : reduced.results()) {
            if (r.verdict().kind() == Verdict.Kind.VIOLATED) {
                Claim own = claimNamed(allClaims(fullModel), r.claim().name());
                Counterexamples.verify(fullModel, own, r.verdict().trace().orElseThrow());
            }
        }
    }

    // Per rule, a bit per class it belongs to: environment 1, system (the fair set) 2, acknowledge
    // (the accepting set) 4. These are the sets the liveness claims' fairness and acceptance use.
    private static long[] ruleClassTags(InterruptSystem m) {
        List<List<Rule>> classes = List.of(m.environmentRules(), m.systemRules(), m.acknowledgeRules());
        long[] tags = new long[m.rules().size()];
        for (int r = 0; r < tags.length; r++) {
            for (int k = 0; k < classes.size(); k++) {
                if (classes.get(k).contains(m.rules().get(r))) {
                    tags[r] |= 1L << k;
                }
            }
        }
        return tags;
    }

    // Device swaps have no image accessor: the tagged canonical forms of the successors of s and of
    // its canonical form must agree.
    private static void assertCanonicalSuccessorsPerRuleClass(InterruptSystem m, long[] s, long[] classes,
                                                            List<long[]> next, List<Long> tags) {
        if (m.symmetry().isEmpty()) {
            return;
        }
        dev.irqcheck.checker.api.Symmetry symmetry = m.symmetry().get();
        long[] canonical = s.clone();
        symmetry.canonicalize(canonical);
        Set<List<Long>> ofS = new HashSet<>();
        for (int i = 0; i < next.size(); i++) {
            long[] t = next.get(i).clone();
            symmetry.canonicalize(t);
            ofS.add(tagged(tags.get(i), t));
        }
        List<long[]> canonicalNext = new ArrayList<>();
        List<Long> canonicalTags = new ArrayList<>();
        successors(m, canonical, classes, canonicalNext, canonicalTags);
        Set<List<Long>> ofCanonical = new HashSet<>();
        for (int i = 0; i < canonicalNext.size(); i++) {
            symmetry.canonicalize(canonicalNext.get(i));
            ofCanonical.add(tagged(canonicalTags.get(i), canonicalNext.get(i)));
        }
        assertEquals(ofS, ofCanonical, () -> "a state and its canonical form step to different orbits by one "
                + "rule class in\n" + describe(m, s));
    }

    private static List<Long> tagged(long tag, long[] words) {
        List<Long> out = new ArrayList<>(words.length + 1);
        out.add(tag);
        for (long w : words) {
            out.add(w);
        }
        return out;
    }

    static List<Claim> allClaims(InterruptSystem m) {
        return java.util.Arrays.stream(PropertyId.values()).map(p -> p.claim(m)).toList();
    }

    private static Claim claimNamed(List<Claim> claims, String name) {
        return claims.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    // The predicates of every catalogue claim: invariants, quiescence conditions, triggers, responses.
    private static List<StatePredicate> safetyPredicates(InterruptSystem m) {
        List<StatePredicate> out = new ArrayList<>();
        for (PropertyId id : PropertyId.values()) {
            Claim claim = id.claim(m);
            if (claim instanceof Claim.Always a) {
                out.add(a.invariant());
            } else if (claim instanceof Claim.AtQuiescence q) {
                out.add(q.condition());
            } else if (claim instanceof Claim.Eventually e) {
                out.add(e.goal());
            } else if (claim instanceof Claim.LeadsTo l) {
                out.add(l.trigger());
                out.add(l.response());
            }
        }
        return out;
    }

    // The successors of s and, beside each, its rule's class tag.
    private static void successors(InterruptSystem m, long[] s, long[] classes, List<long[]> next, List<Long> tags) {
        for (int r = 0; r < classes.length; r++) {
            Rule rule = m.rules().get(r);
            if (rule.enabled(s)) {
                long[] n = s.clone();
                rule.apply(s, n);
                next.add(n);
                tags.add(classes[r]);
            }
        }
    }

    static List<long[]> successors(InterruptSystem m, long[] s) {
        List<long[]> out = new ArrayList<>();
        for (Rule r : m.rules()) {
            if (r.enabled(s)) {
                long[] n = s.clone();
                r.apply(s, n);
                out.add(n);
            }
        }
        return out;
    }

    private static String describe(InterruptSystem m, long[] s) {
        StringBuilder sb = new StringBuilder();
        for (dev.irqcheck.checker.state.Field f : m.layout().fields()) {
            sb.append(f.name()).append('=').append(f.format(f.raw(s))).append(' ');
        }
        return sb.toString();
    }

    // Tagged successors (see tagged) in a but not in b.
    private static String difference(InterruptSystem m, Set<List<Long>> a, Set<List<Long>> b) {
        StringBuilder sb = new StringBuilder();
        for (List<Long> k : a) {
            if (!b.contains(k)) {
                sb.append("\n  class ").append(k.get(0)).append(": ")
                        .append(describe(m, k.subList(1, k.size()).stream().mapToLong(Long::longValue).toArray()));
            }
        }
        return sb.toString();
    }

    private static List<Long> key(long[] words) {
        return Arrays.stream(words).boxed().toList();
    }
}
