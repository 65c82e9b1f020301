package dev.irqcheck.specs.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every file irqcheck writes goes through here: a temporary file beside the target, forced to
 * disk, then renamed over the target, so a reader (or a second run) sees the old file or the whole
 * new one. A temporary file is removed if the JVM stops (Ctrl-C) before the rename.
 */
public final class AtomicFile {
    /** What a new report or generated file gets (createTempFile alone would make it private). */
    public static final Set<PosixFilePermission> READABLE = PosixFilePermissions.fromString("rw-r--r--");

    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> PENDING.forEach(AtomicFile::deleteQuietly),
                "irqcheck-output-cleanup"));
    }

    private AtomicFile() {
    }

    /** Replaces {@code target} with {@code content} (UTF-8), keeping the mode an existing file has. */
    public static void replaceKeepingMode(Path target, String content) throws IOException {
        Set<PosixFilePermission> mode = READABLE;
        try {
            if (Files.exists(target)) {
                mode = Files.getPosixFilePermissions(target);
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: there is no mode to keep.
        }
        replace(target, content, mode);
    }

    /** Replaces {@code target} with {@code content} (UTF-8), with the given mode where the file system has one. */
    public static void replace(Path target, String content, Set<PosixFilePermission> mode) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
        PENDING.add(temp);
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            try {
                Files.setPosixFilePermissions(temp, mode);
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: keep what it gave.
            }
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same directory, so this is rare (some network file systems); replacing is then the best there is.
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            deleteQuietly(temp);
            PENDING.remove(temp);
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
