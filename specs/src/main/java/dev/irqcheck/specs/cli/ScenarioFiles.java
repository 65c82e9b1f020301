package dev.irqcheck.specs.cli;

import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioException;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    /**
     * Expands and parses every scenario, printing each problem (all files' parse errors, not only
     * the first, so a typo in the last file does not cost a long run); empty when there was any.
     */
    static Optional<List<Scenario>> parseAll(List<Path> args, PrintWriter err) {
        return parseAll(args, err, new ScenarioParser());
    }

    static Optional<List<Scenario>> parseAll(List<Path> args, PrintWriter err, ScenarioParser parser) {
        List<Path> files;
        try {
            files = expand(args);
        } catch (UsageException e) {
            err.println("irqcheck: " + e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            err.println("irqcheck: cannot list scenario files: " + e.getMessage());
            return Optional.empty();
        }
        List<Scenario> scenarios = new ArrayList<>();
        boolean bad = false;
        for (Path f : files) {
            try {
                scenarios.add(parser.parse(f));
            } catch (ScenarioException e) {
                err.println(e.describe());
                bad = true;
            }
        }
        return bad ? Optional.empty() : Optional.of(scenarios);
    }

    /** A usage problem reported with exit code 2. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }
}
