package io.driftwatch.jobs.config;

import static io.driftwatch.jobs.config.TestConfigs.load;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading: defaults, a complete file, layering, the effective YAML and the key reference. */
class DriftwatchConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaultsApplyWithoutAFile() {
        DriftwatchConfig c = DriftwatchConfig.load(null, List.of());

        assertEquals("driftwatch", c.jobName());
        KafkaConfig k = c.kafka();
        assertEquals("localhost:9092", k.bootstrapServers());
        assertEquals("driftwatch", k.groupId());
        assertEquals(List.of(new InputTopic("otlp_metrics", "otlp_proto")), k.inputs());
        assertEquals(StartingOffsets.EARLIEST, k.startingOffsets());
        assertFalse(k.bounded());
        assertEquals("driftwatch.dead-letters", k.deadLetterTopic());
        assertEquals(Map.of(), k.properties());

        IngestConfig i = c.ingest();
        assertEquals(
                List.of("user_id", "request_id", "session_id", "user.id", "request.id", "session.id"), i.dropLabels());
        assertEquals(10_000, i.maxSeriesPerMetric());
        assertEquals(Duration.ofMinutes(5), i.maxOutOfOrderness());
        assertEquals(Duration.ZERO, i.idleTimeout());
        assertFalse(i.idlenessDetectionEnabled());
        assertEquals(Instant.parse("2000-01-01T00:00:00Z"), i.minTimestamp());
        assertEquals(Duration.ofHours(1), i.maxFutureSkew());
        assertEquals(Duration.ofHours(1), i.maxAheadOfRecordTime());
        assertEquals(Duration.ofDays(7), i.maxBehindRecordTime());
        assertEquals(1_000_000, i.maxRecordBytes());
        assertEquals(128, i.maxLabelsPerPoint());

        ConfidenceConfig conf = c.confidence();
        assertTrue(conf.enabled());
        assertEquals("ml.inference.confidence", conf.metric());
        assertEquals(List.of("model_name", "model_version", "use_case", "environment"), conf.groupBy());
        assertEquals(Duration.ofHours(1), conf.evaluationInterval());
        assertEquals(Duration.ofHours(24), conf.currentWindow());
        assertEquals(0.6, conf.lowThreshold());
        assertEquals(3.0, conf.adaptiveThresholdK());
        assertEquals(0.1, conf.driftRatioThreshold());
        assertEquals(1, conf.minCountPerInterval());
        assertEquals(new BaselineConfig(BaselineMode.FROZEN, Duration.ofDays(30)), conf.baseline());

        assertEquals(new OutputConfig("", "ml.drift.events"), c.output());

        RemoteWriteConfig rw = c.remoteWrite();
        assertEquals(URI.create("http://localhost:8428/api/v1/write"), rw.url());
        assertEquals(Map.of(), rw.extraLabels());
        assertEquals(BasicAuth.NONE, rw.basicAuth());
        assertFalse(rw.basicAuth().isConfigured());
        assertEquals(Secret.NONE, rw.bearerToken());
        assertEquals(TlsConfig.DEFAULT, rw.tls());
        assertEquals(Duration.ofSeconds(30), rw.timeout());
        assertEquals(5000, rw.maxBatchSamples());
        assertEquals(4L * 1024 * 1024, rw.maxBatchBytes());
        assertEquals(4, rw.maxInFlightRequests());
        assertEquals(Duration.ofMillis(100), rw.retryInitialBackoff());
        assertEquals(Duration.ofSeconds(10), rw.retryMaxBackoff());
        assertEquals("driftwatch.remote-write.dead-letters", rw.deadLetterTopic());

        assertEquals(new FlinkConfig(0, Duration.ofSeconds(30), "", StateBackendKind.HASHMAP, ""), c.flink());

