package dev.irqcheck.specs.sweep;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.model.variant.GuestDriver;
import dev.irqcheck.model.variant.HostHandlerKind;
import dev.irqcheck.model.variant.IrqfdKind;
import dev.irqcheck.model.variant.TriggerMode;
import dev.irqcheck.specs.claims.PropertyId;
import dev.irqcheck.specs.scenario.Axis;
import dev.irqcheck.specs.scenario.Combination;
import dev.irqcheck.specs.scenario.ScenarioException;
import dev.irqcheck.specs.scenario.YamlTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the JSON files of {@code sweep --shard K/N} and puts them back together. Shard files are
 * untrusted: every file must name the same bounds and shard count, every shard must appear once,
 * and every configuration must be the one the bounds enumerate at its index, in its shard, once.
 * The smallest breaking configurations are re-checked for their traces (a shard file carries no
 * traces), and the re-check must give the verdicts the shard reported.
 */
public final class SweepMerge {
    /** Shard files are read whole; a sweep of 100,000 configurations writes about 40 MB. */
    public static final int MAX_FILE_CHARS = 256 << 20;

    private static final Set<String> TOP = Set.of("format", "version", "bounds", "shard", "skipped",
            "configurations", "smallest_breaking");
    private static final Set<String> BOUNDS = Set.of("devices", "gsis", "spis", "vcpus", "raises", "triggers",
            "level_handlers", "irqfd_kinds", "spi_configs", "drivers", "retargets", "distributor_writes", "designs",
            "max_states");
    /** Optional bounds: absent means arm64 alone (files written before x86). */
    private static final Set<String> OPTIONAL_BOUNDS = Set.of("arches");

    /** The sweep the shards make up: what an unsharded run would have checked, and every outcome. */
    public record Merged(SweepBounds bounds, long maxStates, ConfigurationEnumerator.Result enumeration,
                         List<SweepRunner.Outcome> outcomes) {
    }

