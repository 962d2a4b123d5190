package io.driftwatch.jobs.confidence;

import static io.driftwatch.jobs.confidence.ConfidenceHarness.assertCurrent;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.assertCurrentOnly;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.assertWithBaseline;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.byTime;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.end;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.group;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.hist;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.seriesLabels;
import static io.driftwatch.jobs.confidence.ConfidenceHarness.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.Temporality;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.junit.jupiter.api.Test;

/**
 * {@link ConfidenceBaselineFunction} through Flink's keyed operator test harness, against values
 * computed by hand from the README's definitions. Interval I = 1 min, window W = 3 min, baseline
 * period P = 5 min, low threshold 0.6, k = 3.
 */
class ConfidenceBaselineFunctionTest {

    private static final Labels A = group("clf");
    private static final Labels B = group("reg");

    /** One input step: a point, or (point == null) a watermark. */
    record Step(MetricPoint point, long watermark) {
        static Step p(MetricPoint point) {
            return new Step(point, 0);
        }

        static Step w(int k) {
            return new Step(null, end(k));
        }

        void apply(ConfidenceHarness h) throws Exception {
            if (point != null) {
                h.point(point);
            } else {
                h.watermark(watermark);
            }
        }
    }

    /**
     * Group A (first interval k=1, so F = end(0), reference intervals 1..5, published from end(5)):
     *
     * <pre>
     * k=1: count 10 sum 7.0 below 3, plus a point stamped exactly end(1): count 2 sum 1.2 below 1
     *      → count 12, sum 8.2, below 4 (the end(1) point belongs to interval 1)
     * k=2: point at end(1) + 1 ms: count 10, sum 8.0, below 2
     * k=3: count 20, sum 14.0, below 6
     * k=4: nothing (a gap shorter than the window)
     * k=5: count 10, sum 6.0, below 5 (sent before the watermark reaches end(3))
     * k=6: count 10, sum 5.0, below 6 (after the reference period: not in the baseline)
     * k=12: a point with zero increments (the window is otherwise empty)
     * k=20: count 4, sum 2.0, below 2 (after a gap longer than the window)
     * late, after end(3) was evaluated: a point for interval 2 and one stamped exactly end(3)
     * </pre>
     *
     * Group B: k=4 count 5 sum 4.0 below 1; k=9 count 4 sum 3.0 below 2. Its F = end(3), reference
     * intervals 4..8, published from end(8).
     */
    static List<Step> frozenScenario() {
        List<Step> s = new ArrayList<>();
        s.add(Step.p(hist(A, end(0) + 10_000, 7.0, 0, 1, 2, 3, 4, 0)));
        s.add(Step.p(hist(A, end(4) + 5_000, 6.0, 0, 2, 3, 3, 2, 0)));
        s.add(Step.p(hist(A, end(1), 1.2, 0, 0, 1, 1, 0, 0)));
        s.add(Step.w(1));
        s.add(Step.p(hist(A, end(1) + 1, 8.0, 0, 0, 2, 4, 4, 0)));
        s.add(Step.w(2));
        s.add(Step.p(hist(A, end(2) + 30_000, 14.0, 1, 2, 3, 8, 6, 0)));
        s.add(Step.w(3));
        s.add(Step.p(hist(A, end(1) + 500, 1.0, 0, 0, 0, 1, 0, 0)));
        s.add(Step.p(hist(A, end(3), 0.5, 0, 0, 1, 0, 0, 0)));
        s.add(Step.p(hist(B, end(3) + 1, 4.0, 0, 0, 1, 4, 0, 0)));
        s.add(Step.w(4));
        s.add(Step.w(5));
        s.add(Step.p(hist(A, end(5) + 5_000, 5.0, 1, 2, 3, 2, 2, 0)));
        for (int k = 6; k <= 8; k++) {
            s.add(Step.w(k));
        }
        s.add(Step.p(hist(B, end(8) + 1, 3.0, 0, 1, 1, 2, 0, 0)));
        for (int k = 9; k <= 11; k++) {
            s.add(Step.w(k));
        }
        s.add(Step.p(hist(A, end(11) + 1_000, 0.0, 0, 0, 0, 0, 0, 0)));
        for (int k = 12; k <= 19; k++) {
            s.add(Step.w(k));
        }
        s.add(Step.p(hist(A, end(19) + 1_000, 2.0, 0, 1, 1, 2, 0, 0)));
        for (int k = 20; k <= 25; k++) {
            s.add(Step.w(k));
        }
        return s;
    }

