package io.driftwatch.drift.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EnvSubstitutionTest {

    private final EnvSubstitution env =
            new EnvSubstitution(Map.of("USER_NAME", "bob", "EMPTY", "", "PORT", "9092")::get);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "plain                       | plain",
                "${USER_NAME}                | bob",
                "kafka-${USER_NAME}:${PORT}  | kafka-bob:9092",
                "${UNSET:-fallback}          | fallback",
                "${UNSET:-}                  | ''",
                "${EMPTY:-fallback}          | fallback",
                "${USER_NAME:-fallback}      | bob",
                "${UNSET:-a:b-c}             | a:b-c",
                "cost $5                     | cost $5",
                "$${USER_NAME}               | ${USER_NAME}",
                "${EMPTY}                    | ''",
            })
    void substitutes(String text, String expected) {
        assertEquals(expected, env.apply(text));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "${UNSET}       | environment variable UNSET is not set (set it, or give a default: ${UNSET:-default})",
                "x${USER_NAME   | unterminated '${' in \"x${USER_NAME\"",
                "${1ABC}        | '${1ABC}' is not a variable reference (use ${NAME} or ${NAME:-default})",
                "${A-b}         | '${A-b}' is not a variable reference (use ${NAME} or ${NAME:-default})",
                "${}            | '${}' is not a variable reference (use ${NAME} or ${NAME:-default})",
            })
    void rejects(String text, String message) {
        assertEquals(
                message,
                assertThrows(IllegalArgumentException.class, () -> env.apply(text))
                        .getMessage());
    }
}
