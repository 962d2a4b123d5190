package io.driftwatch.drift.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.distance.Wasserstein;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.ks.KsResult;
import io.driftwatch.drift.psi.Psi;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Same multiset, same summary: any arrival order and any merge tree give identical bytes and identical
 * scores, also once the bins of the smallest magnitudes collapsed (a range wider than the bin cap).
 */
class NumericSummaryDeterminismTest {

    private record Weighted(double value, long weight) {}

    private static List<Weighted> sample(Random random, int n, boolean wideRange) {
        List<Weighted> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double v = wideRange
                    ? (random.nextBoolean() ? 1 : -1) * Math.pow(10, random.nextDouble() * 40 - 20)
                    : switch (i % 3) {
                        case 0 -> random.nextGaussian() * 5;
                        case 1 -> random.nextInt(4);
                        default -> -Math.exp(random.nextGaussian());
                    };
            out.add(new Weighted(v, 1 + random.nextInt(4)));
        }
        return out;
    }

    /** The summary of {@code values} built from {@code parts} random pieces merged in a random tree. */
    private static NumericSummary build(List<Weighted> values, Random random, int parts) {
        List<Weighted> shuffled = new ArrayList<>(values);
        Collections.shuffle(shuffled, random);
        List<NumericSummary> pieces = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            pieces.add(NumericSummary.create());
        }
        for (Weighted w : shuffled) {
            pieces.get(random.nextInt(parts)).update(w.value(), w.weight());
        }
        while (pieces.size() > 1) {
            NumericSummary a = pieces.remove(random.nextInt(pieces.size()));
            NumericSummary b = pieces.remove(random.nextInt(pieces.size()));
            a.merge(b);
            pieces.add(a);
        }
        return pieces.get(0);
    }

    @Test
    void shuffledOrdersAndMergeTreesGiveIdenticalBytesAndScores() {
        Random random = new Random(1);
        List<Weighted> baseline = sample(random, 30_000, false);
        List<Weighted> current = sample(random, 20_000, false);
        byte[] b0 = build(baseline, random, 1).toBytes();
        byte[] c0 = build(current, random, 1).toBytes();
        List<Double> scores0 = scores(b0, c0);
        for (int trial = 0; trial < 12; trial++) {
            byte[] b = build(baseline, random, 1 + random.nextInt(8)).toBytes();
            byte[] c = build(current, random, 1 + random.nextInt(8)).toBytes();
            assertArrayEquals(b0, b, "baseline, trial " + trial);
            assertArrayEquals(c0, c, "current, trial " + trial);
            assertEquals(scores0, scores(b, c), "scores, trial " + trial);
        }
    }

    @Test
    void collapsedSummariesAreOrderIndependentAndReportTheCollapsedMass() {
        Random random = new Random(2);
        List<Weighted> values = sample(random, 40_000, true);
        NumericSummary first = build(values, random, 1);
        assertTrue(first.rankError() > 0, "40 decades exceed the bin cap: " + first.rankError());
        for (int trial = 0; trial < 12; trial++) {
            assertArrayEquals(
                    first.toBytes(),
                    build(values, random, 1 + random.nextInt(16)).toBytes());
        }
        // The collapsed CDF is within rankError of the rounded values' CDF.
        TreeMap<Double, Long> exact = new TreeMap<>();
        long total = 0;
        for (Weighted w : values) {
            exact.merge(NumericSummaryTest.rounded(w.value()), w.weight(), Long::sum);
            total += w.weight();
        }
        double worst = 0;
        long below = 0;
        for (var e : exact.entrySet()) {
            below += e.getValue();
            worst = Math.max(worst, Math.abs(below / (double) total - first.cdf(e.getKey())));
        }
        assertTrue(worst > 0 && worst <= first.rankError(), "worst " + worst + ", bound " + first.rankError());
    }

    /** PSI, KS D and p-value, JS and W1 of two summaries, as the job scores them. */
    private static List<Double> scores(byte[] baseline, byte[] current) {
        NumericSummary b = NumericSummary.fromBytes(baseline);
        NumericSummary c = NumericSummary.fromBytes(current);
        KsResult ks = KolmogorovSmirnov.test(b, c);
        return List.of(
                Psi.compute(b, c),
                ks.statistic(),
                ks.pValue(),
                JensenShannon.compute(b, c, Psi.DEFAULT_BINS, Psi.Binning.QUANTILE),
                Wasserstein.distance(b, c));
    }
}
