package io.driftwatch.drift.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class BucketShareTest {

    private static final double[] BOUNDS = {0.25, 0.5, 0.75};
    private static final long[] COUNTS = {10, 20, 30, 40};

    private static double explicit(double t) {
        return BucketShare.countAtOrBelow(BOUNDS, COUNTS, t);
    }

    @Nested
    class Explicit {

        @Test
        void thresholdOnABoundIsExact() {
            assertEquals(10.0, explicit(0.25));
            assertEquals(30.0, explicit(0.5));
            assertEquals(60.0, explicit(0.75), "the open last bucket lies above its lower bound");
        }

        @Test
        void thresholdInsideABucketInterpolatesLinearly() {
            assertEquals(10 + 20 * 0.5, explicit(0.375), 1e-12);
            assertEquals(30 + 30 * 0.4, explicit(0.6), 1e-12);
            assertEquals(10 + 20 * 0.04, explicit(0.26), 1e-12);
        }

        @Test
        void firstBucketWithPositiveBoundStartsAtZero() {
            assertEquals(10 * 0.1 / 0.25, explicit(0.1), 1e-12);
            assertEquals(0.0, explicit(0.0));
            assertEquals(0.0, explicit(-3.0));
        }

        @Test
        void firstBucketWithNonPositiveBoundSitsAtItsBound() {
            double[] bounds = {-1, 0, 1};
            long[] counts = {5, 6, 7, 8};
            assertEquals(0.0, BucketShare.countAtOrBelow(bounds, counts, -1.5));
            assertEquals(5.0, BucketShare.countAtOrBelow(bounds, counts, -1.0));
            assertEquals(5 + 6 * 0.25, BucketShare.countAtOrBelow(bounds, counts, -0.75), 1e-12);
            assertEquals(0.0, BucketShare.countAtOrBelow(new double[] {0.0}, new long[] {3, 4}, -0.5));
            assertEquals(3.0, BucketShare.countAtOrBelow(new double[] {0.0}, new long[] {3, 4}, 0.0));
        }

        @Test
        void openLastBucketCountsFullyBeyondTheLastBound() {
            assertEquals(100.0, explicit(0.75000001));
            assertEquals(100.0, explicit(1e300));
            assertEquals(100.0, explicit(Double.POSITIVE_INFINITY));
            assertEquals(0.0, explicit(Double.NEGATIVE_INFINITY));
        }

        @Test
        void nonDecreasingInTheThresholdAndExactAtEveryBound() {
            Random rnd = new Random(5);
            double[] bounds = new double[12];
            long[] counts = new long[13];
            double b = 0;
            for (int i = 0; i < bounds.length; i++) {
                b += 0.01 + rnd.nextDouble() / 10;
                bounds[i] = b;
            }
            long cumulative = 0;
            long[] cumulativeAt = new long[bounds.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = rnd.nextInt(1000);
                if (i < bounds.length) {
                    cumulative += counts[i];
                    cumulativeAt[i] = cumulative;
                }
            }
            for (int i = 0; i < bounds.length; i++) {
                assertEquals((double) cumulativeAt[i], BucketShare.countAtOrBelow(bounds, counts, bounds[i]));
            }
            double previous = -1;
            for (double t = -0.1; t < b + 0.2; t += 1e-4) {
                double v = BucketShare.countAtOrBelow(bounds, counts, t);
                assertTrue(v >= previous, "not monotone at " + t);
                previous = v;
            }
        }

        @Test
        void badInputIsRejectedWithTheReason() {
            assertMessage("threshold is NaN", () -> explicit(Double.NaN));
            assertMessage("must not be null", () -> BucketShare.countAtOrBelow(null, COUNTS, 0.5));
            assertMessage("must not be null", () -> BucketShare.countAtOrBelow(BOUNDS, null, 0.5));
            assertMessage(
                    "histogram has no explicit bounds (0 bucket counts)",
                    () -> BucketShare.countAtOrBelow(new double[0], new long[0], 0.5));
            assertMessage(
                    "histogram has no explicit bounds (1 bucket counts)",
                    () -> BucketShare.countAtOrBelow(new double[0], new long[] {4}, 0.5));
            assertMessage(
                    "histogram has 3 bucket counts for 3 bounds; expected 4",
                    () -> BucketShare.countAtOrBelow(BOUNDS, new long[] {1, 2, 3}, 0.5));
            assertMessage(
                    "histogram bound 1 is NaN",
                    () -> BucketShare.countAtOrBelow(new double[] {0.1, Double.NaN}, new long[] {1, 2, 3}, 0.5));
            assertMessage(
                    "histogram bound 0 is Infinity",
                    () -> BucketShare.countAtOrBelow(new double[] {Double.POSITIVE_INFINITY}, new long[] {1, 2}, 0.5));
            assertMessage(
                    "bounds must increase strictly: bound 2 (0.5) <= bound 1 (0.5)",
                    () -> BucketShare.countAtOrBelow(new double[] {0.25, 0.5, 0.5}, COUNTS, 0.5));
            assertMessage(
                    "bucket count 2 is negative (-30)",
                    () -> BucketShare.countAtOrBelow(BOUNDS, new long[] {10, 20, -30, 40}, 0.5));
        }
    }

    @Nested
    class Exponential {

        private double exp(
                int scale,
                long zeroCount,
                double zeroThreshold,
                int posOffset,
                long[] pos,
                int negOffset,
                long[] neg,
                double t) {
            return BucketShare.countAtOrBelowExponential(
                    scale, zeroCount, zeroThreshold, posOffset, pos, negOffset, neg, t);
        }

        @Test
        void scaleZeroBucketsAreOctaves() {
            long[] pos = {4, 8}; // (1, 2] and (2, 4]
            assertEquals(0.0, exp(0, 0, 0, 0, pos, 0, new long[0], 1.0));
            assertEquals(4.0, exp(0, 0, 0, 0, pos, 0, new long[0], 2.0));
            assertEquals(4 + 8 * 0.5, exp(0, 0, 0, 0, pos, 0, new long[0], 3.0));
            assertEquals(12.0, exp(0, 0, 0, 0, pos, 0, new long[0], 4.0));
            assertEquals(4 * 0.5, exp(0, 0, 0, 0, pos, 0, new long[0], 1.5));
        }

        @Test
        void positiveScaleBoundariesAreRootsOfTwo() {
            double root2 = Math.sqrt(2);
            // scale 1, index 1: (sqrt 2, 2]
            assertEquals(
                    10 * (1.7 - root2) / (2 - root2), exp(1, 0, 0, 1, new long[] {10}, 0, new long[0], 1.7), 1e-12);
            assertEquals(10.0, exp(1, 0, 0, 1, new long[] {10}, 0, new long[0], 2.0));
            // scale 3, index -8: (0.5, 2^(-7/8)]
            double upper = Math.pow(2, -7.0 / 8);
            assertEquals(
                    6 * (0.52 - 0.5) / (upper - 0.5), exp(3, 0, 0, -8, new long[] {6}, 0, new long[0], 0.52), 1e-12);
            assertEquals(0.0, exp(3, 0, 0, -8, new long[] {6}, 0, new long[0], 0.5), "exact at a power of two");
        }

        @Test
        void negativeScaleBucketsSpanSeveralOctaves() {
            // scale -1: base 4, index 1 covers (4, 16]
            assertEquals(5 * 6.0 / 12.0, exp(-1, 0, 0, 1, new long[] {5}, 0, new long[0], 10.0), 1e-12);
            assertEquals(5.0, exp(-1, 0, 0, 1, new long[] {5}, 0, new long[0], 16.0));
        }

        @Test
        void zeroBucket() {
            assertEquals(3.0, exp(2, 3, 0.0, 0, new long[0], 0, new long[0], 0.0));
            assertEquals(0.0, exp(2, 3, 0.0, 0, new long[0], 0, new long[0], -0.1));
            assertEquals(2.0, exp(2, 4, 0.5, 0, new long[0], 0, new long[0], 0.0));
            assertEquals(3.0, exp(2, 4, 0.5, 0, new long[0], 0, new long[0], 0.25));
            assertEquals(4.0, exp(2, 4, 0.5, 0, new long[0], 0, new long[0], 0.5));
        }

        @Test
        void negativeBucketsMirrorThePositiveOnes() {
            long[] neg = {6}; // scale 0, index 0: [-2, -1)
            assertEquals(0.0, exp(0, 0, 0, 0, new long[0], 0, neg, -2.0));
            assertEquals(3.0, exp(0, 0, 0, 0, new long[0], 0, neg, -1.5));
            assertEquals(6.0, exp(0, 0, 0, 0, new long[0], 0, neg, -1.0));
            assertEquals(6 + 1 + 2.0, exp(0, 1, 0, 0, new long[] {4}, 0, neg, 1.5), "all three parts");
        }

        @Test
        void emptyHistogramHasNothingBelow() {
            assertEquals(0.0, exp(5, 0, 0, 0, new long[0], 0, new long[0], 1.0));
        }

        /** The same buckets written as an explicit histogram must give the same estimate. */
        @Test
        void agreesWithTheExplicitFormOfTheSameBuckets() {
            Random rnd = new Random(11);
            int scale = 3;
            int offset = -20;
            long[] pos = new long[16];
            for (int i = 0; i < pos.length; i++) {
                pos[i] = rnd.nextInt(500);
            }
            double[] bounds = new double[pos.length + 1];
            long[] counts = new long[pos.length + 2];
            for (int i = 0; i <= pos.length; i++) {
                bounds[i] = Math.pow(2, (offset + i) / 8.0);
            }
            System.arraycopy(pos, 0, counts, 1, pos.length);
            for (int i = 0; i < 2000; i++) {
                double t = bounds[0] * 0.9 + rnd.nextDouble() * (bounds[pos.length] * 1.1 - bounds[0] * 0.9);
                assertEquals(
                        BucketShare.countAtOrBelow(bounds, counts, t),
                        exp(scale, 0, 0, offset, pos, 0, new long[0], t),
                        1e-9,
                        "t=" + t);
            }
        }

        @Test
        void badInputIsRejectedWithTheReason() {
            long[] none = new long[0];
            assertMessage("threshold is NaN", () -> exp(0, 0, 0, 0, none, 0, none, Double.NaN));
            assertMessage("scale 21 is outside [-10, 20]", () -> exp(21, 0, 0, 0, none, 0, none, 1));
            assertMessage("zero count is negative (-1)", () -> exp(0, -1, 0, 0, none, 0, none, 1));
            assertMessage("zero threshold is NaN", () -> exp(0, 0, Double.NaN, 0, none, 0, none, 1));
            assertMessage("zero threshold is -1.0", () -> exp(0, 0, -1, 0, none, 0, none, 1));
            assertMessage(
                    "positive bucket count 1 is negative (-2)", () -> exp(0, 0, 0, 0, new long[] {1, -2}, 0, none, 1));
            assertMessage(
                    "negative bucket count 0 is negative (-2)", () -> exp(0, 0, 0, 0, none, 0, new long[] {-2}, 1));
            assertMessage("must not be null", () -> exp(0, 0, 0, 0, null, 0, none, 1));
            assertMessage("overflows an int", () -> exp(0, 0, 0, Integer.MAX_VALUE, new long[] {1}, 0, none, 1));
        }
    }

    static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(
                e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
