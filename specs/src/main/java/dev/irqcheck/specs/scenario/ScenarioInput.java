package dev.irqcheck.specs.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a scenario file as untrusted input: only a regular file, at most {@link #MAX_BYTES}
 * bytes (checked by size first and while reading, so a huge, sparse or growing file costs at most
 * that much memory), and valid UTF-8.
 */
public final class ScenarioInput {
    /**
     * 256 KiB: the bundled scenarios are 1-4 KB, and the YAML reader takes about a second and a
     * half for one line of this size (it is slower than linear in the length of a scalar).
     */
    public static final int MAX_BYTES = 1 << 18;

    private ScenarioInput() {
    }

    public static String read(Path file) throws ScenarioException {
        Optional<String> notRegular = whyNotARegularFile(file);
        if (notRegular.isPresent()) {
            throw new ScenarioException(file, 0, "", notRegular.get());
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw tooLarge(file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes(MAX_BYTES + 1);
            }
        } catch (AccessDeniedException e) {
            throw new ScenarioException(file, 0, "", "cannot read the file: permission denied");
        } catch (IOException e) {
            throw new ScenarioException(file, 0, "", "cannot read the file: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw tooLarge(file);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ScenarioException(file, 0, "", "not UTF-8 text");
        }
    }

    private static ScenarioException tooLarge(Path file) {
        return new ScenarioException(file, 0, "", "larger than " + MAX_BYTES + " bytes; a scenario file is a few kilobytes");
    }

    /**
     * Empty for a regular file (after links); otherwise what the path is, for the message: a
     * missing path, a directory, standard input, a device, a pipe or a socket.
     */
    public static Optional<String> whyNotARegularFile(Path p) {
        if (p.toString().equals("-")) {
            return Optional.of("reading a scenario from standard input ('-') is not supported; name a file");
        }
        if (Files.isRegularFile(p)) {
            return Optional.empty();
        }
        if (!Files.exists(p)) {
            return Optional.of(Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? "a symbolic link to nothing"
                    : "no such file or directory");
        }
        if (Files.isDirectory(p)) {
            return Optional.of("a directory, not a scenario file");
        }
        try {
            int type = (Integer) Files.getAttribute(p, "unix:mode") & 0170000;
            return Optional.of(switch (type) {
                case 0010000 -> "a named pipe (FIFO), not a scenario file; irqcheck reads regular files only";
                case 0020000 -> "a character device, not a scenario file; irqcheck reads regular files only";
                case 0060000 -> "a block device, not a scenario file; irqcheck reads regular files only";
                case 0140000 -> "a socket, not a scenario file; irqcheck reads regular files only";
                default -> "not a regular file; irqcheck reads regular files only";
            });
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return Optional.of("not a regular file; irqcheck reads regular files only");
        }
    }
}
