package dev.irqcheck.specs.output;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Text from a scenario file (names, paths, YAML snippets) made safe for a terminal: control
 * characters could move the cursor, rewrite earlier lines, ring the bell or forge a line of
 * output, so they are printed as escapes ({@code \e}, {@code \n}, {@code \x07}, {@code \u202E}).
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** One value for one line: every control character escaped, line breaks included. */
    public static String escape(String text) {
        StringBuilder sb = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isUnsafe(c) || c == '\n' || c == '\r' || c == '\t') {
                if (sb == null) {
                    sb = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                sb.append(escapeOf(c));
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? text : sb.toString();
    }

    /**
     * A writer for the terminal streams: escapes every control character except the line breaks,
     * tabs and carriage returns the reports themselves print. Whatever reaches stdout or stderr
     * passes here, so a name printed by a path that forgot {@link #escape} is still harmless.
     */
    public static Writer filter(Writer out) {
        return new FilterWriter(out) {
            @Override
            public void write(int c) throws IOException {
                if (isUnsafe((char) c)) {
                    out.write(escapeOf((char) c));
                } else {
                    out.write(c);
                }
            }

            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                for (int i = off; i < off + len; i++) {
                    write(buf[i]);
                }
            }

            @Override
            public void write(String s, int off, int len) throws IOException {
                for (int i = off; i < off + len; i++) {
                    write(s.charAt(i));
                }
            }
        };
    }

    // C0 controls but tab, LF and CR; DEL; C1 controls; and the bidirectional overrides, which
    // reorder what the terminal shows.
    private static boolean isUnsafe(char c) {
        return c < 0x20 && c != '\n' && c != '\r' && c != '\t'
                || c >= 0x7F && c <= 0x9F
                || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069;
    }

    private static String escapeOf(char c) {
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case 0x1B -> "\\e";
            case 0 -> "\\0";
            default -> c < 0x100 ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c);
        };
    }
}
