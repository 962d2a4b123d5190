package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.CLOCK;
import static io.driftwatch.connectors.otlp.OtlpTestData.T0;
import static io.driftwatch.connectors.otlp.OtlpTestData.gauge;
import static io.driftwatch.connectors.otlp.OtlpTestData.histogram;
import static io.driftwatch.connectors.otlp.OtlpTestData.histogramPoint;
import static io.driftwatch.connectors.otlp.OtlpTestData.number;
import static io.driftwatch.connectors.otlp.OtlpTestData.request;
import static io.driftwatch.connectors.otlp.OtlpTestData.summary;
import static io.driftwatch.connectors.otlp.OtlpTestData.summaryPoint;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding with {@link DecoderOptions#consumedMetrics()}: only consumed metrics are built, all are validated. */
class OtlpMetricsDecoderProjectionTest {

    private static final OtlpMetricsDecoder DECODER = new OtlpMetricsDecoder(DecoderOptions.builder()
            .clock(CLOCK)
            .consumedMetrics(List.of("wanted"))
            .build());

    @Test
    void buildsOnlyConsumedMetricsAndCountsTheRest() {
        DecodeResult<MetricPoint> r = DECODER.decode(request(
                gauge("wanted", number(T0).setAsInt(1), number(T0).setAsInt(2)),
                gauge("other", number(T0).setAsInt(3)),
                histogram("other.histogram", histogramPoint(2, new double[] {1}, 1, 1)),
                summary("other.summary", summaryPoint(1, 1.0, 0.5, 1.0).setTimeUnixNano(T0))));
        assertEquals(
                List.of(1.0, 2.0), r.accepted().stream().map(MetricPoint::value).toList());
        assertEquals(3, r.notConsumed());
        assertEquals(List.of(), r.rejections());
    }

    @Test
    void pointsNobodyConsumesStillMoveEventTimeOn() {
        OtlpRecord raw = new OtlpRecord(
                "t",
                0,
                0,
                -1,
                null,
                request(
                                gauge("wanted", number(T0).setAsInt(1)),
                                gauge("other", number(T0 + 5_000_000_000L).setAsInt(3)))
                        .toByteArray());
        DecodedOtlp<MetricPoint> d = OtlpRecordDecoder.builder()
                .topic("t", OtlpEncoding.OTLP_PROTO)
                .decoderOptions(DecoderOptions.builder()
                        .clock(CLOCK)
                        .consumedMetrics(List.of("wanted"))
                        .build())
                .build()
                .decode(raw);
        assertEquals(1, d.result().accepted().size());
        assertEquals(T0 / 1_000_000L + 5_000, d.eventTimeMillis());

        OtlpRecord onlyOther = new OtlpRecord(
                "t",
                0,
                1,
                -1,
                null,
                request(gauge("other", number(T0).setAsInt(3))).toByteArray());
        assertEquals(
                T0 / 1_000_000L,
                OtlpRecordDecoder.builder()
                        .topic("t", OtlpEncoding.OTLP_PROTO)
                        .decoderOptions(DecoderOptions.builder()
                                .clock(CLOCK)
                                .consumedMetrics(List.of("wanted"))
                                .build())
                        .build()
                        .decode(onlyOther)
                        .eventTimeMillis(),
                "a tick of another metric advances event time");
    }

    @Test
    void stillRejectsBadPointsOfMetricsNobodyConsumes() {
        DecodeResult<MetricPoint> r = DECODER.decode(request(
                histogram("other.histogram", histogramPoint(3, new double[] {1}, 1, 1, 1)),
                gauge("wanted", number(T0).setAsInt(1))));
        assertEquals(1, r.accepted().size());
        assertEquals(0, r.notConsumed());
        assertEquals(
                List.of(RejectReason.BUCKET_COUNT_MISMATCH),
                r.rejections().stream().map(Rejection::reason).toList());
    }

    @Test
    void withoutAListEveryMetricIsConsumed() {
        DecodeResult<MetricPoint> r = new OtlpMetricsDecoder(
                        DecoderOptions.builder().clock(CLOCK).build())
                .decode(request(
                        gauge("a", number(T0).setAsInt(1)),
                        gauge("b", number(T0).setAsInt(2))));
        assertEquals(2, r.accepted().size());
        assertEquals(0, r.notConsumed());
    }
}
