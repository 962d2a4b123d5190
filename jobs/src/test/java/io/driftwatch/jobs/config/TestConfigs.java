package io.driftwatch.jobs.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.drift.config.EnvSubstitution;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Loads configurations from in-memory YAML named {@code driftwatch.yaml}, with a fixed environment. */
final class TestConfigs {

    /** The environment the tests see instead of the process's. */
    static final Map<String, String> ENV = Map.of(
            "VM_PASSWORD", "s3cr3t-password",
            "VM_TOKEN", "s3cr3t-token",
            "KAFKA_HOST", "kafka-1.internal");

    private TestConfigs() {}

    static DriftwatchConfig load(String yaml, String... overrides) {
        return ConfigLoader.load(
                yaml == null ? null : Path.of("driftwatch.yaml"),
                yaml,
                List.of(overrides),
                new EnvSubstitution(ENV::get));
    }

    static DriftwatchConfig loadFile(Path file, String... overrides) {
        return ConfigLoader.load(file, null, List.of(overrides), new EnvSubstitution(ENV::get));
    }

    /** The problems reported for a configuration that must be invalid. */
    static List<String> problems(String yaml, String... overrides) {
        return assertThrows(ConfigException.class, () -> load(yaml, overrides)).problems();
    }
}
