package io.driftwatch.jobs.config;

import static io.driftwatch.jobs.config.TestConfigs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every validation rule reports the full key and where the value came from. */
class ValidationTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "job-name=                                | must not be empty",
                "kafka.bootstrap-servers=                 | must not be empty",
                "`kafka.group-id= `                       | must not be empty",
                "kafka.inputs[0].topic=                   | must not be empty",
                "kafka.inputs[0].encoding=otlp_xml        | must be one of otlp_proto, otlp_json (got \"otlp_xml\")",
                "kafka.inputs[1].topic=otlp_metrics       | duplicate topic 'otlp_metrics' (also kafka.inputs[0])",
                "kafka.starting-offsets=newest            | must be one of earliest, latest, committed (got \"newest\")",
                "kafka.bounded=yes                        | \"yes\" is not a boolean (use true or false)",
                "kafka.dead-letter-topic=                 | must not be empty",
                "kafka.dead-letter-topic=otlp_metrics     | 'otlp_metrics' is also an input topic: dead letters would be read back as input",
                "kafka.properties.bootstrap.servers=k:1   | set kafka.bootstrap-servers instead",
                "kafka.properties.group.id=g              | set kafka.group-id instead",
                "ingest.drop-labels=a,,b                  | ingest.drop-labels[1]: must not be empty",
                "ingest.max-series-per-metric=0           | must be at least 1 (got 0)",
                "ingest.max-series-per-metric=1e4         | \"1e4\" is not an integer",
                "ingest.max-out-of-orderness=-5m          | \"-5m\" is not a duration (use e.g. 90s, 15m, 24h, 30d or ISO-8601 PT24H)",
                "ingest.idle-timeout=PT-1S                | \"PT-1S\" is negative: durations must be >= 0",
                "ingest.min-timestamp=2000-01-01          | \"2000-01-01\" is not an ISO-8601 instant in UTC (use e.g. 2000-01-01T00:00:00Z)",
                "ingest.max-future-skew=1 hour            | \"1 hour\" is not a duration (use e.g. 90s, 15m, 24h, 30d or ISO-8601 PT24H)",
                "ingest.max-behind-record-time=-1d        | \"-1d\" is not a duration (use e.g. 90s, 15m, 24h, 30d or ISO-8601 PT24H)",
                "ingest.max-record-bytes=0                | must be greater than 0",
                "ingest.max-record-bytes=3GiB             | must be at most 2147483647 bytes (got 3221225472)",
                "ingest.max-labels-per-point=0            | must be at least 1 (got 0)",
                "confidence.enabled=maybe                 | \"maybe\" is not a boolean (use true or false)",
                "confidence.metric=                       | must not be empty",
                "confidence.group-by=                     | must list at least one label",
                "confidence.group-by=a,b,a                | confidence.group-by[2]: 'a' is listed twice (also confidence.group-by[0])",
                "confidence.evaluation-interval=0s        | must be greater than 0",
                "confidence.current-window=0              | must be greater than 0",
                "confidence.current-window=24hours        | \"24hours\" is not a duration (use e.g. 90s, 15m, 24h, 30d or ISO-8601 PT24H)",
                "confidence.current-window=90m            | 90m is not a whole multiple of confidence.evaluation-interval (1h)",
                "confidence.evaluation-interval=7h        | 7h does not divide confidence.current-window (24h) into whole intervals",
                "confidence.baseline.period=36h30m        | 2190m is not a whole multiple of confidence.evaluation-interval (1h)",
                "confidence.low-threshold=1.5             | must be between 0 and 1 (got 1.5)",
                "confidence.low-threshold=-0.1            | must be between 0 and 1 (got -0.1)",
                "confidence.low-threshold=NaN             | \"NaN\" is not a number",
                "confidence.low-threshold=1e999           | \"1e999\" is not a finite number",
                "confidence.adaptive-threshold-k=-1       | must be at least 0 (got -1.0)",
                "confidence.drift-ratio-threshold=0       | must be greater than 0 (got 0.0)",
                "confidence.min-count-per-interval=0      | must be at least 1 (got 0)",
                "confidence.baseline.mode=sliding         | must be one of frozen, rolling, hour-of-week (got \"sliding\")",
                "confidence.resolve-ratio=0               | must be in (0, 1] (got 0.0)",
                "confidence.min-samples=0                 | must be at least 1 (got 0)",
                "confidence.short-window=90m              | 90m is not a whole multiple of confidence.evaluation-interval (1h)",
                "confidence.short-window=48h              | must not be longer than current-window (24h, got 2d)",
                "confidence.short-window=0s               | must be greater than 0, or off",
                "confidence.short-window-alpha=0          | must be in (0, 1) (got 0.0)",
                "drift.baseline.mode=hour-of-week         | hour-of-week is a confidence baseline mode only; use frozen or rolling",
                "confidence.baseline.period=0s            | must be greater than 0",
                "drift.metric=                            | must not be empty",
                "drift.current-window=90m                 | 90m is not a whole multiple of drift.evaluation-interval (1h)",
                "drift.short-window=90m                   | 90m is not a whole multiple of drift.evaluation-interval (1h)",
                "drift.short-window=2d                    | must be at most drift.current-window (24h)",
                "drift.short-window=often                 | \"often\" is not a duration (use e.g. 90s, 15m, 24h, 30d or ISO-8601 PT24H)",
                "drift.short-window-alpha=1               | must be in (0, 1) (got 1.0)",
                "drift.baseline.period=36h30m             | 2190m is not a whole multiple of drift.evaluation-interval (1h)",
                "drift.sketch-k=1000                      | was the KLL parameter; numeric summaries are DDSketch bins now, whose accuracy is drift.sketch-relative-accuracy (default 0.001): remove drift.sketch-k",
                "drift.sketch-relative-accuracy=0.5       | must be in [0.0001, 0.05] (got 0.5)",
                "drift.sketch-relative-accuracy=0         | must be in [0.0001, 0.05] (got 0.0)",
                "drift.bins=1                             | must be at least 2 (got 1)",
                "drift.psi-threshold=0                    | must be greater than 0 (got 0.0)",
                "drift.js-threshold=1.5                   | must be in (0, 1] (got 1.5)",
                "drift.ks-min-d=1                         | must be in [0, 1) (got 1.0)",
                "drift.ks-alpha=0                         | must be in (0, 1) (got 0.0)",
                "drift.numeric-alert-method=wasserstein   | must be one of ks, psi, js (got \"wasserstein\")",
                "drift.categorical-alert-method=ks        | must be one of psi, js (got \"ks\")",
                "drift.min-samples=0                      | must be at least 1 (got 0)",
                "drift.resolve-ratio=1.2                  | must be in (0, 1] (got 1.2)",
                "drift.spans.inputs[0].encoding=otlp_xml  | must be one of otlp_proto, otlp_json (got \"otlp_xml\")",
                "output.metric-prefix=1abc_               | \"1abc_\" cannot start a metric name (use letters, digits, '_' and ':', not a leading digit)",
                "output.metric-prefix=a-b                 | \"a-b\" cannot start a metric name (use letters, digits, '_' and ':', not a leading digit)",
                "remote-write.url=localhost:8428          | \"localhost:8428\" is not an http(s) URL with a host",
                "remote-write.url=ftp://vm/write          | \"ftp://vm/write\" is not an http(s) URL with a host",
                "remote-write.url=http://vm:8428/a b      | \"http://vm:8428/a b\" is not a URL: Illegal character in path",
                "remote-write.url=http://u:p@vm/write     | credentials in the URL are not supported: use remote-write.basic-auth",
                "remote-write.extra-labels.0bad=x         | '0bad' is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)",
                "remote-write.extra-labels.__name__=x     | '__name__' is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)",
                "remote-write.extra-labels.env=           | must not be empty (an empty label value removes the label)",
                "remote-write.basic-auth.username=bob     | needs remote-write.basic-auth.password too (basic auth takes both)",
                "remote-write.tls.ca-file=/nonexistent/ca.pem | file not found: /nonexistent/ca.pem",
                "remote-write.timeout=0s                  | must be greater than 0",
                "remote-write.max-batch-samples=0         | must be at least 1 (got 0)",
                "remote-write.max-batch-bytes=0           | must be greater than 0",
                "remote-write.max-batch-bytes=4 MB/s      | \"4 MB/s\" is not a size (use e.g. 512B, 64KiB, 4MiB, 5MB or a plain number of bytes)",
                "remote-write.max-in-flight-requests=0    | must be at least 1 (got 0)",
                "remote-write.max-buffered-samples=5000   | 5000 is not more than remote-write.max-batch-samples (5000)",
                "remote-write.retry-initial-backoff=0s    | must be greater than 0",
                "remote-write.retry-max-backoff=50ms      | 50ms is less than remote-write.retry-initial-backoff (100ms)",
                "remote-write.retry-initial-backoff=1m    | 1m is more than remote-write.retry-max-backoff (10s)",
                "remote-write.dead-letter-topic=          | must not be empty",
                "remote-write.dead-letter-topic=otlp_metrics | 'otlp_metrics' is also an input topic: dead letters would be read back as input",
                "output.events-topic=otlp_metrics            | 'otlp_metrics' is also an input topic: events would be read back as input",
                "flink.parallelism=-1                     | must be at least 0 (got -1)",
                "flink.checkpoint-interval=0s             | must be greater than 0",
                "flink.checkpoint-dir=file:///a b         | \"file:///a b\" is not a path or URI: Illegal character in path",
                "flink.state-backend=memory               | must be one of hashmap, rocksdb (got \"memory\")",
                "flink.savepoint-path=s3://b/x y          | \"s3://b/x y\" is not a path or URI: Illegal character in path",
            })
    void eachRuleNamesTheOverrideAndTheKey(String override, String message) {
        assertEquals(List.of("--set " + override + ": " + message), problems(null, override));
    }

    @Test
    void aProblemWithAnotherKeyThanTheOneSetNamesIt() {
        // Appending an item without its required topic: the problem is with a key the override did not set.
        assertEquals(
                List.of("--set kafka.inputs[1].encoding=otlp_json: kafka.inputs[1].topic: required key is missing"),
                problems(null, "kafka.inputs[1].encoding=otlp_json"));
    }

    @Test
    void driftSpansNeedTheirOwnTopicAndARollingBaselineWholeDays() {
        assertEquals(
                List.of("--set drift.spans.inputs[0].topic=otlp_metrics: 'otlp_metrics' is also a metrics input"
                        + " (kafka.inputs): give spans their own topic"),
                problems(null, "drift.spans.enabled=true", "drift.spans.inputs[0].topic=otlp_metrics"));
        assertEquals(
                List.of("--set drift.baseline.period=36h: a rolling baseline moves in whole days: use a whole"
                        + " number of days (got 36h)"),
                problems(null, "drift.baseline.mode=rolling", "drift.baseline.period=36h"));
    }

    @Test
    void anHourOfWeekBaselineNeedsAWeekAndIntervalsWithinAnHour() {
        assertEquals(
                List.of("--set confidence.baseline.period=6d: must be at least 7d with baseline.mode hour-of-week,"
                        + " so that every hour of the week is learnt (got 6d)"),
                problems(null, "confidence.baseline.mode=hour-of-week", "confidence.baseline.period=6d"));
        assertEquals(
                List.of("--set confidence.evaluation-interval=2h: must divide one hour (1h, 30m, 15m, ...) with"
                        + " baseline.mode hour-of-week, so that an interval lies in one hour of the week (got 2h)"),
                problems(null, "confidence.baseline.mode=hour-of-week", "confidence.evaluation-interval=2h"));
        assertEquals(
                BaselineMode.HOUR_OF_WEEK,
                DriftwatchConfig.load(null, List.of("confidence.baseline.mode=hour-of-week"))
                        .confidence()
                        .baseline()
                        .mode());
    }

    @Test
    void atLeastOneInputTopicIsNeeded() {
        assertEquals(
                List.of("driftwatch.yaml:2:3: kafka.inputs: must list at least one topic"),
                problems("kafka:\n  inputs: []\n"));
    }

    @Test
    void basicAuthNeedsBothHalvesAndExcludesABearerToken() {
        assertEquals(
                List.of("--set remote-write.basic-auth.password=***: needs remote-write.basic-auth.username"
                        + " too (basic auth takes both)"),
                problems(null, "remote-write.basic-auth.password=pw"));
        assertEquals(
                List.of("--set remote-write.bearer-token=***: basic-auth and bearer-token are exclusive: "
                        + "set one of them"),
                problems(
                        "remote-write:\n  basic-auth: {username: bob, password: pw}\n", "remote-write.bearer-token=t"));
        assertEquals(
                List.of("driftwatch.yaml:3:5: remote-write.basic-auth.username: basic-auth and bearer-token are"
                        + " exclusive: set one of them"),
                problems("""
                        remote-write:
                          basic-auth:
                            username: bob
                            password: pw
                          bearer-token: t
                        """));
    }

    @Test
    void aClientCertificateNeedsItsKey() throws Exception {
        Path cert = Files.writeString(dir.resolve("client.pem"), "cert");
        assertEquals(
                List.of("--set remote-write.tls.cert-file=" + cert + ": needs remote-write.tls.key-file too"
                        + " (a client certificate takes both)"),
                problems(null, "remote-write.tls.cert-file=" + cert));
    }

    @Test
    void aConflictIsBlamedOnTheKeyTheUserSetNotOnTheDefault() {
        // current-window keeps its default 24h; the user's evaluation-interval is the culprit.
        assertEquals(
                List.of("driftwatch.yaml:2:3: confidence.evaluation-interval: 5h does not divide "
                        + "confidence.current-window (24h) into whole intervals"),
                problems("confidence:\n  evaluation-interval: 5h\n"));
        // Both set in the file: the window is blamed, at its own line.
        assertEquals(
                List.of("driftwatch.yaml:3:3: confidence.current-window: 150m is not a whole multiple of "
                        + "confidence.evaluation-interval (1h)"),
                problems("confidence:\n  evaluation-interval: 1h\n  current-window: 150m\n"));
    }
}
