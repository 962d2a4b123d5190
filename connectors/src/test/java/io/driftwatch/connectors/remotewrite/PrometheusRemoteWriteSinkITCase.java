package io.driftwatch.connectors.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.ScriptedHttpServer.Response;
import io.driftwatch.connectors.remotewrite.WriteRequestDecoder.Label;
import io.driftwatch.connectors.remotewrite.WriteRequestDecoder.TimeSeries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sink in a Flink MiniCluster job against a real HTTP server that plays a remote-write
 * receiver answering with scripted statuses (503, 429, 400), to observe retries and rejections.
 * Exact storage semantics against VictoriaMetrics are tested in the jobs module.
 */
class PrometheusRemoteWriteSinkITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER =
            new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                    .setConfiguration(METRICS.addToConfiguration(new Configuration()))
                    .setNumberTaskManagers(1)
                    .setNumberSlotsPerTaskManager(2)
                    .build());

    /** The sum over all subtasks of the sink's counter {@code name}. */
    private static long counter(JobID job, String name) {
        return METRICS.getMetricsByIdentifiers(job).entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + name))
                .mapToLong(e -> ((Counter) e.getValue()).getCount())
                .sum();
    }

    /** Collects rejected batches per test run (MiniCluster runs in this JVM). */
    static final class CollectingFailureHandler implements RemoteWriteFailureHandler {
        private static final long serialVersionUID = 1L;
        static final Map<String, ConcurrentLinkedQueue<RejectedBatch>> BATCHES = new ConcurrentHashMap<>();
        private final String runId;
        private final boolean fail;

        CollectingFailureHandler(String runId, boolean fail) {
            this.runId = runId;
            this.fail = fail;
            BATCHES.put(runId, new ConcurrentLinkedQueue<>());
        }

        @Override
        public CompletableFuture<Void> onRejected(RejectedBatch batch) {
            BATCHES.get(runId).add(batch);
            return fail
                    ? CompletableFuture.failedFuture(new IOException("dead-letter store is down"))
                    : CompletableFuture.completedFuture(null);
        }
    }

    private static List<PrometheusSample> samples(int count) {
        List<PrometheusSample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            samples.add(PrometheusSample.of(
                    "it.requests",
                    Labels.of("model.name", "m" + (i % 7), "env", ""),
                    1_735_689_600_000L + 1000L * i,
                    i * 0.25));
        }
        return samples;
    }

    private static StreamExecutionEnvironment env() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(1);
        return env;
    }

    /** Key: (model label, timestamp, value) of a sample as the receiver decoded it. */
    private static List<String> decodedKeys(List<ScriptedHttpServer.Request> requests, int status) throws IOException {
        List<String> keys = new ArrayList<>();
        for (ScriptedHttpServer.Request r : requests) {
            if (r.status() == status) {
                for (TimeSeries ts : WriteRequestDecoder.decodeSnappy(r.body())) {
                    ts.samples()
                            .forEach(s -> keys.add(ts.label("model_name") + "@" + s.timestampMs() + "=" + s.value()));
                }
            }
        }
        return keys;
    }

    private static String key(PrometheusSample s) {
        return s.labels().get("model.name") + "@" + s.timestampMs() + "=" + s.value();
    }

    @Test
    void retriesTransientFailuresAndDeliversEverySampleOnce() throws Exception {
        List<PrometheusSample> samples = samples(2000);
        try (ScriptedHttpServer server = ScriptedHttpServer.http()
                .enqueue(
                        Response.of(503, "warming up"),
                        Response.of(500),
                        new Response(429, Map.of("Retry-After", "0"), ""))) {
            StreamExecutionEnvironment env = env();
            env.fromData(samples)
                    .sinkTo(PrometheusRemoteWriteSink.builder()
                            .setEndpoint(server.url("/api/v1/write"))
                            .setBasicAuth("writer", "s3cret")
                            .setExtraLabels(Map.of("cluster", "it", "env", "fallback"))
                            .setMaxBatchSize(300)
                            .setRetryBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
                            .build());
            JobID job = env.execute("remote write retries").getJobID();

            List<ScriptedHttpServer.Request> requests = server.requests();
            assertEquals(3, requests.stream().filter(r -> r.status() != 204).count());
            List<String> delivered = decodedKeys(requests, 204);
            assertEquals(
                    samples.stream()
                            .map(PrometheusRemoteWriteSinkITCase::key)
                            .sorted()
                            .toList(),
                    delivered.stream().sorted().toList(),
                    "every sample delivered exactly once");
            // each failed request was re-sent unchanged later and then accepted
            for (int i = 0; i < requests.size(); i++) {
                if (requests.get(i).status() != 204) {
                    byte[] body = requests.get(i).body();
                    assertTrue(
                            requests.subList(i + 1, requests.size()).stream()
                                    .anyMatch(r -> r.status() == 204 && Arrays.equals(body, r.body())),
                            "request " + i + " re-sent");
                }
            }
            TimeSeries m0 = requests.stream()
                    .filter(r -> r.status() == 204)
                    .flatMap(r -> {
                        try {
                            return WriteRequestDecoder.decodeSnappy(r.body()).stream();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .filter(ts -> "m0".equals(ts.label("model_name")))
                    .findFirst()
                    .orElseThrow();
            // dotted name sanitised, empty "env" dropped so the extra label fills in, sorted byte-wise
            assertEquals(
                    List.of(
                            new Label("__name__", "it_requests"),
                            new Label("cluster", "it"),
                            new Label("env", "fallback"),
                            new Label("model_name", "m0")),
                    m0.labels());
            assertTrue(requests.stream()
                    .allMatch(
                            r -> "Basic d3JpdGVyOnMzY3JldA==".equals(r.headers().getFirst("Authorization"))));

            assertEquals(requests.size(), counter(job, "remote_write_requests"));
            assertEquals(3, counter(job, "remote_write_retries"));
            assertEquals(samples.size(), counter(job, "remote_write_samples_sent"));
            assertEquals(0, counter(job, "remote_write_rejected_samples"));
            assertEquals(0, counter(job, "remote_write_give_ups"));
        }
    }

    @Test
    void splitsRequestsRefusedWith400SoThatOnlyTheRefusedSamplesReachTheFailureHandler() throws Exception {
        List<PrometheusSample> samples = samples(1000);
        // like Prometheus, the receiver refuses every request that holds sample 400 or 800 (values 100.0 and
        // 200.0) as a whole, naming the sample
        try (ScriptedHttpServer server = ScriptedHttpServer.http().otherwise(r -> {
            try {
                return WriteRequestDecoder.decodeSnappy(r.body()).stream()
                        .flatMap(ts -> ts.samples().stream())
                        .filter(sample -> sample.value() == 100.0 || sample.value() == 200.0)
                        .findFirst()
                        .map(bad -> Response.of(400, "out of order sample at " + bad.timestampMs()))
                        .orElse(Response.of(204));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        })) {
            String runId = "reject-" + System.nanoTime();
            StreamExecutionEnvironment env = env();
            env.fromData(samples)
                    .sinkTo(PrometheusRemoteWriteSink.builder()
                            .setEndpoint(server.url("/api/v1/write"))
                            .setMaxBatchSize(40)
                            .setFailureHandler(new CollectingFailureHandler(runId, false))
                            .build());
            JobID job = env.execute("remote write rejections").getJobID();

            List<ScriptedHttpServer.Request> requests = server.requests();
            List<RejectedBatch> rejected = new ArrayList<>(CollectingFailureHandler.BATCHES.get(runId));
            List<String> handled = new ArrayList<>();
            for (RejectedBatch batch : rejected) {
                assertEquals(400, batch.statusCode());
                assertEquals(server.url("/api/v1/write"), batch.endpoint());
                assertEquals(1, batch.samples().size(), "one refused sample per distinct response");
                PrometheusSample s = batch.samples().get(0);
                assertEquals("out of order sample at " + s.timestampMs(), batch.responseBody());
                assertEquals("it_requests", s.metricName());
                handled.add(s.labels().get("model_name") + "@" + s.timestampMs() + "=" + s.value());
            }
            assertEquals(
                    List.of("m1@1735690000000=100.0", "m2@1735690400000=200.0"),
                    handled.stream().sorted().toList());
            List<String> delivered = decodedKeys(requests, 204);
            List<String> all = new ArrayList<>(handled);
            all.addAll(delivered);
            assertEquals(
                    samples.stream()
                            .map(PrometheusRemoteWriteSinkITCase::key)
                            .sorted()
                            .toList(),
                    all.stream().sorted().toList(),
                    "every sample stored exactly once or handed to the failure handler");
            long splits = requests.stream().filter(r -> r.status() == 400).count() - 2;
            // each request holding a bad sample (at most 40) is split down to it: at most 6 levels
            assertTrue(splits >= 2 && splits <= 2 * 6, splits + " splits");
            assertEquals(splits, counter(job, "remote_write_splits"));
            assertEquals(2, counter(job, "remote_write_rejected_samples"));
            assertEquals(2, counter(job, "remote_write_dead_lettered_samples"));
            assertEquals(samples.size() - 2, counter(job, "remote_write_samples_sent"));
            assertEquals(requests.size(), counter(job, "remote_write_requests"));
            assertEquals(0, counter(job, "remote_write_retries"));
            assertEquals(0, counter(job, "remote_write_give_ups"));
        }
    }

    @Test
    void failingFailureHandlerFailsTheJob() throws Exception {
        try (ScriptedHttpServer server = ScriptedHttpServer.http().otherwise(r -> Response.of(422, "out of bounds"))) {
            StreamExecutionEnvironment env = env();
            env.fromData(samples(10))
                    .sinkTo(PrometheusRemoteWriteSink.builder()
                            .setEndpoint(server.url("/api/v1/write"))
                            .setFailureHandler(new CollectingFailureHandler("failing-" + System.nanoTime(), true))
                            .build());
            Exception e = assertThrows(Exception.class, () -> env.execute("failing failure handler"));
            Optional<RemoteWriteException> cause = ExceptionUtils.findThrowable(e, RemoteWriteException.class);
            assertTrue(cause.isPresent(), () -> ExceptionUtils.stringifyException(e));
            assertTrue(
                    cause.get().getMessage().contains("HTTP 422"), cause.get().getMessage());
            assertTrue(
                    cause.get().getMessage().contains(server.url("/api/v1/write")),
                    cause.get().getMessage());
        }
    }

    @Test
    void unreachableEndpointFailsTheJobWithAMessageNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/api/v1/write";
        StreamExecutionEnvironment env = env();
        env.fromData(samples(10))
                .sinkTo(PrometheusRemoteWriteSink.builder()
                        .setEndpoint(url)
                        .setRetryBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                        .setMaxRetryDuration(Duration.ofSeconds(1))
                        .build());
        Exception e = assertThrows(Exception.class, () -> env.execute("unreachable remote write"));
        Optional<RemoteWriteException> cause = ExceptionUtils.findThrowable(e, RemoteWriteException.class);
        assertTrue(cause.isPresent(), () -> ExceptionUtils.stringifyException(e));
        assertTrue(
                cause.get().getMessage().contains("Prometheus remote write to " + url + " failed"),
                cause.get().getMessage());
        assertTrue(
                cause.get().getMessage().contains("ConnectException"),
                cause.get().getMessage());
    }

    @Test
    void groupsTheSamplesOfABatchIntoOneTimeSeriesPerSeries() throws Exception {
        List<PrometheusSample> samples = samples(70); // 7 series x 10 samples, one batch
        try (ScriptedHttpServer server = ScriptedHttpServer.http()) {
            StreamExecutionEnvironment env = env();
            env.fromData(samples)
                    .sinkTo(PrometheusRemoteWriteSink.builder()
                            .setEndpoint(server.url("/api/v1/write"))
                            .setMaxBatchSize(100)
                            .setMaxTimeInBufferMS(60_000)
                            .build());
            env.execute("remote write grouping");

            assertEquals(1, server.requests().size(), "end of input flushed one batch");
            List<TimeSeries> series =
                    WriteRequestDecoder.decodeSnappy(server.requests().get(0).body());
            assertEquals(7, series.size());
            Map<String, Integer> perSeries = new HashMap<>();
            Set<String> names = new HashSet<>();
            for (TimeSeries ts : series) {
                perSeries.put(ts.label("model_name"), ts.samples().size());
                names.add(ts.label("__name__"));
            }
            assertEquals(Set.of("it_requests"), names);
            assertTrue(perSeries.values().stream().allMatch(n -> n == 10), perSeries.toString());
        }
    }
}
