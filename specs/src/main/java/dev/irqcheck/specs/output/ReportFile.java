package dev.irqcheck.specs.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * A report file that is never seen half-written. {@link #prepare} runs before the search: it
 * refuses a path that is one of the inputs or a directory, proves the directory writable by
 * creating (and removing) a file in it, and removes the report an earlier run left there, so an
 * aborted run leaves no report rather than a stale one that looks current. {@link #write} writes
 * a temporary file beside the target and renames it over the target atomically: a reader, or a
 * second run writing the same path, sees the old file or a whole new one.
 */
public final class ReportFile {
    private final Path target;

    private ReportFile(Path target) {
        this.target = target;
    }

    /** Why a report path cannot be used; the message is one line, for {@code irqcheck: MESSAGE}. */
    public static final class Unwritable extends Exception {
        Unwritable(String message) {
            super(message);
        }
    }

    public Path path() {
        return target;
    }

    /** Checks {@code target} before any work is done, and removes a report left by an earlier run. */
    public static ReportFile prepare(Path target, Collection<Path> inputs) throws Unwritable {
        Path absolute = target.toAbsolutePath().normalize();
        String shown = TerminalText.escape(target.toString());
        if (absolute.getFileName() == null) {
            throw new Unwritable(shown + ": a report needs a file name");
        }
        if (Files.isDirectory(absolute)) {
            throw new Unwritable(shown + ": is a directory; name a file for the report");
        }
        for (Path input : inputs) {
            if (isSameFile(absolute, input)) {
                throw new Unwritable(shown + ": is an input of this run (" + TerminalText.escape(input.toString())
                        + "); a report must not overwrite it");
            }
        }
        Path dir = absolute.getParent();
        try {
            Files.delete(Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".probe"));
        } catch (NoSuchFileException e) {
            throw new Unwritable(shown + ": the directory " + TerminalText.escape(dir.toString()) + " does not exist");
        } catch (AccessDeniedException e) {
            throw new Unwritable(shown + ": cannot write in " + TerminalText.escape(dir.toString()) + " (permission denied)");
        } catch (IOException e) {
            throw new Unwritable(shown + ": cannot write in " + TerminalText.escape(dir.toString()) + ": "
                    + TerminalText.escape(String.valueOf(e.getMessage())));
        }
        try {
            Files.deleteIfExists(absolute);
        } catch (IOException e) {
            throw new Unwritable(shown + ": cannot remove the earlier report: " + TerminalText.escape(String.valueOf(e.getMessage())));
        }
        return new ReportFile(absolute);
    }

    /** Writes {@code content} (UTF-8) to a temporary file beside the target, then renames it over the target. */
    public void write(String content) throws IOException {
        AtomicFile.replace(target, content, AtomicFile.READABLE);
    }

    private static boolean isSameFile(Path absolute, Path input) {
        try {
            return Files.exists(absolute) ? Files.isSameFile(absolute, input)
                    : absolute.equals(input.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }
}
