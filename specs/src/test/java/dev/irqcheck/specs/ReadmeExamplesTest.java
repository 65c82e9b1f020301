package dev.irqcheck.specs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.irqcheck.specs.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's scenario example is a valid scenario whose expectations are met. */
class ReadmeExamplesTest {

    @Test
    void theReadmeScenarioExampleChecksAsExpected(@TempDir Path dir) throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(m.find(), "the README has a yaml example");
        Path file = dir.resolve("readme.yaml");
        Files.writeString(file, m.group(1));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(new String[] {"check", file.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, exit, out + "\n" + err);
    }

    /** What the README shows a user's project doing is what the build's examples module does. */
    @Test
    void theReadmeMavenExampleIsTheExamplesModuleVerbatim() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        Matcher java = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(java.find(), "the README has a Java example");
        assertEquals(Files.readString(Path.of("../examples/src/test/java/com/example/MyDesignTest.java")), java.group(1));
        Matcher xml = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(xml.find(), "the README has the dependency");
        assertTrue(Files.readString(Path.of("../examples/pom.xml")).contains(xml.group(1)), xml.group(1));
        assertTrue(readme.contains("mvn -B install -DskipTests"), "the install step");
    }
}
