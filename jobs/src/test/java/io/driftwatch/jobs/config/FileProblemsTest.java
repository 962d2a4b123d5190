package io.driftwatch.jobs.config;

import static io.driftwatch.jobs.config.TestConfigs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Problems in the file: named by file, line, column and full key; all reported together. */
class FileProblemsTest {

    @TempDir
    Path dir;

    @Test
    void aBadValueNamesTheFileLineColumnAndKey() {
        assertEquals(
                List.of("driftwatch.yaml:3:3: confidence.current-window: \"24hours\" is not a duration"
                        + " (use e.g. 90s, 15m, 24h, 30d or ISO-8601 PT24H)"),
                problems("""
                        confidence:
                          enabled: true
                          current-window: "24hours"
                        """));
    }

    @Test
    void unknownKeysAreSuggestedTheClosestKnownKey() {
        assertEquals(
                List.of(
                        "driftwatch.yaml:2:3: unknown key 'confidence.curent-window' (did you mean 'confidence.current-window'?)",
                        "driftwatch.yaml:5:7: kafka.inputs[0].topic: required key is missing",
                        "driftwatch.yaml:5:7: unknown key 'kafka.inputs[0].topik' (did you mean 'kafka.inputs[0].topic'?)",
                        "driftwatch.yaml:6:1: unknown key 'idle-timeout' (did you mean 'ingest.idle-timeout'?)",
                        "driftwatch.yaml:7:1: unknown key 'kafak' (did you mean 'kafka'?)",
                        "driftwatch.yaml:9:3: unknown key 'flink.completely-unrelated'"),
                problems("""
                        confidence:
                          curent-window: 2h
                        kafka:
                          inputs:
                            - topik: a
                        idle-timeout: 5s
                        kafak:
                        flink:
                          completely-unrelated: 1
                        """));
    }

    @Test
    void typeErrorsNameTheKeyAndLine() {
        assertEquals(
                List.of(
                        "driftwatch.yaml:2:3: ingest.max-series-per-metric: \"lots\" is not an integer",
                        "driftwatch.yaml:3:3: ingest.drop-labels: expected a list (or comma-separated values), got a mapping",
                        "driftwatch.yaml:5:3: kafka.properties: expected a mapping, got a list",
                        "driftwatch.yaml:6:3: kafka.inputs: expected a list of mappings, got \"otlp_metrics\"",
                        "driftwatch.yaml:7:3: kafka.group-id: expected a string, got a list",
                        "driftwatch.yaml:8:1: remote-write: expected a mapping, got \"http://vm:8428\"",
                        "driftwatch.yaml:10:17: confidence.group-by[1]: expected a string, got a mapping"),
                problems("""
                        ingest:
                          max-series-per-metric: lots
                          drop-labels: {a: b}
                        kafka:
                          properties: [a, b]
                          inputs: otlp_metrics
                          group-id: [a]
                        remote-write: http://vm:8428
                        confidence:
                          group-by: [a, {b: c}]
                        """));
    }

    @Test
    void everyProblemOfFileAndOverridesIsReportedAtOnceInOrder() {
        ConfigException e = assertThrows(
                ConfigException.class,
                () -> TestConfigs.load("""
                        kafka:
                          inputs:
                            - topic: otlp_metrics
                              encoding: otlp_xml
                        confidence:
                          low-threshold: 2
                        """, "flink.parallelism=-2", "remote-write.timeout=forever"));
        List<String> expected = List.of(
                "driftwatch.yaml:4:7: kafka.inputs[0].encoding: must be one of otlp_proto, otlp_json (got \"otlp_xml\")",
                "driftwatch.yaml:6:3: confidence.low-threshold: must be between 0 and 1 (got 2.0)",
                "--set flink.parallelism=-2: must be at least 0 (got -2)",
                "--set remote-write.timeout=forever: \"forever\" is not a duration (use e.g. 90s, 15m, 24h, 30d or"
                        + " ISO-8601 PT24H)");
        assertEquals(expected, e.problems());
        assertEquals(String.join("\n", expected), e.getMessage());
    }

    @Test
    void anUnsetEnvironmentVariableWithoutDefaultIsAnError() {
        assertEquals(
                List.of("driftwatch.yaml:2:22: kafka.bootstrap-servers: environment variable NO_SUCH_VAR is not"
                        + " set (set it, or give a default: ${NO_SUCH_VAR:-default})"),
                problems("kafka:\n  bootstrap-servers: ${NO_SUCH_VAR}:9092\n"));
    }

    @Test
    void environmentVariablesAreSubstitutedInAnyScalar() {
        DriftwatchConfig c = TestConfigs.load("""
                kafka:
                  bootstrap-servers: ${KAFKA_HOST}:9092
                ingest:
                  max-series-per-metric: ${MAX_SERIES:-500}
                remote-write:
                  bearer-token: ${VM_TOKEN}
                """);
        assertEquals("kafka-1.internal:9092", c.kafka().bootstrapServers());
        assertEquals(500, c.ingest().maxSeriesPerMetric());
        assertEquals("s3cr3t-token", c.remoteWrite().bearerToken().reveal());
    }

    @Test
    void yamlSyntaxErrorsGiveTheirPosition() {
        assertEquals(
                List.of("driftwatch.yaml:3:7: invalid YAML: while parsing a flow sequence: expected ',' or ']',"
                        + " but got <stream end>"),
                problems("kafka:\n  inputs: [1,\n  b: 2"));
        assertEquals(
                List.of("driftwatch.yaml:2:1: invalid YAML: while scanning for the next token: found character"
                        + " '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB) for indentation)"),
                problems("kafka:\n\tgroup-id: x\n"));
    }

    @Test
    void duplicateKeysAreErrors() {
        assertEquals(
                List.of("driftwatch.yaml:3:3: kafka.group-id: duplicate key (first given at line 2)"),
                problems("kafka:\n  group-id: a\n  group-id: b\n"));
    }

    @Test
    void aliasesAreRejectedRatherThanMisread() {
        assertEquals(
                List.of("driftwatch.yaml:2:19: kafka.group-id: YAML aliases (*id) are not supported: write the"
                        + " value out"),
                problems("job-name: &id x\nkafka: {group-id: *id}\n"));
    }

    @Test
    void theTopLevelMustBeOneMapping() {
        assertEquals(
                List.of("driftwatch.yaml:1:1: the top level must be a mapping of keys to values, not a list"),
                problems("- a\n- b\n"));
        assertEquals(
                List.of("driftwatch.yaml:1:1: the top level must be a mapping of keys to values, not a single value"),
                problems("just text\n"));
        assertEquals(
                List.of("driftwatch.yaml:3:1: a second YAML document: the file must hold exactly one"),
                problems("job-name: a\n---\njob-name: b\n"));
    }

    @Test
    void freeFormMapEntriesNeedScalarValuesAndOneSpelling() {
        assertEquals(
                List.of(
                        "driftwatch.yaml:4:16: kafka.properties.security.protocol: given twice, as a dotted key and as"
                                + " nested keys",
                        "driftwatch.yaml:5:5: kafka.properties.sasl.mechanism: has no value",
                        "driftwatch.yaml:6:5: kafka.properties.client.rack: expected a string, got a list"),
                problems("""
                        kafka:
                          properties:
                            security.protocol: SSL
                            security: {protocol: SASL_SSL}
                            sasl.mechanism:
                            client.rack: [a]
                        """));
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        ConfigException e = assertThrows(ConfigException.class, () -> TestConfigs.loadFile(missing));
        assertEquals(List.of(missing + ": no such file"), e.problems());
    }
}