    /**
     * Rolling baseline, min count per interval 5: one point per interval k = 1..10 with (count, sum,
     * below) = (10, 9.0, 1), (10, 8.0, 2), (4, 3.4, 1), (10, 7.5, 2), (10, 7.0, 3), (10, 6.0, 4),
     * (10, 6.5, 3), (10, 5.0, 5), (10, 5.5, 4), (10, 4.0, 6). Interval 3 (count 4) is below the minimum:
     * it counts in the baseline average but not in the spread of interval means.
     */
    static List<Step> rollingScenario() {
        double[] sums = {9.0, 8.0, 3.4, 7.5, 7.0, 6.0, 6.5, 5.0, 5.5, 4.0};
        long[] counts = {10, 10, 4, 10, 10, 10, 10, 10, 10, 10};
        long[] belows = {1, 2, 1, 2, 3, 4, 3, 5, 4, 6};
        List<Step> s = new ArrayList<>();
        for (int k = 1; k <= 10; k++) {
            long below = belows[k - 1];
            s.add(Step.p(hist(A, end(k - 1) + 20_000, sums[k - 1], 0, 0, below, counts[k - 1] - below, 0, 0)));
            s.add(Step.w(k));
        }
        for (int k = 11; k <= 14; k++) {
            s.add(Step.w(k));
        }
        return s;
    }

    private static List<PrometheusSample> run(ConfidenceSettings settings, List<Step> steps) throws Exception {
        try (ConfidenceHarness h = new ConfidenceHarness(settings)) {
            for (Step step : steps) {
                step.apply(h);
            }
            return h.output();
        }
    }

    @Test
    void frozenBaselineEvaluatesEveryIntervalWithDataAndPublishesTheBaselineFromFPlusP() throws Exception {
        try (ConfidenceHarness h = new ConfidenceHarness(settings(false, 1))) {
            for (Step step : frozenScenario()) {
                step.apply(h);
            }
            NavigableMap<Long, Map<String, Double>> a = byTime(h.output(), seriesLabels("clf"));

            // evaluations at every interval end while the window (T − 3 min, T] holds counted data
            assertEquals(
                    Set.of(end(1), end(2), end(3), end(4), end(5), end(6), end(7), end(8), end(20), end(21), end(22)),
                    a.keySet());

            assertCurrentOnly(a.get(end(1)), 12, 8.2, 4);
            assertCurrentOnly(a.get(end(2)), 22, 16.2, 6);
            assertCurrentOnly(a.get(end(3)), 42, 30.2, 12);
            assertCurrentOnly(a.get(end(4)), 30, 22.0, 8);

            // reference intervals 1, 2, 3, 5 (4 is empty): N = 52, S = 36.2, means 8.2/12, 0.8, 0.7, 0.6
            double[] means = {8.2 / 12, 0.8, 0.7, 0.6};
            assertWithBaseline(a.get(end(5)), 30, 20.0, 11, 52, 36.2, means);
            assertWithBaseline(a.get(end(6)), 20, 11.0, 11, 52, 36.2, means);
            assertWithBaseline(a.get(end(7)), 20, 11.0, 11, 52, 36.2, means);
            assertWithBaseline(a.get(end(8)), 10, 5.0, 6, 52, 36.2, means);
            assertWithBaseline(a.get(end(20)), 4, 2.0, 2, 52, 36.2, means);
            assertWithBaseline(a.get(end(22)), 4, 2.0, 2, 52, 36.2, means);
            // hand-computed once more, literally
            assertEquals(0.6961538461538462, a.get(end(5)).get("baseline_avg"), 1e-15);
            assertEquals(0.08207381501496758, a.get(end(5)).get("baseline_stddev"), 1e-12);
            assertEquals((36.2 / 52 - 20.0 / 30) / (36.2 / 52), a.get(end(5)).get("drift_ratio"), 1e-12); // 4.6 / 108.6

            // group B: its own F = end(3); one qualifying interval, so no stddev and no adaptive threshold
            NavigableMap<Long, Map<String, Double>> b = byTime(h.output(), seriesLabels("reg"));
            assertEquals(Set.of(end(4), end(5), end(6), end(9), end(10), end(11)), b.keySet());
            assertCurrentOnly(b.get(end(6)), 5, 4.0, 1);
            Map<String, Double> b9 = b.get(end(9));
            assertEquals(
                    Set.of("current_avg", "current_count", "low_ratio", "baseline_avg", "drift_ratio", "drift_firing"),
                    b9.keySet());
            assertCurrent(b9, 4, 3.0, 2);
            assertEquals(0.8, b9.get("baseline_avg"), 1e-15);
            assertEquals(0.0625, b9.get("drift_ratio"), 1e-15);
            assertEquals(0.0, b9.get("drift_firing"), "0.0625 is below the drift level 0.1");

            assertEquals(h.output().size(), countSamples(a) + countSamples(b), "no samples of other groups");
            assertEquals(2, h.counter("late_points"));
            assertEquals(11 + 6, h.counter("evaluations"));
        }
    }

