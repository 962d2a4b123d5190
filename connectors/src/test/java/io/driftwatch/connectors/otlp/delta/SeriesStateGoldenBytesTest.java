package io.driftwatch.connectors.otlp.delta;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.Temporality;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the serialised form of {@link SeriesState} (the cumulative-to-delta keyed state of every job): a
 * change of these bytes breaks restoring savepoints taken by earlier versions. The hex was captured from
 * the code before the shared state codec replaced this package's own.
 */
class SeriesStateGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final long T0 = 1_763_900_000_000_000_000L;

    @Test
    void monotonicSum() {
        assertGolden(
                "0131187aa1b4574fc000187aa1c24f97180040fe240c00000000",
                MetricPoint.builder("tokens", MetricKind.SUM)
                        .temporality(Temporality.CUMULATIVE)
                        .monotonic(true)
                        .startTimeNanos(T0)
                        .timeNanos(T0 + 60_000_000_000L)
                        .value(123_456.75)
                        .build());
    }

    @Test
    void histogram() {
        assertGolden(
                "0112187aa1b4574fc000187aa1b4574fc00180818001c00c000000000000033fd00000000000003fe000000000000000800180808001",
                MetricPoint.builder("confidence", MetricKind.HISTOGRAM)
                        .temporality(Temporality.CUMULATIVE)
                        .startTimeNanos(T0)
                        .timeNanos(T0 + 1)
                        .count(2_097_280)
                        .sum(-3.5)
                        .explicitBounds(new double[] {0.25, 0.5})
                        .bucketCounts(new long[] {0, 128, 2_097_152})
                        .build());
    }

    @Test
    void exponentialHistogramWithNegativeScaleAndOffsets() {
        assertGolden(
                "0113ffffffffffffffff187aa1b4574fc00005ac023ffc000000000000073e112e0be826d695030301c801008001015c",
                MetricPoint.builder("latency", MetricKind.EXPONENTIAL_HISTOGRAM)
                        .temporality(Temporality.CUMULATIVE)
                        .startTimeNanos(-1)
                        .timeNanos(T0)
                        .count(300)
                        .sum(1.75)
                        .scale(-3)
                        .zeroCount(7)
                        .zeroThreshold(1e-9)
                        .positive(-2, new long[] {1, 200, 0})
                        .negative(64, new long[] {92})
                        .build());
    }

    @Test
    void summary() {
        assertGolden(
                "0114187aa1b4574fc000187aa1b4574fc005ffffffffffffffff7f4045000000000000",
                MetricPoint.builder("rpc", MetricKind.SUMMARY)
                        .temporality(Temporality.CUMULATIVE)
                        .startTimeNanos(T0)
                        .timeNanos(T0 + 5)
                        .count(Long.MAX_VALUE)
                        .sum(42)
                        .quantiles(new double[] {0.5}, new double[] {12.0})
                        .build());
    }

    private static void assertGolden(String expectedHex, MetricPoint point) {
        SeriesState state = SeriesState.of(point);
        assertEquals(expectedHex, HEX.formatHex(state.toBytes()));
        assertEquals(state, SeriesState.fromBytes(HEX.parseHex(expectedHex)));
    }
}
