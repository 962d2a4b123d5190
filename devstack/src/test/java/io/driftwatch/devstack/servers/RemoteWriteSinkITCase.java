package io.driftwatch.devstack.servers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.PrometheusRemoteWriteSink;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.connectors.remotewrite.RemoteWriteException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Prometheus remote-write sink in Flink MiniCluster jobs writing into a real VictoriaMetrics
 * (and, for dead letters, a real in-process Kafka broker). Values are multiples of 1/4 so that
 * VictoriaMetrics' decimal storage returns them exactly.
 */
class RemoteWriteSinkITCase {

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(4)
                    .build());

    /** 2025-01-01T00:00:00Z: far older than VictoriaMetrics' default one-month retention. */
    private static final long T0 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

    private static StreamExecutionEnvironment env(int parallelism) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        return env;
    }

    @Test
    void victoriaMetricsStoresExactlyTheSamplesWritten() throws Exception {
        List<PrometheusSample> samples = new ArrayList<>();
        // expected series, built by hand from the naming rules: labels -> (timestamp -> value)
        Map<Map<String, String>, Map<Long, Double>> expected = new HashMap<>();
        String[] models = {"bert", "gpt.small", "llama-3", "t5", "xgb", "rf"};
        String[] envs = {"prod", ""};
        int i = 0;
        for (String model : models) {
            for (String env : envs) {
                for (int k = 0; k < 250; k++, i++) {
                    long ts = T0 + 15_000L * k + (i % 1000); // millisecond precision
                    double value = ((i * 37) % 4001 - 2000) * 0.25;
                    samples.add(PrometheusSample.of(
                            "rw.it.latency",
                            Labels.of("model.name", model, "environment", env, "note", ""),
                            ts,
                            value));
                    Map<String, String> labels = new HashMap<>(Map.of(
                            "__name__",
                            "rw_it_latency",
                            "model_name",
                            model,
                            "cluster",
                            "it",
                            "environment",
                            env.isEmpty() ? "from-extra-labels" : env));
                    expected.computeIfAbsent(labels, x -> new TreeMap<>()).put(ts, value);
                }
            }
        }
        for (int k = 0; k < 20; k++) {
            samples.add(PrometheusSample.of("rw_it:ratio", Labels.EMPTY, T0 + 60_000L * k, k / 8.0));
            expected.computeIfAbsent(
                            Map.of("__name__", "rw_it:ratio", "cluster", "it", "environment", "from-extra-labels"),
                            x -> new TreeMap<>())
                    .put(T0 + 60_000L * k, k / 8.0);
        }
        Collections.shuffle(samples, new Random(7)); // out of order within and across batches

        try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            StreamExecutionEnvironment env = env(2);
            env.fromData(samples)
                    .rebalance()
                    .sinkTo(PrometheusRemoteWriteSink.builder()
                            .setEndpoint(vm.writeUrl().toString())
                            .setExtraLabels(Map.of("cluster", "it", "environment", "from-extra-labels"))
                            .setMaxBatchSize(400)
                            .build());
            env.execute("remote write into VictoriaMetrics");
            vm.flush();

            List<PromSeries> exported = vm.exportSeries("{__name__=~\"rw_it.*\"}");
            Map<Map<String, String>, Map<Long, Double>> actual = new HashMap<>();
            int points = 0;
            for (PromSeries s : exported) {
                Map<Long, Double> byTime = new TreeMap<>();
                for (PromPoint p : s.points()) {
                    assertNull(
                            byTime.put(p.timestampMs(), p.value()), "duplicate sample at " + p + " in " + s.labels());
                    points++;
                }
                actual.put(s.labels(), byTime);
            }
            assertEquals(samples.size(), points, "no sample lost or duplicated");
            assertEquals(expected, actual);

            // and PromQL sees them: the latest bert/prod value at the last timestamp
            long lastTs = Collections.max(expected.get(Map.of(
                            "__name__", "rw_it_latency", "model_name", "bert", "cluster", "it", "environment", "prod"))
                    .keySet());
            PromQueryResult q =
                    vm.query("rw_it_latency{model_name=\"bert\",environment=\"prod\"}", Instant.ofEpochMilli(lastTs));
            assertEquals(expected.get(q.series().get(0).labels()).get(lastTs), q.singleValue());
        }
    }

    /** Counts generated elements; the MiniCluster runs in this JVM. */
    static final AtomicLong GENERATED = new AtomicLong();

    private static JobClient startGatedJob(VictoriaMetricsServer vm, int perCheckpoint, boolean flushOnCheckpoint)
            throws Exception {
        GENERATED.set(0);
        StreamExecutionEnvironment env = env(1);
        env.enableCheckpointing(300);
        // emits `perCheckpoint` samples, then waits for the next completed checkpoint, forever
        DataGeneratorSource<PrometheusSample> source = new DataGeneratorSource<>(
                index -> {
                    GENERATED.incrementAndGet();
                    return PrometheusSample.of("rw_ckpt", Labels.EMPTY, T0 + index, index);
                },
                Long.MAX_VALUE,
                RateLimiterStrategy.perCheckpoint(perCheckpoint),
                TypeInformation.of(PrometheusSample.class));
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "gated samples")
                .sinkTo(PrometheusRemoteWriteSink.builder()
                        .setEndpoint(vm.writeUrl().toString())
                        // neither size nor time can trigger a send: only a checkpoint can
                        .setMaxBatchSize(100_000)
                        .setMaxBufferedRequests(200_000)
                        .setMaxBatchSizeInBytes(256L << 20)
                        .setMaxTimeInBufferMS(3_600_000)
                        .setFlushOnCheckpoint(flushOnCheckpoint)
                        .build());
        return env.executeAsync("checkpoint flush " + flushOnCheckpoint);
    }

    private static void awaitGenerated(long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (GENERATED.get() < atLeast) {
            assertTrue(System.nanoTime() < deadline, "only " + GENERATED.get() + " samples generated");
            Thread.sleep(50);
        }
    }

    @Test
    void aCheckpointSendsTheBufferedSamples() throws Exception {
        int perCheckpoint = 200;
        try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            JobClient job = startGatedJob(vm, perCheckpoint, true);
            try {
                // more than 2 x perCheckpoint generated => at least two checkpoints completed
                awaitGenerated(2L * perCheckpoint + 1);
                vm.flush();
                assertEquals(JobStatus.RUNNING, job.getJobStatus().get(), "still running: no end-of-input flush");
                List<PromSeries> series = vm.exportSeries("rw_ckpt");
                assertEquals(1, series.size());
                List<PromPoint> points = series.get(0).points();
                assertTrue(points.size() >= perCheckpoint, "only " + points.size() + " samples sent by checkpoints");
                for (int k = 0; k < points.size(); k++) {
                    assertEquals(
                            new PromPoint(T0 + k, k), points.get(k), "a gap-free prefix of the stream, no duplicates");
                }
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void withoutFlushOnCheckpointTheBufferStaysInTheCheckpoint() throws Exception {
        int perCheckpoint = 200;
        try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            JobClient job = startGatedJob(vm, perCheckpoint, false);
            try {
                awaitGenerated(3L * perCheckpoint + 1); // three checkpoints completed (and snapshotted the buffer)
                vm.flush();
                assertEquals(
                        List.of(), vm.exportSeries("rw_ckpt"), "Flink's default: checkpoints do not send the buffer");
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    @SuppressWarnings("try") // KafkaClusterTestKit.close() may throw InterruptedException: fine in a test
    void samplesVictoriaMetricsRejectsGoToTheKafkaDeadLetterTopic() throws Exception {
        try (KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                                .setCombined(true)
                                .setNumBrokerNodes(1)
                                .setNumControllerNodes(1)
                                .build())
                        .build();
                // requests above 1 KiB (snappy-compressed) are refused with HTTP 400
                VictoriaMetricsServer vm = VictoriaMetricsServer.builder()
                        .extraFlags("-maxInsertRequestSize=1024")
                        .start()) {
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            String topic = "remote-write-dead-letters";
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1)))
                        .all()
                        .get();
            }

            List<PrometheusSample> samples = new ArrayList<>();
            Random random = new Random(1);
            for (int k = 0; k < 100; k++) {
                // every 25th sample carries 2 KB of incompressible text: any request holding one is too big
                String payload = k % 25 == 0 ? randomText(random, 2048) : "small";
                samples.add(PrometheusSample.of(
                        "rw_dlq", Labels.of("k", Integer.toString(k), "payload", payload), T0 + k, k * 0.5));
            }
            StreamExecutionEnvironment env = env(1);
            env.fromData(samples)
                    .sinkTo(PrometheusRemoteWriteSink.builder()
                            .setEndpoint(vm.writeUrl().toString())
                            .setMaxBatchSize(5)
                            .setMaxInFlightRequests(1)
                            .setDeadLetterKafka(kafka.bootstrapServers(), topic)
                            .build());
            env.execute("remote write dead letters");
            vm.flush();

            Set<Integer> stored = new HashSet<>();
            for (PromSeries s : vm.exportSeries("rw_dlq")) {
                assertEquals(1, s.points().size());
                stored.add(Integer.parseInt(s.label("k")));
            }
            List<JsonNode> documents = readAll(kafka.bootstrapServers(), topic);
            Set<Integer> deadLettered = new HashSet<>();
            for (JsonNode doc : documents) {
                assertEquals(400, doc.get("status").asInt());
                assertTrue(doc.get("responseBody").asText().contains("too big packed request"), doc.toString());
                assertEquals(vm.writeUrl().toString(), doc.get("endpoint").asText());
                for (JsonNode s : doc.get("samples")) {
                    int k = s.get("labels").get("k").asInt();
                    assertTrue(deadLettered.add(k), "sample " + k + " dead-lettered once");
                    assertEquals("rw_dlq", s.get("labels").get("__name__").asText());
                    assertEquals(
                            samples.get(k).labels().get("payload"),
                            s.get("labels").get("payload").asText());
                    assertEquals(T0 + k, s.get("timestampMs").asLong());
                    assertEquals(k * 0.5, s.get("value").asDouble());
                }
            }
            for (int k = 0; k < 100; k += 25) {
                assertTrue(deadLettered.contains(k), "oversized sample " + k + " dead-lettered");
            }
            Set<Integer> intersection = new HashSet<>(stored);
            intersection.retainAll(deadLettered);
            assertEquals(Set.of(), intersection, "no sample both stored and dead-lettered");
            assertEquals(100, stored.size() + deadLettered.size(), "every sample stored or dead-lettered");
            assertFalse(stored.isEmpty(), "small requests were stored");
        }
    }

    @Test
    void aStoppedVictoriaMetricsFailsTheJobNamingItsUrl() throws Exception {
        String url;
        try (VictoriaMetricsServer vm = VictoriaMetricsServer.start()) {
            url = vm.writeUrl().toString();
        }
        StreamExecutionEnvironment env = env(1);
        env.fromData(List.of(PrometheusSample.of("rw_down", Labels.EMPTY, T0, 1)))
                .sinkTo(PrometheusRemoteWriteSink.builder()
                        .setEndpoint(url)
                        .setRetryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                        .setMaxRetryDuration(Duration.ofSeconds(1))
                        .build());
        Exception e = assertThrows(Exception.class, () -> env.execute("remote write to a stopped server"));
        Optional<RemoteWriteException> cause = ExceptionUtils.findThrowable(e, RemoteWriteException.class);
        assertTrue(cause.isPresent(), () -> ExceptionUtils.stringifyException(e));
        assertTrue(cause.get().getMessage().contains(url), cause.get().getMessage());
    }

    private static String randomText(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append((char) ('!' + random.nextInt(90)));
        }
        return sb.toString();
    }

    private static List<JsonNode> readAll(String bootstrapServers, String topic) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> documents = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    documents.add(mapper.readTree(r.value()));
                }
            }
        }
        return documents;
    }
}
