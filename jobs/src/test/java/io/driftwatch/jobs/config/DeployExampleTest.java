package io.driftwatch.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.config.EnvSubstitution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The documented example {@code deploy/driftwatch.yaml} loads, and documents every key. */
class DeployExampleTest {

    // Surefire runs in the module directory (jobs/); deploy/ is beside it.
    private static final Path EXAMPLE =
            Path.of("").toAbsolutePath().resolveSibling("deploy").resolve("driftwatch.yaml");

    @Test
    void loadsToTheDefaultsPlusItsExtraLabel() {
        // No environment: every ${VAR:-default} in the example falls back to its default.
        DriftwatchConfig c = ConfigLoader.load(EXAMPLE, null, List.of(), new EnvSubstitution(name -> null));
        DriftwatchConfig expected = DriftwatchConfig.load(null, List.of("remote-write.extra-labels.source=driftwatch"));
        assertEquals(expected, c);
        assertEquals(Map.of("source", "driftwatch"), c.remoteWrite().extraLabels());
    }

    @Test
    void takesItsSecretsAndAddressesFromTheEnvironment() {
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS",
                "kafka:29092",
                "DRIFTWATCH_REMOTE_WRITE_URL",
                "https://vm:8428/api/v1/write",
                "DRIFTWATCH_REMOTE_WRITE_TOKEN",
                "tok");
        DriftwatchConfig c = ConfigLoader.load(EXAMPLE, null, List.of(), new EnvSubstitution(env::get));
        assertEquals("kafka:29092", c.kafka().bootstrapServers());
        assertEquals("https://vm:8428/api/v1/write", c.remoteWrite().url().toString());
        assertEquals("tok", c.remoteWrite().bearerToken().reveal());
    }

    @Test
    void mentionsEveryKey() throws Exception {
        String text = Files.readString(EXAMPLE);
        for (ConfigKey key : DriftwatchConfig.keys()) {
            String name = key.path().substring(key.path().lastIndexOf('.') + 1).replace("[*]", "");
            assertTrue(text.contains(name + ":"), key.path() + " is not in " + EXAMPLE);
        }
    }
}
