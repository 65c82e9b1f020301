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
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import dev.irqcheck.specs.scenario.ScenarioException;
import dev.irqcheck.specs.scenario.ScenarioParser;

/**
 * Scenario files are untrusted input: thousands of truncated, spliced and mutated variants of the
 * bundled scenarios go through {@code irqcheck check}. Each must end in exit 2 with one line
 * {@code FILE:LINE: FIELD: message}, or, when the change left a valid scenario (the parser accepts
 * it), in a verdict (exit 0, 1 or 3); never in a crash (exit 4) or a stack trace. At least
 * {@link #MIN_REFUSED}% must be refused, so the property cannot pass on files that stayed valid.
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

    /** Measured: about 70% of the generated files are refused (exit 2); the rest stayed valid. */
    static final double MIN_REFUSED = 60;

    @Property(tries = 1500)
    void everyMalformedScenarioEndsInAMessageNotACrash(@ForAll("malformed") String text) throws IOException {
        Path file = dir.resolve("fuzz.yaml");
        Files.writeString(file, text);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // A tiny state limit keeps accidentally valid scenarios fast (they may then exit 3).
        int exit = Main.run(new String[] {"check", "--max-states", "200", "--threads", "1", file.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
        Statistics.label("exit").collect(exit == 2 ? "2: refused with a message" : "0, 1 or 3: still a valid scenario");
        Statistics.label("exit").coverage(c -> c.check("2: refused with a message").percentage(p -> p >= MIN_REFUSED));
        if (exit == 2) {
            // One line: FILE:LINE: FIELD: message (the README's promise for bad input).
            assertTrue(err.toString().matches(Pattern.quote(file.toString()) + ":\\d+: [^\\n]*\\n"), err.toString());
            return;
        }
        // Not refused: then it must be a scenario the parser accepts, checked on its own, with a verdict.
        assertTrue(exit == 0 || exit == 1 || exit == 3, "exit " + exit + "\n" + err);
        try {
            new ScenarioParser().parse(file);
        } catch (ScenarioException e) {
            throw new AssertionError("exit " + exit + " for a file the parser refuses: " + e.getMessage());
        }
    }
}
