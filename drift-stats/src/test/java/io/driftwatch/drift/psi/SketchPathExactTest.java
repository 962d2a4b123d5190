package io.driftwatch.drift.psi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.ks.KsResult;
import io.driftwatch.drift.sketch.NumericSummary;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/**
 * The sketch path's bins, proportions, PSI, KS D, p-value and threshold on summaries small enough to hold
 * every value: baseline 1, 2, 3, 4 with weights 1, 2, 3, 4 and current with weights 4, 3, 2, 1 (n = m =
 * 10), compared with values worked out by hand on the rounded values r(1) &lt; r(2) &lt; r(3) &lt; r(4).
 */
class SketchPathExactTest {

    private static final NumericSummary BASELINE = weighted(1, 2, 3, 4);
    private static final NumericSummary CURRENT = weighted(4, 3, 2, 1);

    /** Values 1..4 with the given weights. */
    private static NumericSummary weighted(long... weights) {
        NumericSummary s = NumericSummary.create();
        for (int i = 0; i < weights.length; i++) {
            s.update(i + 1, weights[i]);
        }
        return s;
    }

    private static double r(double v) {
        return NumericSummary.of(v).quantile(0.5);
    }

    @Test
    void typeSevenEdgesAreTheOrderStatisticsAtFloorH() {
        // sorted baseline 1,2,2,3,3,3,4,4,4,4; h = 9k/4 = 2.25, 4.5, 6.75 -> x(2) = 2, x(4) = 3, x(6) = 4
        assertArrayEquals(
                new double[] {r(2), r(3), r(4)}, Bins.quantiles(BASELINE, 4).edges());
        // 1..10 unweighted, B = 4: h = 2.25, 4.5, 6.75 -> 3, 5, 7
        NumericSummary tens = NumericSummary.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertArrayEquals(
                new double[] {r(3), r(5), r(7)}, Bins.quantiles(tens, 4).edges());
        // B = 3: h = 3, 6 -> x(3) = 4, x(6) = 7 (an integral h takes that order statistic itself)
        assertArrayEquals(new double[] {r(4), r(7)}, Bins.quantiles(tens, 3).edges());
        assertEquals(r(1), Bins.type7Estimate(tens, 0, 5));
        assertEquals(r(10), Bins.type7Estimate(tens, 5, 5));
        assertEquals(r(5), Bins.type7Estimate(tens, 1, 2), "h = 4.5");
        assertEquals(r(5), Bins.type7Estimate(tens, 52, 104), "j/g and (j·c)/(g·c) agree");
        assertEquals(1, Bins.quantiles(tens, 1).size());
        assertThrows(IllegalArgumentException.class, () -> Bins.quantiles(tens, 0));
        assertThrows(IllegalArgumentException.class, () -> Bins.quantiles(NumericSummary.create(), 4));
    }

    @Test
    void proportionsAreDifferencesOfTheInclusiveCdfAtTheEdges() {
        Bins bins = Bins.quantiles(BASELINE, 4);
        assertArrayEquals(new double[] {0.3, 0.3, 0.4, 0.0}, bins.proportions(BASELINE), 1e-15);
        assertArrayEquals(new double[] {0.7, 0.2, 0.1, 0.0}, bins.proportions(CURRENT), 1e-15);
        // an edge below every value and one above: empty outer bins, and duplicate CDF values give 0
        Bins outer = Bins.ofEdges(0.0, r(2), 100.0);
        assertArrayEquals(new double[] {0.0, 0.3, 0.7, 0.0}, outer.proportions(BASELINE), 1e-15);
        assertArrayEquals(new double[] {1.0}, Bins.ofEdges().proportions(BASELINE));
        assertThrows(IllegalArgumentException.class, () -> bins.proportions(NumericSummary.create()));
    }

