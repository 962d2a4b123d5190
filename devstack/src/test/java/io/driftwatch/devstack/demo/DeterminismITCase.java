package io.driftwatch.devstack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.RemoteWriteRecorder;
import io.driftwatch.devstack.demo.AllAnalysesITCase.Analysis;
import io.driftwatch.devstack.demo.AllAnalysesITCase.Series;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.Scenario;
import io.driftwatch.devstack.servers.EmbeddedKafka;
import io.driftwatch.devstack.servers.PromPoint;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.jobs.DriftwatchJob;
import io.driftwatch.jobs.config.DriftwatchConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Same input, same output. The load generator's combined scenario (every model, both encodings, sampled
 * spans with numeric and categorical features, the shifts after the baseline, the cost hotspot) over
 * {@value #DAYS_OF_DATA} days is written once into a real Kafka broker, three partitions per topic, so the
 * values of one feature key reach the job in a different interleaving on every run. Two fresh jobs with
 * every analysis enabled, parallelism 2, then read it, each into its own real VictoriaMetrics (through a
 * {@link RemoteWriteRecorder}), events topic and dead-letter topic. Asserted identical:
 *
 * <ul>
 *   <li>every remote-write sample of every series: label set, timestamp and value bits;
 *   <li>every sample exported from each VictoriaMetrics: label set and timestamp, values bit for bit
 *       when VictoriaMetrics returns them so, else to its storage precision (its per-block decimal
 *       exponent depends on when samples arrived: see {@link AllAnalysesITCase}), and every one equal to
 *       what that server was sent;
 *   <li>every event read with {@code read_committed}: per Kafka key, key, document and headers byte for
 *       byte, in event-time order (the record timestamp, the time of publishing, and the interleaving of
 *       keys over the sink's parallel writers are not part of the output);
 *   <li>the dead-letter records (the malformed one).
 * </ul>
 *
 * Not vacuous: numeric span-feature scores, feature-drift and cost-anomaly events are among the compared
 * output. Before numeric summaries were DDSketch bins, their KLL compaction made the span-feature scores
 * differ between any two such runs.
 */
class DeterminismITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = EndToEnd.miniCluster();

    static final int DAYS_OF_DATA = 7;
    static final Duration DAYS = Duration.ofDays(DAYS_OF_DATA);
    static final Duration BASELINE = Duration.ofDays(4);
    static final long JOB_MINUTES = 3;

    @TempDir
    static Path tmp;

    record Run(
            Series sent,
            Series stored,
            List<ConsumerRecord<byte[], byte[]>> events,
            List<ConsumerRecord<byte[], byte[]>> deadLetters,
            List<String> recorderFailures) {}

    static final List<AutoCloseable> started = new ArrayList<>();

    @AfterAll
    static void stop() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                System.err.println("could not stop " + started.get(i) + ": " + e);
            }
        }
    }

    @Test
    @Timeout(value = 8, unit = TimeUnit.MINUTES)
    void twoRunsOnTheSameInputWriteIdenticalSamplesAndEvents() throws Exception {
        long t0 = System.nanoTime();
        EndToEnd stack = EndToEnd.start();
        started.add(stack);
        EmbeddedKafka kafka = stack.kafka();
        kafka.createTopics(
                3, DemoRunner.PROTO_TOPIC, DemoRunner.JSON_TOPIC, DemoRunner.SPANS_TOPIC, DemoRunner.SPANS_JSON_TOPIC);
        Instant start = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(DAYS.plusDays(1));
        LoadScenario scenario = LoadScenario.builder()
                .start(start)
                .length(DAYS)
                .changesAfter(BASELINE)
                .options(Scenario.ALL)
                .build();
        try (KafkaOtlpWriter metrics = new KafkaOtlpWriter(
                        kafka.bootstrapServers(),
                        Map.of("otlp_proto", DemoRunner.PROTO_TOPIC, "otlp_json", DemoRunner.JSON_TOPIC));
                KafkaOtlpWriter spans = new KafkaOtlpWriter(
                        kafka.bootstrapServers(),
                        Map.of("otlp_proto", DemoRunner.SPANS_TOPIC, "otlp_json", DemoRunner.SPANS_JSON_TOPIC))) {
            LoadGenerator.replay(scenario, metrics, spans, (rounds, total) -> {});
            metrics.sendRaw(
                    DemoRunner.PROTO_TOPIC,
                    "demo-garbage".getBytes(StandardCharsets.UTF_8),
                    AllAnalysesITCase.GARBAGE,
                    scenario.start().toEpochMilli());
            metrics.flush();
            spans.flush();
            System.out.printf(
                    "TIMING replayed %,d metrics and %,d span records in %.1f s%n",
                    metrics.records(), spans.records(), (System.nanoTime() - t0) / 1e9);
        }
        Run first = run(kafka, "first");
        Run second = run(kafka, "second");

        assertEquals(List.of(), first.recorderFailures());
        assertEquals(List.of(), second.recorderFailures());
        String sent = AllAnalysesITCase.diff(first.sent(), second.sent(), AllAnalysesITCase::sameBits);
        assertTrue(sent.isEmpty(), "remote-write samples of the first (-) and second (+) run: " + sent);
        for (Run r : List.of(first, second)) {
            String stored = AllAnalysesITCase.diff(r.sent(), r.stored(), AllAnalysesITCase::sameToStoragePrecision);
            assertTrue(stored.isEmpty(), "sent (-) and exported by VictoriaMetrics (+): " + stored);
        }
        String stored =
                AllAnalysesITCase.diff(first.stored(), second.stored(), AllAnalysesITCase::sameToStoragePrecision);
        assertTrue(stored.isEmpty(), "VictoriaMetrics of the first (-) and second (+) run: " + stored);
        String storedBits = AllAnalysesITCase.diff(first.stored(), second.stored(), AllAnalysesITCase::sameBits);
        for (Analysis a : Analysis.values()) {
            if (a.eventType != null) {
                assertEquals(
                        AllAnalysesITCase.events(a, first.events()),
                        AllAnalysesITCase.events(a, second.events()),
                        a + " events per key");
            }
        }
        assertEquals(records(first.events()), records(second.events()), "every event, key, headers and bytes");
        assertEquals(records(first.deadLetters()), records(second.deadLetters()), "dead letters");

        // not vacuous
        long numericScores = first.sent().byLabels().keySet().stream()
                .filter(l -> l.get("__name__").equals("ml_feature_drift_score")
                        && l.get("feature").equals("request_length"))
                .count();
        assertTrue(numericScores >= 4, "numeric span-feature score series: " + numericScores);
        assertTrue(
                AllAnalysesITCase.events(Analysis.FEATURE_DRIFT, first.events()).size() > 0, "feature-drift events");
        assertTrue(AllAnalysesITCase.events(Analysis.COST, first.events()).size() > 0, "cost-anomaly events");
        assertEquals(1, first.deadLetters().size(), "the malformed record");
        System.out.printf(
                "EQUAL two runs: %d series, %,d samples sent bit for bit; VictoriaMetrics %s; %d events;"
                        + " in %.1f s%n",
                first.sent().byLabels().size(),
                first.sent().samples(),
                storedBits.isEmpty()
                        ? "bit for bit"
                        : "to storage precision ("
                                + storedBits.lines().findFirst().orElseThrow() + ")",
                first.events().size(),
                (System.nanoTime() - t0) / 1e9);
    }

    /** One bounded all-analyses job over the replay, into its own VictoriaMetrics and topics. */
    static Run run(EmbeddedKafka kafka, String name) throws Exception {
        long t0 = System.nanoTime();
        VictoriaMetricsServer vm = VictoriaMetricsServer.start();
        started.add(vm);
        RemoteWriteRecorder recorder = RemoteWriteRecorder.start(vm.writeUrl());
        started.add(recorder);
        String events = "events." + name;
        String deadLetters = "dead-letters." + name;
        kafka.createTopics(1, events, deadLetters);
        Path checkpoints = Files.createDirectories(tmp.resolve("checkpoints-" + name));
        DemoRunner.Options demo = DemoRunner.Options.parse(
                "--days", DAYS.toDays() + "d", "--baseline", BASELINE.toDays() + "d", "--no-wait");
        List<String> overrides = new ArrayList<>(
                DemoRunner.jobOverrides(demo, kafka.bootstrapServers(), checkpoints.toUri(), recorder.writeUrl()));
        overrides.addAll(List.of(
                "job-name=determinism-" + name,
                "kafka.group-id=determinism-" + name,
                "kafka.dead-letter-topic=" + deadLetters,
                "output.events-topic=" + events,
                "cost.catalog-file=" + AllAnalysesITCase.CATALOG,
                "flink.parallelism=2",
                "flink.checkpoint-interval=10s"));
        DriftwatchConfig config = DriftwatchConfig.load(null, overrides);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(DriftwatchJob.flinkConfiguration(config));
        DriftwatchJob.build(env, config);
        JobClient job = env.executeAsync(config.jobName());
        try {
            job.getJobExecutionResult().get(JOB_MINUTES, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            job.cancel().get(30, TimeUnit.SECONDS);
            fail("the " + name + " job did not read the replay within " + JOB_MINUTES + " minutes");
        }
        vm.flush();
        Map<Map<String, String>, List<PromPoint>> stored = new HashMap<>();
        for (PromSeries s : vm.exportSeries("{__name__=~\".+\"}")) {
            assertEquals(null, stored.put(s.labels(), s.points()), "one export line per series");
        }
        Run run = new Run(
                new Series(recorder.samples()),
                new Series(stored),
                kafka.readCommitted(events),
                kafka.readCommitted(deadLetters),
                recorder.failures());
        System.out.printf(
                "TIMING run %s in %.1f s: %d series, %,d samples, %d events%n",
                name,
                (System.nanoTime() - t0) / 1e9,
                run.sent().byLabels().size(),
                run.sent().samples(),
                run.events().size());
        return run;
    }

    /** Every record as key, headers and value in hex, sorted: the multiset of what was published. */
    static List<String> records(List<ConsumerRecord<byte[], byte[]>> records) {
        HexFormat hex = HexFormat.of();
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            StringBuilder b = new StringBuilder(r.key() == null ? "-" : hex.formatHex(r.key()));
            for (Header h : r.headers()) {
                b.append(' ').append(h.key()).append('=').append(hex.formatHex(h.value()));
            }
            out.add(b.append(' ').append(hex.formatHex(r.value())).toString());
        }
        out.sort(null);
        return out;
    }
}
