package dev.irqcheck.specs.properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.specs.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Scenario files are untrusted input: thousands of truncated, spliced and mutated variants of the
 * bundled scenarios go through {@code irqcheck check}. Each must end in exit 0/1 (it happened to
 * stay valid) or exit 2 with a message naming the file, and never in a crash (exit 4) or a stack
 * trace.
 */
class MalformedScenarioProperties {
    static List<String> corpus;
    static Path dir;

    @BeforeContainer
    static void load() throws IOException {
        try (var files = Files.walk(Path.of("scenarios"))) {
            corpus = files.filter(p -> p.toString().endsWith(".yaml")).sorted().map(p -> {
                try {
                    return Files.readString(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        dir = Files.createTempDirectory("irqcheck-fuzz");
    }

    @AfterContainer
    static void clean() throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<String> malformed() {
        Arbitrary<String> base = Arbitraries.integers().between(0, corpus.size() - 1).map(corpus::get);
        Arbitrary<String> truncated = Combinators.combine(base, Arbitraries.doubles().between(0, 1))
                .as((text, at) -> text.substring(0, (int) (text.length() * at)));
        Arbitrary<String> mutated = Combinators.combine(base, Arbitraries.integers().between(0, 10_000),
                        Arbitraries.of("", ":", "- ", "{", "}", "[", "]", "\t", "&a ", "*a", "!!binary ", "'", "\"",
                                "-1", "99999999999", "true", "null", "~", "\n  - x", "!java.io.File ", "%YAML 1.1\n", "\u0000"))
                .as((text, at, insert) -> {
                    int i = text.isEmpty() ? 0 : at % text.length();
                    return text.substring(0, i) + insert + text.substring(i);
                });
        Arbitrary<String> lineDropped = Combinators.combine(base, Arbitraries.integers().between(0, 200))
                .as((text, line) -> {
                    String[] lines = text.split("\n", -1);
                    int k = line % lines.length;
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < lines.length; i++) {
                        if (i != k) {
                            sb.append(lines[i]).append('\n');
                        }
                    }
                    return sb.toString();
                });
        Arbitrary<String> garbage = Arbitraries.strings().ofMaxLength(300);
        return Arbitraries.oneOf(truncated, mutated, lineDropped, garbage);
    }

    @Property(tries = 1500)
    void everyMalformedScenarioEndsInAMessageNotACrash(@ForAll("malformed") String text) throws IOException {
        Path file = dir.resolve("fuzz.yaml");
        Files.writeString(file, text);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // A tiny state limit keeps accidentally valid scenarios fast (they may then exit 3).
        int exit = Main.run(new String[] {"check", "--max-states", "200", "--threads", "1", file.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertTrue(exit == 0 || exit == 1 || exit == 2 || exit == 3, "exit " + exit + "\n" + err);
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
        if (exit == 2) {
            assertTrue(err.toString().startsWith(file.toString()), err.toString());
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
        }
    }
}
