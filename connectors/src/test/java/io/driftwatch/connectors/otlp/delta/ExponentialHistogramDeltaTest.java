package io.driftwatch.connectors.otlp.delta;

import static io.driftwatch.connectors.otlp.delta.CumulativeToDeltaTest.LABELS;
import static io.driftwatch.connectors.otlp.delta.CumulativeToDeltaTest.S;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.Temporality;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExponentialHistogramDeltaTest {

    static MetricPoint exp(
            long start,
            long time,
            int scale,
            double zeroThreshold,
            long zeroCount,
            int posOffset,
            long[] pos,
            int negOffset,
            long[] neg) {
        long count = zeroCount;
        for (long c : pos) {
            count += c;
        }
        for (long c : neg) {
            count += c;
        }
        return MetricPoint.builder("ml.inference.duration", MetricKind.EXPONENTIAL_HISTOGRAM)
                .unit("ms")
                .temporality(Temporality.CUMULATIVE)
                .labels(LABELS)
                .startTimeNanos(start)
                .timeNanos(time)
                .scale(scale)
                .zeroThreshold(zeroThreshold)
                .zeroCount(zeroCount)
                .count(count)
                .sum(count * 1.5)
                .min(-3.0)
                .max(9.0)
                .positive(posOffset, pos)
                .negative(negOffset, neg)
                .build();
    }

    @Test
    void sameScaleWithShiftedOffsets() {
        SeriesDriver d = new SeriesDriver();
        d.feed(exp(S, 10 * S, 3, 0.0, 2, 3, new long[] {1, 2, 3}, -2, new long[] {4}));
        // positive range grew downwards by two buckets; negative range grew upwards by one
        MetricPoint delta = d.delta(exp(S, 20 * S, 3, 0.0, 5, 1, new long[] {4, 0, 1, 3, 5}, -2, new long[] {4, 7}));
        assertEquals(3, delta.scale());
        assertEquals(3, delta.zeroCount());
        assertEquals(1, delta.positiveOffset());
        assertArrayEquals(new long[] {4, 0, 0, 1, 2}, delta.positiveCounts());
        assertEquals(-1, delta.negativeOffset(), "zero buckets at both ends are trimmed");
        assertArrayEquals(new long[] {7}, delta.negativeCounts());
        assertEquals(3 + 7 + 7, delta.count());
        assertEquals(17 * 1.5, delta.sum());
        assertEquals(Temporality.DELTA, delta.temporality());
        assertTrue(Double.isNaN(delta.min()) && Double.isNaN(delta.max()));
    }

    @Test
    void unchangedBucketsGiveAnEmptyDelta() {
        SeriesDriver d = new SeriesDriver();
        d.feed(exp(S, 10 * S, 0, 0.0, 1, 5, new long[] {1, 2}, 0, new long[0]));
        MetricPoint delta = d.delta(exp(S, 20 * S, 0, 0.0, 1, 5, new long[] {1, 2}, 0, new long[0]));
        assertEquals(0, delta.count());
        assertEquals(0, delta.positiveCounts().length);
    }

    @Test
    void aBucketThatDisappearsIsAReset() {
        SeriesDriver d = new SeriesDriver();
        d.feed(exp(S, 10 * S, 2, 0.0, 0, 0, new long[] {1, 1}, 0, new long[0]));
        DeltaResult r = d.feed(exp(S, 20 * S, 2, 0.0, 0, 1, new long[] {5}, 0, new long[0]));
        assertEquals(DeltaOutcome.RESET, r.outcome());
        assertEquals(-3.0, r.delta().orElseThrow().min());
    }

    @Test
    void emptyPreviousBucketsOutsideTheCurrentRangeAreIgnored() {
        SeriesDriver d = new SeriesDriver();
        d.feed(exp(S, 10 * S, 2, 0.0, 0, 0, new long[] {0, 0, 1, 0}, 0, new long[0]));
        MetricPoint delta = d.delta(exp(S, 20 * S, 2, 0.0, 0, 2, new long[] {3}, 0, new long[0]));
        assertEquals(2, delta.positiveOffset());
        assertArrayEquals(new long[] {2}, delta.positiveCounts());
    }

    @Test
    void farApartIndexRangesAreAResetWithoutAllocatingTheGap() {
        SeriesDriver d = new SeriesDriver();
        d.feed(exp(S, 10 * S, 20, 0.0, 0, -2_000_000_000, new long[] {1}, 0, new long[0]));
        DeltaResult r = d.feed(exp(S, 20 * S, 20, 0.0, 0, 2_000_000_000, new long[] {2}, 0, new long[0]));
        assertEquals(DeltaOutcome.RESET, r.outcome());
    }

    @Test
    void aDecreasedZeroCountIsAReset() {
        SeriesDriver d = new SeriesDriver();
        d.feed(exp(0, 10 * S, 2, 0.0, 4, 0, new long[] {1}, 0, new long[0]));
        assertEquals(
                DeltaOutcome.RESET,
                d.feed(exp(0, 20 * S, 2, 0.0, 3, 0, new long[] {9}, 0, new long[0]))
                        .outcome());
    }

    @Test
    void changedZeroThresholdIsAShapeChange() {
        SeriesDriver d = new SeriesDriver();
        d.feed(exp(S, 10 * S, 2, 0.0, 4, 0, new long[] {1}, 0, new long[0]));
        DeltaResult r = d.feed(exp(S, 20 * S, 2, 1e-9, 4, 0, new long[] {2}, 0, new long[0]));
        assertEquals(DeltaOutcome.SHAPE_CHANGED, r.outcome());
        assertTrue(r.delta().isEmpty());
    }

    @Test
    void downscaleByOneMergesPairsOfBuckets() {
        SeriesDriver d = new SeriesDriver();
        d.feed(exp(S, 10 * S, 1, 0.0, 0, -3, new long[] {1, 2, 3, 4}, 0, new long[0]));
        // scale 1 indices -3..0 become -2,-1,-1,0 at scale 0: {-2:1, -1:5, 0:4}
        MetricPoint delta = d.delta(exp(S, 20 * S, 0, 0.0, 0, -2, new long[] {1, 6, 4, 2}, 0, new long[0]));
        assertEquals(0, delta.scale());
        assertEquals(-1, delta.positiveOffset());
        assertArrayEquals(new long[] {1, 0, 2}, delta.positiveCounts());
    }

    /**
     * Records random values into two cumulative histograms built independently from the values at two
     * scales (the earlier one from the first batch, the later one from both batches), converts, and
     * compares with a histogram of the second batch alone built at the coarser scale.
     */
    @ParameterizedTest(name = "previous scale {0}, current scale {1}")
    @CsvSource({"3, 1", "1, 3", "4, 4", "0, -2", "10, 6", "-1, 2"})
    void scaleChangeMatchesAnIndependentHistogramOfTheNewValues(int previousScale, int currentScale) {
        Random rnd = new Random(7L * previousScale + currentScale);
        int finest = Math.max(previousScale, currentScale);
        List<Double> first = values(rnd, 400, finest);
        List<Double> second = values(rnd, 250, finest);
        List<Double> both = new ArrayList<>(first);
        both.addAll(second);

        SeriesDriver d = new SeriesDriver();
        assertEquals(
                DeltaOutcome.FIRST_POINT,
                d.feed(histogramOf(first, previousScale, 10 * S)).outcome());
        MetricPoint delta = d.delta(histogramOf(both, currentScale, 20 * S));

        int coarser = Math.min(previousScale, currentScale);
        MetricPoint expected = histogramOf(second, coarser, 20 * S);
        assertEquals(coarser, delta.scale());
        assertEquals(second.size(), delta.count());
        assertEquals(expected.zeroCount(), delta.zeroCount());
        assertEquals(expected.positiveOffset(), delta.positiveOffset());
        assertArrayEquals(expected.positiveCounts(), delta.positiveCounts());
        assertEquals(expected.negativeOffset(), delta.negativeOffset());
        assertArrayEquals(expected.negativeCounts(), delta.negativeCounts());
    }

    /** Positive, negative and zero values, none closer than 1e-6 (in index units) to a bucket boundary. */
    private static List<Double> values(Random rnd, int n, int finestScale) {
        List<Double> out = new ArrayList<>();
        while (out.size() < n) {
            if (rnd.nextInt(20) == 0) {
                out.add(0.0);
                continue;
            }
            double v = Math.exp(rnd.nextGaussian() * 3);
            double position = log2(v) * Math.pow(2, finestScale);
            if (Math.abs(position - Math.rint(position)) < 1e-6) {
                continue;
            }
            out.add(rnd.nextInt(3) == 0 ? -v : v);
        }
        return out;
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    /** Bucket index at {@code scale}: the {@code i} with {@code base^i < |v| <= base^(i+1)}. */
    private static int index(double v, int scale) {
        return (int) Math.ceil(log2(Math.abs(v)) * Math.pow(2, scale)) - 1;
    }

    private static MetricPoint histogramOf(List<Double> values, int scale, long time) {
        TreeMap<Integer, Long> pos = new TreeMap<>();
        TreeMap<Integer, Long> neg = new TreeMap<>();
        long zero = 0;
        for (double v : values) {
            if (v == 0) {
                zero++;
            } else {
                (v > 0 ? pos : neg).merge(index(v, scale), 1L, Long::sum);
            }
        }
        return exp(
                S,
                time,
                scale,
                0.0,
                zero,
                pos.isEmpty() ? 0 : pos.firstKey(),
                dense(pos),
                neg.isEmpty() ? 0 : neg.firstKey(),
                dense(neg));
    }

    private static long[] dense(TreeMap<Integer, Long> sparse) {
        if (sparse.isEmpty()) {
            return new long[0];
        }
        long[] out = new long[sparse.lastKey() - sparse.firstKey() + 1];
        sparse.forEach((k, c) -> out[k - sparse.firstKey()] = c);
        return out;
    }
}
