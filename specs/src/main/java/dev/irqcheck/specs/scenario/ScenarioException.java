package dev.irqcheck.specs.scenario;

import java.nio.file.Path;

/**
 * Bad input in a scenario file: names the file, the line (1-based, 0 when unknown), the field
 * path (e.g. {@code devices[1].trigger}) and what was expected. Unchecked: a user's test that
 * loads a bad scenario should fail with this message, not declare it.
 */
public final class ScenarioException extends RuntimeException {
    private final Path file;
    private final int line;
    private final String field;

    public ScenarioException(Path file, int line, String field, String message) {
        super(message);
        this.file = file;
        this.line = line;
        this.field = field;
    }

    public Path file() { return file; }
    public int line() { return line; }
    public String field() { return field; }

    /** {@code FILE:LINE: FIELD: message}, the form editors and CI logs link to; control characters escaped. */
    public String describe() {
        StringBuilder sb = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        // One line, whatever the file name or the quoted scenario text contains.
        return dev.irqcheck.specs.output.TerminalText.escape(sb.append(getMessage()).toString());
    }
}
