package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static io.driftwatch.connectors.otlp.OtlpTestData.T0;
import static io.driftwatch.connectors.otlp.OtlpTestData.expHistogram;
import static io.driftwatch.connectors.otlp.OtlpTestData.expPoint;
import static io.driftwatch.connectors.otlp.OtlpTestData.number;
import static io.driftwatch.connectors.otlp.OtlpTestData.request;
import static io.driftwatch.connectors.otlp.OtlpTestData.sum;
import static io.driftwatch.connectors.otlp.OtlpTestData.summary;
import static io.driftwatch.connectors.otlp.OtlpTestData.summaryPoint;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Values exactly at the edge of what the metrics decoder accepts. */
class OtlpMetricsDecoderEdgesTest {

    private final OtlpMetricsDecoder decoder = new OtlpMetricsDecoder(OPTIONS);

    private void assertAccepted(Metric metric) {
        DecodeResult<MetricPoint> r = decoder.decode(request(metric));
        assertEquals(List.of(), r.rejections());
        assertEquals(1, r.accepted().size());
    }

    @Test
    void aMonotonicSumOfZero() {
        assertAccepted(
                sum("c", AGGREGATION_TEMPORALITY_CUMULATIVE, true, number(T0).setAsDouble(0)));
    }

    @Test
    void exponentialScalesMinusTenAndTwentyAndEmptyBuckets() {
        assertAccepted(
                expHistogram("e", expPoint(0, 0, 0, new long[0], 0, new long[0]).setScale(-10)));
        assertAccepted(
                expHistogram("e", expPoint(0, 0, 0, new long[0], 0, new long[0]).setScale(20)));
        assertAccepted(expHistogram("e", expPoint(1, 0, 0, new long[] {0, 1}, 0, new long[] {0})));
    }

    @Test
    void bucketsAddingUpToZeroAgainstACountOfOne() {
        DecodeResult<MetricPoint> r =
                decoder.decode(request(expHistogram("e", expPoint(1, 0, 0, new long[0], 0, new long[0]))));
        assertEquals(RejectReason.COUNT_MISMATCH, r.rejections().get(0).reason());
        assertEquals(
                "resource #0 scope #0 exponential_histogram \"e\" point #0: zero_count + positive + negative bucket"
                        + " counts add up to 0 but count is 1",
                r.rejections().get(0).detail());
    }

    @Test
    void summaryRanksZeroAndOne() {
        assertAccepted(summary("s", summaryPoint(1, 1, 0, 1, 1, 2)));
    }
}
