package io.driftwatch.connectors.otlp.delta;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.Temporality;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CumulativeToDeltaTest {

    static final Labels LABELS = Labels.of("model_name", "m", "use_case", "u");
    static final long S = 1_000_000_000L;

    static MetricPoint counter(long start, long time, double value) {
        return MetricPoint.builder("ml.inference.tokens.total", MetricKind.SUM)
                .unit("1")
                .temporality(Temporality.CUMULATIVE)
                .monotonic(true)
                .labels(LABELS)
                .startTimeNanos(start)
                .timeNanos(time)
                .value(value)
                .build();
    }

    static MetricPoint upDown(long start, long time, double value) {
        return counter(start, time, value).toBuilder().monotonic(false).build();
    }

    static MetricPoint histogram(long start, long time, double[] bounds, long[] buckets, double sum) {
        long count = 0;
        for (long b : buckets) {
            count += b;
        }
        return MetricPoint.builder("ml.inference.confidence", MetricKind.HISTOGRAM)
                .unit("1")
                .temporality(Temporality.CUMULATIVE)
                .labels(LABELS)
                .startTimeNanos(start)
                .timeNanos(time)
                .count(count)
                .sum(sum)
                .min(0.01)
                .max(0.99)
                .explicitBounds(bounds)
                .bucketCounts(buckets)
                .build();
    }

    static MetricPoint summary(long start, long time, long count, double sum) {
        return MetricPoint.builder("rpc.duration", MetricKind.SUMMARY)
                .labels(LABELS)
                .startTimeNanos(start)
                .timeNanos(time)
                .count(count)
                .sum(sum)
                .quantiles(new double[] {0.5, 0.99}, new double[] {12.0, 80.0})
                .build();
    }

    static final double[] BOUNDS = {0.25, 0.5, 0.75};

    @Nested
    class Counters {

        @Test
        void firstPointEmitsNothingThenDeltasFollow() {
            SeriesDriver d = new SeriesDriver();
            DeltaResult first = d.feed(counter(100 * S, 110 * S, 10));
            assertEquals(DeltaOutcome.FIRST_POINT, first.outcome());
            assertTrue(first.delta().isEmpty());
            assertTrue(first.stateChanged());

            MetricPoint d1 = d.delta(counter(100 * S, 120 * S, 15));
            assertEquals(5.0, d1.value());
            assertEquals(Temporality.DELTA, d1.temporality());
            assertEquals(110 * S, d1.startTimeNanos());
            assertEquals(120 * S, d1.timeNanos());
            assertEquals("ml.inference.tokens.total", d1.name());
            assertEquals("1", d1.unit());
            assertEquals(LABELS, d1.labels());
            assertTrue(d1.monotonic());

            assertEquals(0.0, d.delta(counter(100 * S, 130 * S, 15)).value());
            assertEquals(7.0, d.delta(counter(100 * S, 140 * S, 22)).value());
            assertEquals(
                    DeltaOutcome.EMITTED, d.feed(counter(100 * S, 150 * S, 23)).outcome());
        }

        @Test
        void aGapOfMissingPointsIsCoveredByOneDelta() {
            SeriesDriver d = new SeriesDriver();
            d.feed(counter(0, 10 * S, 1));
            d.feed(counter(0, 20 * S, 3));
            MetricPoint gap = d.delta(counter(0, 50 * S, 10));
            assertEquals(20 * S, gap.startTimeNanos());
            assertEquals(50 * S, gap.timeNanos());
            assertEquals(7.0, gap.value());
        }

        @Test
        void resetByNewStartTimeEmitsTheNewCumulativeValue() {
            SeriesDriver d = new SeriesDriver();
            d.feed(counter(100 * S, 110 * S, 500));
            d.feed(counter(100 * S, 120 * S, 900));
            DeltaResult r = d.feed(counter(125 * S, 130 * S, 1000));
            // a higher value than before, yet a restart: only the new start time tells
            assertEquals(DeltaOutcome.RESET, r.outcome());
            MetricPoint delta = r.delta().orElseThrow();
            assertEquals(1000.0, delta.value());
            assertEquals(125 * S, delta.startTimeNanos());
            assertEquals(130 * S, delta.timeNanos());
            assertEquals(40.0, d.delta(counter(125 * S, 140 * S, 1040)).value());
        }

        @Test
        void resetByDecreaseWithoutStartTime() {
            SeriesDriver d = new SeriesDriver();
            d.feed(counter(0, 10 * S, 100));
            d.feed(counter(0, 20 * S, 120));
            DeltaResult r = d.feed(counter(0, 30 * S, 5));
            assertEquals(DeltaOutcome.RESET, r.outcome());
            assertEquals(5.0, r.delta().orElseThrow().value());
            assertEquals(20 * S, r.delta().orElseThrow().startTimeNanos());
            assertEquals(3.0, d.delta(counter(0, 40 * S, 8)).value());
        }

        @Test
        void resetByDecreaseWithUnchangedStartTime() {
            SeriesDriver d = new SeriesDriver();
            d.feed(counter(5 * S, 10 * S, 100));
            DeltaResult r = d.feed(counter(5 * S, 20 * S, 40));
            assertEquals(DeltaOutcome.RESET, r.outcome());
            assertEquals(40.0, r.delta().orElseThrow().value());
            assertEquals(10 * S, r.delta().orElseThrow().startTimeNanos());
        }

        @Test
        void resetByDecreaseUsesTheStartTimeWhenItIsLaterThanThePreviousPoint() {
            SeriesDriver d = new SeriesDriver();
            d.feed(counter(0, 10 * S, 100));
            DeltaResult r = d.feed(counter(15 * S, 20 * S, 4));
            assertEquals(DeltaOutcome.RESET, r.outcome());
            assertEquals(15 * S, r.delta().orElseThrow().startTimeNanos());
        }

        @Test
        void outOfOrderPointIsDroppedAndStateKept() {
            SeriesDriver d = new SeriesDriver();
            d.feed(counter(S, 10 * S, 1));
            d.feed(counter(S, 30 * S, 5));
            byte[] before = d.storedBytes();
            DeltaResult late = d.feed(counter(S, 20 * S, 3));
            assertEquals(DeltaOutcome.OUT_OF_ORDER, late.outcome());
            assertTrue(late.delta().isEmpty());
            assertFalse(late.stateChanged());
            assertSame(before, d.storedBytes());
            MetricPoint next = d.delta(counter(S, 40 * S, 9));
            assertEquals(4.0, next.value());
            assertEquals(30 * S, next.startTimeNanos());
        }

        @Test
        void pointFromBeforeARestartIsOutOfOrder() {
            SeriesDriver d = new SeriesDriver();
            d.feed(counter(100 * S, 110 * S, 50));
            d.feed(counter(200 * S, 210 * S, 3));
            // the old process's late point, even with a later time than the restart
            assertEquals(
                    DeltaOutcome.OUT_OF_ORDER,
                    d.feed(counter(100 * S, 220 * S, 60)).outcome());
            assertEquals(2.0, d.delta(counter(200 * S, 230 * S, 5)).value());
        }

        @Test
        void duplicatePointIsDropped() {
            SeriesDriver d = new SeriesDriver();
            d.feed(counter(S, 10 * S, 1));
            d.feed(counter(S, 20 * S, 4));
            DeltaResult dup = d.feed(counter(S, 20 * S, 4));
            assertEquals(DeltaOutcome.DUPLICATE, dup.outcome());
            assertFalse(dup.stateChanged());
            assertEquals(1.0, d.delta(counter(S, 30 * S, 5)).value());
        }

        @Test
        void duplicateTimeWithAnotherValueIsStillADuplicate() {
            SeriesDriver d = new SeriesDriver();
            d.feed(counter(0, 10 * S, 1));
            assertEquals(DeltaOutcome.DUPLICATE, d.feed(counter(0, 10 * S, 2)).outcome());
        }

        @Test
        void upDownCounterEmitsNegativeDeltasAndNeverResetsOnDecrease() {
            SeriesDriver d = new SeriesDriver();
            d.feed(upDown(S, 10 * S, 10));
            MetricPoint down = d.delta(upDown(S, 20 * S, 4));
            assertEquals(-6.0, down.value());
            assertFalse(down.monotonic());
            assertEquals(DeltaOutcome.EMITTED, d.feed(upDown(S, 30 * S, -3)).outcome());
            DeltaResult restart = d.feed(upDown(35 * S, 40 * S, 2));
            assertEquals(DeltaOutcome.RESET, restart.outcome());
            assertEquals(2.0, restart.delta().orElseThrow().value());
        }

        @Test
        void doubleDeltaIsTheDoubleSubtraction() {
            SeriesDriver d = new SeriesDriver();
            double a = 0.1 + 0.2;
            double b = 1e15 + 0.375;
            d.feed(counter(0, S, a));
            assertEquals(b - a, d.delta(counter(0, 2 * S, b)).value());
        }

        /**
         * Independent expectation: the deltas of a series add up to, per producer process, the last
         * delivered cumulative value, minus the first delivered value of the very first process (a first
         * point never invents an increment). Increments of a process after its last delivered point are
         * lost with its undelivered points, as they must be.
         */
        @Test
        void deltasAddUpToWhatWasDeliveredAcrossRestartsGapsAndLatePoints() {
            Random rnd = new Random(42);
            SeriesDriver d = new SeriesDriver();
            long start = 1000 * S;
            long time = start;
            long cumulative = 0;
            Map<Long, Long> lastDeliveredByStart = new LinkedHashMap<>();
            long firstDelivered = -1;
            double emitted = 0;
            int resets = 0;
            MetricPoint previous = null;
            for (int i = 0; i < 5000; i++) {
                time += (1 + rnd.nextInt(30)) * S;
                if (rnd.nextInt(200) == 0) {
                    start = time - S;
                    cumulative = 0;
                }
                cumulative += rnd.nextInt(1000);
                MetricPoint p = counter(start, time, cumulative);
                if (rnd.nextInt(10) == 0) {
                    continue; // lost in transit: the next delta spans the gap
                }
                if (firstDelivered < 0) {
                    firstDelivered = cumulative;
                }
                lastDeliveredByStart.put(start, cumulative);
                DeltaResult r = d.feed(p);
                if (r.outcome() == DeltaOutcome.RESET) {
                    resets++;
                }
                if (r.delta().isPresent()) {
                    emitted += r.delta().get().value();
                }
                if (previous != null && rnd.nextInt(20) == 0) {
                    assertEquals(DeltaOutcome.OUT_OF_ORDER, d.feed(previous).outcome());
                }
                previous = p;
            }
            long expected = -firstDelivered;
            for (long last : lastDeliveredByStart.values()) {
                expected += last;
            }
            assertEquals(lastDeliveredByStart.size() - 1, resets);
            assertTrue(resets > 10, "the simulation should restart the producer a few times");
            assertEquals((double) expected, emitted);
        }
    }

    @Nested
    class Histograms {

        @Test
        void deltaOfCountSumAndEveryBucketWithUnknownMinMax() {
            SeriesDriver d = new SeriesDriver();
            d.feed(histogram(S, 10 * S, BOUNDS, new long[] {1, 5, 3, 0}, 4.5));
            MetricPoint delta = d.delta(histogram(S, 20 * S, BOUNDS, new long[] {2, 5, 7, 4}, 10.25));
            assertEquals(Temporality.DELTA, delta.temporality());
            assertEquals(10 * S, delta.startTimeNanos());
            assertEquals(9, delta.count());
            assertEquals(5.75, delta.sum());
            assertArrayEquals(new long[] {1, 0, 4, 4}, delta.bucketCounts());
            assertArrayEquals(BOUNDS, delta.explicitBounds());
            assertTrue(Double.isNaN(delta.min()));
            assertTrue(Double.isNaN(delta.max()));
        }

        @Test
        void aDecreaseInOneBucketOnlyIsAReset() {
            SeriesDriver d = new SeriesDriver();
            d.feed(histogram(0, 10 * S, BOUNDS, new long[] {1, 5, 3, 0}, 4.5));
            // the total count grew, yet bucket 1 shrank: the producer restarted
            MetricPoint cur = histogram(0, 20 * S, BOUNDS, new long[] {2, 4, 6, 1}, 7.0);
            DeltaResult r = d.feed(cur);
            assertEquals(DeltaOutcome.RESET, r.outcome());
            MetricPoint delta = r.delta().orElseThrow();
            assertArrayEquals(new long[] {2, 4, 6, 1}, delta.bucketCounts());
            assertEquals(13, delta.count());
            assertEquals(7.0, delta.sum());
            assertEquals(0.01, delta.min(), "after a reset min and max describe exactly the delta's values");
            assertEquals(10 * S, delta.startTimeNanos());
        }

        @Test
        void aDecreasingSumAloneIsNotAReset() {
            SeriesDriver d = new SeriesDriver();
            d.feed(histogram(0, 10 * S, BOUNDS, new long[] {1, 0, 0, 0}, 4.0));
            DeltaResult r = d.feed(histogram(0, 20 * S, BOUNDS, new long[] {2, 0, 0, 0}, 1.0));
            assertEquals(DeltaOutcome.EMITTED, r.outcome());
            assertEquals(-3.0, r.delta().orElseThrow().sum());
        }

        @Test
        void changedBoundsReinitialiseWithoutDelta() {
            SeriesDriver d = new SeriesDriver();
            d.feed(histogram(S, 10 * S, BOUNDS, new long[] {1, 5, 3, 0}, 4.5));
            double[] finer = {0.1, 0.25, 0.5, 0.75, 0.9};
            DeltaResult r = d.feed(histogram(S, 20 * S, finer, new long[] {1, 1, 6, 3, 1, 0}, 6.0));
            assertEquals(DeltaOutcome.SHAPE_CHANGED, r.outcome());
            assertTrue(r.delta().isEmpty());
            assertTrue(r.stateChanged());
            MetricPoint next = d.delta(histogram(S, 30 * S, finer, new long[] {1, 2, 6, 3, 1, 2}, 8.0));
            assertArrayEquals(new long[] {0, 1, 0, 0, 0, 2}, next.bucketCounts());
            assertEquals(20 * S, next.startTimeNanos());
        }

        @Test
        void changedBoundsWithANewStartTimeAreAReset() {
            SeriesDriver d = new SeriesDriver();
            d.feed(histogram(S, 10 * S, BOUNDS, new long[] {1, 5, 3, 0}, 4.5));
            double[] other = {0.5};
            DeltaResult r = d.feed(histogram(15 * S, 20 * S, other, new long[] {3, 1}, 1.5));
            assertEquals(DeltaOutcome.RESET, r.outcome());
            assertArrayEquals(new long[] {3, 1}, r.delta().orElseThrow().bucketCounts());
            assertEquals(15 * S, r.delta().orElseThrow().startTimeNanos());
        }

        @Test
        void histogramWithoutBucketsConvertsCountAndSum() {
            SeriesDriver d = new SeriesDriver();
            d.feed(histogram(0, 10 * S, new double[0], new long[0], 1.0).toBuilder()
                    .count(4)
                    .build());
            MetricPoint delta = d.delta(histogram(0, 20 * S, new double[0], new long[0], 3.0).toBuilder()
                    .count(9)
                    .build());
            assertEquals(5, delta.count());
            assertEquals(2.0, delta.sum());
            assertEquals(0, delta.bucketCounts().length);
        }

        @Test
        void absentSumStaysAbsent() {
            SeriesDriver d = new SeriesDriver();
            d.feed(histogram(0, 10 * S, BOUNDS, new long[] {1, 0, 0, 0}, Double.NaN));
            assertTrue(Double.isNaN(d.delta(histogram(0, 20 * S, BOUNDS, new long[] {2, 0, 0, 0}, Double.NaN))
                    .sum()));
        }

        @Test
        void kindOrMonotonicityChangeIsAShapeChangeEvenWithANewStartTime() {
            SeriesDriver d = new SeriesDriver();
            d.feed(counter(S, 10 * S, 3));
            assertEquals(
                    DeltaOutcome.SHAPE_CHANGED, d.feed(upDown(S, 20 * S, 5)).outcome());
            MetricPoint asHistogram = histogram(30 * S, 40 * S, BOUNDS, new long[] {1, 1, 1, 1}, 2.0);
            assertEquals(DeltaOutcome.SHAPE_CHANGED, d.feed(asHistogram).outcome());
            assertEquals(
                    DeltaOutcome.EMITTED,
                    d.feed(histogram(30 * S, 50 * S, BOUNDS, new long[] {1, 1, 1, 2}, 3.0))
                            .outcome());
        }
    }

    @Nested
    class Summaries {

        @Test
        void countAndSumAreConvertedAndQuantilesKept() {
            SeriesDriver d = new SeriesDriver();
            assertEquals(
                    DeltaOutcome.FIRST_POINT,
                    d.feed(summary(S, 10 * S, 100, 2500.0)).outcome());
            MetricPoint delta = d.delta(summary(S, 20 * S, 130, 3100.5));
            assertEquals(30, delta.count());
            assertEquals(600.5, delta.sum());
            assertEquals(Temporality.DELTA, delta.temporality());
            assertEquals(10 * S, delta.startTimeNanos());
            assertArrayEquals(new double[] {0.5, 0.99}, delta.quantiles());
            assertArrayEquals(new double[] {12.0, 80.0}, delta.quantileValues());
        }

        @Test
        void countDecreaseIsAReset() {
            SeriesDriver d = new SeriesDriver();
            d.feed(summary(0, 10 * S, 100, 2500.0));
            DeltaResult r = d.feed(summary(0, 20 * S, 7, 90.0));
            assertEquals(DeltaOutcome.RESET, r.outcome());
            assertEquals(7, r.delta().orElseThrow().count());
        }
    }

    @Nested
    class PassthroughAndInvalid {

        @Test
        void gaugesAndDeltaPointsPassThroughUnchanged() {
            MetricPoint gauge = MetricPoint.builder("queue.depth", MetricKind.GAUGE)
                    .labels(LABELS)
                    .timeNanos(10 * S)
                    .value(3)
                    .build();
            DeltaResult g = CumulativeToDelta.convert(gauge, null);
            assertEquals(DeltaOutcome.PASSTHROUGH, g.outcome());
            assertSame(gauge, g.delta().orElseThrow());
            assertNull(g.state());
            assertFalse(g.stateChanged());

            MetricPoint deltaSum = counter(S, 10 * S, 4).toBuilder()
                    .temporality(Temporality.DELTA)
                    .build();
            assertSame(
                    deltaSum, CumulativeToDelta.convert(deltaSum, null).delta().orElseThrow());
        }

        @Test
        void switchingToDeltaTemporalityClearsTheState() {
            SeriesDriver d = new SeriesDriver();
            d.feed(counter(S, 10 * S, 4));
            DeltaResult r = d.feed(counter(S, 20 * S, 2).toBuilder()
                    .temporality(Temporality.DELTA)
                    .build());
            assertEquals(DeltaOutcome.PASSTHROUGH, r.outcome());
            assertTrue(r.stateChanged());
            assertNull(r.state());
            assertNull(d.storedBytes());
        }

        @Test
        void malformedPointsAreInvalidWithAReasonAndLeaveTheStateAlone() {
            SeriesState state =
                    CumulativeToDelta.convert(counter(S, 10 * S, 4), null).state();
            assertInvalid(
                    counter(S, 20 * S, 5).toBuilder()
                            .temporality(Temporality.UNSPECIFIED)
                            .build(),
                    state,
                    "temporality is UNSPECIFIED");
            assertInvalid(counter(0, 0, 5), state, "time is not set");
            assertInvalid(counter(30 * S, 20 * S, 5), state, "after the time");
            assertInvalid(counter(S, 20 * S, Double.NaN), state, "value is NaN");
            assertInvalid(counter(S, 20 * S, Double.POSITIVE_INFINITY), state, "value is Infinity");
            assertInvalid(
                    histogram(S, 20 * S, BOUNDS, new long[] {1, 2, 3}, 1.0),
                    state,
                    "3 bucket counts for 3 explicit bounds");
            assertInvalid(histogram(S, 20 * S, BOUNDS, new long[] {1, -2, 3, 4}, 1.0), state, "bucket 1 is negative");
            assertInvalid(
                    ExponentialHistogramDeltaTest.exp(S, 20 * S, 21, 0.0, 0, 0, new long[] {1}, 0, new long[0]),
                    state,
                    "scale 21 outside [-10, 20]");
            assertInvalid(
                    ExponentialHistogramDeltaTest.exp(S, 20 * S, 2, -1.0, 0, 0, new long[] {1}, 0, new long[0]),
                    state,
                    "zero threshold is -1.0");
            assertInvalid(
                    ExponentialHistogramDeltaTest.exp(S, 20 * S, 2, 0.0, 0, 0, new long[] {1}, 0, new long[] {-1}),
                    state,
                    "negative bucket 0 is negative");
            assertInvalid(summary(S, 20 * S, -1, 0.0), state, "count is negative");
        }

        private void assertInvalid(MetricPoint p, SeriesState state, String expectedReason) {
            DeltaResult r = CumulativeToDelta.convert(p, state);
            assertEquals(DeltaOutcome.INVALID, r.outcome(), p::toString);
            assertTrue(r.reason().contains(expectedReason), () -> r.reason() + " should contain " + expectedReason);
            assertTrue(r.reason().contains(p.name()), r::reason);
            assertTrue(r.delta().isEmpty());
            assertFalse(r.stateChanged());
            assertSame(state, r.state());
        }

        @Test
        void nullPointIsRejected() {
            assertThrows(NullPointerException.class, () -> CumulativeToDelta.convert(null, null));
        }
    }
}