        assertEquals(c, DriftwatchConfig.defaults());
    }

    /** Every key set to a value other than its default, in a file on disk. */
    static final String FULL = """
            job-name: confidence-prod
            kafka:
              bootstrap-servers: ${KAFKA_HOST}:9093,kafka-2.internal:9093
              group-id: driftwatch-prod
              inputs:
                - topic: otlp_metrics_eu
                  encoding: otlp_json
                - topic: otlp_metrics_us
              starting-offsets: committed
              bounded: true
              dead-letter-topic: dlq.ingest
              check-topics: false
              properties:
                security.protocol: SASL_SSL
                sasl:
                  mechanism: SCRAM-SHA-512
                max.poll.records: 500
            ingest:
              drop-labels: [trace_id]
              max-series-per-metric: 250
              max-out-of-orderness: 90s
              idle-timeout: 1m
              min-timestamp: 2024-01-01T00:00:00Z
              max-future-skew: PT10M
              max-ahead-of-record-time: 2h
              max-behind-record-time: 0s
              max-record-bytes: 2MiB
              max-labels-per-point: 64
            confidence:
              enabled: false
              metric: gen_ai.confidence
              group-by:
                - model_name
                - tenant
              evaluation-interval: 15m
              current-window: 6h
              low-threshold: 0.75
              adaptive-threshold-k: 2.5
              drift-ratio-threshold: 0.2
              min-count-per-interval: 20
              baseline:
                mode: rolling
                period: 1w
              short-window: 30m
              short-window-alpha: 1e-4
            output:
              metric-prefix: "staging_"
            remote-write:
              url: https://vm.example.com/insert/0/prometheus/api/v1/write
              extra-labels: {cluster: eu-1, source: driftwatch}
              basic-auth:
                username: driftwatch
                password: ${VM_PASSWORD}
              tls:
                ca-file: %s
                cert-file: %s
                key-file: %s
                insecure-skip-verify: true
              timeout: 5s
              max-batch-samples: 1000
              max-batch-bytes: 1MB
              max-in-flight-requests: 2
              retry-initial-backoff: 250ms
              retry-max-backoff: 1m
              max-retry-duration: 90s
              dead-letter-topic: dlq.remote-write
            flink:
              parallelism: 4
              checkpoint-interval: 1m
              checkpoint-dir: file:///var/lib/driftwatch/checkpoints
              state-backend: rocksdb
              savepoint-path: s3://bucket/savepoints/savepoint-1
            """;

    @Test
    void aCompleteFileSetsEveryKey() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "ca");
        Path cert = Files.writeString(dir.resolve("client.pem"), "cert");
        Path key = Files.writeString(dir.resolve("client.key"), "key");
        Path file = Files.writeString(dir.resolve("driftwatch.yaml"), FULL.formatted(ca, cert, key));

        DriftwatchConfig c = TestConfigs.loadFile(file);

        assertEquals("confidence-prod", c.jobName());
        assertEquals(
                new KafkaConfig(
                        "kafka-1.internal:9093,kafka-2.internal:9093",
                        "driftwatch-prod",
                        List.of(
                                new InputTopic("otlp_metrics_eu", "otlp_json"),
                                new InputTopic("otlp_metrics_us", "otlp_proto")),
                        StartingOffsets.COMMITTED,
                        true,
                        "dlq.ingest",
                        false,
                        Map.of(
                                "security.protocol",
                                "SASL_SSL",
                                "sasl.mechanism",
                                "SCRAM-SHA-512",
                                "max.poll.records",
                                "500")),
                c.kafka());
        assertEquals(
                new IngestConfig(
                        List.of("trace_id"),
                        250,
                        Duration.ofSeconds(90),
                        Duration.ofMinutes(1),
                        Instant.parse("2024-01-01T00:00:00Z"),
                        Duration.ofMinutes(10),
                        Duration.ofHours(2),
                        Duration.ZERO,
                        2 << 20,
                        64,
                        Duration.ofDays(7)),
                c.ingest());
        assertEquals(
                new ConfidenceConfig(
                        false,
                        "gen_ai.confidence",
                        List.of("model_name", "tenant"),
                        Duration.ofMinutes(15),
                        Duration.ofHours(6),
                        0.75,
                        2.5,
                        0.2,
                        20,
                        0.8,
                        100,
                        new BaselineConfig(BaselineMode.ROLLING, Duration.ofDays(7)),
                        Duration.ofMinutes(30),
                        1e-4,
                        ConfidenceConfig.DEFAULT_MAX_GROUPS_PER_MODEL,
                        List.of()),
                c.confidence());
        assertEquals("staging_", c.output().metricPrefix());
        assertEquals("staging_ml:confidence:drift_ratio", c.output().seriesName("ml:confidence:drift_ratio"));
        assertEquals(
                new RemoteWriteConfig(
                        URI.create("https://vm.example.com/insert/0/prometheus/api/v1/write"),
                        Map.of("cluster", "eu-1", "source", "driftwatch"),
                        new BasicAuth("driftwatch", Secret.of("s3cr3t-password")),
                        Secret.NONE,
                        new TlsConfig(ca.toString(), cert.toString(), key.toString(), true),
                        Duration.ofSeconds(5),
                        1000,
                        1_000_000L,
                        2,
                        50_000,
                        Duration.ofMillis(250),
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(90),
                        "dlq.remote-write"),
                c.remoteWrite());
        assertEquals("s3cr3t-password", c.remoteWrite().basicAuth().password().reveal());
        assertTrue(c.remoteWrite().tls().hasClientCertificate());
        assertEquals(
                new FlinkConfig(
                        4,
                        Duration.ofMinutes(1),
                        "file:///var/lib/driftwatch/checkpoints",
                        StateBackendKind.ROCKSDB,
                        "s3://bucket/savepoints/savepoint-1"),
                c.flink());
    }

    @Test
    void theFileOverridesDefaultsKeyByKeyAndReplacesListsWhole() {
        DriftwatchConfig c = load("""
                kafka:
                  group-id: other
                ingest:
                  drop-labels: [a]
                """);
        assertEquals("other", c.kafka().groupId());
        assertEquals("localhost:9092", c.kafka().bootstrapServers());
        assertEquals(List.of("a"), c.ingest().dropLabels());
        assertEquals(10_000, c.ingest().maxSeriesPerMetric());
    }

    @Test
    void nullValuesAndEmptySectionsKeepTheDefaults() {
        DriftwatchConfig c = load("""
                job-name:
                kafka:
                confidence:
                  current-window: ~
                """);
        assertEquals(DriftwatchConfig.defaults(), c);
    }

    @Test
    void anEmptyFileIsTheDefaults() {
        assertEquals(DriftwatchConfig.defaults(), load(""));
        assertEquals(DriftwatchConfig.defaults(), load("# only a comment\n"));
    }

    @Test
    void overridesWinOverTheFileInArgumentOrder() {
        DriftwatchConfig c = load("kafka:\n  group-id: from-file\n", "kafka.group-id=first", "kafka.group-id=second");
        assertEquals("second", c.kafka().groupId());
    }

    @Test
    void scalarsAreReadFromTheirTextSoYamlOneOneBooleansStayStrings() {
        DriftwatchConfig c = load("""
                job-name: no
                confidence:
                  group-by: [on, off]
                  metric: 1.10
                """);
        assertEquals("no", c.jobName());
        assertEquals(List.of("on", "off"), c.confidence().groupBy());
        assertEquals("1.10", c.confidence().metric());
    }

    @Test
    void toYamlIsTheEffectiveConfigurationAndLoadsBackToTheSameValues() throws Exception {
        DriftwatchConfig c = load(
                FULL.formatted("", "", ""), "remote-write.basic-auth.username=", "remote-write.basic-auth.password=");
        Path effective = Files.writeString(dir.resolve("effective.yaml"), c.toYaml());

        assertEquals(c, TestConfigs.loadFile(effective));
        assertTrue(c.toYaml().contains("\n  current-window: 6h\n"), c.toYaml());
        assertTrue(c.toYaml().contains("\n  max-batch-bytes: 1MB\n"), c.toYaml());
    }

    @Test
    void defaultToYamlListsEveryKeyOfTheReference() {
        String yaml = DriftwatchConfig.defaults().toYaml();
        for (ConfigKey key : DriftwatchConfig.keys()) {
            String name = key.path().substring(key.path().lastIndexOf('.') + 1);
            assertTrue(yaml.contains(" " + name + ":") || yaml.startsWith(name + ":"), key.path());
        }
    }

    @Test
    void theReferenceHasEveryKeyOnceWithItsDefaultAndADoc() {
        List<ConfigKey> keys = DriftwatchConfig.keys();
        Map<String, String> defaults =
                keys.stream().collect(Collectors.toMap(ConfigKey::path, ConfigKey::defaultValue));
        assertEquals(
                List.of(
                        "job-name",
                        "kafka.bootstrap-servers",
                        "kafka.group-id",
                        "kafka.inputs",
                        "kafka.inputs[*].topic",
                        "kafka.inputs[*].encoding",
                        "kafka.starting-offsets",
                        "kafka.bounded",
                        "kafka.dead-letter-topic",
                        "kafka.check-topics",
                        "kafka.properties",
                        "ingest.drop-labels",
                        "ingest.max-series-per-metric",
                        "ingest.max-out-of-orderness",
                        "ingest.idle-timeout",
                        "ingest.min-timestamp",
                        "ingest.max-future-skew",
                        "ingest.max-ahead-of-record-time",
                        "ingest.max-behind-record-time",
                        "ingest.max-record-bytes",
                        "ingest.max-labels-per-point",
                        "ingest.series-state-ttl",
                        "confidence.enabled",
                        "confidence.metric",
                        "confidence.group-by",
                        "confidence.evaluation-interval",
                        "confidence.current-window",
                        "confidence.low-threshold",
                        "confidence.adaptive-threshold-k",
                        "confidence.drift-ratio-threshold",
                        "confidence.min-count-per-interval",
                        "confidence.resolve-ratio",
                        "confidence.min-samples",
                        "confidence.baseline.mode",
                        "confidence.baseline.period",
                        "confidence.short-window",
                        "confidence.short-window-alpha",
                        "confidence.max-groups-per-model",
                        "confidence.rollups",
                        "drift.enabled",
                        "drift.metric",
                        "drift.feature-label",
                        "drift.spans.enabled",
                        "drift.spans.inputs",
                        "drift.spans.inputs[*].topic",
                        "drift.spans.inputs[*].encoding",
                        "drift.spans.attribute-prefix",
                        "drift.spans.sampling-probability-attribute",
                        "drift.evaluation-interval",
                        "drift.current-window",
                        "drift.short-window",
                        "drift.baseline.mode",
                        "drift.baseline.reference-fallback",
                        "drift.baseline.period",
                        "drift.reference-topic",
                        "drift.reference-max-bytes",
                        "drift.sketch-relative-accuracy",
                        "drift.max-categories",
                        "drift.bins",
                        "drift.psi-threshold",
                        "drift.js-threshold",
                        "drift.ks-min-d",
                        "drift.ks-alpha",
                        "drift.numeric-alert-method",
                        "drift.categorical-alert-method",
                        "drift.min-samples",
                        "drift.resolve-ratio",
                        "drift.short-window-alpha",
                        "drift.segments",
                        "drift.max-segments-per-model",
                        "drift.rollups",
                        "drift.fdr-q",
                        "cost.enabled",
                        "cost.catalog-file",
                        "cost.currency",
                        "cost.metrics.reported-cost",
                        "cost.metrics.duration",
                        "cost.metrics.tokens-total",
                        "cost.metrics.token-usage",
                        "cost.metrics.gpu-utilisation",
                        "cost.share-factor",
                        "cost.projection-days",
                        "cost.idle.allocation",
                        "cost.idle.gpu-type-label",
                        "cost.idle.provider-label",
                        "cost.catalog-topic",
                        "cost.error-label",
                        "cost.error-values",
                        "cost.spike.weeks",
                        "cost.spike.min-weeks",
                        "cost.spike.threshold",
                        "cost.spike.min-ratio",
                        "cost.reprice.name",
                        "cost.reprice.from",
                        "cost.reprice.until",
                        "cost.reprice.warm-up",
                        "cost.reprice.catalog-file",
                        "output.metric-prefix",
                        "output.events-topic",
                        "remote-write.url",
                        "remote-write.extra-labels",
                        "remote-write.basic-auth.username",
                        "remote-write.basic-auth.password",
                        "remote-write.bearer-token",
                        "remote-write.tls.ca-file",
                        "remote-write.tls.cert-file",
                        "remote-write.tls.key-file",
                        "remote-write.tls.insecure-skip-verify",
                        "remote-write.timeout",
                        "remote-write.max-batch-samples",
                        "remote-write.max-batch-bytes",
                        "remote-write.max-in-flight-requests",
                        "remote-write.max-buffered-samples",
                        "remote-write.retry-initial-backoff",
                        "remote-write.retry-max-backoff",
                        "remote-write.max-retry-duration",
                        "remote-write.dead-letter-topic",
                        "flink.parallelism",
                        "flink.checkpoint-interval",
                        "flink.checkpoint-dir",
                        "flink.state-backend",
                        "flink.savepoint-path"),
                keys.stream().map(ConfigKey::path).toList());
        assertEquals("24h", defaults.get("confidence.current-window"));
        assertEquals("4MiB", defaults.get("remote-write.max-batch-bytes"));
        assertEquals("(required)", defaults.get("kafka.inputs[*].topic"));
        assertEquals("[{topic: otlp_metrics, encoding: otlp_proto}]", defaults.get("kafka.inputs"));
        assertEquals("\"\"", defaults.get("output.metric-prefix"));
        for (ConfigKey k : keys) {
            assertFalse(k.doc().isBlank(), k.path());
            assertFalse(k.doc().contains("\n"), k.path());
        }
    }

    @Test
    void describeListsEveryKeyWithDefaultAndDoc() {
        String text = DriftwatchConfig.describe();
        assertTrue(text.contains("  confidence.current-window = 24h\n      Length of the current window"), text);
        assertEquals(DriftwatchConfig.keys().size() * 2, text.lines().count());
        String markdown = DriftwatchConfig.describeMarkdown();
        assertTrue(markdown.contains("| `kafka.inputs[*].encoding` | `otlp_proto` | "), markdown);
        assertEquals(DriftwatchConfig.keys().size() + 2, markdown.lines().count());
    }

    /** The README's configuration reference is the generated table, row for row: docs cannot drift from the code. */
    @Test
    void readmeListsEveryKeyAsDeclared() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String row : DriftwatchConfig.describeMarkdown().lines().skip(2).toList()) {
            assertTrue(readme.contains(row + "\n"), "README.md, Configuration reference, lacks or differs in: " + row);
        }
    }
}
