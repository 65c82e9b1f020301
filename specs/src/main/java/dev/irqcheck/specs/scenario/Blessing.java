package dev.irqcheck.specs.scenario;

import dev.irqcheck.checker.result.Verdict;
import dev.irqcheck.specs.claims.ScenarioProperty;
import dev.irqcheck.specs.run.CombinationResult;
import dev.irqcheck.specs.run.ScenarioResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code --bless}: the observed verdicts written into a scenario file's {@code expect}. Nothing
 * already in the file is changed or moved: entries are appended to the end of the {@code expect}
 * list (later entries override earlier ones where their {@code when} matches), one per
 * combination whose verdicts differ from what the file states, so comments, order and the old
 * expectations stay readable above. Inconclusive verdicts are never written.
 */
public final class Blessing {
    private static final Pattern EXPECT = Pattern.compile("^expect:\\s*(#.*)?$");
    private static final Pattern TOP_KEY = Pattern.compile("^[^\\s#-].*");
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

    private Blessing() {
    }

    /** {@code text} with the entries appended; the same text when every decided verdict is as stated. */
    public static String bless(String text, ScenarioResult result) {
        List<String> entries = new ArrayList<>();
        for (CombinationResult row : result.rows()) {
            List<String> changed = new ArrayList<>();
            for (ScenarioProperty p : result.scenario().properties()) {
                Verdict v = row.verdict(p);
                boolean decided = v.kind() == Verdict.Kind.HOLDS || v.kind() == Verdict.Kind.VIOLATED;
                if (decided && !row.asExpected(p)) {
                    changed.add(key(p.id()) + ": " + v.kind().name().toLowerCase(Locale.ROOT));
                }
            }
            if (changed.isEmpty()) {
                continue;
            }
            List<String> when = new ArrayList<>();
            for (var axis : row.combination().varied()) {
                when.add(axis.key() + ": " + row.combination().value(axis.key()).orElseThrow());
            }
            if (!when.isEmpty()) {
                changed.add(0, "when: {" + String.join(", ", when) + "}");
            }
            entries.add(String.join("\n", changed));
        }
        if (entries.isEmpty()) {
            return text;
        }
        List<String> lines = new ArrayList<>(text.lines().toList());
        int expect = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("expect:")) {
                if (!EXPECT.matcher(lines.get(i)).matches()) {
                    throw new ScenarioException(result.scenario().file(), i + 1, "expect",
                            "--bless appends to a block list: write expect with one '- ' entry per line");
                }
                expect = i;
            }
        }
        String indent = "  ";
        int insertAt;
        if (expect < 0) {
            lines.add("expect:");
            insertAt = lines.size();
        } else {
            insertAt = expect + 1;
            boolean indentFound = false;
            for (int i = expect + 1; i < lines.size() && !TOP_KEY.matcher(lines.get(i)).matches(); i++) {
                String stripped = lines.get(i).strip();
                if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                    insertAt = i + 1;
                    if (!indentFound && stripped.startsWith("-")) {
                        indent = lines.get(i).substring(0, lines.get(i).indexOf('-'));
                        indentFound = true;
                    }
                }
            }
        }
        List<String> added = new ArrayList<>();
        for (String entry : entries) {
            String[] parts = entry.split("\n");
            for (int k = 0; k < parts.length; k++) {
                added.add(indent + (k == 0 ? "- " : "  ") + parts[k]);
            }
        }
        lines.addAll(insertAt, added);
        return String.join("\n", lines) + "\n";
    }

    /** A property name as a YAML key: plain when it can be, else double-quoted with JSON escapes. */
    private static String key(String id) {
        if (PLAIN.matcher(id).matches()) {
            return id;
        }
        StringBuilder sb = new StringBuilder("\"");
        for (char c : id.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
