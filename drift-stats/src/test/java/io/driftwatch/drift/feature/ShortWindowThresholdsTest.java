package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

/**
 * The short window's PSI and JS thresholds as {@link FeatureComparison} derives them from the summaries: k the
 * bins or categories holding values on either side, p_min the rarest baseline share, compared with the
 * closed form (1/n + 1/m)·χ²⁻¹_{k−1}(1 − α) computed here with commons-math.
 */
class ShortWindowThresholdsTest {

    private static final double ALPHA = 1e-6;
    /** Floors low enough that the noise term decides. */
    private static final DriftPolicy SHORT = DriftPolicy.builder()
            .psiThreshold(0.001)
            .jsThreshold(0.001)
            .shortWindowAlpha(ALPHA)
            .build()
            .forShortWindow();

    private static double noise(long n, long m, int k) {
        return (1.0 / n + 1.0 / m) * new ChiSquaredDistribution(null, k - 1).inverseCumulativeProbability(1 - ALPHA);
    }

    private static MethodScore score(List<MethodScore> scores, Method method) {
        return scores.stream().filter(s -> s.method() == method).findFirst().orElseThrow();
    }

    /** {@code times} observations of {@code category}: the tests count observations, not weight. */
    private static void add(FeatureSummary s, String category, long times) {
        for (long i = 0; i < times; i++) {
            s.add(category, 1);
        }
    }

    @Test
    void categoricalCountsTheCategoriesOfBothSides() {
        FeatureSummary b = FeatureSummary.categorical(10);
        add(b, "a", 600);
        add(b, "b", 300);
        add(b, "c", 100);
        FeatureSummary c = FeatureSummary.categorical(10);
        add(c, "a", 100);
        add(c, "b", 60);
        add(c, "d", 40); // new: k = 4 (a, b, c, d)
        List<MethodScore> scores = FeatureComparison.compare(b, c, SHORT);
        double expected = noise(1000, 200, 4);
        assertEquals(expected, score(scores, Method.PSI).threshold(), 1e-12);
        assertEquals(
                Math.sqrt(expected / (8 * Math.log(2))),
                score(scores, Method.JS).threshold(),
                1e-12);
    }

    @Test
    void categoricalDecidesOnlyWhileTheRarestCategoryIsExpectedOften() {
        FeatureSummary b = FeatureSummary.categorical(10);
        add(b, "a", 900);
        add(b, "b", 100); // p_min = 0.1: needs m >= -ln(1e-6) / 0.1 = 138.2
        for (long m : new long[] {138, 139}) {
            FeatureSummary c = FeatureSummary.categorical(10);
            add(c, "a", m);
            double psi =
                    score(FeatureComparison.compare(b, c, SHORT), Method.PSI).threshold();
            assertEquals(m == 138 ? Double.POSITIVE_INFINITY : noise(1000, m, 2), psi, 1e-12, "m = " + m);
        }
    }

    @Test
    void numericCountsTheOccupiedQuantileBins() {
        FeatureSummary b = FeatureSummary.numeric(0.001);
        FeatureSummary c = FeatureSummary.numeric(0.001);
        for (int i = 1; i <= 1000; i++) {
            b.add(i, 1);
            c.add(i, 1);
        }
        // ten quantile bins of 1..1000, every one holding values on both sides
        List<MethodScore> scores = FeatureComparison.compare(b, c, SHORT);
        assertEquals(noise(1000, 1000, 10), score(scores, Method.PSI).threshold(), 1e-12);
        // a current window in the lowest tenth only: still ten bins held (by the baseline)
        FeatureSummary low = FeatureSummary.numeric(0.001);
        for (int i = 1; i <= 200; i++) {
            low.add(1 + (i % 100), 1);
        }
        assertEquals(
                noise(1000, 200, 10),
                score(FeatureComparison.compare(b, low, SHORT), Method.PSI).threshold(),
                1e-12);
    }
}
