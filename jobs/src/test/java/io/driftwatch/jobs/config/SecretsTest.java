package io.driftwatch.jobs.config;

import static io.driftwatch.jobs.config.TestConfigs.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Secrets never appear in the effective YAML, in toString, or in problem messages. */
class SecretsTest {

    private static final String YAML = """
            kafka:
              properties:
                security.protocol: SASL_SSL
                sasl.jaas.config: org.apache.kafka.common.security.scram.ScramLoginModule required password="jaas-pw";
                ssl.key.password: key-pw
            remote-write:
              basic-auth:
                username: driftwatch
                password: ${VM_PASSWORD}
            """;

    @Test
    void toYamlMasksSecretsButShowsEverythingElse() {
        DriftwatchConfig c = load(YAML);
        String yaml = c.toYaml();
        assertTrue(yaml.contains("""
                  properties:
                    security.protocol: SASL_SSL
                    sasl.jaas.config: '***'
                    ssl.key.password: '***'
                """), yaml);
        assertTrue(yaml.contains("""
                  basic-auth:
                    username: driftwatch
                    password: '***'
                  bearer-token: ""
                """), yaml);
        for (String secret : List.of("jaas-pw", "key-pw", "s3cr3t-password")) {
            assertFalse(yaml.contains(secret), secret);
            assertFalse(c.toString().contains(secret), secret);
        }
        // The values themselves are intact.
        assertEquals("s3cr3t-password", c.remoteWrite().basicAuth().password().reveal());
        assertEquals("key-pw", c.kafka().properties().get("ssl.key.password"));
    }

    @Test
    void bearerTokensAreMaskedToo() {
        DriftwatchConfig c = load(null, "remote-write.bearer-token=${VM_TOKEN}");
        assertTrue(c.toYaml().contains("\n  bearer-token: '***'\n"), c.toYaml());
        assertEquals("s3cr3t-token", c.remoteWrite().bearerToken().reveal());
    }

    @Test
    void recordToStringsMaskSecrets() {
        DriftwatchConfig c = load(
                YAML,
                "remote-write.basic-auth.username=",
                "remote-write.basic-auth.password=",
                "remote-write.bearer-token=tok-123");
        String text = c.kafka() + " " + c.remoteWrite();
        assertFalse(text.contains("jaas-pw"), text);
        assertFalse(text.contains("key-pw"), text);
        assertFalse(text.contains("tok-123"), text);
        assertTrue(text.contains("bearerToken=***"), text);
        assertTrue(text.contains("security.protocol=SASL_SSL"), text);
    }

    @Test
    void overridesOfSecretKeysAreMaskedInProblems() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> load(
                        null, "remote-write.basic-auth.password=hunter2", "kafka.propertie.sasl.jaas.config=jaas-pw"));
        assertEquals(
                List.of(
                        "--set remote-write.basic-auth.password=***: needs remote-write.basic-auth.username too (basic auth"
                                + " takes both)",
                        "--set kafka.propertie.sasl.jaas.config=***: unknown key 'kafka.propertie' (did you mean"
                                + " 'kafka.properties'?)"),
                e.problems());
        assertFalse(e.getMessage().contains("hunter2"));
        assertFalse(e.getMessage().contains("jaas-pw"));
    }

    @Test
    void secretToStringRevealsNothing() {
        assertEquals("***", Secret.of("x").toString());
        assertEquals("", Secret.NONE.toString());
        assertEquals(Secret.NONE, Secret.of(""));
        assertFalse(Secret.NONE.isSet());
    }

    @Test
    void secretKeyNamesAreRecognisedAsWholeWords() {
        for (String key : List.of(
                "password",
                "remote-write.basic-auth.password",
                "bearer-token",
                "sasl.jaas.config",
                "ssl.key.password",
                "ssl.keystore.key",
                "basic.auth.user.info",
                "client_secret")) {
            assertTrue(SecretKeys.isSecret(key), key);
        }
        for (String key : List.of(
                "key.deserializer",
                "cost.tokens-metric",
                "security.protocol",
                "sasl.mechanism",
                "ssl.keystore.location")) {
            assertFalse(SecretKeys.isSecret(key), key);
        }
    }
}
