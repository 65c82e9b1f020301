package dev.irqcheck.specs.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A report file that is never seen half-written. {@link #prepare} runs before the search: it
 * refuses a path that is one of the inputs or a directory, proves the directory writable by
 * creating (and removing) a file in it, and removes the report an earlier run left there, so an
 * aborted run leaves no report rather than a stale one that looks current. {@link #write} writes
 * a temporary file beside the target and renames it over the target atomically: a reader, or a
 * second run writing the same path, sees the old file or a whole new one. A temporary file is
 * removed if the JVM stops (Ctrl-C) before the rename.
 */
public final class ReportFile {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PENDING.forEach(ReportFile::deleteQuietly),
                "irqcheck-report-cleanup"));
    }

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
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
        PENDING.add(temp);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            // createTempFile makes the file private; a report is for reading (rw-r--r--, as most umasks give).
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: keep what it gave.
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same directory, so this is rare (some network file systems); replacing is then the best there is.
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            deleteQuietly(temp);
            PENDING.remove(temp);
        }
    }

    private static boolean isSameFile(Path absolute, Path input) {
        try {
            return Files.exists(absolute) ? Files.isSameFile(absolute, input)
                    : absolute.equals(input.toAbsolutePath().normalize());
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // Best effort while stopping; nothing else can be done about it.
        }
    }
}
