package dev.irqcheck.specs.cli;

import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/** Bridges the report printers (PrintStream) to picocli's writers, so tests can capture output. */
final class WriterOutputStream extends OutputStream {
    private final Writer writer;
    private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

    WriterOutputStream(Writer writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) {
        pending.write(b);
        if (b == '\n' || b == '\r') {
            flush();
        }
    }

    @Override
    public void flush() {
        try {
            writer.write(pending.toString(StandardCharsets.UTF_8));
            writer.flush();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        pending.reset();
    }
}
