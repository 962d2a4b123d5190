package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.drift.feature.FeatureComparison.Transition;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureComparisonTest {

    private static final DriftPolicy POLICY =
            DriftPolicy.builder().ksAlpha(0.001).build();

    @Test
    void histogramScoresFromHandComputedBucketProportions() {
        double[] bounds = {0, 1, 2};
        FeatureSummary b = FeatureSummary.buckets(bounds);
        b.add(bounds, new long[] {250, 250, 250, 250});
        FeatureSummary c = FeatureSummary.buckets(bounds);
        c.add(bounds, new long[] {100, 300, 300, 300});
        List<MethodScore> scores = FeatureComparison.compare(b, c, POLICY);
        // proportions b = .25 each; c = .1, .3, .3, .3
        double psi = (0.1 - 0.25) * Math.log(0.1 / 0.25) + 3 * (0.3 - 0.25) * Math.log(0.3 / 0.25);
        assertEquals(psi, score(scores, Method.PSI).score(), 1e-12);
        // CDFs at the bounds: .25/.5/.75 vs .1/.4/.7 → D = .15
        MethodScore ks = score(scores, Method.KS);
        assertEquals(0.15, ks.score(), 1e-12);
        double z = Math.sqrt(1000.0 * 1000 / 2000) * 0.15;
        assertEquals(kolmogorovTail(z), ks.pValue(), 1e-9);
        // histogram CDFs are exact: no sketch allowance, c(0.001) * sqrt(2/1000) = 0.087 > 0.05
        assertEquals(Math.sqrt(-Math.log(0.0005) / 2) * Math.sqrt(2 / 1000.0), ks.threshold(), 1e-12);
    }

    /** P(K > z) = 2 Σ (−1)^(k−1) exp(−2k²z²), computed here independently of the library. */
    private static double kolmogorovTail(double z) {
        double sum = 0;
        for (int k = 1; k < 100; k++) {
            sum += (k % 2 == 1 ? 1 : -1) * Math.exp(-2.0 * k * k * z * z);
        }
        return 2 * sum;
    }

    @Test
    void identicalNumericSamplesScoreZero() {
        FeatureSummary b = FeatureSummary.numeric(0.001);
        FeatureSummary c = FeatureSummary.numeric(0.001);
        Random r = new Random(7);
        for (int i = 0; i < 100; i++) {
            double v = r.nextGaussian();
            b.add(v, 1);
            c.add(v, 1);
        }
        List<MethodScore> scores = FeatureComparison.compare(b, c, POLICY);
        for (MethodScore s : scores) {
            assertEquals(0.0, s.score(), 1e-12, s.method().label());
        }
        assertEquals(1.0, score(scores, Method.KS).pValue(), 1e-12);
    }

    @Test
    void categoricalScoresIncludeChiSquareWithAPValue() {
        FeatureSummary b = FeatureSummary.categorical(10);
        FeatureSummary c = FeatureSummary.categorical(10);
        b.add("a", 50);
        b.add("b", 50);
        c.add("a", 50);
        c.add("b", 50);
        List<MethodScore> scores = FeatureComparison.compare(b, c, POLICY);
        assertEquals(
                List.of(Method.PSI, Method.JS, Method.CHI2),
                scores.stream().map(MethodScore::method).toList());
        assertEquals(0.0, score(scores, Method.PSI).score(), 1e-12);
        assertEquals(1.0, score(scores, Method.CHI2).pValue(), 1e-12);
    }

    @Test
    void refusesEmptyOrIncomparableSummaries() {
        FeatureSummary b = FeatureSummary.buckets(new double[] {0});
        b.add(new double[] {0}, new long[] {1, 1});
        FeatureSummary other = FeatureSummary.buckets(new double[] {1});
        other.add(new double[] {1}, new long[] {1, 1});
        assertThrows(IllegalArgumentException.class, () -> FeatureComparison.compare(b, other, POLICY));
        assertThrows(
                IllegalArgumentException.class,
                () -> FeatureComparison.compare(b, FeatureSummary.buckets(new double[] {0}), POLICY));
    }

    @Test
    void hysteresisFiresAtTheThresholdAndResolvesBelowTheResolveLevel() {
        MethodScore at = new MethodScore(Method.PSI, 0.25, Double.NaN, 0.25);
        MethodScore between = new MethodScore(Method.PSI, 0.21, Double.NaN, 0.25);
        MethodScore below = new MethodScore(Method.PSI, 0.199, Double.NaN, 0.25);
        assertEquals(Transition.FIRE, FeatureComparison.transition(false, at, 5000, 5000, POLICY));
        assertEquals(Transition.NONE, FeatureComparison.transition(false, between, 5000, 5000, POLICY));
        assertEquals(Transition.NONE, FeatureComparison.transition(true, between, 5000, 5000, POLICY));
        assertEquals(Transition.RESOLVE, FeatureComparison.transition(true, below, 5000, 5000, POLICY));
        // too few samples in either window: the state holds
        assertEquals(Transition.NONE, FeatureComparison.transition(false, at, 5000, 999, POLICY));
        assertEquals(Transition.NONE, FeatureComparison.transition(true, below, 999, 5000, POLICY));
    }

    @Test
    void ksThresholdIsTheLargerOfTheMinimumDAndTheSketchAwareCriticalValue() {
        double c = Math.sqrt(-Math.log(0.001 / 2) / 2);
        assertEquals(0.05, POLICY.ksThreshold(1_000_000, 1_000_000, 0.001, 0.001), 1e-15);
        assertEquals(c * Math.sqrt(2 / 100.0) + 0.02, POLICY.ksThreshold(100, 100, 0.01, 0.01), 1e-12);
        assertEquals(Method.PSI, POLICY.alertMethod(FeatureSummary.Kind.CATEGORICAL));
        assertEquals(Method.KS, POLICY.alertMethod(FeatureSummary.Kind.BUCKETED));
        assertThrows(
                IllegalArgumentException.class, () -> DriftPolicy.builder().numericAlertMethod(Method.WASSERSTEIN));
    }

    private static MethodScore score(List<MethodScore> scores, Method m) {
        return scores.stream().filter(s -> s.method() == m).findFirst().orElseThrow();
    }
}
