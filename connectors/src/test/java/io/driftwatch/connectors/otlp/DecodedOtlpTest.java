package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.MINUTE;
import static io.driftwatch.connectors.otlp.OtlpTestData.NOW;
import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static io.driftwatch.connectors.otlp.OtlpTestData.T0;
import static io.driftwatch.connectors.otlp.OtlpTestData.gauge;
import static io.driftwatch.connectors.otlp.OtlpTestData.number;
import static io.driftwatch.connectors.otlp.OtlpTestData.request;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.Metric;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link DecodedOtlp#eventTimeMillis()} of metrics: what the Kafka source's watermarks are made of. */
class DecodedOtlpTest {

    /** T0 in epoch milliseconds, written out independently of the nanosecond constant. */
    private static final long T0_MILLIS = 1_700_000_000_000L;

    private static final OtlpRecordDecoder DECODER = OtlpRecordDecoder.builder()
            .topic("otlp_metrics", OtlpEncoding.OTLP_PROTO)
            .decoderOptions(OPTIONS)
            .build();

    private static DecodedOtlp<MetricPoint> decode(Metric... metrics) {
        return DECODER.decode(
                new OtlpRecord("otlp_metrics", 0, 0, 42L, null, request(metrics).toByteArray()));
    }

    @Test
    void isTheLatestAcceptedPointTimeInWholeMillisecondsWhateverThePointOrder() {
        DecodedOtlp<MetricPoint> d = decode(
                gauge(
                        "a",
                        number(T0 + MINUTE).setAsInt(1),
                        number(T0 + 2 * MINUTE + 999_999).setAsInt(2)),
                gauge("b", number(T0).setAsInt(3)));

        assertEquals(3, d.result().accepted().size());
        assertEquals(T0_MILLIS + 120_000L, d.eventTimeMillis(), "max over metrics, sub-millisecond part cut off");
    }

    @Test
    void ignoresRejectedPointsEvenWhenTheyAreLater() {
        long twoHoursAfterNowNanos = (NOW.toEpochMilli() + 2 * 3_600_000L) * 1_000_000L;
        DecodedOtlp<MetricPoint> d = decode(
                gauge("g", number(T0).setAsInt(1), number(twoHoursAfterNowNanos).setAsInt(2)));

        assertEquals(
                List.of(RejectReason.ABSURD_TIMESTAMP),
                d.result().rejections().stream().map(Rejection::reason).toList());
        assertEquals(T0_MILLIS, d.eventTimeMillis());
    }

    @Test
    void isMinValueWhenNoPointWasAccepted() {
        DecodedOtlp<MetricPoint> allRejected = decode(gauge("g", number(0).setAsInt(1), number(T0)));
        DecodedOtlp<MetricPoint> onlySkipped =
                decode(gauge("g", number(T0).setFlags(DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE)));
        DecodedOtlp<MetricPoint> undecodable =
                DECODER.decode(new OtlpRecord("otlp_metrics", 0, 1, 42L, null, new byte[] {0x0a, 0x7f, 0x01}));
        DecodedOtlp<MetricPoint> noMetrics = decode();

        assertEquals(2, allRejected.result().rejections().size(), allRejected::toString);
        assertEquals(1, onlySkipped.result().skippedNoRecordedValue());
        for (DecodedOtlp<MetricPoint> d : List.of(allRejected, onlySkipped, undecodable, noMetrics)) {
            assertEquals(List.of(), d.result().accepted());
            assertEquals(Long.MIN_VALUE, d.eventTimeMillis(), d::toString);
        }
    }

    @Test
    void roundsPointTimesBeforeTheEpochDownward() {
        OtlpRecord raw = new OtlpRecord("t", 0, 0, -1, null, null);
        MetricPoint early =
                MetricPoint.builder("g", MetricKind.GAUGE).timeNanos(-1).build();
        MetricPoint earlier =
                MetricPoint.builder("g", MetricKind.GAUGE).timeNanos(-2_500_000).build();

        DecodedOtlp<MetricPoint> d = new DecodedOtlp<>(raw, new DecodeResult<>(List.of(earlier, early), List.of(), 0));

        assertEquals(-1L, d.eventTimeMillis(), "floor(-1 ns / 1e6) = -1 ms, as MetricPoint#timeMillis");
    }
}