    @Test
    void rollingBaselineUsesThePeriodBeforeTheWindowOnceThatMuchHistoryExists() throws Exception {
        NavigableMap<Long, Map<String, Double>> a =
                byTime(run(settings(true, 5), rollingScenario()), seriesLabels("clf"));

        assertEquals(12, a.size(), "evaluations end(1)..end(12): " + a.keySet());
        assertEquals(end(1), a.firstKey());
        assertEquals(end(12), a.lastKey());
        // baseline (T − 8 min, T − 3 min] needs history back to F = end(0): first at T = end(8)
        assertCurrentOnly(a.get(end(1)), 10, 9.0, 1);
        assertCurrentOnly(a.get(end(3)), 24, 20.4, 4);
        assertCurrentOnly(a.get(end(7)), 30, 19.5, 10);
        // T = end(8): baseline intervals 1..5, N = 44, S = 34.9, qualifying means 0.9, 0.8, 0.75, 0.7
        assertWithBaseline(a.get(end(8)), 30, 17.5, 12, 44, 34.9, 0.9, 0.8, 0.75, 0.7);
        assertEquals(34.9 / 44, a.get(end(8)).get("baseline_avg"), 1e-15);
        assertEquals(Math.sqrt(0.021875 / 3), a.get(end(8)).get("baseline_stddev"), 1e-12);
        // T = end(9): intervals 2..6
        assertWithBaseline(a.get(end(9)), 30, 17.0, 12, 44, 31.9, 0.8, 0.75, 0.7, 0.6);
        // T = end(10): intervals 3..7
        assertWithBaseline(a.get(end(10)), 30, 14.5, 15, 44, 30.4, 0.75, 0.7, 0.6, 0.65);
        // T = end(11): intervals 4..8; the window holds intervals 9 and 10 only
        assertWithBaseline(a.get(end(11)), 20, 9.5, 10, 50, 32.0, 0.75, 0.7, 0.6, 0.65, 0.5);
        assertWithBaseline(a.get(end(12)), 10, 4.0, 6, 50, 30.0, 0.7, 0.6, 0.65, 0.5, 0.55);
    }

