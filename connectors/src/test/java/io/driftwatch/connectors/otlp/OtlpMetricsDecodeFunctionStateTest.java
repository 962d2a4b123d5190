package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static io.driftwatch.connectors.otlp.OtlpTestData.T0;
import static io.driftwatch.connectors.otlp.OtlpTestData.attr;
import static io.driftwatch.connectors.otlp.OtlpTestData.gauge;
import static io.driftwatch.connectors.otlp.OtlpTestData.number;
import static io.driftwatch.connectors.otlp.OtlpTestData.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The cardinality guard's admitted series survive a snapshot and restore of the operator. */
class OtlpMetricsDecodeFunctionStateTest {

    private static OtlpMetricsDecodeFunction function() {
        return OtlpMetricsDecodeFunction.builder()
                .topic("otlp_metrics", OtlpEncoding.OTLP_PROTO)
                .decoderOptions(OPTIONS)
                .cardinalityGuard(CardinalityGuardSettings.builder().maxSeriesPerMetric(2).build())
                .build();
    }

    private static OneInputStreamOperatorTestHarness<OtlpRecord, MetricPoint> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new ProcessOperator<>(function()), OtlpRecordSerializer.INSTANCE);
    }

    private static OtlpRecord record(long offset, String... statuses) {
        NumberDataPoint.Builder[] points = new NumberDataPoint.Builder[statuses.length];
        for (int i = 0; i < statuses.length; i++) {
            points[i] = number(T0).setAsInt(i).addAttributes(attr("status", statuses[i]));
        }
        return new OtlpRecord("otlp_metrics", 0, offset, -1, null, request(gauge("g", points)).toByteArray());
    }

    private static List<String> statuses(List<MetricPoint> points) {
        return points.stream().map(p -> p.labels().get("status")).toList();
    }

    @Test
    @SuppressWarnings("try") // Flink's closeables declare InterruptedException
    void admittedSeriesStayAdmittedAfterRestore() throws Exception {
        OperatorSubtaskState snapshot;
        try (OneInputStreamOperatorTestHarness<OtlpRecord, MetricPoint> first = harness()) {
            first.open();
            first.processElement(record(1, "late", "early"), 0);
            assertEquals(List.of("late", "early"), statuses(first.extractOutputValues()));
            snapshot = first.snapshot(1, 1);
        }

        try (OneInputStreamOperatorTestHarness<OtlpRecord, MetricPoint> restored = harness();
                OneInputStreamOperatorTestHarness<OtlpRecord, MetricPoint> fresh = harness()) {
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
}
