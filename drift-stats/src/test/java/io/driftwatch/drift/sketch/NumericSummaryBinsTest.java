package io.driftwatch.drift.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import io.driftwatch.codec.ByteWriter;
import java.util.function.Consumer;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * NumericSummary's bins at their edges, checked against the library's own mapping (an independent
 * computation of which bin a value falls in): the zero cell's limit, the rounding of the smallest
 * magnitudes, the window of {@link NumericSummary#MAX_BINS} bins and its collapse with {@link
 * NumericSummary#rankError()}, merges across accuracies, and every reason fromBytes gives.
 */
class NumericSummaryBinsTest {

    private static final IndexMapping MAPPING =
            new CubicallyInterpolatedMapping(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
    private static final int MAX = NumericSummary.MAX_BINS;

    /** The largest value of positive bin {@code index}: the rounded value of every value in that bin. */
    private static double top(int index) {
        double v = SortedBins.top(MAPPING, index);
        assertEquals(index, MAPPING.index(v));
        assertTrue(MAPPING.index(Math.nextUp(v)) > index, "top of bin " + index);
        return v;
    }

    @Test
    void theZeroCellEndsAtTheSmallestIndexableMagnitude() {
        double limit = MAPPING.minIndexableValue();
        NumericSummary s = NumericSummary.create();
        s.update(limit);
        s.update(-limit, 2);
        assertArrayEquals(new double[] {0.0}, s.retainedValues());
        assertArrayEquals(new long[] {3}, s.retainedWeights());
        assertEquals(-limit, s.min());
        assertEquals(limit, s.max());

        double smallest = Math.nextUp(limit);
        NumericSummary above = NumericSummary.of(smallest, -smallest);
        double[] values = above.retainedValues();
        assertEquals(2, values.length, "one negative and one positive bin, no zero cell");
        // the lowest bin's bottom is the smallest magnitude above the zero cell, so -smallest rounds to itself
        assertEquals(-smallest, values[0]);
        assertEquals(SortedBins.top(MAPPING, MAPPING.index(smallest)), values[1]);
        assertEquals(0.5, above.cdf(0.0));
        assertEquals(0.5, above.cdf(-smallest));
        assertEquals(0.0, above.cdf(Math.nextDown(-smallest)));
    }

    @Test
    void magnitudesAboveTheLargestIndexableCountInItsBin() {
        double limit = MAPPING.maxIndexableValue();
        NumericSummary s = NumericSummary.of(Double.MAX_VALUE, limit, -Double.MAX_VALUE, -limit);
        double[] values = s.retainedValues();
        assertEquals(2, values.length);
        assertArrayEquals(new long[] {2, 2}, s.retainedWeights());
        assertEquals(SortedBins.top(MAPPING, MAPPING.index(limit)), values[1]);
        assertEquals(-Double.MAX_VALUE, s.min());
        assertEquals(Double.MAX_VALUE, s.max());
    }

    @Test
    void negativeValuesRoundUpToTheBottomMagnitudeOfTheirBin() {
        for (int index : new int[] {-5000, -1, 0, 1, 700, 5000}) {
            double top = top(index);
            double bottom = Math.nextUp(top(index - 1));
            assertEquals(index, MAPPING.index(bottom));
            NumericSummary s = NumericSummary.of(-top, -bottom, -(top + bottom) / 2);
            assertArrayEquals(new double[] {-bottom}, s.retainedValues(), "bin " + index);
            assertArrayEquals(new long[] {3}, s.retainedWeights());
            assertEquals(1.0, s.cdf(-bottom));
            assertEquals(0.0, s.cdf(Math.nextDown(-bottom)));
        }
    }

    @Test
    void aWindowOfExactlyMaxBinsHoldsEveryValueButReportsItsLowestBinAsRankError() {
        int low = -3000;
        NumericSummary justBelow = NumericSummary.create();
        justBelow.update(top(low), 3);
        justBelow.update(top(low + MAX - 2), 5);
        assertEquals(0.0, justBelow.rankError(), "span of MAX_BINS - 1 bins cannot have collapsed");

        NumericSummary full = NumericSummary.create();
        full.update(top(low), 3);
        full.update(top(low + MAX - 1), 5);
        assertArrayEquals(new double[] {top(low), top(low + MAX - 1)}, full.retainedValues());
        assertEquals(3.0 / 8, full.rankError());

        NumericSummary negative = NumericSummary.create();
        negative.update(-top(low), 2);
        negative.update(-top(low + MAX - 1), 7);
        assertEquals(2.0 / 9, negative.rankError());
        negative.merge(full);
        assertEquals((3.0 + 2.0) / 17, negative.rankError(), "both signs' lowest bins");
        assertEquals(0.0, NumericSummary.create().rankError());
        assertEquals(0.0, NumericSummary.of(-1.0).rankError());
    }

    @Test
    void binsBeyondTheWindowCollapseIntoItsLowestBin() {
        int low = 100;
        NumericSummary s = NumericSummary.create();
        s.update(top(low), 3);
        s.update(top(low + 1), 2);
        s.update(top(low + MAX - 1), 5);
        s.update(top(low + MAX), 1); // the window now starts at low + 1
        assertArrayEquals(new double[] {top(low + 1), top(low + MAX - 1), top(low + MAX)}, s.retainedValues());
        assertArrayEquals(new long[] {5, 5, 1}, s.retainedWeights());
        assertEquals(5.0 / 11, s.rankError());
        assertEquals(top(low), s.min(), "the exact minimum survives the collapse");
        NumericSummary back = NumericSummary.fromBytes(s.toBytes());
        assertEquals(s, back);
        assertEquals(5.0 / 11, back.rankError());
    }

    @Test
    void mergeOfTheSameAccuracyIsTheSummaryOfAllValues() {
        NumericSummary empty = NumericSummary.create();
        empty.merge(NumericSummary.of(2.0, -1.5));
        assertEquals(NumericSummary.of(2.0, -1.5), empty);
        assertEquals(-1.5, empty.min());
        assertEquals(2.0, empty.max());

        NumericSummary s = NumericSummary.of(0.5, 7.0);
        s.merge(NumericSummary.create());
        assertEquals(NumericSummary.of(0.5, 7.0), s);
        s.merge(NumericSummary.of(-3.0, 4.0, 0.0));
        assertEquals(NumericSummary.of(0.5, 7.0, -3.0, 4.0, 0.0), s);
        assertEquals(-3.0, s.min());
        assertEquals(7.0, s.max());
        assertEquals(0.4, s.cdf(0.5), 1e-15);

        NumericSummary stillEmpty = NumericSummary.create();
        stillEmpty.merge(NumericSummary.create());
        assertTrue(stillEmpty.isEmpty());
    }

    @Test
    void mergeOfAnotherAccuracyAddsItsRoundedValuesRoundedAgain() {
        NumericSummary coarse = NumericSummary.create(0.01);
        coarse.update(3.0, 2);
        coarse.update(-1.0);
        coarse.update(0.0, 4);
        double[] coarseValues = coarse.retainedValues();
        long[] coarseWeights = coarse.retainedWeights();
        assertTrue(coarseValues[2] > 3.0, "3 is rounded up at the coarse accuracy");

        NumericSummary expected = NumericSummary.create();
        for (int i = 0; i < coarseValues.length; i++) {
            expected.update(coarseValues[i], coarseWeights[i]);
        }
        NumericSummary intoEmpty = NumericSummary.create();
        intoEmpty.merge(coarse);
        assertArrayEquals(expected.retainedValues(), intoEmpty.retainedValues());
        assertArrayEquals(expected.retainedWeights(), intoEmpty.retainedWeights());
        assertEquals(7, intoEmpty.count());
        assertEquals(-1.0, intoEmpty.min(), "the exact extremes are kept, not the rounded ones");
        assertEquals(3.0, intoEmpty.max());
        assertEquals(NumericSummary.DEFAULT_RELATIVE_ACCURACY, intoEmpty.relativeAccuracy());

        NumericSummary wide = NumericSummary.of(-8.0, 9.0);
        wide.merge(coarse);
        assertEquals(9, wide.count());
        assertEquals(-8.0, wide.min());
        assertEquals(9.0, wide.max());
        assertEquals(6.0 / 9, wide.cdf(0.0), 1e-15);
    }

    @Test
    void theSmallestAndLargestAccuracyRoundTrip() {
        for (double alpha : new double[] {NumericSummary.MIN_RELATIVE_ACCURACY, NumericSummary.MAX_RELATIVE_ACCURACY}) {
            NumericSummary s = NumericSummary.create(alpha);
            s.update(-2.5, 3);
            s.update(1e6);
            NumericSummary back = NumericSummary.fromBytes(s.toBytes());
            assertEquals(alpha, back.relativeAccuracy());
            assertEquals(s, back);
            assertEquals(s.hashCode(), back.hashCode());
        }
        assertMessage("got 9.0E-5", () -> NumericSummary.create(0.00009));
        assertMessage("got 0.051", () -> NumericSummary.create(0.051));
    }

    /** Bytes of a summary in the documented form, with the given fields. */
    private static byte[] bytes(
            double alpha, long maxBins, long count, double min, double max, Consumer<ByteWriter> rest) {
        ByteWriter w = new ByteWriter(64);
        w.writeByte(1);
        w.writeDouble(alpha);
        w.writeVarLong(maxBins);
        w.writeVarLong(count);
        if (count > 0) {
            w.writeDouble(min);
            w.writeDouble(max);
        }
        rest.accept(w);
        return w.toByteArray();
    }

    /** Zero weight 0, the given positive bins (first index, weight, then gap, weight …), no negative bins. */
    private static Consumer<ByteWriter> positiveBins(int first, long... weightsAndGaps) {
        return w -> {
            w.writeVarLong(0);
            w.writeVarLong((weightsAndGaps.length + 1) / 2);
            w.writeZigZagInt(first);
            for (long v : weightsAndGaps) {
                w.writeVarLong(v);
            }
            w.writeVarLong(0);
        };
    }

    @Test
    void documentedBytesAreReadAndEveryBadFieldIsNamed() {
        double a = NumericSummary.DEFAULT_RELATIVE_ACCURACY;
        // two positive bins MAX - 1 apart: the widest span allowed
        NumericSummary wide = NumericSummary.fromBytes(bytes(a, MAX, 5, 1.0, 2.0, positiveBins(-7, 2, MAX - 1, 3)));
        assertArrayEquals(new double[] {top(-7), top(-7 + MAX - 1)}, wide.retainedValues());
        assertArrayEquals(new long[] {2, 3}, wide.retainedWeights());
        assertEquals(1.0, wide.min());
        assertEquals(2.0, wide.max());

        assertMessage(
                "positive bin gap 8192 at bin 1 (bins ascend and span at most 8192)",
                () -> NumericSummary.fromBytes(bytes(a, MAX, 5, 1.0, 2.0, positiveBins(-7, 2, MAX, 3))));
        assertMessage(
                "positive bin gap 0 at bin 1",
                () -> NumericSummary.fromBytes(bytes(a, MAX, 5, 1.0, 2.0, positiveBins(-7, 2, 0, 3))));
        assertMessage(
                "positive bin -7 with weight 0",
                () -> NumericSummary.fromBytes(bytes(a, MAX, 5, 1.0, 2.0, positiveBins(-7, 0, 1, 5))));
        assertMessage(
                "bin weights sum to 5, not the total weight 6",
                () -> NumericSummary.fromBytes(bytes(a, MAX, 6, 1.0, 2.0, positiveBins(-7, 2, 1, 3))));
        assertMessage(
                "relative accuracy 0.2 at byte 9", () -> NumericSummary.fromBytes(bytes(0.2, MAX, 0, 0, 0, w -> {})));
        assertMessage(
                "relative accuracy 9.0E-5", () -> NumericSummary.fromBytes(bytes(0.00009, MAX, 0, 0, 0, w -> {})));
        assertMessage(
                "maximum bins 4096 (this build keeps 8192)",
                () -> NumericSummary.fromBytes(bytes(a, 4096, 0, 0, 0, w -> {})));
        assertMessage(
                "minimum 2.0, maximum 1.0",
                () -> NumericSummary.fromBytes(bytes(a, MAX, 5, 2.0, 1.0, positiveBins(-7, 2, 1, 3))));
        assertMessage(
                "minimum NaN, maximum 1.0",
                () -> NumericSummary.fromBytes(bytes(a, MAX, 5, Double.NaN, 1.0, positiveBins(-7, 2, 1, 3))));
        assertMessage(
                "minimum 1.0, maximum Infinity",
                () -> NumericSummary.fromBytes(
                        bytes(a, MAX, 5, 1.0, Double.POSITIVE_INFINITY, positiveBins(-7, 2, 1, 3))));
        NumericSummary equal = NumericSummary.fromBytes(bytes(a, MAX, 5, 1.0, 1.0, positiveBins(-7, 2, 1, 3)));
        assertEquals(1.0, equal.max());
        NumericSummary zeros = NumericSummary.fromBytes(bytes(a, MAX, 4, 0.0, 0.0, w -> {
            w.writeVarLong(4);
            w.writeVarLong(0);
            w.writeVarLong(0);
        }));
        assertArrayEquals(new double[] {0.0}, zeros.retainedValues());
        assertArrayEquals(new long[] {4}, zeros.retainedWeights());
        NumericSummary empty = NumericSummary.fromBytes(bytes(a, MAX, 0, 0, 0, w -> {
            w.writeVarLong(0);
            w.writeVarLong(0);
            w.writeVarLong(0);
        }));
        assertTrue(empty.isEmpty());
        assertEquals(NumericSummary.create(), empty);
    }

    @Test
    void kllBytesConvertWithTheirWeightsAndExactExtremes() {
        KllDoublesSketch kll = KllDoublesSketch.newHeapInstance(8);
        for (int i = 1; i <= 1000; i++) {
            kll.update(i * 0.37 - 100);
        }
        NumericSummary s = NumericSummary.fromKllBytes(kll.toByteArray(), NumericSummary.DEFAULT_RELATIVE_ACCURACY);
        assertEquals(1000, s.count());
        assertEquals(1 * 0.37 - 100, s.min());
        assertEquals(1000 * 0.37 - 100, s.max());
        // each retained item with its weight: the summary's CDF at a rounded item is the KLL's inclusive rank
        var view = kll.getSortedView();
        double[] items = view.getQuantiles();
        long[] cumulative = view.getCumulativeWeights();
        NumericSummary expected = NumericSummary.create();
        long previous = 0;
        for (int i = 0; i < items.length; i++) {
            assertTrue(cumulative[i] - previous >= 1);
            expected.update(items[i], cumulative[i] - previous);
            previous = cumulative[i];
        }
        assertTrue(items.length < 1000, "the KLL sketch compacted, so weights above 1 were read");
        assertArrayEquals(expected.retainedValues(), s.retainedValues());
        assertArrayEquals(expected.retainedWeights(), s.retainedWeights());

        NumericSummary coarse =
                NumericSummary.fromKllBytes(KllDoublesSketch.newHeapInstance().toByteArray(), 0.01);
        assertTrue(coarse.isEmpty());
        assertEquals(0.01, coarse.relativeAccuracy());
        assertMessage(
                "not a serialised KLL doubles sketch (3 bytes)",
                () -> NumericSummary.fromKllBytes(new byte[] {1, 2, 3}, NumericSummary.DEFAULT_RELATIVE_ACCURACY));
    }

    @Test
    void mergingAnotherAccuracyKeepsBothSidesExactExtremes() {
        NumericSummary s = NumericSummary.of(1.0);
        NumericSummary coarse = NumericSummary.create(0.01);
        coarse.update(3.0);
        coarse.update(0.5);
        s.merge(coarse);
        assertEquals(0.5, s.min());
        assertEquals(3.0, s.max());
        assertEquals(3, s.count());
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(
                e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
