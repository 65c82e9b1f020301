package dev.irqcheck.model.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The model's components own their state: each package's field classes ({@code *Fields}) are used
 * only by that package, and nothing inside {@code model/} but the assembler ({@code system/})
 * refers back up to {@code system}. Read from the sources, so that a fully-qualified reference
 * counts as much as an import.
 */
class ComponentOwnershipTest {
    private static final Path MAIN = Path.of("src/main/java/dev/irqcheck/model");
    private static final Pattern FIELDS_CLASS = Pattern.compile("public final class (\\w+Fields)\\b");

    @Test
    void onlyTheAssemblerRefersToTheSystemPackage() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : sources()) {
            if (!packageOf(file).equals("system") && Files.readString(file).contains("dev.irqcheck.model.system")) {
                offenders.add(MAIN.relativize(file).toString());
            }
        }
        assertEquals(List.of(), offenders, "components that reach back up to the assembler");
    }

    @Test
    void eachComponentsFieldsAreUsedByThatComponentAlone() throws IOException {
        Map<String, String> ownerOf = new TreeMap<>();
        for (Path file : sources()) {
            Matcher m = FIELDS_CLASS.matcher(Files.readString(file));
            while (m.find()) {
                ownerOf.put(m.group(1), packageOf(file));
            }
        }
        assertTrue(ownerOf.keySet().containsAll(List.of("DeviceFields", "HostFields", "KvmFields", "DistributorFields",
                "VcpuFields", "GuestFields")), "every component declares its fields: " + ownerOf);
        List<String> offenders = new ArrayList<>();
        for (Path file : sources()) {
            String pkg = packageOf(file);
            if (pkg.equals("system")) {
                continue; // the assembler hands each component its own fields
            }
            String text = Files.readString(file);
            ownerOf.forEach((fieldsClass, owner) -> {
                if (!owner.equals(pkg) && Pattern.compile("\\b" + fieldsClass + "\\b").matcher(text).find()) {
                    offenders.add(MAIN.relativize(file) + " uses " + owner + "'s " + fieldsClass);
                }
            });
        }
        assertEquals(List.of(), offenders, "components that read or write another component's fields directly");
    }

    private static List<Path> sources() throws IOException {
        assertTrue(Files.isDirectory(MAIN), "run from the model module: " + MAIN.toAbsolutePath());
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String packageOf(Path file) {
        return MAIN.relativize(file).getName(0).toString();
    }
}
