package io.driftwatch.connectors.otlp.delta;

import static io.driftwatch.connectors.otlp.delta.CumulativeToDeltaTest.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.MetricPoint;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeriesStateTest {

    private static final long T0 = 1_763_900_000L * S;

    static MetricPoint counterPoint() {
        return CumulativeToDeltaTest.counter(T0, T0 + 60 * S, 123_456.75);
    }

    /** 20 buckets (19 bounds) with realistic cumulative counts of a day at ~10 inferences per second. */
    static MetricPoint histogram20() {
        double[] bounds = new double[19];
        long[] counts = new long[20];
        Random rnd = new Random(1);
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = (i + 1) * 0.05;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 10_000 + rnd.nextInt(80_000);
        }
        return CumulativeToDeltaTest.histogram(T0, T0 + 86_400 * S, bounds, counts, 500_000.125);
    }

    /** 160 positive buckets at scale 5 with counts below 2^21 (3-byte varints). */
    static MetricPoint exponential160() {
        long[] pos = new long[160];
        Random rnd = new Random(2);
        for (int i = 0; i < pos.length; i++) {
            pos[i] = 16_384 + rnd.nextInt(2_000_000);
        }
        return ExponentialHistogramDeltaTest.exp(T0, T0 + 86_400 * S, 5, 1e-9, 12, -40, pos, 0, new long[0]);
    }

    static MetricPoint summaryPoint() {
        return CumulativeToDeltaTest.summary(T0, T0 + 60 * S, 1_000_000, 2.5e7);
    }

    @Test
    void roundTripsEveryConvertedKind() {
        for (MetricPoint p : new MetricPoint[] {
            counterPoint(),
            CumulativeToDeltaTest.upDown(0, 5 * S, -2.5),
            histogram20(),
            exponential160(),
            summaryPoint(),
            ExponentialHistogramDeltaTest.exp(0, S, -3, 0.0, 0, -7, new long[] {1, 0, 3}, -2, new long[] {5}),
            CumulativeToDeltaTest.histogram(0, S, new double[0], new long[0], Double.NaN)
        }) {
            SeriesState s = SeriesState.of(p);
            SeriesState back = SeriesState.fromBytes(s.toBytes());
            assertEquals(s, back, p::toString);
            assertEquals(p.kind(), back.kind());
            assertEquals(p.temporality(), back.temporality());
            assertEquals(p.timeNanos(), back.timeNanos());
            assertEquals(p.startTimeNanos(), back.startTimeNanos());
        }
    }

    @Test
    void aRoundTrippedStateConvertsTheNextPointLikeTheOriginal() {
        MetricPoint first = exponential160();
        long[] grown = first.positiveCounts().clone();
        grown[17] += 3;
        MetricPoint next = first.toBuilder()
                .timeNanos(first.timeNanos() + S)
                .positive(first.positiveOffset(), grown)
                .count(first.count() + 3)
                .build();
        SeriesState s = SeriesState.of(first);
        assertEquals(
                CumulativeToDelta.convert(next, s).delta(),
                CumulativeToDelta.convert(next, SeriesState.fromBytes(s.toBytes()))
                        .delta());
    }

    @Test
    void sizesStayWellUnderOneKilobyte() {
        int counter = SeriesState.of(counterPoint()).toBytes().length;
        int summary = SeriesState.of(summaryPoint()).toBytes().length;
        int hist = SeriesState.of(histogram20()).toBytes().length;
        int exp = SeriesState.of(exponential160()).toBytes().length;
        System.out.printf(
                "SeriesState bytes: counter=%d summary=%d histogram(20 buckets)=%d " + "exponential(160 buckets)=%d%n",
                counter, summary, hist, exp);
        assertEquals(26, counter);
        assertEquals(1 + 1 + 16 + 3 + 8, summary);
        MetricPoint h = histogram20();
        int expectedHist = 18 + varintLength(h.count()) + 8 + 1 + 19 * 8;
        for (long c : h.bucketCounts()) {
            expectedHist += varintLength(c);
        }
        assertEquals(expectedHist, hist);
        assertTrue(hist < 300, "histogram state " + hist);
        assertTrue(exp < 600, "exponential histogram state " + exp);
    }

    private static int varintLength(long v) {
        return Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
    }

    @Test
    void nullOrEmptyBytesAreRejectedClearly() {
        assertEquals(
                "SeriesState bytes are null",
                assertThrows(IllegalArgumentException.class, () -> SeriesState.fromBytes(null))
                        .getMessage());
        assertMessage(new byte[0], "truncated while reading format version");
    }

    @Test
    void otherFormatVersionsAreRejectedClearly() {
        byte[] bytes = SeriesState.of(counterPoint()).toBytes();
        bytes[0] = 0;
        assertMessage(bytes, "SeriesState format version 0 is not supported (this build reads version 1)");
        bytes[0] = 2;
        assertMessage(bytes, "format version 2 is not supported");
    }

    @Test
    void truncatedOrTrailingBytesAreRejected() {
        byte[] bytes = SeriesState.of(histogram20()).toBytes();
        for (int len = 1; len < bytes.length; len++) {
            byte[] cut = Arrays.copyOf(bytes, len);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesState.fromBytes(cut));
            assertTrue(e.getMessage().startsWith("corrupt SeriesState (" + len + " bytes): "), e::getMessage);
        }
        assertMessage(Arrays.copyOf(bytes, bytes.length + 2), "2 unexpected trailing bytes");
    }

    @Test
    void invalidKindCodeAndGaugeStateAreRejected() {
        byte[] bytes = SeriesState.of(counterPoint()).toBytes();
        bytes[1] = (byte) 0x07;
        assertMessage(bytes, "invalid kind code 0x7 at byte 2");
        bytes[1] = 0; // GAUGE: never stored
        assertMessage(bytes, "no state is kept for kind GAUGE");
    }

    @Test
    void randomGarbageNeverThrowsAnythingButIllegalArgument() {
        Random rnd = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[1 + rnd.nextInt(64)];
            rnd.nextBytes(garbage);
            garbage[0] = rnd.nextBoolean() ? 1 : garbage[0];
            try {
                SeriesState.fromBytes(garbage);
            } catch (IllegalArgumentException expected) {
                assertTrue(expected.getMessage().contains("SeriesState"), expected::getMessage);
            }
        }
    }

    @Test
    void hugeDeclaredLengthDoesNotAllocate() {
        byte[] bytes = SeriesState.of(histogram20()).toBytes();
        byte[] bad = Arrays.copyOf(bytes, 30);
        // bucket-count length varint sits after 18 header + 3 count + 8 sum bytes
        bad[29] = (byte) 0x7F;
        assertMessage(bad, "bucket count 127 exceeds the remaining 0 bytes");
    }

    private static void assertMessage(byte[] bytes, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SeriesState.fromBytes(bytes));
        assertTrue(e.getMessage().contains(expected), () -> e.getMessage() + " should contain " + expected);
    }
}
