package io.driftwatch.devstack.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.KafkaDeadLetterFailureHandler;
import io.driftwatch.connectors.remotewrite.PrometheusRemoteWriteSink;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The remote-write sink against Debian's Prometheus as a second, stricter receiver: its receiver
 * refuses a whole request with HTTP 400 for one out-of-order, duplicate or out-of-bounds sample. A
 * first job stores the latest samples of two series; a second job writes one request of 300 good
 * samples with three bad ones among them. The sink must split it until the bad ones are isolated:
 * Prometheus then holds every good sample exactly once (raw samples read back), and the dead-letter
 * topic of a real Kafka broker holds the three bad ones only, each with Prometheus' own reason.
 */
class PrometheusReceiverITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(1)
                    .build());

    private static final String DEAD_LETTERS = "prometheus.remote-write.dead-letters";
    /** A label value Prometheus' text format must escape: it shows in dead letters as it is. */
    private static final String QUOTED = "say \"hi\"";

    private static void write(PrometheusServer prometheus, EmbeddedKafka kafka, List<PrometheusSample> samples)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        env.fromData(samples)
                .sinkTo(PrometheusRemoteWriteSink.builder()
                        .setEndpoint(prometheus.writeUrl().toString())
                        .setMaxBatchSize(10_000)
                        .setMaxTimeInBufferMS(600_000) // the end of input sends everything as one request
                        .setMaxRetryDuration(Duration.ofSeconds(20))
                        .setFailureHandler(KafkaDeadLetterFailureHandler.of(kafka.bootstrapServers(), DEAD_LETTERS))
                        .build());
        env.execute("prometheus receiver");
    }

    private static PrometheusSample sample(String series, long t, double value) {
        return PrometheusSample.of("rw_it", Labels.of("s", series), t, value);
    }

    @Test
    @Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
    void onlyTheSamplesPrometheusRefusesReachTheDeadLetterTopic() throws Exception {
        // Prometheus accepts only samples within about an hour of its newest one: stay near the clock
        long t0 = Instant.now()
                .truncatedTo(ChronoUnit.SECONDS)
                .minus(Duration.ofMinutes(30))
                .toEpochMilli();
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                PrometheusServer prometheus = PrometheusServer.start()) {
            kafka.createTopics(1, DEAD_LETTERS);
            List<PrometheusSample> first = List.of(
                    PrometheusSample.of("rw_it", Labels.of("s", QUOTED), t0 + 600_000, 1),
                    sample("dup", t0 + 600_000, 5));
            write(prometheus, kafka, first);

            List<PrometheusSample> good = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                good.add(sample("g" + i % 10, t0 + 1000L * i, i * 0.5));
            }
            good.add(PrometheusSample.of("rw_it", Labels.of("s", QUOTED), t0 + 700_000, 3)); // after the latest: fine
            List<PrometheusSample> bad = List.of(
                    PrometheusSample.of("rw_it", Labels.of("s", QUOTED), t0 + 300_000, 2), // before the latest
                    sample("dup", t0 + 600_000, 6), // the latest timestamp, another value
                    sample("g3", t0 - Duration.ofHours(3).toMillis(), 7)); // hours older than the newest sample
            List<PrometheusSample> second = new ArrayList<>(good);
            second.add(17, bad.get(0));
            second.add(150, bad.get(1));
            second.add(280, bad.get(2));
            write(prometheus, kafka, second);

            // Prometheus: every sample of both jobs but the bad ones, each once
            Map<String, TreeMap<Long, Double>> expected = new TreeMap<>();
            List<PrometheusSample> stored = new ArrayList<>(first);
            stored.addAll(good);
            for (PrometheusSample s : stored) {
                expected.computeIfAbsent(s.labels().get("s"), k -> new TreeMap<>())
                        .put(s.timestampMs(), s.value());
            }
            Map<String, TreeMap<Long, Double>> actual = new TreeMap<>();
            int samplesRead = 0;
            for (PromSeries series :
                    prometheus.rawSamples("rw_it", Instant.ofEpochMilli(t0 + 3_600_000), Duration.ofHours(5))) {
                TreeMap<Long, Double> points = new TreeMap<>();
                for (PromPoint p : series.points()) {
                    points.put(p.timestampMs(), p.value());
                    samplesRead++;
                }
                actual.put(series.label("s"), points);
            }
            assertEquals(expected, actual, "series in Prometheus");
            assertEquals(stored.size(), samplesRead, "each sample stored once");

            // the dead-letter topic: the three bad samples, with Prometheus' reasons
            Map<String, String> reasonBySample = new TreeMap<>();
            ObjectMapper json = new ObjectMapper();
            for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted(DEAD_LETTERS)) {
                JsonNode doc = json.readTree(r.value());
                assertEquals(400, doc.path("status").asInt());
                for (JsonNode s : doc.path("samples")) {
                    String key = s.path("labels").path("s").asText() + "@"
                            + s.path("timestampMs").asLong() + "="
                            + s.path("value").asDouble();
                    assertEquals(
                            null,
                            reasonBySample.put(
                                    key, doc.path("responseBody").asText().strip()),
                            key);
                }
            }
            Map<String, String> expectedReasons = new TreeMap<>();
            expectedReasons.put(QUOTED + "@" + (t0 + 300_000) + "=2.0", "out of order sample");
            expectedReasons.put("dup@" + (t0 + 600_000) + "=6.0", "duplicate sample for timestamp");
            expectedReasons.put("g3@" + (t0 - Duration.ofHours(3).toMillis()) + "=7.0", "out of bounds");
            assertEquals(expectedReasons, reasonBySample, "dead letters: sample -> Prometheus' reason");
            System.out.printf(
                    "PROMETHEUS %d good samples stored once of %d sent in one batch; dead letters: %s%n",
                    good.size(), second.size(), new TreeSet<>(reasonBySample.values()));
            assertTrue(Files.exists(prometheus.logFile()));
        }
    }
}
