package dev.irqcheck.specs.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expands the command line's FILE|DIR arguments into scenario files, in a stable order. */
final class ScenarioFiles {
    private ScenarioFiles() {
    }

    static List<Path> expand(List<Path> args) throws IOException, UsageException {
        List<Path> out = new ArrayList<>();
        for (Path p : args) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> walk = Files.walk(p)) {
                    walk.filter(Files::isRegularFile)
                            .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                            .sorted()
                            .forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new UsageException(p + ": no such file or directory");
            }
        }
        if (out.isEmpty()) {
            throw new UsageException("no scenario files (*.yaml) found in " + args);
        }
        return out;
    }

    /** A usage problem reported with exit code 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
