package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.psi.Psi;
import io.driftwatch.drift.sketch.CategoricalSummary;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The short window's sample-size-aware thresholds, against closed forms and a simulation. */
class ShortWindowPolicyTest {

    static final DriftPolicy SHORT = DriftPolicy.defaults().forShortWindow();

    @Test
    void theShortPolicyKeepsEverythingButAlphaMinimumAndTheSampleSizeAwareThresholds() {
        DriftPolicy d = DriftPolicy.builder().shortWindowAlpha(1e-4).build();
        DriftPolicy s = d.forShortWindow();
        assertEquals(1e-4, s.ksAlpha());
        assertEquals(DriftPolicy.SHORT_WINDOW_MIN_SAMPLES, s.minSamples());
        assertTrue(s.sampleSizeAware());
        assertEquals(d.ksMinD(), s.ksMinD());
        assertEquals(d.resolveRatio(), s.resolveRatio());
        assertEquals(d.bins(), s.bins());
        // the current window's policy is unchanged: fixed PSI and JS thresholds
        assertEquals(0.25, d.psiThreshold(10, 10, 5, 0.01));
        assertEquals(0.1, d.jsThreshold(10, 10, 5, 0.01));
    }

    @Test
    void ksThresholdIsTheKolmogorovCriticalValueAtTheShortAlpha() {
        // c(α) = √(−ln(α/2)/2) at α = 1e-6: √(ln(2e6)/2), by hand 2.6949...
        double c = Math.sqrt(Math.log(2e6) / 2);
        assertEquals(2.69339, c, 1e-5);
        assertEquals(c * Math.sqrt(1.0 / 40 + 1.0 / 28_800), SHORT.ksThreshold(28_800, 40, 0, 0), 1e-12);
        // large windows: the floor ks-min-d
        assertEquals(0.05, SHORT.ksThreshold(10_000_000, 10_000_000, 0, 0));
    }

    @Test
    void psiAndJsThresholdsFollowTheChiSquareQuantile() {
        // two degrees of freedom: χ²⁻¹_2(1 − α) = −2 ln α in closed form
        double q2 = -2 * Math.log(1e-6);
        double psi = (1.0 / 28_800 + 1.0 / 40) * q2;
        assertEquals(psi, SHORT.psiThreshold(28_800, 40, 3, 0.4), 1e-9 * psi);
        assertEquals(Math.sqrt(psi / (8 * Math.log(2))), SHORT.jsThreshold(28_800, 40, 3, 0.4), 1e-9);
        // many observations: the configured thresholds
        assertEquals(0.25, SHORT.psiThreshold(1_000_000, 1_000_000, 3, 0.1));
        assertEquals(0.1, SHORT.jsThreshold(1_000_000, 1_000_000, 3, 0.1));
        // one degree of freedom: χ²⁻¹_1(1 − α) = z(1 − α/2)², z(1 − 5e-7) = 4.89164 (tables)
        assertEquals((2.0 / 100) * 4.89164 * 4.89164, SHORT.psiThreshold(100, 100, 2, 0.5), 1e-4);
        assertEquals(0.25, SHORT.psiThreshold(100, 100, 1, 1.0), "one bin: the configured threshold");
    }

    /**
     * The rarest bin must be expected at least −ln α_s times (13.8 at 10⁻⁶), so that it is empty by chance
     * with probability at most α_s: a 10 % category needs 139 values, below that no PSI/JS decision.
     */
    @Test
    void noPsiOrJsDecisionWhileTheRarestBinMayBeEmptyByChance() {
        assertEquals(Double.POSITIVE_INFINITY, SHORT.psiThreshold(28_800, 138, 3, 0.1));
        assertEquals(Double.POSITIVE_INFINITY, SHORT.jsThreshold(28_800, 138, 3, 0.1));
        assertTrue(Double.isFinite(SHORT.psiThreshold(28_800, 139, 3, 0.1)));
        assertTrue(Double.isFinite(SHORT.jsThreshold(28_800, 139, 3, 0.1)));
        // by hand: 48 values, shares .6/.3/.1 (the demo's channel): P(no api) = 0.9^48 = 0.0064, far above 1e-6
        assertTrue(Math.pow(0.9, 48) > 1e-3);
        assertEquals(Double.POSITIVE_INFINITY, SHORT.psiThreshold(34_560, 48, 3, 0.1));
    }

    /**
     * Under no drift, the categorical PSI of a 4-category feature between a large baseline and 200-value
     * windows exceeds the rule's threshold at α = 0.01 about 1 % of the time (seeded simulation, 20,000 windows).
     */
    @Test
    void theFalseAlarmRateUnderNoDriftIsAboutAlpha() {
        double alpha = 0.01;
        DriftPolicy p = DriftPolicy.builder()
                .psiThreshold(1e-9)
                .shortWindowAlpha(alpha)
                .build()
                .forShortWindow();
        double[] shares = {0.4, 0.3, 0.2, 0.1};
        String[] names = {"DE", "FR", "IT", "ES"};
        SplittableRandom random = new SplittableRandom(42);
        CategoricalSummary baseline = CategoricalSummary.create();
        for (int i = 0; i < shares.length; i++) {
            baseline.update(names[i], Math.round(shares[i] * 1_000_000));
        }
        int trials = 20_000;
        int fired = 0;
        for (int t = 0; t < trials; t++) {
            CategoricalSummary current = CategoricalSummary.create();
            for (int v = 0; v < 200; v++) {
                double u = random.nextDouble();
                int c = 0;
                while (c < shares.length - 1 && u >= shares[c]) {
                    u -= shares[c];
                    c++;
                }
                current.update(names[c]);
            }
            double psi = Psi.categorical(baseline, current, 0.0);
            if (psi >= p.psiThreshold(1_000_000, 200, 4, 0.1)) {
                fired++;
            }
        }
        double rate = fired / (double) trials;
        System.out.printf("SHORT psi false-alarm rate at alpha %.3f: %.4f%n", alpha, rate);
        assertTrue(rate >= 0.5 * alpha && rate <= 2 * alpha, "rate " + rate);
    }
}