    @Test
    void sketchPsiIsTheHandComputedPsiOfTheRoundedValues() {
        double expected = (0.7 - 0.3) * Math.log(0.7 / 0.3)
                + (0.2 - 0.3) * Math.log(0.2 / 0.3)
                + (0.1 - 0.4) * Math.log(0.1 / 0.4); // the empty last bin is 1e-4 in both
        assertEquals(expected, Psi.compute(BASELINE, CURRENT, 4, Psi.Binning.QUANTILE), 1e-12);
        // equal width between the exact min 1 and max 4: edges 1.75, 2.5, 3.25, one value in each bin
        assertArrayEquals(
                new double[] {1.75, 2.5, 3.25}, Bins.equalWidth(BASELINE, 4).edges());
        double equalWidth = (0.4 - 0.1) * Math.log(0.4 / 0.1)
                + (0.3 - 0.2) * Math.log(0.3 / 0.2)
                + (0.2 - 0.3) * Math.log(0.2 / 0.3)
                + (0.1 - 0.4) * Math.log(0.1 / 0.4);
        assertEquals(equalWidth, Psi.compute(BASELINE, CURRENT, 4, Psi.Binning.EQUAL_WIDTH), 1e-12);
        assertEquals(0.0, Psi.compute(BASELINE, weighted(2, 4, 6, 8)));
        // default 10 bins on 1..10 against 1..10 shifted by 10: every value leaves its bin
        NumericSummary tens = NumericSummary.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        NumericSummary shifted = NumericSummary.of(11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
        // edges x(⌊0.9k⌋): 1,2,3,4,5,6,7,8,9 -> bins hold 1 value each (0.1), shifted: all in the last
        double disjoint = 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + (1.0 - 0.1) * Math.log(1.0 / 0.1);
        assertEquals(disjoint, Psi.compute(tens, shifted), 1e-12);
    }

    @Test
    void sketchKsIsTheHandComputedStatisticWithTheAsymptoticPValue() {
        // CDFs at r(1..4): baseline .1 .3 .6 1, current .4 .7 .9 1
        assertEquals(0.4, KolmogorovSmirnov.statistic(BASELINE, CURRENT), 1e-15);
        assertEquals(0.4, KolmogorovSmirnov.statistic(CURRENT, BASELINE), 1e-15);
        KsResult result = KolmogorovSmirnov.test(BASELINE, CURRENT);
        assertEquals(10, result.n());
        assertEquals(10, result.m());
        assertEquals(KsResult.PValueMethod.ASYMPTOTIC, result.method());
        double p = new KolmogorovSmirnovTest().approximateP(result.statistic(), 10, 10);
        assertEquals(p, result.pValue(), 1e-15);
        assertTrue(p > 0.2 && p < 0.6, "p = " + p);
        // the statistic is attained where only the current sample has a value
        NumericSummary low = NumericSummary.of(1, 1, 2);
        NumericSummary high = NumericSummary.of(3);
        assertEquals(1.0, KolmogorovSmirnov.statistic(low, high));
        assertEquals(1.0 / 3, KolmogorovSmirnov.statistic(low, NumericSummary.of(1, 2, 2)), 1e-15);
        assertEquals(0.0, KolmogorovSmirnov.statistic(BASELINE, weighted(2, 4, 6, 8)));
    }

    @Test
    void asymptoticPAcceptsSizesFromOneAndMatchesCommonsMath() {
        KolmogorovSmirnovTest commons = new KolmogorovSmirnovTest();
        assertEquals(commons.approximateP(0.5, 1, 1), KolmogorovSmirnov.asymptoticP(0.5, 1, 1), 1e-15);
        assertEquals(commons.approximateP(0.3, 40, 7), KolmogorovSmirnov.asymptoticP(0.3, 40, 7), 1e-15);
        assertEquals(1.0, KolmogorovSmirnov.asymptoticP(0.0, 5, 5));
        assertEquals(0.0, KolmogorovSmirnov.asymptoticP(1.0, 100_000, 100_000));
        assertThrows(IllegalArgumentException.class, () -> KolmogorovSmirnov.asymptoticP(0.5, 0, 5));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> KolmogorovSmirnov.asymptoticP(0.5, 5, 0));
        assertEquals("sample sizes must be >= 1, got 5, 0", e.getMessage());
    }

    @Test
    void thresholdIsCAlphaTimesTheSizeFactorPlusBothRankErrors() {
        double c = Math.sqrt(-Math.log(0.05 / 2) / 2);
        assertEquals(c * Math.sqrt(20.0 / 100), KolmogorovSmirnov.sketchThreshold(BASELINE, CURRENT, 0.05), 1e-15);
        NumericSummary three = NumericSummary.of(1, 2, 3);
        assertEquals(
                Math.sqrt(-Math.log(0.01 / 2) / 2) * Math.sqrt(13.0 / 30),
                KolmogorovSmirnov.sketchThreshold(BASELINE, three, 0.01),
                1e-15);
        assertTrue(
                KolmogorovSmirnov.statistic(BASELINE, CURRENT)
                        < KolmogorovSmirnov.sketchThreshold(BASELINE, CURRENT, 0.05),
                "0.4 < 0.607");
        NumericSummary tens = NumericSummary.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        NumericSummary shifted = NumericSummary.of(11, 12, 13, 14, 15, 16, 17, 18, 19, 20);
        assertTrue(
                KolmogorovSmirnov.statistic(tens, shifted) > KolmogorovSmirnov.sketchThreshold(tens, shifted, 0.05),
                "1 > 0.607");
        for (double alpha : new double[] {0.0, 1.0, -0.1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> KolmogorovSmirnov.sketchThreshold(tens, shifted, alpha));
            assertEquals("alpha must be in (0, 1), got " + alpha, e.getMessage());
        }
        assertThrows(
                IllegalArgumentException.class,
                () -> KolmogorovSmirnov.sketchThreshold(NumericSummary.create(), tens, 0.05));
        assertThrows(
                IllegalArgumentException.class,
                () -> KolmogorovSmirnov.sketchThreshold(tens, NumericSummary.create(), 0.05));
    }
}
