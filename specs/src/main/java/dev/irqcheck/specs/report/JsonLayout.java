package dev.irqcheck.specs.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;

/**
 * The whitespace of irqcheck's JSON documents, as documented: one line per element of the named
 * containers (scenarios, rows, ...), everything else on one line with {@code ", "} and
 * {@code ": "}. Jackson's generator writes (and escapes) the tokens; this only places the spaces.
 */
public final class JsonLayout implements PrettyPrinter {
    /** A container whose elements each start a line with {@code indent}; its close ends a line of its own or not. */
    public record Broken(String indent, boolean closeOnOwnLine) {
    }

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private final Map<String, Broken> brokenByName;

    /** {@code brokenByName}: the field names whose array or object value is broken into lines. */
    public JsonLayout(Map<String, Broken> brokenByName) {
        this.brokenByName = Map.copyOf(brokenByName);
    }

    /** A generator writing to {@code out} in this layout; closing it does not close {@code out}. */
    private JsonGenerator generator(Writer out) {
        try {
            JsonGenerator g = FACTORY.createGenerator(out);
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(this);
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What writes a document's fields after its format and version. */
    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** A whole document, {@code {"format": FORMAT, "version": 1, ...body}}, and a final newline. */
    public String document(String format, Body body) {
        return document(format, 1, body);
    }

    /** A whole document, {@code {"format": FORMAT, "version": VERSION, ...body}}, and a final newline. */
    public String document(String format, int version, Body body) {
        return value(g -> {
            g.writeStartObject();
            g.writeStringField("format", format);
            g.writeNumberField("version", version);
            body.write(g);
            g.writeEndObject();
        }) + "\n";
    }

    /** One JSON value as {@code body} writes it, in this layout, with no final newline. */
    public String value(Body body) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = generator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** The layout of the container being written, or null for one on a single line. */
    private Broken broken(JsonGenerator g) {
        JsonStreamContext parent = g.getOutputContext().getParent();
        String name = parent == null ? null : parent.getCurrentName();
        return name == null ? null : brokenByName.get(name);
    }

    private void separator(JsonGenerator g) throws IOException {
        Broken b = broken(g);
        g.writeRaw(b == null ? ", " : ",\n" + b.indent());
    }

    private void beforeFirst(JsonGenerator g) throws IOException {
        Broken b = broken(g);
        if (b != null) {
            g.writeRaw("\n" + b.indent());
        }
    }

    private void close(JsonGenerator g, char bracket) throws IOException {
        Broken b = broken(g);
        if (b != null && b.closeOnOwnLine()) {
            g.writeRaw('\n');
        }
        g.writeRaw(bracket);
    }

    @Override
    public void writeRootValueSeparator(JsonGenerator g) {
    }

    @Override
    public void writeStartObject(JsonGenerator g) throws IOException {
        g.writeRaw('{');
    }

    @Override
    public void writeEndObject(JsonGenerator g, int entries) throws IOException {
        close(g, '}');
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        separator(g);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(": ");
    }

    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
        g.writeRaw('[');
    }

    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
        close(g, ']');
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        separator(g);
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
        beforeFirst(g);
    }

    @Override
    public void beforeObjectEntries(JsonGenerator g) throws IOException {
        beforeFirst(g);
    }
}