    @Test
    void exponentialHistogramsGiveTheLowShareFromTheirOwnBuckets() throws Exception {
        // scale 0: bucket k holds (2^k, 2^(k+1)]; offset −3: (0.125, 0.25] ×2, (0.25, 0.5] ×3, (0.5, 1] ×5,
        // plus 1 exact zero. At 0.6: 1 + 2 + 3 + 5 · (0.6 − 0.5) / (1 − 0.5) = 7 of 11.
        MetricPoint scale0 = MetricPoint.builder(ConfidenceHarness.METRIC, MetricKind.EXPONENTIAL_HISTOGRAM)
                .temporality(Temporality.DELTA)
                .labels(A)
                .timeNanos((end(0) + 1_000) * 1_000_000L)
                .count(11)
                .sum(6.6)
                .scale(0)
                .zeroCount(1)
                .positive(-3, new long[] {2, 3, 5})
                .build();
        // scale 1: bucket k holds (2^(k/2), 2^((k+1)/2)]; offset −2: (0.5, √0.5] ×4, (√0.5, 1] ×6.
        // At 0.6: 4 · (0.6 − 0.5) / (√0.5 − 0.5).
        MetricPoint scale1 = MetricPoint.builder(ConfidenceHarness.METRIC, MetricKind.EXPONENTIAL_HISTOGRAM)
                .temporality(Temporality.DELTA)
                .labels(A)
                .timeNanos((end(1) + 1_000) * 1_000_000L)
                .count(10)
                .sum(8.0)
                .scale(1)
                .positive(-2, new long[] {4, 6})
                .build();
        List<PrometheusSample> out;
        try (ConfidenceHarness h = new ConfidenceHarness(settings(false, 1))) {
            h.point(scale0);
            h.watermark(end(1));
            h.point(scale1);
            h.watermark(end(2));
            out = h.output();
        }
        NavigableMap<Long, Map<String, Double>> a = byTime(out, seriesLabels("clf"));
        assertEquals(7.0 / 11, a.get(end(1)).get("low_ratio"), 1e-12);
        assertCurrentOnly(a.get(end(1)), 11, 6.6, 7);
        double below1 = 4 * 0.1 / (Math.sqrt(0.5) - 0.5);
        assertCurrentOnly(a.get(end(2)), 21, 14.6, 7 + below1);
    }

    @Test
    void explicitBucketsInterpolateWhenTheThresholdIsInsideABucket() throws Exception {
        // bounds 0.5, 0.7, 1.0: the threshold 0.6 is halfway through (0.5, 0.7]
        MetricPoint p = MetricPoint.builder(ConfidenceHarness.METRIC, MetricKind.HISTOGRAM)
                .temporality(Temporality.DELTA)
                .labels(A)
                .timeNanos((end(0) + 1_000) * 1_000_000L)
                .count(16)
                .sum(11.0)
                .explicitBounds(new double[] {0.5, 0.7, 1.0})
                .bucketCounts(new long[] {3, 8, 5, 0})
                .build();
        try (ConfidenceHarness h = new ConfidenceHarness(settings(false, 1))) {
            h.point(p);
            h.watermark(end(1));
            assertCurrentOnly(byTime(h.output(), seriesLabels("clf")).get(end(1)), 16, 11.0, 3 + 4);
        }
    }

    @Test
    void zeroIncrementsAloneEmitNothing() throws Exception {
        try (ConfidenceHarness h = new ConfidenceHarness(settings(false, 1))) {
            for (int k = 1; k <= 8; k++) {
                h.point(hist(A, end(k - 1) + 1_000, 0.0, 0, 0, 0, 0, 0, 0));
                h.watermark(end(k));
            }
            h.watermarks(9, 12);
            assertEquals(List.of(), h.output());
            assertEquals(0, h.counter("evaluations"));
        }
    }

    /**
     * F is the start of the first interval with data: intervals that only report zero increments (a
     * deployed model version without traffic yet) do not start the reference period.
     */
    @Test
    void intervalsWithZeroIncrementsDoNotStartTheFrozenReferencePeriod() throws Exception {
        try (ConfidenceHarness h = new ConfidenceHarness(settings(false, 1))) {
            for (int k = 1; k <= 2; k++) {
                h.point(hist(A, end(k - 1) + 1_000, 0.0, 0, 0, 0, 0, 0, 0));
                h.watermark(end(k));
            }
            // data in intervals 3..9, mean 0.7 each: F = end(2), reference intervals 3..7
            for (int k = 3; k <= 9; k++) {
                h.point(hist(A, end(k - 1) + 1_000, 7.0, 0, 0, 3, 7, 0, 0));
                h.watermark(end(k));
            }
            NavigableMap<Long, Map<String, Double>> a = byTime(h.output(), seriesLabels("clf"));
            assertEquals(end(3), a.firstKey());
            assertCurrentOnly(a.get(end(5)), 30, 21.0, 9);
            assertCurrentOnly(a.get(end(6)), 30, 21.0, 9);
            assertWithBaseline(a.get(end(7)), 30, 21.0, 9, 50, 35.0, 0.7, 0.7, 0.7, 0.7, 0.7);
        }
    }

