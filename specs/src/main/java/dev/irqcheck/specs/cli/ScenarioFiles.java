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
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import dev.irqcheck.specs.output.TerminalText;
import dev.irqcheck.specs.scenario.ScenarioInput;

/** Expands the command line's FILE|DIR arguments into scenario files, in a stable order. */
final class ScenarioFiles {
    private ScenarioFiles() {
    }

    static List<Path> expand(List<Path> args) throws IOException, UsageException {
        List<Path> out = new ArrayList<>();
        for (Path p : args) {
            if (Files.isDirectory(p)) {
                out.addAll(scenariosUnder(p));
            } else {
                Optional<String> why = ScenarioInput.whyNotARegularFile(p);
                if (why.isPresent()) {
                    throw new UsageException(TerminalText.escape(p.toString()) + ": " + why.get());
                }
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new UsageException(TerminalText.escape("no scenario files (*.yaml) found in " + args));
        }
        return out;
    }

    // Every *.yaml or *.yml regular file below dir, sorted; a directory that cannot be read is a
    // usage error naming it, not an internal one.
    private static List<Path> scenariosUnder(Path dir) throws IOException, UsageException {
        List<Path> found = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                String name = f.getFileName().toString();
                if ((attrs.isRegularFile() || attrs.isSymbolicLink() && Files.isRegularFile(f)) && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                    found.add(f);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                unreadable.add(TerminalText.escape(f.toString()) + (e instanceof AccessDeniedException
                        ? " (permission denied)" : ": " + TerminalText.escape(String.valueOf(e.getMessage()))));
                return FileVisitResult.CONTINUE;
            }
        });
        if (!unreadable.isEmpty()) {
            throw new UsageException("cannot read " + String.join(", ", unreadable)
                    + "; scenarios there would be skipped");
        }
        found.sort(null);
        return found;
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
            err.println("irqcheck: cannot list scenario files: " + TerminalText.escape(String.valueOf(e.getMessage())));
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
