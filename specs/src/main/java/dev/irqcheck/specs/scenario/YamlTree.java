package dev.irqcheck.specs.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Typed, position-aware reads over a composed YAML node tree. Scenario files are untrusted data:
 * the tree is only composed (never constructed into objects, so tags cannot create anything),
 * and every accessor reports file, line and field on a mismatch.
 */
public final class YamlTree {
    private final Path file;
    private final int codePointLimit;

    public YamlTree(Path file) {
        this(file, 1 << 20);
    }

    /** @param codePointLimit the longest text read (scenario files: 1 Mi; sweep shard files are larger) */
    public YamlTree(Path file, int codePointLimit) {
        this.file = file;
        this.codePointLimit = codePointLimit;
    }

    public Node parse(String text) throws ScenarioException {
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString())
                .setAllowDuplicateKeys(true).setMaxAliasesForCollections(10).setCodePointLimit(codePointLimit).build();
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            if (!composer.hasNext()) {
                throw new ScenarioException(file, 1, "", "the file is empty; expected a scenario mapping");
            }
            Node root = composer.next();
            if (composer.hasNext()) {
                throw new ScenarioException(file, line(composer.next()), "", "more than one YAML document; expected one scenario");
            }
            return root;
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
            throw new ScenarioException(file, line, "", "not valid YAML: " + problem);
        } catch (YamlEngineException e) {
            throw new ScenarioException(file, 0, "", "not valid YAML: " + e.getMessage());
        } catch (RuntimeException e) {
            // The YAML library should not throw anything else, but a scenario must never end in a stack trace.
            throw new ScenarioException(file, 0, "", "not valid YAML: " + e);
        }
    }

    public static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    public ScenarioException error(Node at, String field, String message) {
        return new ScenarioException(file, at == null ? 0 : line(at), field, message);
    }

    /** The mapping's entries by key, in order; rejects non-mappings, non-scalar keys, unknown and duplicate keys. */
    public Map<String, Node> mapping(Node n, String field, Set<String> allowed) throws ScenarioException {
        if (!(n instanceof MappingNode m)) {
            throw error(n, field, "expected a mapping with keys " + allowed);
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(t.getKeyNode(), field, "expected a plain key");
            }
            String key = k.getValue();
            String path = field.isEmpty() ? key : field + "." + key;
            if (!allowed.contains(key)) {
                throw error(k, path, "unknown key; expected one of " + allowed);
            }
            if (out.containsKey(key)) {
                throw error(k, path, "duplicate key");
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    /** A mapping whose keys are free-form (e.g. property names), with duplicates rejected. */
    public Map<String, Node> openMapping(Node n, String field) throws ScenarioException {
        if (!(n instanceof MappingNode m)) {
            throw error(n, field, "expected a mapping");
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                throw error(t.getKeyNode(), field, "expected a plain key");
            }
            if (out.containsKey(k.getValue())) {
                throw error(k, field + "." + k.getValue(), "duplicate key");
            }
            out.put(k.getValue(), t.getValueNode());
        }
        return out;
    }

    public List<Node> sequence(Node n, String field) throws ScenarioException {
        if (!(n instanceof SequenceNode s)) {
            throw error(n, field, "expected a list");
        }
        return s.getValue();
    }

    /** A scalar or a list of scalars, as a list (for variant axes that compare several values). */
    public List<Node> oneOrMany(Node n, String field) throws ScenarioException {
        if (n instanceof SequenceNode s) {
            if (s.getValue().isEmpty()) {
                throw error(n, field, "expected at least one value");
            }
            return s.getValue();
        }
        return List.of(n);
    }

    public String string(Node n, String field) throws ScenarioException {
        if (!(n instanceof ScalarNode s) || s.getValue().isEmpty()) {
            throw error(n, field, "expected a non-empty text value");
        }
        return s.getValue();
    }

    public int integer(Node n, String field, int min, int max) throws ScenarioException {
        String text = n instanceof ScalarNode s ? s.getValue() : null;
        int value;
        try {
            value = Integer.parseInt(text == null ? "" : text.trim());
        } catch (NumberFormatException e) {
            throw error(n, field, "expected a whole number " + min + ".." + max);
        }
        if (value < min || value > max) {
            throw error(n, field, "expected a whole number " + min + ".." + max + ", got " + value);
        }
        return value;
    }

    public boolean bool(Node n, String field) throws ScenarioException {
        String text = n instanceof ScalarNode s ? s.getValue() : "";
        if (text.equals("true")) {
            return true;
        }
        if (text.equals("false")) {
            return false;
        }
        throw error(n, field, "expected true or false");
    }

    /** An enum constant written in kebab case, e.g. {@code lower-then-signal}. */
    public <E extends Enum<E>> E choice(Node n, String field, Class<E> type) throws ScenarioException {
        String text = n instanceof ScalarNode s ? s.getValue() : "";
        for (E e : type.getEnumConstants()) {
            if (kebab(e).equals(text)) {
                return e;
            }
        }
        throw error(n, field, "expected one of " + choices(type) + (text.isEmpty() ? "" : ", got '" + text + "'"));
    }

    public static String kebab(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static <E extends Enum<E>> List<String> choices(Class<E> type) {
        List<String> out = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            out.add(kebab(e));
        }
        return out;
    }
}
