package io.driftwatch.devstack.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.deadletter.DeadLetterSerializationSchema;
import io.driftwatch.devstack.confidence.ConfidenceSeriesCheck;
import io.driftwatch.devstack.confidence.Ticks;
import io.driftwatch.devstack.loadgen.ConfidenceTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.SimulatedModel;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.FlinkStandaloneCluster;
import io.driftwatch.devstack.servers.LocalFiles;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar on a real standalone Flink 2.2 session cluster: a JobManager and a TaskManager
 * in their own JVMs, on Flink's jars only ({@code flink-cluster/target/flink-classpath.txt}), the
 * jar uploaded and run over the REST API with a {@code --config} file and {@code --set} overrides.
 * The job reads four days of OTLP traffic (both encodings, a confidence drop, a counter reset, one
 * undecodable record) from the in-process broker over loopback, stopping with a savepoint after two
 * days and resuming from it, and writes to a real VictoriaMetrics: the series read back must equal
 * the independent computation, checkpoints must complete, the dead letter must be on its topic once,
 * and the Prometheus reporter must count every input record, each in the job that read it. This is
 * what a MiniCluster cannot show: the jar's classloading (child-first, nothing of Driftwatch on the
 * cluster's classpath), its serialisation across JVMs and into a savepoint, and its configuration.
 *
 * <p>The cluster's logs stay in {@code target/flink-cluster-it/log}; their tails are added to a failure.
 */
class FlinkClusterSubmissionITCase {

    static final String PROTO_TOPIC = "otlp_metrics";
    static final String JSON_TOPIC = "otlp_metrics_json";
    static final String DEAD_LETTERS = "driftwatch.dead-letters";
    static final Duration WINDOW = Duration.ofHours(12);
    static final Duration BASELINE = Duration.ofDays(2);
    static final byte[] UNDECODABLE = "not an OTLP request".getBytes(StandardCharsets.UTF_8);
    static final Map<String, String> TOPICS = Map.of(PROTO_TOPIC, "otlp_proto", JSON_TOPIC, "otlp_json");

    static final Path WORK = Path.of("target", "flink-cluster-it").toAbsolutePath();

    static EmbeddedKafka kafka;
    static VictoriaMetricsServer vm;
    static FlinkStandaloneCluster flink;
    static ConfidenceTruth truth;
    static String jarId;

    @BeforeAll
    static void start() throws Exception {
        LocalFiles.deleteRecursively(WORK);
        kafka = EmbeddedKafka.start();
        vm = VictoriaMetricsServer.start();
        kafka.createTopics(3, PROTO_TOPIC);
        kafka.createTopics(2, JSON_TOPIC);
        kafka.createTopics(1, DEAD_LETTERS, "driftwatch.remote-write.dead-letters", "ml.drift.events");
        flink = FlinkStandaloneCluster.builder()
                .classpathFile(Path.of(System.getProperty(
                        "driftwatch.flink-classpath", "../flink-cluster/target/flink-classpath.txt")))
                .workDir(WORK)
                .taskSlots(2)
                // What the README asks of a cluster: DataSketches' memory API on Java 17.
                .javaOpts("--add-modules=jdk.incubator.foreign")
                .prometheusReporter()
                .start();
        jarId = onFailurePrintLogs(() -> flink.uploadJar(jobJar()));
    }

    @AfterAll
    static void stop() throws Exception {
        try (AutoCloseable k = kafka;
                AutoCloseable v = vm) {
            if (flink != null) {
                flink.close();
            }
        }
    }

    static Path jobJar() {
        Path jar = Path.of(System.getProperty("driftwatch.job-jar", "target/driftwatch-jobs.jar"));
        assertTrue(Files.isRegularFile(jar), jar + " is missing: run mvn package first");
        return jar;
    }

    @Test
    void theJobJarComputesTheSeriesAcrossAStopWithSavepoint() throws Exception {
        onFailurePrintLogs(() -> {
            runScenario();
            return null;
        });
    }

    @Test
    void anInvalidConfigurationIsReportedToTheCallerAndTheJobManagerSurvives() throws Exception {
        IOException e = assertThrows(
                IOException.class,
                () -> flink.runJar(
                        jarId,
                        List.of(
                                "--set",
                                "confidence.current-window=24hours",
                                "--set",
                                "kafka.inputs[0].encoding=otlp_xml")));
        assertTrue(e.getMessage().contains("confidence.current-window"), e.getMessage());
        assertTrue(e.getMessage().contains("otlp_xml"), e.getMessage());
        assertTrue(flink.isAlive(), "a bad configuration must not stop the cluster");
        assertFalse(flink.get("/overview").isEmpty());
    }