    public static Merged read(List<Path> files) throws ScenarioException {
        if (files.isEmpty()) {
            throw new ScenarioException(Path.of("."), 0, "", "no shard files given");
        }
        String boundsText = null;
        Path boundsFile = null;
        SweepBounds bounds = null;
        long maxStates = 0;
        ConfigurationEnumerator.Result enumeration = null;
        Map<Integer, Path> shardsSeen = new LinkedHashMap<>();
        int of = -1;
        SweepRunner.Outcome[] outcomes = null;
        for (Path file : files) {
            YamlTree y = new YamlTree(file, MAX_FILE_CHARS);
            Node root = y.parse(text(file));
            Map<String, Node> top = y.mapping(root, "", TOP);
            for (String k : List.of("format", "version", "bounds", "shard", "configurations")) {
                if (!top.containsKey(k)) {
                    throw y.error(root, k, "missing; is this the output of sweep --shard K/N?");
                }
            }
            if (!y.string(top.get("format"), "format").equals("irqcheck-sweep")) {
                throw y.error(top.get("format"), "format", "expected irqcheck-sweep");
            }
            y.integer(top.get("version"), "version", 2, 2);
            Map<String, Node> b = y.mapping(top.get("bounds"), "bounds", union(BOUNDS, OPTIONAL_BOUNDS));
            SweepBounds these = bounds(y, top.get("bounds"), b);
            long theseMax = longValue(y, b.get("max_states"), "bounds.max_states", 1);
            String text = SweepJson.bounds(these, theseMax);
            if (boundsText == null) {
                boundsText = text;
                boundsFile = file;
                bounds = these;
                maxStates = theseMax;
                enumeration = new ConfigurationEnumerator(bounds).enumerate();
                outcomes = new SweepRunner.Outcome[enumeration.configs().size()];
            } else if (!boundsText.equals(text)) {
                throw y.error(top.get("bounds"), "bounds", "differ from the bounds of " + boundsFile + ": shards of one sweep only");
            }
            Map<String, Node> s = y.mapping(top.get("shard"), "shard", Set.of("index", "of"));
            int theseOf = y.integer(s.get("of"), "shard.of", 1, Shard.MAX_SHARDS);
            if (of >= 0 && theseOf != of) {
                throw y.error(s.get("of"), "shard.of", "this sweep was split into " + of + " shards, not " + theseOf);
            }
            of = theseOf;
            Shard shard = new Shard(y.integer(s.get("index"), "shard.index", 1, of), of);
            Path earlier = shardsSeen.put(shard.index(), file);
            if (earlier != null) {
                throw y.error(s.get("index"), "shard.index", "shard " + shard.index() + " is also " + earlier);
            }
            List<Node> configs = y.sequence(top.get("configurations"), "configurations");
            for (int i = 0; i < configs.size(); i++) {
                String at = "configurations[" + i + "]";
                SweepRunner.Outcome o = outcome(y, configs.get(i), at, enumeration.configs(), shard);
                if (outcomes[o.index()] != null) {
                    throw y.error(configs.get(i), at + ".index", "configuration " + o.index() + " listed twice");
                }
                outcomes[o.index()] = o;
            }
        }
        for (int k = 1; k <= of; k++) {
            if (!shardsSeen.containsKey(k)) {
                throw new ScenarioException(files.get(0), 0, "shard", "shard " + k + "/" + of + " is missing");
            }
        }
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                throw new ScenarioException(files.get(0), 0, "configurations", "configuration " + i
                        + " is in no shard file (a shard was cut short?)");
            }
        }
        return new Merged(bounds, maxStates, enumeration, List.of(outcomes));
    }

    /**
     * Gives the traces of merged outcomes by checking their configuration again (deterministic and
     * exhaustive, so the same traces as the shard's run), refusing one whose verdicts differ.
     */
    public static Function<SweepRunner.Outcome, SweepRunner.Checked> recheck(long maxStates) {
        return o -> {
            SweepRunner.Checked c = new SweepRunner(1, maxStates).check(o.index(), o.config());
            if (!c.outcome().verdicts().equals(o.verdicts()) || c.outcome().states() != o.states()) {
                throw new IllegalArgumentException("configuration " + o.index() + ": the shard file says "
                        + o.verdicts() + " in " + o.states() + " states, a re-check gives " + c.outcome().verdicts()
                        + " in " + c.outcome().states());
            }
            return c;
        };
    }

    private static String text(Path file) throws ScenarioException {
        try {
            if (Files.size(file) > MAX_FILE_CHARS) {
                throw new ScenarioException(file, 0, "", "larger than " + (MAX_FILE_CHARS >> 20) + " MiB; not a shard file");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new ScenarioException(file, 0, "", "cannot read: " + e.getMessage());
        }
    }

    private static SweepRunner.Outcome outcome(YamlTree y, Node node, String at, List<SweepConfig> configs, Shard shard)
            throws ScenarioException {
        Map<String, Node> m = y.mapping(node, at, Set.of("index", "shape", "design", "description", "features",
                "states", "verdicts"));
        for (String k : List.of("index", "shape", "design", "states", "verdicts")) {
            if (!m.containsKey(k)) {
                throw y.error(node, at + "." + k, "missing");
            }
        }
        int index = y.integer(m.get("index"), at + ".index", 0, Math.max(0, configs.size() - 1));
        SweepConfig config = configs.get(index);
        if (!y.string(m.get("shape"), at + ".shape").equals(config.shape())
                || !y.string(m.get("design"), at + ".design").equals(config.design().label())) {
            throw y.error(m.get("shape"), at, "is not configuration " + index + " of these bounds");
        }
        if (!shard.contains(config)) {
            throw y.error(m.get("index"), at + ".index", "configuration " + index + " is not in shard "
                    + shard.index() + "/" + shard.of());
        }
        Map<String, Node> v = y.openMapping(m.get("verdicts"), at + ".verdicts");
        Map<PropertyId, Verdict.Kind> verdicts = new EnumMap<>(PropertyId.class);
        for (PropertyId p : SweepRunner.PROPERTIES) {
            Node n = v.get(p.id());
            if (n == null) {
                throw y.error(m.get("verdicts"), at + ".verdicts." + p.id(), "missing");
            }
            String text = y.string(n, at + ".verdicts." + p.id());
            Verdict.Kind kind = switch (text) {
                case "holds" -> Verdict.Kind.HOLDS;
                case "violated" -> Verdict.Kind.VIOLATED;
                case "inconclusive" -> Verdict.Kind.INCONCLUSIVE;
                default -> throw y.error(n, at + ".verdicts." + p.id(), "expected holds, violated or inconclusive");
            };
            verdicts.put(p, kind);
        }
        if (v.size() != SweepRunner.PROPERTIES.size()) {
            throw y.error(m.get("verdicts"), at + ".verdicts", "expected exactly the properties " + SweepRunner.PROPERTIES);
        }
        return new SweepRunner.Outcome(index, config, verdicts, longValue(y, m.get("states"), at + ".states", 0));
    }

    private static SweepBounds bounds(YamlTree y, Node node, Map<String, Node> b) throws ScenarioException {
        for (String k : BOUNDS) {
            if (!b.containsKey(k)) {
                throw y.error(node, "bounds." + k, "missing");
            }
        }
        List<Node> vcpus = y.sequence(b.get("vcpus"), "bounds.vcpus");
        if (vcpus.size() != 2) {
            throw y.error(b.get("vcpus"), "bounds.vcpus", "expected [min, max]");
        }
        List<Combination> designs = new ArrayList<>();
        for (Node d : y.sequence(b.get("designs"), "bounds.designs")) {
            Map<Axis, Enum<?>> values = new EnumMap<>(Axis.class);
            for (Map.Entry<String, Node> e : y.openMapping(d, "bounds.designs").entrySet()) {
                try {
                    Axis axis = Axis.byKey(e.getKey());
                    values.put(axis, axis.parseValue(y.string(e.getValue(), "bounds.designs." + e.getKey())));
                } catch (IllegalArgumentException ex) {
                    throw y.error(e.getValue(), "bounds.designs." + e.getKey(), ex.getMessage());
                }
            }
            designs.add(SweepBounds.design(values));
        }
        try {
            return new SweepBounds(y.integer(b.get("devices"), "bounds.devices", 1, 3),
                    y.integer(b.get("gsis"), "bounds.gsis", 1, 3), y.integer(b.get("spis"), "bounds.spis", 1, 3),
                    y.integer(vcpus.get(0), "bounds.vcpus[0]", 1, 2), y.integer(vcpus.get(1), "bounds.vcpus[1]", 1, 2),
                    y.integer(b.get("raises"), "bounds.raises", 1, 2),
                    choices(y, b.get("triggers"), "bounds.triggers", TriggerMode.class),
                    choices(y, b.get("level_handlers"), "bounds.level_handlers", HostHandlerKind.class),
                    choices(y, b.get("irqfd_kinds"), "bounds.irqfd_kinds", IrqfdKind.class),
                    choices(y, b.get("spi_configs"), "bounds.spi_configs", TriggerMode.class),
                    choices(y, b.get("drivers"), "bounds.drivers", GuestDriver.class),
                    y.integer(b.get("retargets"), "bounds.retargets", 0, 2),
                    y.integer(b.get("distributor_writes"), "bounds.distributor_writes", 0, 2), designs,
                    b.containsKey("arches") ? choices(y, b.get("arches"), "bounds.arches", dev.irqcheck.model.irqchip.Arch.class)
                            : List.of(dev.irqcheck.model.irqchip.Arch.ARM64));
        } catch (IllegalArgumentException e) {
            throw y.error(node, "bounds", e.getMessage());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new java.util.HashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <E extends Enum<E>> List<E> choices(YamlTree y, Node n, String field, Class<E> type) throws ScenarioException {
        List<E> out = new ArrayList<>();
        for (Node v : y.sequence(n, field)) {
            E e = y.choice(v, field, type);
            if (out.contains(e)) {
                throw y.error(v, field, "value listed twice");
            }
            out.add(e);
        }
        return out;
    }

    private static long longValue(YamlTree y, Node n, String field, long min) throws ScenarioException {
        String text = y.string(n, field);
        long v;
        try {
            v = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw y.error(n, field, "expected a whole number >= " + min + ", got '" + text + "'");
        }
        if (v < min) {
            throw y.error(n, field, "expected a whole number >= " + min + ", got " + v);
        }
        return v;
    }
}
