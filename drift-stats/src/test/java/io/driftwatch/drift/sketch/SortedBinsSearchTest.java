package io.driftwatch.drift.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datadoghq.sketch.ddsketch.mapping.CubicallyInterpolatedMapping;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import org.junit.jupiter.api.Test;

/**
 * {@link SortedBins}' search for a bin's largest double must not depend on the mapping's estimate of the
 * bound: sketches-java's estimates are close, so the other tests only start it near the answer; here it
 * starts far below, far above, at the extremes and at no estimate at all.
 */
class SortedBinsSearchTest {

    private static final IndexMapping MAPPING = new CubicallyInterpolatedMapping(0.01);

    @Test
    void anyEstimateFindsTheSameLargestDoubleOfTheBin() {
        for (double value : new double[] {1e-300, 0.001, 1.0, 3.5, 12_345.678, 1e300}) {
            int index = MAPPING.index(value);
            long found = SortedBins.largestAtMost(MAPPING, index, MAPPING.upperBound(index));
            double top = Double.longBitsToDouble(found);
            assertTrue(MAPPING.index(top) <= index, "the top is in the bin or below: " + value);
            assertTrue(MAPPING.index(Math.nextUp(top)) > index, "the next double is above the bin: " + value);
            for (double estimate : new double[] {
                top / 1e6,
                top / 3,
                Math.nextDown(top),
                top * 3,
                top * 1e6,
                Double.MAX_VALUE,
                Double.MIN_VALUE,
                0.0,
                -1.0,
                Double.NaN,
                Double.POSITIVE_INFINITY
            }) {
                assertEquals(
                        found,
                        SortedBins.largestAtMost(MAPPING, index, estimate),
                        "bin of " + value + " searched from " + estimate);
            }
        }
    }

    @Test
    void belowTheSmallestIndexableMagnitudeThereIsNoDouble() {
        long smallest = Double.doubleToRawLongBits(Math.nextUp(MAPPING.minIndexableValue()));
        int below = MAPPING.index(Math.nextUp(MAPPING.minIndexableValue())) - 1;
        for (double estimate : new double[] {1.0, MAPPING.minIndexableValue(), Double.NaN}) {
            assertEquals(smallest - 1, SortedBins.largestAtMost(MAPPING, below, estimate), "from " + estimate);
        }
    }

    @Test
    void theTopBinEndsAtTheLargestDouble() {
        int index = MAPPING.index(Double.MAX_VALUE);
        for (double estimate : new double[] {1.0, 1e300, Double.MAX_VALUE}) {
            assertEquals(
                    Double.doubleToRawLongBits(Double.MAX_VALUE),
                    SortedBins.largestAtMost(MAPPING, index, estimate),
                    "from " + estimate);
        }
    }
}