    record Generated(String encoding, byte[] key, byte[] value, long timestampMillis) {}

    /**
     * The first two days, a stop with a savepoint, the last two days resumed from it: the series must
     * be exactly those of the whole scenario, so state written by one job's TaskManager tasks is read
     * back by another job's, each through its own user-code class loader.
     */
    private static void runScenario() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(6));
        LoadScenario scenario = LoadScenario.builder()
                .start(start)
                .length(Duration.ofDays(4))
                .addModel(SimulatedModel.stable(
                                "fraud-detector", "v2", "fraud_scoring", "production", "otlp_proto", 17, 3)
                        .withDrop(start.plus(Duration.ofDays(3)), 7, 3))
                .addModel(SimulatedModel.stable(
                                "llama-3-8b", "v2.1", "maintenance_assistant", "production", "otlp_json", 18, 4)
                        .withRestart(start.plus(Duration.ofDays(1)).plus(Duration.ofMinutes(7))))
                .build();
        List<Generated> generated = new ArrayList<>();
        truth = LoadGenerator.replay(
                scenario, (encoding, key, value, t) -> generated.add(new Generated(encoding, key, value, t)));
        Instant middle = start.plus(Duration.ofDays(2));
        try (KafkaOtlpWriter writer = writer()) {
            generated.stream()
                    .filter(g -> g.timestampMillis < middle.toEpochMilli())
                    .forEach(g -> writer.send(g.encoding, g.key, g.value, g.timestampMillis));
            writer.sendRaw(
                    PROTO_TOPIC,
                    "undecodable".getBytes(StandardCharsets.UTF_8),
                    UNDECODABLE,
                    start.plus(Duration.ofDays(1)).toEpochMilli());
        }
        Ticks.send(kafka, TOPICS, middle);
        long firstHalfRecords = inputRecords();

        String first = flink.runJar(jarId, jobArgs());
        try {
            // Every evaluation up to an hour before the tick: the watermark has passed those intervals.
            long firstSamples = ConfidenceSeriesCheck.expectedSampleCount(
                    truth,
                    WINDOW,
                    BASELINE,
                    3.0,
                    middle.minus(Duration.ofHours(1)).toEpochMilli());
            waitFor(
                    first,
                    () -> ConfidenceSeriesCheck.countSamples(vm, "cluster") >= firstSamples,
                    firstSamples + " samples of the first half");
            waitFor(
                    first,
                    () -> recordsIn(first) == firstHalfRecords,
                    "the Prometheus reporter's driftwatch_records_in to reach " + firstHalfRecords);
            waitFor(first, () -> completedCheckpoints(first) >= 1, "a completed checkpoint");
        } catch (Exception | AssertionError e) {
            flink.cancel(first);
            throw e;
        }
        String savepoint =
                flink.stopWithSavepoint(first, WORK.resolve("savepoints").toUri(), Duration.ofMinutes(2));

        try (KafkaOtlpWriter writer = writer()) {
            generated.stream()
                    .filter(g -> g.timestampMillis >= middle.toEpochMilli())
                    .forEach(g -> writer.send(g.encoding, g.key, g.value, g.timestampMillis));
        }
        Ticks.send(kafka, TOPICS, scenario.end().plus(Duration.ofDays(1)));
        long secondHalfRecords = inputRecords() - firstHalfRecords;

        List<String> resumed = new ArrayList<>(jobArgs());
        resumed.addAll(List.of("--set", "flink.savepoint-path=" + savepoint));
        String second = flink.runJar(jarId, resumed);
        try {
            long expected = ConfidenceSeriesCheck.expectedSampleCount(truth, WINDOW, BASELINE, 3.0, Long.MAX_VALUE);
            waitFor(
                    second,
                    () -> ConfidenceSeriesCheck.countSamples(vm, "cluster") >= expected,
                    expected + " samples in VictoriaMetrics");
            waitFor(
                    second,
                    () -> recordsIn(second) == secondHalfRecords,
                    "the resumed job's driftwatch_records_in to reach " + secondHalfRecords
                            + " (the second half only)");
            waitFor(second, () -> completedCheckpoints(second) >= 1, "a completed checkpoint of the resumed job");
            Thread.sleep(2000); // anything beyond the expected samples would be a duplicate: let it arrive
        } finally {
            flink.cancel(second);
        }
        ConfidenceSeriesCheck.assertMatchesIndependentComputation(
                truth, WINDOW, BASELINE, 3.0, ConfidenceSeriesCheck.readBack(vm, "cluster"));
        assertTrue(
                ConfidenceSeriesCheck.readBack(vm, "cluster")
                        .get("fraud-detector/v2/fraud_scoring/production")
                        .get("ml:confidence:drift_ratio")
                        .values()
                        .stream()
                        .anyMatch(r -> r > 0.1),
                "the dropped model's drift ratio crosses 0.1");

        List<ConsumerRecord<byte[], byte[]>> deadLetters = kafka.readCommitted(DEAD_LETTERS);
        assertEquals(1, deadLetters.size(), "one dead letter, not repeated by the resumed job");
        assertTrue(Arrays.equals(UNDECODABLE, deadLetters.get(0).value()), "the original bytes");
        assertEquals(
                "undecodable",
                new String(
                        deadLetters
                                .get(0)
                                .headers()
                                .lastHeader(DeadLetterSerializationSchema.REASON)
                                .value(),
                        StandardCharsets.UTF_8));
    }

    /** Part of the configuration from a file (read by the JobManager, where main runs), the rest by --set. */
    private static List<String> jobArgs() throws IOException {
        Path config = WORK.resolve("driftwatch.yaml");
        Files.writeString(
                config,
                String.join(
                        "\n",
                        "job-name: driftwatch-cluster-it",
                        "kafka:",
                        "  inputs:",
                        "    - {topic: " + PROTO_TOPIC + ", encoding: otlp_proto}",
                        "    - {topic: " + JSON_TOPIC + ", encoding: otlp_json}",
                        "confidence:",
                        "  current-window: " + WINDOW.toHours() + "h",
                        "  baseline:",
                        "    period: " + BASELINE.toDays() + "d",
                        ""));
        return List.of(
                "--config",
                config.toString(),
                "--set",
                "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--set",
                "kafka.group-id=cluster-it",
                "--set",
                "remote-write.url=" + vm.writeUrl(),
                "--set",
                "remote-write.extra-labels.run=cluster",
                "--set",
                "flink.parallelism=2",
                "--set",
                "flink.checkpoint-interval=2s",
                "--set",
                "flink.checkpoint-dir=" + WORK.resolve("checkpoints").toUri());
    }

    private static KafkaOtlpWriter writer() {
        return new KafkaOtlpWriter(
                kafka.bootstrapServers(), Map.of("otlp_proto", PROTO_TOPIC, "otlp_json", JSON_TOPIC));
    }

    private static int completedCheckpoints(String jobId) throws IOException {
        return flink.get("/jobs/" + jobId + "/checkpoints")
                .path("counts")
                .path("completed")
                .asInt();
    }

    /** Records read by one job, summed over its subtasks, as the TaskManager's Prometheus reporter shows them. */
    private static double recordsIn(String jobId) throws IOException, InterruptedException {
        String family = "flink_taskmanager_job_task_operator_driftwatch_records_in{";
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(flink.taskManagerMetricsUrl())
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return r.body()
                .lines()
                .filter(l -> l.startsWith(family) && l.contains("job_id=\"" + jobId + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** Records in the input topics (no transactions there: the end offsets count them). */
    private static long inputRecords() throws Exception {
        long total = 0;
        try (Admin admin = kafka.admin()) {
            for (String topic : TOPICS.keySet()) {
                int partitions = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get()
                        .get(topic)
                        .partitions()
                        .size();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                for (int p = 0; p < partitions; p++) {
                    latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
                }
                total += admin.listOffsets(latest).all().get().values().stream()
                        .mapToLong(o -> o.offset())
                        .sum();
            }
        }
        return total;
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    /** Waits up to 3 minutes; fails at once, with Flink's exceptions, when the job stops running. */
    private static void waitFor(String jobId, Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!condition.met()) {
            String state = flink.jobState(jobId);
            if (!state.equals("RUNNING") && !state.equals("CREATED") && !state.equals("INITIALIZING")) {
                String root = flink.get("/jobs/" + jobId + "/exceptions")
                        .path("exceptionHistory")
                        .path("entries")
                        .path(0)
                        .path("stacktrace")
                        .asText("(no exception recorded)");
                throw new AssertionError("job " + jobId + " is " + state + " while waiting for " + what + ":\n"
                        + root.substring(0, Math.min(root.length(), 3000)));
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(500);
        }
    }

    /** Runs {@code body}; when it fails, adds the tails of the cluster's logs to the failure. */
    private static <T> T onFailurePrintLogs(Callable<T> body) throws Exception {
        try {
            return body.call();
        } catch (Exception | AssertionError e) {
            // In the test's output file and, shorter, in the failure itself (Maven's console).
            System.err.println("Flink cluster logs (" + flink.logDir() + "):\n" + flink.logTails(300));
            e.addSuppressed(new Exception("Flink cluster logs (" + flink.logDir() + "):\n" + flink.logTails(60)));
            throw e;
        }
    }
}
