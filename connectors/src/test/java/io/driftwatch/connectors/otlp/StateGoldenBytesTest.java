package io.driftwatch.connectors.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.deadletter.DeadLetter;
import io.driftwatch.connectors.deadletter.DeadLetterSerializer;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes the connectors keep in Flink state (the cardinality guard's operator state, and what
 * the Flink serializers write into state and savepoints): a change breaks restoring savepoints taken by
 * earlier versions. The hex was captured from the code before the shared state codec replaced the
 * connectors' own varints and the guard's DataOutputStream.
 */
class StateGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void cardinalityGuardSnapshot() {
        CardinalityGuard guard = new CardinalityGuard(CardinalityGuardSettings.defaults());
        guard.admit("ml.inference.confidence", Labels.of("model_name", "m1"));
        guard.admit("ml.inference.confidence", Labels.of("model_name", "m2"));
        guard.admit("tökens", Labels.of());
        String golden =
                "0000000100000002000000176d6c2e696e666572656e63652e636f6e666964656e6365000000026bfb8c70254e501724953de1e785e0940000000774c3b66b656e73000000017acdbb98b1344213";
        assertEquals(golden, HEX.formatHex(guard.admittedSnapshot()));

        CardinalityGuard restored = new CardinalityGuard(CardinalityGuardSettings.defaults());
        restored.readmit(HEX.parseHex(golden));
        assertEquals(2, restored.seriesCount("ml.inference.confidence"));
        assertEquals(1, restored.seriesCount("tökens"));
        assertTrue(restored.admit("ml.inference.confidence", Labels.of("model_name", "m2")));
        assertEquals(2, restored.seriesCount("ml.inference.confidence"), "m2 was readmitted, not admitted anew");
    }

    @Test
    void emptyCardinalityGuardSnapshot() {
        assertEquals(
                "0000000100000000",
                HEX.formatHex(new CardinalityGuard(CardinalityGuardSettings.defaults()).admittedSnapshot()));
    }

    @Test
    void metricPoints() throws IOException {
        assertGolden(
                "0004026701026b027600000000000000013fe0000000000000",
                MetricPointSerializer.INSTANCE,
                MetricPoint.builder("g", MetricKind.GAUGE)
                        .labels(Labels.of("k", "v"))
                        .timeNanos(1)
                        .value(0.5)
                        .build());
        assertGolden(
                "0b986c026500000000000000000aac023ffc0000000000000501030201c801ffffffff0f01ffffffffffffffffff01",
                MetricPointSerializer.INSTANCE,
                MetricPoint.builder("e", MetricKind.EXPONENTIAL_HISTOGRAM)
                        .temporality(Temporality.DELTA)
                        .timeNanos(10)
                        .count(300)
                        .sum(1.75)
                        .scale(-3)
                        .zeroCount(1)
                        .positive(-2, new long[] {1, 200})
                        .negative(Integer.MIN_VALUE, new long[] {-1})
                        .build());
        assertGolden(
                "12fb03026800000000000000000a036d7300000000000000050340120000000000003ff00000000000004000000000000000013ff0000000000000020102",
                MetricPointSerializer.INSTANCE,
                MetricPoint.builder("h", MetricKind.HISTOGRAM)
                        .unit("ms")
                        .temporality(Temporality.CUMULATIVE)
                        .startTimeNanos(5)
                        .timeNanos(10)
                        .count(3)
                        .sum(4.5)
                        .min(1)
                        .max(2)
                        .explicitBounds(new double[] {1})
                        .bucketCounts(new long[] {1, 2})
                        .build());
        assertGolden(
                "04988001027300000000000000000a0a4045000000000000013fe00000000000004008000000000000",
                MetricPointSerializer.INSTANCE,
                MetricPoint.builder("s", MetricKind.SUMMARY)
                        .timeNanos(10)
                        .count(10)
                        .sum(42)
                        .quantiles(new double[] {0.5}, new double[] {3})
                        .build());
    }

    @Test
    void records() throws IOException {
        OtlpRecord negative = new OtlpRecord("t", -1, -5, Long.MIN_VALUE, null, new byte[0]);
        assertGolden("0274ffffffff0ffbffffffffffffffff0180000000000000000001", OtlpRecordSerializer.INSTANCE, negative);
        OtlpRecord record =
                new OtlpRecord("otlp_metrics", 200, 300, 1_700_000_000_000L, new byte[] {1}, new byte[] {2, 3});
        assertGolden(
                "0d6f746c705f6d657472696373c801ac020000018bcfe568000201030203", OtlpRecordSerializer.INSTANCE, record);
        MetricPoint gauge =
                MetricPoint.builder("g", MetricKind.GAUGE).timeNanos(1).value(3).build();
        assertGolden(
                "0d6f746c705f6d657472696373c801ac020000018bcfe56800020103020301000402670000000000000000014008000000000000010d6d697373696e675f6e616d650278e8070582010000000000000007",
                DecodedOtlpSerializer.METRICS,
                new DecodedOtlp<>(
                        record,
                        new DecodeResult<>(
                                List.of(gauge),
                                List.of(new Rejection(RejectReason.MISSING_NAME, "x", 1_000)),
                                5,
                                130,
                                7L)));
    }

    @Test
    void deadLetters() throws IOException {
        assertGolden(
                "0d6f746c705f6d65747269637305959aef3a0000018bcfe5680000020a010c756e6465636f6461626c6511756e6465636f6461626c653a20626164",
                DeadLetterSerializer.INSTANCE,
                DeadLetter.of(
                        new OtlpRecord("otlp_metrics", 5, 123_456_789L, 1_700_000_000_000L, null, new byte[] {0x0a}),
                        List.of(new Rejection(RejectReason.UNDECODABLE, "bad", 0))));
    }

    private static <T> void assertGolden(String expectedHex, TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        assertEquals(expectedHex, HEX.formatHex(out.getCopyOfBuffer()));
        assertEquals(value, serializer.deserialize(new DataInputDeserializer(HEX.parseHex(expectedHex))));
    }
}
