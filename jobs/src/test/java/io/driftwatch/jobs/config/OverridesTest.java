package io.driftwatch.jobs.config;

import static io.driftwatch.jobs.config.TestConfigs.load;
import static io.driftwatch.jobs.config.TestConfigs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The forms of {@code --set KEY=VALUE}. */
class OverridesTest {

    @Test
    void setsAScalarByItsDottedPath() {
        DriftwatchConfig c = load(
                null, "confidence.baseline.period=14d", "kafka.bounded=true", "remote-write.max-batch-bytes=512KiB");
        assertEquals(Duration.ofDays(14), c.confidence().baseline().period());
        assertTrue(c.kafka().bounded());
        assertEquals(512 * 1024, c.remoteWrite().maxBatchBytes());
    }

    @Test
    void theValueIsEverythingAfterTheFirstEquals() {
        assertEquals("a=b", load(null, "kafka.group-id=a=b").kafka().groupId());
    }

    @Test
    void setsAnItemOfTheDefaultListByIndex() {
        DriftwatchConfig c = load(null, "kafka.inputs[0].topic=metrics", "kafka.inputs[0].encoding=otlp_json");
        assertEquals(List.of(new InputTopic("metrics", "otlp_json")), c.kafka().inputs());
    }

    @Test
    void setsAnItemOfTheFilesList() {
        DriftwatchConfig c =
                load("kafka:\n  inputs: [{topic: a, encoding: otlp_json}, {topic: b}]\n", "kafka.inputs[1].topic=c");
        assertEquals(
                List.of(new InputTopic("a", "otlp_json"), new InputTopic("c", "otlp_proto")),
                c.kafka().inputs());
    }

    @Test
    void theIndexEqualToTheSizeAppendsAnItemWithDefaults() {
        DriftwatchConfig c = load(null, "kafka.inputs[1].topic=otlp_metrics_json");
        assertEquals(
                List.of(
                        new InputTopic("otlp_metrics", "otlp_proto"),
                        new InputTopic("otlp_metrics_json", "otlp_proto")),
                c.kafka().inputs());
    }

    @Test
    void anIndexBeyondTheSizeIsAnError() {
        assertEquals(
                List.of("--set kafka.inputs[2].topic=x: index 2 is out of range: kafka.inputs has 1 item(s);"
                        + " use [1] to append one"),
                problems(null, "kafka.inputs[2].topic=x"));
    }

    @Test
    void aListOfStringsIsCommaSeparated() {
        assertEquals(
                List.of("user_id", "tenant"),
                load(null, "ingest.drop-labels=user_id, tenant").ingest().dropLabels());
        assertEquals(List.of(), load(null, "ingest.drop-labels=").ingest().dropLabels());
        assertEquals(
                List.of("model_name", "x", "use_case", "environment"),
                load(null, "confidence.group-by[1]=x").confidence().groupBy());
    }

    @Test
    void aStringWithCommasStaysOneString() {
        assertEquals(
                "a:9092,b:9092",
                load(null, "kafka.bootstrap-servers=a:9092,b:9092").kafka().bootstrapServers());
    }

    @Test
    void addsEntriesToFreeFormMaps() {
        DriftwatchConfig c = load(
                null,
                "remote-write.extra-labels.cluster=eu-1",
                "kafka.properties.security.protocol=SSL",
                "kafka.properties.max.poll.records=100");
        assertEquals(Map.of("cluster", "eu-1"), c.remoteWrite().extraLabels());
        assertEquals(
                Map.of("security.protocol", "SSL", "max.poll.records", "100"),
                c.kafka().properties());
    }

    @Test
    void replacesADottedPropertyOfTheFileRatherThanAddingANestedOne() {
        DriftwatchConfig c = load(
                "kafka:\n  properties:\n    security.protocol: SASL_SSL\n", "kafka.properties.security.protocol=SSL");
        assertEquals(Map.of("security.protocol", "SSL"), c.kafka().properties());
    }

    @Test
    void replacesAValueOfTheWrongShapeOnTheWay() {
        // The file's 'confidence: 5' is wrong, but the override replaces it with a mapping.
        assertEquals(
                Duration.ofHours(2),
                load("confidence: 5\n", "confidence.current-window=2h")
                        .confidence()
                        .currentWindow());
    }

    @Test
    void substitutesEnvironmentVariablesInValues() {
        assertEquals(
                "kafka-1.internal:9092",
                load(null, "kafka.bootstrap-servers=${KAFKA_HOST}:9092").kafka().bootstrapServers());
        assertEquals(
                List.of("--set kafka.group-id=${NOPE}: environment variable NOPE is not set (set it, or give a"
                        + " default: ${NOPE:-default})"),
                problems(null, "kafka.group-id=${NOPE}"));
    }

    @Test
    void malformedOverridesAreErrors() {
        assertEquals(
                List.of(
                        "--set kafka.group-id: expected KEY=VALUE, e.g. --set kafka.bootstrap-servers=kafka:9092",
                        "--set kafka..group-id=x: 'kafka..group-id' is not a key path (write it as e.g."
                                + " confidence.current-window or kafka.inputs[0].topic)",
                        "--set kafka.inputs[x].topic=y: 'kafka.inputs[x].topic' is not a key path (write it as e.g."
                                + " confidence.current-window or kafka.inputs[0].topic)",
                        "--set [0]=y: '[0]' is not a key path (write it as e.g. confidence.current-window or"
                                + " kafka.inputs[0].topic)",
                        "--set =y: '' is not a key path (write it as e.g. confidence.current-window or"
                                + " kafka.inputs[0].topic)"),
                problems(null, "kafka.group-id", "kafka..group-id=x", "kafka.inputs[x].topic=y", "[0]=y", "=y"));
    }

    @Test
    void anUnknownKeyIsSuggestedTheClosestOne() {
        assertEquals(
                List.of("--set confidence.curent-window=2h: unknown key 'confidence.curent-window' (did you mean"
                        + " 'confidence.current-window'?)"),
                problems(null, "confidence.curent-window=2h"));
    }
}
