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
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.parser.Parser;
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
        this(file, ScenarioInput.MAX_BYTES);
    }

    /** @param codePointLimit the longest text read (scenario files: {@link ScenarioInput#MAX_BYTES}; sweep shard files are larger) */
    public YamlTree(Path file, int codePointLimit) {
        this.file = file;
        this.codePointLimit = codePointLimit;
    }

    public Node parse(String text) throws ScenarioException {
        LoadSettings settings = LoadSettings.builder().setLabel(file.toString())
                .setAllowDuplicateKeys(true).setMaxAliasesForCollections(10).setCodePointLimit(codePointLimit).build();
        try {
            Composer composer = new Composer(settings, new BoundedParser(new ParserImpl(settings, new StreamReader(settings, text))));
            if (!composer.hasNext()) {
                throw new ScenarioException(file, 1, "", "the file is empty; expected a scenario mapping");
            }
            Node root = composer.next();
            if (composer.hasNext()) {
                throw new ScenarioException(file, line(composer.next()), "", "more than one YAML document; expected one scenario");
            }
            return root;
        } catch (Refused e) {
            throw new ScenarioException(file, e.line, "", e.getMessage());
        } catch (ScenarioException e) {
            throw e; // unchecked now: it must not be taken for the YAML library's own failure below
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? "malformed YAML" : e.getProblem();
            throw new ScenarioException(file, line, "", "not valid YAML: " + problem);
        } catch (ReaderException e) {
            // A character YAML does not allow: the reader knows its position, not its line.
            throw new ScenarioException(file, lineOfCodePoint(text, e.getPosition()), "",
                    "not valid YAML: character U+" + String.format("%04X", e.getCodePoint()) + " is not allowed in a YAML file");
        } catch (YamlEngineException e) {
            throw new ScenarioException(file, 0, "", "not valid YAML: " + e.getMessage());
        } catch (RuntimeException e) {
            // The YAML library should not throw anything else, but a scenario must never end in a stack trace.
            throw new ScenarioException(file, 0, "", "not valid YAML: " + e);
        }
    }

    /**
     * The parser's events, refused past {@link #MAX_NESTING} levels of lists and mappings (the
     * composer recurses once per level, so 10,000 levels overflowed the stack) and with any
     * explicit tag: a scenario is plain data, and a tag (!!binary, !!str, !custom) would be
     * silently ignored by the typed reads.
     */
    private static final class BoundedParser implements Parser {
        private final Parser inner;
        private int depth;

        BoundedParser(Parser inner) {
            this.inner = inner;
        }

        @Override
        public boolean checkEvent(Event.ID id) {
            return inner.checkEvent(id);
        }

        @Override
        public Event peekEvent() {
            return inner.peekEvent();
        }

        @Override
        public boolean hasNext() {
            return inner.hasNext();
        }

        @Override
        public Event next() {
            Event e = inner.next();
            if (e instanceof CollectionStartEvent c) {
                if (++depth > MAX_NESTING) {
                    throw new Refused(e, "lists and mappings nested more than " + MAX_NESTING
                            + " levels deep; a scenario needs at most 5");
                }
                refuseTag(e, c.getTag());
            } else if (e instanceof CollectionEndEvent) {
                depth--;
            } else if (e instanceof ScalarEvent sc) {
                refuseTag(e, sc.getTag());
            }
            return e;
        }

        private static void refuseTag(Event e, java.util.Optional<String> tag) {
            if (tag.isPresent()) {
                throw new Refused(e, "YAML tag '" + tag.get() + "' is not accepted; a scenario file is plain data (no tags)");
            }
        }
    }

    /** The most levels of lists and mappings a scenario file may nest. */
    static final int MAX_NESTING = 20;

    private static final class Refused extends RuntimeException {
        final int line;

        Refused(Event at, String message) {
            super(message, null, false, false);
            this.line = at.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        }
    }

    // 1-based line of the code point at index position (clamped to the text).
    static int lineOfCodePoint(String text, int position) {
        int end = text.offsetByCodePoints(0, Math.max(0, Math.min(position, text.codePointCount(0, text.length()))));
        return 1 + (int) text.substring(0, end).chars().filter(c -> c == '\n').count();
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

    /** A list of at most {@code max} entries (a bound on what an untrusted file can make the checker build). */
    List<Node> sequence(Node n, String field, int max) throws ScenarioException {
        List<Node> items = sequence(n, field);
        if (items.size() > max) {
            throw error(n, field, items.size() + " entries; at most " + max);
        }
        return items;
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

    /** The most characters a device or invariant name may have (they are printed in tables and traces). */
    static final int MAX_NAME_LENGTH = 100;

    /**
     * A name that becomes part of field and property names: printable (no control characters,
     * which would reach terminals and reports) and at most {@link #MAX_NAME_LENGTH} characters.
     */
    String name(Node n, String field) throws ScenarioException {
        String text = string(n, field);
        if (text.length() > MAX_NAME_LENGTH) {
            throw error(n, field, "a name of " + text.length() + " characters; at most " + MAX_NAME_LENGTH);
        }
        if (text.chars().anyMatch(Character::isISOControl)) {
            throw error(n, field, "the name contains control characters ('"
                    + dev.irqcheck.specs.output.TerminalText.escape(text) + "'); names must be printable");
        }
        return text;
    }

    public int integer(Node n, String field, int min, int max) throws ScenarioException {
        String text = n instanceof ScalarNode s ? s.getValue().trim() : "";
        int value;
        try {
            // ASCII digits only: parseInt would also take other scripts' digits.
            if (!text.matches("[+-]?[0-9]{1,10}")) {
                throw new NumberFormatException(text);
            }
            value = Integer.parseInt(text);
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
        if (e instanceof dev.irqcheck.model.variant.Spelled spelled) {
            return spelled.spelling();
        }
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