    /** Points the aggregation cannot use (no sum, no bounds, infinite bound) are counted, never fatal. */
    @Test
    void unusablePointsAreCountedAndSkippedWithoutFailingTheOperator() throws Exception {
        MetricPoint noSum = hist(A, end(0) + 1_000, Double.NaN, 0, 0, 1, 1, 0, 0);
        MetricPoint countOnly = MetricPoint.builder(ConfidenceHarness.METRIC, MetricKind.HISTOGRAM)
                .temporality(Temporality.DELTA)
                .labels(A)
                .timeNanos((end(0) + 2_000) * 1_000_000L)
                .count(5)
                .sum(3.0)
                .bucketCounts(new long[] {5})
                .build();
        MetricPoint infiniteBound = MetricPoint.builder(ConfidenceHarness.METRIC, MetricKind.HISTOGRAM)
                .temporality(Temporality.DELTA)
                .labels(A)
                .timeNanos((end(0) + 3_000) * 1_000_000L)
                .count(2)
                .sum(1.0)
                .explicitBounds(new double[] {0.5, Double.POSITIVE_INFINITY})
                .bucketCounts(new long[] {1, 1, 0})
                .build();
        try (ConfidenceHarness h = new ConfidenceHarness(settings(false, 1))) {
            h.point(noSum);
            h.point(countOnly);
            h.point(infiniteBound);
            h.point(hist(A, end(0) + 4_000, 8.0, 0, 0, 2, 8, 0, 0));
            h.watermark(end(1));
            assertCurrentOnly(byTime(h.output(), seriesLabels("clf")).get(end(1)), 10, 8.0, 2);
            assertEquals(3, h.counter("unusable_points"));
        }
    }

    /** A snapshot taken mid-stream and restored into a new operator continues exactly where it stopped. */
    @Test
    void snapshotAndRestoreMidStreamGivesTheSameOutputAsAnUninterruptedRun() throws Exception {
        assertRestoreTransparent(settings(false, 1), frozenScenario(), 4); // after end(1): pending k5 buffered
        assertRestoreTransparent(settings(false, 1), frozenScenario(), 9); // between two late points
        assertRestoreTransparent(settings(false, 1), frozenScenario(), 16); // baseline frozen, timers pending
        assertRestoreTransparent(settings(true, 5), rollingScenario(), 13); // rolling, ring partly filled
    }

    private static void assertRestoreTransparent(ConfidenceSettings settings, List<Step> steps, int cut)
            throws Exception {
        List<PrometheusSample> uninterrupted = run(settings, steps);
        List<PrometheusSample> resumed = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (ConfidenceHarness before = new ConfidenceHarness(settings)) {
            for (Step step : steps.subList(0, cut)) {
                step.apply(before);
            }
            snapshot = before.harness.snapshot(1L, end(30));
            resumed.addAll(before.output());
        }
        try (ConfidenceHarness after = new ConfidenceHarness(settings, snapshot)) {
            for (Step step : steps.subList(cut, steps.size())) {
                step.apply(after);
            }
            resumed.addAll(after.output());
        }
        assertTrue(uninterrupted.size() > 30, "a scenario that says something: " + uninterrupted.size());
        assertEquals(uninterrupted, resumed, "output with a restore after step " + cut);
    }

    private static int countSamples(NavigableMap<Long, Map<String, Double>> byTime) {
        return byTime.values().stream().mapToInt(Map::size).sum();
    }
}
