package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.MINUTE;
import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static io.driftwatch.connectors.otlp.OtlpTestData.T0;
import static io.driftwatch.connectors.otlp.OtlpTestData.attr;
import static io.driftwatch.connectors.otlp.OtlpTestData.gauge;
import static io.driftwatch.connectors.otlp.OtlpTestData.number;
import static io.driftwatch.connectors.otlp.OtlpTestData.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.OperatorStateHandle;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The operator in a test harness: the cardinality guard's admitted series survive a snapshot and restore,
 * and emitted points keep the timestamp of their input element.
 */
class OtlpIngestFunctionStateTest {

    private static final OtlpRecordDecoder DECODER = OtlpRecordDecoder.builder()
            .topic("otlp_metrics", OtlpEncoding.OTLP_PROTO)
            .decoderOptions(OPTIONS)
            .build();

    private static OtlpIngestFunction function() {
        return OtlpIngestFunction.builder()
                .cardinalityGuard(
                        CardinalityGuardSettings.builder().maxSeriesPerMetric(2).build())
                .build();
    }

    private static OneInputStreamOperatorTestHarness<DecodedOtlp<MetricPoint>, MetricPoint> harness() throws Exception {
        return harness(1, 0);
    }

    private static OneInputStreamOperatorTestHarness<DecodedOtlp<MetricPoint>, MetricPoint> harness(
            int parallelism, int subtask) throws Exception {
        var harness = new OneInputStreamOperatorTestHarness<DecodedOtlp<MetricPoint>, MetricPoint>(
                new ProcessOperator<>(function()), MAX_PARALLELISM, parallelism, subtask);
        harness.getStreamConfig().setupNetworkInputs(DecodedOtlpSerializer.METRICS);
        harness.getStreamConfig().serializeAllConfigs();
        return harness;
    }

    private static final int MAX_PARALLELISM = 128;

    private static DecodedOtlp<MetricPoint> record(long offset, String... statuses) {
        NumberDataPoint.Builder[] points = new NumberDataPoint.Builder[statuses.length];
        for (int i = 0; i < statuses.length; i++) {
            points[i] = number(T0).setAsInt(i).addAttributes(attr("status", statuses[i]));
        }
        return DECODER.decode(new OtlpRecord(
                "otlp_metrics", 0, offset, -1, null, request(gauge("g", points)).toByteArray()));
    }

    private static List<String> statuses(List<MetricPoint> points) {
        return points.stream().map(p -> p.labels().get("status")).toList();
    }

    @Test
    @SuppressWarnings("try") // Flink's closeables declare InterruptedException
    void admittedSeriesStayAdmittedAfterRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (OneInputStreamOperatorTestHarness<DecodedOtlp<MetricPoint>, MetricPoint> first = harness()) {
            first.open();
            first.processElement(record(1, "late", "early"), 0);
            assertEquals(List.of("late", "early"), statuses(first.extractOutputValues()));
            snapshot = first.snapshot(1, 1);
        }

        try (OneInputStreamOperatorTestHarness<DecodedOtlp<MetricPoint>, MetricPoint> restored = harness();
                OneInputStreamOperatorTestHarness<DecodedOtlp<MetricPoint>, MetricPoint> fresh = harness()) {
            restored.initializeState(snapshot);
            restored.open();
            fresh.open();
            // After a restore the cap is already used by "late" and "early"; a fresh operator would let "new1" in.
            restored.processElement(record(2, "new1", "early", "new2", "late"), 0);
            fresh.processElement(record(2, "new1", "early", "new2", "late"), 0);

            assertEquals(List.of("early", "late"), statuses(restored.extractOutputValues()));
            assertEquals(List.of("new1", "early"), statuses(fresh.extractOutputValues()));
        }
    }

    /**
     * Split, not union, state: Flink aborts any checkpoint of a vertex with union state whose subtasks
     * have only partly finished their operators, and a stop-with-savepoint finishes the source subtasks
     * (with which this operator is chained) one by one.
     */
    @Test
    @SuppressWarnings("try")
    void guardStateIsSplitSoThatStopWithSavepointCanSucceed() throws Exception {
        try (OneInputStreamOperatorTestHarness<DecodedOtlp<MetricPoint>, MetricPoint> harness = harness()) {
            harness.open();
            harness.processElement(record(1, "a"), 0);
            for (OperatorStateHandle handle : harness.snapshot(1, 1).getManagedOperatorState()) {
                handle.getStateNameToPartitionOffsets()
                        .forEach((name, meta) -> assertEquals(
                                OperatorStateHandle.Mode.SPLIT_DISTRIBUTE, meta.getDistributionMode(), name));
            }
        }
    }

    @Test
    @SuppressWarnings("try")
    void scalingInReadmitsTheSeriesOfEveryFormerSubtask() throws Exception {
        OperatorSubtaskState merged;
        try (OneInputStreamOperatorTestHarness<DecodedOtlp<MetricPoint>, MetricPoint> first = harness(2, 0);
                OneInputStreamOperatorTestHarness<DecodedOtlp<MetricPoint>, MetricPoint> second = harness(2, 1)) {
            first.open();
            second.open();
            first.processElement(record(1, "a"), 0);
            second.processElement(record(1, "b"), 0);
            merged = AbstractStreamOperatorTestHarness.repackageState(first.snapshot(1, 1), second.snapshot(1, 1));
        }
        try (OneInputStreamOperatorTestHarness<DecodedOtlp<MetricPoint>, MetricPoint> restored = harness(1, 0)) {
            restored.initializeState(
                    AbstractStreamOperatorTestHarness.repartitionOperatorState(merged, MAX_PARALLELISM, 2, 1, 0));
            restored.open();
            // The cap of 2 is taken by "a" and "b", from both former subtasks.
            restored.processElement(record(2, "c", "b", "a"), 0);
            List<String> admitted = statuses(restored.extractOutputValues());
            assertEquals(List.of("b", "a"), admitted);
            assertFalse(admitted.contains("c"));
        }
    }

    @Test
    @SuppressWarnings("try") // Flink's closeables declare InterruptedException
    void emittedPointsKeepTheSourceAssignedTimestamp() throws Exception {
        byte[] value = request(gauge(
                        "g",
                        number(T0).setAsInt(1).addAttributes(attr("status", "a")),
                        number(T0 + MINUTE).setAsInt(2).addAttributes(attr("status", "b"))))
                .toByteArray();
        DecodedOtlp<MetricPoint> decoded = DECODER.decode(new OtlpRecord("otlp_metrics", 0, 1, 5L, null, value));
        long t0Millis = 1_700_000_000_000L;
        assertEquals(t0Millis + 60_000L, decoded.eventTimeMillis());

        try (OneInputStreamOperatorTestHarness<DecodedOtlp<MetricPoint>, MetricPoint> harness = harness()) {
            harness.open();
            harness.processElement(decoded, decoded.eventTimeMillis());

            List<Long> timestamps = new ArrayList<>();
            List<Long> pointTimes = new ArrayList<>();
            for (Object o : harness.getOutput()) {
                StreamRecord<?> r = (StreamRecord<?>) o;
                timestamps.add(r.getTimestamp());
                pointTimes.add(((MetricPoint) r.getValue()).timeMillis());
            }
            assertEquals(List.of(t0Millis + 60_000L, t0Millis + 60_000L), timestamps, "the element's, not the point's");
            assertEquals(List.of(t0Millis, t0Millis + 60_000L), pointTimes);
        }
    }
}
