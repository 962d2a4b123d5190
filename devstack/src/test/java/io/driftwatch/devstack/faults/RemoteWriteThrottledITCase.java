package io.driftwatch.devstack.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.EndToEnd;
import io.driftwatch.devstack.confidence.ConfidenceSeriesCheck;
import io.driftwatch.devstack.loadgen.ConfidenceTruth;
import io.driftwatch.devstack.loadgen.KafkaOtlpWriter;
import io.driftwatch.devstack.loadgen.LoadGenerator;
import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.loadgen.Scenario;
import io.driftwatch.devstack.servers.PromPoint;
import io.driftwatch.devstack.servers.PromSeries;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fault test 2 of issue 12: VictoriaMetrics answers 503 and 429 with {@code Retry-After} for {@link
 * #FAULT} (two minutes; {@code -Ddriftwatch.fault.seconds=N} shortens it), injected once the job's first
 * samples are stored. The real job (confidence analysis, 35 days of the load generator's traffic in a
 * real Kafka broker, parallelism 2 on a MiniCluster) keeps running through it with a sink buffer of
 * {@value #BUFFER} samples per writer, and must
 *
 * <ul>
 *   <li>honour {@code Retry-After}: no request is tried again sooner than about two seconds after a
 *       refusal (its own backoff would start at 100 ms), and give nothing up;
 *   <li>stay bounded: what the sink holds (buffered and in-flight samples, its gauges, sampled each
 *       second) never exceeds its configured bound, and the Kafka source stops reading while the sink
 *       waits (backpressure), although most of the topic is still unread; the heap is printed;
 *   <li>catch up: VictoriaMetrics then holds every sample exactly once (no two raw samples of a series
 *       at one timestamp, as many as expected), with the values of an independent computation from the
 *       generated traffic, as the uninterrupted run in {@code ConfidenceJobITCase} does.
 * </ul>
 */
class RemoteWriteThrottledITCase {

    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    static final Duration FAULT = Duration.ofSeconds(Long.getLong("driftwatch.fault.seconds", 120));
    static final int BUFFER = 1_000;
    static final int BATCH = 200;
    static final int IN_FLIGHT = 4;
    static final int PARALLELISM = 2;
    static final String PROTO_TOPIC = "throttled_otlp_metrics";
    static final String JSON_TOPIC = "throttled_otlp_metrics_json";

    /** The sum over all subtasks of the sink's numeric metric {@code name}. */
    private static long sum(JobID job, String name) {
        long total = 0;
        for (Tuple3<MetricGroup, String, Metric> m : METRICS.findJobMetricGroups(job, name)) {
            if (m.f1.equals(name)) {
                total += m.f2 instanceof Counter c ? c.getCount() : ((Number) ((Gauge<?>) m.f2).getValue()).longValue();
            }
        }
        return total;
    }

    /** Records the Kafka source ("OTLP metrics from Kafka") has emitted, summed over its subtasks. */
    private static long sourceRecords(JobID job) {
        return METRICS.findOperatorMetricGroups(job, "OTLP metrics from Kafka").stream()
                .mapToLong(g -> g.getIOMetricGroup().getNumRecordsOutCounter().getCount())
                .sum();
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void throttledVictoriaMetricsSlowsTheJobDownWithBoundedMemoryAndLosesOrDuplicatesNothing() throws Exception {
        try (EndToEnd stack = EndToEnd.start();
                RemoteWriteFaultProxy proxy =
                        RemoteWriteFaultProxy.start(stack.vm().writeUrl())) {
            stack.kafka().createTopics(3, PROTO_TOPIC);
            stack.kafka().createTopics(2, JSON_TOPIC);
            stack.kafka().createTopics(1, "ml.drift.events"); // confidence_drift events
            LoadScenario scenario = LoadScenario.builder()
                    .start(Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(38)))
                    .length(Duration.ofDays(35))
                    .options(EnumSet.of(Scenario.CONFIDENCE_DROP, Scenario.RESTART))
                    .build();
            ConfidenceTruth truth;
            long written;
            try (KafkaOtlpWriter writer = new KafkaOtlpWriter(
                    stack.kafka().bootstrapServers(), Map.of("otlp_proto", PROTO_TOPIC, "otlp_json", JSON_TOPIC))) {
                truth = LoadGenerator.replay(scenario, writer);
                writer.flush();
                written = writer.records();
            }

            JobClient job = stack.runUnbounded(
                    "remote-write-throttled",
                    "kafka.bounded=true",
                    "kafka.inputs[0].topic=" + PROTO_TOPIC,
                    "kafka.inputs[0].encoding=otlp_proto",
                    "kafka.inputs[1].topic=" + JSON_TOPIC,
                    "kafka.inputs[1].encoding=otlp_json",
                    "kafka.group-id=throttled",
                    "remote-write.url=" + proxy.writeUrl(),
                    "remote-write.extra-labels.run=throttled",
                    "remote-write.max-batch-samples=" + BATCH,
                    "remote-write.max-buffered-samples=" + BUFFER,
                    "remote-write.max-in-flight-requests=" + IN_FLIGHT,
                    "flink.parallelism=" + PARALLELISM);
            JobID id = job.getJobID();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (proxy.forwarded() == 0) {
                assertTrue(System.nanoTime() < deadline, "no sample reached VictoriaMetrics within 60 s");
                Thread.sleep(20);
            }
            proxy.startFault(FAULT);
            long faultStart = System.nanoTime();

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long maxHeld = 0;
            long maxHeapMiB = 0;
            long sourceAtStall = -1;
            long sourceAtFaultEnd = -1;
            Duration stallWindow = FAULT.dividedBy(4);
            while (proxy.inFault()) {
                Thread.sleep(1000);
                long held = sum(id, "remote_write_buffered_samples") + sum(id, "remote_write_in_flight_samples");
                maxHeld = Math.max(maxHeld, held);
                maxHeapMiB = Math.max(maxHeapMiB, memory.getHeapMemoryUsage().getUsed() >> 20);
                long elapsed = System.nanoTime() - faultStart;
                if (sourceAtStall < 0 && elapsed >= FAULT.minus(stallWindow).toNanos()) {
                    sourceAtStall = sourceRecords(id);
                }
                sourceAtFaultEnd = sourceRecords(id);
            }
            System.out.printf(
                    "THROTTLED %d s: sink held at most %,d samples (bound %,d), heap at most %,d MiB used;"
                            + " source read %,d of %,d records, %,d in the last %d s of the fault;"
                            + " %,d requests refused with Retry-After%n",
                    FAULT.toSeconds(),
                    maxHeld,
                    PARALLELISM * (BUFFER + IN_FLIGHT * BATCH),
                    maxHeapMiB,
                    sourceAtFaultEnd,
                    written,
                    sourceAtFaultEnd - sourceAtStall,
                    stallWindow.toSeconds(),
                    proxy.refused());

            long caughtUpStart = System.nanoTime();
            job.getJobExecutionResult().get(3, TimeUnit.MINUTES);
            stack.vm().flush();
            System.out.printf(
                    "THROTTLED caught up %.1f s after the fault; %d retries, %d give-ups%n",
                    (System.nanoTime() - caughtUpStart) / 1e9,
                    sum(id, "remote_write_retries"),
                    sum(id, "remote_write_give_ups"));

            // Retry-After honoured, nothing given up
            assertTrue(proxy.refused() > 0, "the fault refused requests");
            Duration shortest = proxy.shortestWaitAfterRefusal();
            assertTrue(shortest.toMillis() >= 1500, "a refused request was tried again after " + shortest);
            assertEquals(0, sum(id, "remote_write_give_ups"));
            assertTrue(sum(id, "remote_write_retries") >= proxy.refused(), "every refusal retried");

            // bounded: the sink's buffer and requests, and backpressure up to the Kafka source
            assertTrue(maxHeld > 0, "the sink held samples during the fault");
            assertTrue(
                    maxHeld <= (long) PARALLELISM * (BUFFER + IN_FLIGHT * BATCH),
                    "the sink held " + maxHeld + " samples");
            // Unthrottled, the source reads the whole input in well under 30 s; stalled, it only fills the
            // network buffers in front of the sink (0 records on an idle machine, 375 under load).
            assertTrue(
                    sourceAtFaultEnd - sourceAtStall < written / 20,
                    "the source kept reading while the sink waited: " + (sourceAtFaultEnd - sourceAtStall)
                            + " records in the fault's last " + stallWindow.toSeconds() + " s");
            assertTrue(sourceAtFaultEnd > 0 && sourceAtFaultEnd < written, "the input was still partly unread");

            // caught up: every sample exactly once, with the values of an independent computation
            Set<String> seen = new HashSet<>();
            long raw = 0;
            for (PromSeries s : stack.vm().exportSeries("{__name__=~\"ml:confidence:.*\",run=\"throttled\"}")) {
                for (PromPoint p : s.points()) {
                    raw++;
                    assertTrue(seen.add(s.labels() + "@" + p.timestampMs()), "twice: " + s.labels() + " @ " + p);
                }
            }
            // the current window's series and the short window's (window="short")
            long expected = ConfidenceSeriesCheck.expectedSampleCount(
                            truth, Duration.ofHours(24), Duration.ofDays(30), 3.0, Long.MAX_VALUE)
                    + ConfidenceSeriesCheck.expectedShortSampleCount(truth, Duration.ofDays(30));
            assertEquals(expected, raw, "raw samples in VictoriaMetrics");
            ConfidenceSeriesCheck.assertMatchesIndependentComputation(
                    truth,
                    Duration.ofHours(24),
                    Duration.ofDays(30),
                    3.0,
                    ConfidenceSeriesCheck.readBack(stack.vm(), "throttled"));
        }
    }
}
