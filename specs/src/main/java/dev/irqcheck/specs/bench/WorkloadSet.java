package dev.irqcheck.specs.bench;

import dev.irqcheck.specs.scenario.Scenario;
import dev.irqcheck.specs.scenario.ScenarioException;
import dev.irqcheck.specs.scenario.ScenarioParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The real-workload benchmark (issue 14): larger interrupt configurations than the bundled
 * scenarios, shipped inside the jar so that {@code irqcheck bench --set workload} times the same
 * files everywhere. Their state counts are pinned by a test.
 */
public enum WorkloadSet {
    THREE_DEVICES("three-devices", false),
    ONESHOT_TWO_VCPUS("oneshot-two-vcpus", false),
    THREE_VCPUS("three-vcpus", false),
    THREE_DEVICES_DISTRIBUTOR_WRITE("three-devices-distributor-write", false),
    // eventually-serviced adds the behaviour graph and the lifted fair-cycle search (symmetry stays on).
    THREE_DEVICES_DISTRIBUTOR_WRITE_LIVENESS("three-devices-distributor-write-liveness", true);

    /** The name {@code bench --set} takes. */
    public static final String SET_NAME = "workload";

    private final String fileName;
    private final boolean heavy;

    WorkloadSet(String baseName, boolean heavy) {
        this.fileName = baseName + ".yaml";
        this.heavy = heavy;
    }

    /** Too slow for every build (more than a minute on a busy CI machine); run by the bench only. */
    public boolean heavy() {
        return heavy;
    }

    public String fileName() {
        return fileName;
    }

    /** Parses this configuration from the jar; the scenario's file is {@code workload/NAME.yaml}. */
    public Scenario scenario() {
        String resource = "workload/" + fileName;
        try (InputStream in = WorkloadSet.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("benchmark configuration missing from the jar: " + resource);
            }
            return new ScenarioParser().parse(Path.of(resource), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ScenarioException e) {
            throw new IllegalStateException("bundled benchmark configuration does not parse: " + e.describe(), e);
        }
    }

    /** Every configuration, the heavy one last. */
    public static List<Scenario> all() {
        return Arrays.stream(values()).map(WorkloadSet::scenario).toList();
    }

    public static Optional<List<Scenario>> named(String set) {
        return SET_NAME.equals(set) ? Optional.of(all()) : Optional.empty();
    }
}
