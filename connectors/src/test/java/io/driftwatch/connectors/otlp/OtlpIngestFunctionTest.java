package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static io.driftwatch.connectors.otlp.OtlpTestData.T0;
import static io.driftwatch.connectors.otlp.OtlpTestData.attr;
import static io.driftwatch.connectors.otlp.OtlpTestData.baseLabels;
import static io.driftwatch.connectors.otlp.OtlpTestData.gauge;
import static io.driftwatch.connectors.otlp.OtlpTestData.number;
import static io.driftwatch.connectors.otlp.OtlpTestData.request;
import static io.driftwatch.connectors.otlp.OtlpTestData.resource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.deadletter.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the ingest function in a real (in-process) Flink MiniCluster, on records decoded as the Kafka
 * source decodes them.
 */
class OtlpIngestFunctionTest {

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(1)
            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
            .build());

    @Test
    @SuppressWarnings("try") // Flink's closeables declare InterruptedException
    void emitsGoodPointsAndSendsEveryBadRecordOnceToTheDeadLetterOutput() throws Exception {
        byte[] fixture = resource("metrics.json");
        byte[] proto = request(gauge(
                        "ml.inference.queue",
                        number(T0)
                                .setAsInt(1)
                                .addAttributes(attr("status", "a"))
                                .addAttributes(attr("user_id", "u1")),
                        number(T0)
                                .setAsInt(2)
                                .addAttributes(attr("status", "b"))
                                .addAttributes(attr("user_id", "u2")),
                        number(T0).setAsInt(3).addAttributes(attr("status", "c")),
                        number(T0)
                                .setAsInt(4)
                                .addAttributes(attr("status", "a"))
                                .addAttributes(attr("user_id", "u3"))))
                .toByteArray();
        byte[] garbage = {0x0a, 0x7f, 0x01};
        List<OtlpRecord> records = List.of(
                new OtlpRecord("otlp_metrics_json", 0, 10, 1000L, "k1".getBytes(StandardCharsets.UTF_8), fixture),
                new OtlpRecord("otlp_metrics", 1, 20, 2000L, null, proto),
                new OtlpRecord("otlp_metrics", 1, 21, 2001L, null, garbage),
                new OtlpRecord("otlp_spans", 0, 5, 3000L, null, proto));
        OtlpRecordDecoder decoder = OtlpRecordDecoder.builder()
                .topic("otlp_metrics", OtlpEncoding.OTLP_PROTO)
                .topic("otlp_metrics_json", OtlpEncoding.OTLP_JSON)
                .decoderOptions(OPTIONS)
                .build();
        List<DecodedOtlp<MetricPoint>> decoded =
                records.stream().map(decoder::decode).toList();
        OtlpIngestFunction function = OtlpIngestFunction.builder()
                .cardinalityGuard(
                        CardinalityGuardSettings.builder().maxSeriesPerMetric(2).build())
                .build();

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        SingleOutputStreamOperator<MetricPoint> points = env.fromData(decoded, DecodedOtlpSerializer.METRICS_TYPE_INFO)
                .process(function)
                .name("otlp-ingest");
        List<MetricPoint> out = new ArrayList<>();
        List<DeadLetter> deadLetters = new ArrayList<>();
        JobExecutionResult job;
        try (CloseableIterator<MetricPoint> pointIt = points.collectAsync();
                CloseableIterator<DeadLetter> deadIt =
                        points.getSideOutput(OtlpIngestFunction.DEAD_LETTERS).collectAsync()) {
            job = env.execute("otlp-ingest-test");
            pointIt.forEachRemaining(out::add);
            deadIt.forEachRemaining(deadLetters::add);
        }

        // metrics.json: counter and gauge; the proto record: series a and b (user_id stripped), c refused by the cap.
        assertEquals(
                List.of(
                        "my.counter=5.0",
                        "my.gauge=10.0",
                        "ml.inference.queue=1.0",
                        "ml.inference.queue=2.0",
                        "ml.inference.queue=4.0"),
                out.stream().map(p -> p.name() + "=" + p.value()).toList());
        assertEquals(baseLabels("status", "a"), out.get(2).labels());
        assertEquals(baseLabels("status", "a"), out.get(4).labels(), "same series once user_id is dropped");

        deadLetters.sort(Comparator.comparingLong(DeadLetter::sourceOffset));
        assertEquals(3, deadLetters.size(), deadLetters::toString);
        DeadLetter unknownTopic = deadLetters.get(0);
        assertEquals(List.of(RejectReason.UNKNOWN_TOPIC), unknownTopic.reasons());
        assertEquals(
                "unknown_topic: topic \"otlp_spans\" has no configured OTLP encoding (configured: [otlp_metrics,"
                        + " otlp_metrics_json])",
                unknownTopic.detail());
        assertArrayEquals(proto, unknownTopic.value());

        DeadLetter histogram = deadLetters.get(1);
        assertEquals("otlp_metrics_json", histogram.sourceTopic());
        assertEquals(0, histogram.sourcePartition());
        assertEquals(10, histogram.sourceOffset());
        assertEquals(1000L, histogram.sourceTimestamp());
        assertArrayEquals("k1".getBytes(StandardCharsets.UTF_8), histogram.key());
        assertArrayEquals(fixture, histogram.value(), "the original bytes, unchanged");
        assertEquals(List.of(RejectReason.BUCKET_COUNT_MISMATCH), histogram.reasons());
        assertEquals(
                "bucket_count_mismatch: resource #0 scope #0 histogram \"my.histogram\" point #0: 3 bucket counts"
                        + " for 1 explicit bound (expected 2)",
                histogram.detail());

        DeadLetter undecodable = deadLetters.get(2);
        assertEquals(21, undecodable.sourceOffset());
        assertEquals(List.of(RejectReason.UNDECODABLE), undecodable.reasons());
        assertArrayEquals(garbage, undecodable.value());

        Map<String, Long> counters = driftwatchCounters(job);
        assertEquals(4L, counters.get("records_in"));
        assertEquals(5L, counters.get("points_out"));
        assertEquals(3L, counters.get("labels_dropped"));
        assertEquals(1L, counters.get("series_refused"));
        assertEquals(3L, counters.get("dead_letters"));
        assertEquals(1L, counters.get("reason.bucket_count_mismatch.rejected_points"));
        assertEquals(1L, counters.get("reason.bucket_count_mismatch.rejections"));
        assertEquals(1L, counters.get("reason.undecodable.rejections"));
        assertEquals(0L, counters.get("reason.undecodable.rejected_points"));
        assertEquals(1L, counters.get("reason.unknown_topic.rejections"));
        assertEquals(0L, counters.get("reason.no_recorded_value.skipped_points"));
        assertEquals(0L, counters.get("reason.count_mismatch.rejections"));
    }

    /** The job's counters under the {@code driftwatch} group, keyed by the identifier after {@code driftwatch.}. */
    private static Map<String, Long> driftwatchCounters(JobExecutionResult job) {
        Map<String, Long> counters = new TreeMap<>();
        String jobId = job.getJobID().toString();
        for (Map.Entry<MetricGroup, Map<String, Metric>> group :
                REPORTER.getMetricsByGroup().entrySet()) {
            if (!jobId.equals(group.getKey().getAllVariables().get("<job_id>"))) {
                continue;
            }
            for (Map.Entry<String, Metric> e : group.getValue().entrySet()) {
                String id = group.getKey().getMetricIdentifier(e.getKey());
                int at = id.indexOf(".driftwatch.");
                if (at >= 0 && e.getValue() instanceof Counter) {
                    counters.merge(
                            id.substring(at + ".driftwatch.".length()), ((Counter) e.getValue()).getCount(), Long::sum);
                }
            }
        }
        assertTrue(counters.containsKey("records_in"), () -> "driftwatch counters registered: " + counters);
        return counters;
    }
}
