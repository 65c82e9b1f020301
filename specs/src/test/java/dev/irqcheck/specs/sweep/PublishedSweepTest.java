package dev.irqcheck.specs.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.irqcheck.specs.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The default sweep's summary is pinned, and the pin is the one the README publishes: the counts
 * (raw, checked, each skip, how many hold), the feature table and the safe rule's prediction count
 * of {@code ./irqcheck sweep} must be the lines of README.md's sweep example. A model change that
 * moves them fails here with the new lines to paste into the README (the one place to re-pin).
 */
class PublishedSweepTest {
    static final Path README = Path.of("..", "README.md");
    static final String TABLE_END = "(a number is how many of those configurations break the property)";
    static final String RULE_LINE = "The documented safe rule (README) predicts ";

    /** The pinned part of a sweep's output: the first line to the table's footnote, and the safe rule's line. */
    static List<String> summary(List<String> lines, String where) {
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).matches("\\d+ raw configurations; \\d+ checked")) {
                start = i;
            }
        }
        int end = start < 0 ? -1 : lines.subList(start, lines.size()).indexOf(TABLE_END);
        String rule = lines.stream().filter(l -> l.startsWith(RULE_LINE)).findFirst().orElse(null);
        if (start < 0 || end < 0 || rule == null) {
            fail(where + " has no sweep summary (a 'N raw configurations; M checked' line, the table up to '"
                    + TABLE_END + "', and '" + RULE_LINE + "...')");
        }
        List<String> out = new java.util.ArrayList<>(lines.subList(start, start + end + 1));
        out.add(rule);
        return out;
    }

    static List<String> readmeSweepExample() throws Exception {
        List<String> readme = Files.readAllLines(README);
        int from = readme.indexOf("$ ./irqcheck sweep");
        if (from < 0) {
            fail("README.md has no '$ ./irqcheck sweep' example");
        }
        int to = from;
        while (to < readme.size() && !readme.get(to).equals("```")) {
            to++;
        }
        return summary(readme.subList(from + 1, to), "README.md's sweep example");
    }

    @Test
    void theDefaultSweepPrintsTheSummaryTheReadmePublishes() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"sweep"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, exit, out + "\n" + err);
        List<String> now = summary(out.toString().lines().toList(), "the sweep's output");
        List<String> published = readmeSweepExample();
        if (!now.equals(published)) {
            int i = 0;
            while (i < Math.min(now.size(), published.size()) && now.get(i).equals(published.get(i))) {
                i++;
            }
            fail("The default sweep's summary is not the one README.md publishes (first difference at line "
                    + (i + 1) + ").\nIf the model change behind it is intended, replace those lines of README's "
                    + "sweep example (\"Across routing configurations\") with these, and say why in the commit:\n\n"
                    + String.join("\n", now) + "\n\nREADME.md has:\n\n" + String.join("\n", published));
        }
    }
}
