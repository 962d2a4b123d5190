package io.driftwatch.drift.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.alert.ScaleVerdict;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShortWindowRuleTest {

    /** Baseline: mean 0.85, one interval's mean spreads by 0.004, 480 inferences per interval. */
    private static final BaselineReference BASELINE = new BaselineReference(0.85, 0.004, 480L * 720, 720);

    private static ConfidenceEvaluation at(long n, double mean) {
        return ConfidenceEvaluation.evaluate(SlotAggregate.of(n, mean * n, 0), BASELINE, 3);
    }

    @Test
    void criticalValuesAreTheNormalQuantiles() {
        // Φ⁻¹(1 − α/2), from tables: 1.959964 (α = 0.05), 2.575829 (0.01), 4.417173 (1e-5)
        assertEquals(1.959964, new ShortWindowRule(0.1, 0.05, 0.8, 1).zCritical(), 1e-6);
        assertEquals(2.575829, new ShortWindowRule(0.1, 0.01, 0.8, 1).zCritical(), 1e-6);
        assertEquals(4.417173, new ShortWindowRule(0.1, 1e-5, 0.8, 1).zCritical(), 1e-6);
    }

    @Test
    void standardErrorIsTheIntervalSpreadScaledByWindowLengthOrTraffic() {
        // one interval at usual traffic: σ itself
        assertEquals(0.004, ShortWindowRule.standardError(at(480, 0.85), 1), 1e-15);
        // four intervals at usual traffic (1,920): σ / 2
        assertEquals(0.002, ShortWindowRule.standardError(at(1920, 0.85), 4), 1e-15);
        // one quiet interval (120 inferences, a quarter of usual): σ · sqrt(480 / 120) = 2σ
        assertEquals(0.008, ShortWindowRule.standardError(at(120, 0.85), 1), 1e-15);
        // four intervals but only 480 inferences: the traffic term wins, σ · 1
        assertEquals(0.004, ShortWindowRule.standardError(at(480, 0.85), 4), 1e-15);
    }

    @Test
    void fireLevelIsTheFloorOrTheSignificantDeviationWhicheverIsLarger() {
        ShortWindowRule rule = new ShortWindowRule(0.1, 1e-5, 0.8, 100);
        // usual traffic: z · σ / μ = 4.417173 · 0.004 / 0.85 = 0.020787 < floor 0.1
        assertEquals(0.1, rule.fireLevel(at(480, 0.85), 1), 1e-12);
        // 100 inferences: σ · sqrt(4.8) = 0.0087636, z · SE / μ = 0.045541, still the floor
        assertEquals(0.1, rule.fireLevel(at(100, 0.85), 1), 1e-12);
        // 10 inferences (the level is defined; the verdict would need 100): σ · sqrt(48), level 0.143967
        assertEquals(4.417173 * 0.004 * Math.sqrt(48) / 0.85, rule.fireLevel(at(10, 0.85), 1), 1e-6);
        // a noisy baseline (σ = 0.05): 4.417173 · 0.05 / 0.85 = 0.259834 > floor
        ConfidenceEvaluation noisy = ConfidenceEvaluation.evaluate(
                SlotAggregate.of(480, 0.7 * 480, 0), new BaselineReference(0.85, 0.05, 480L * 720, 720), 3);
        assertEquals(4.417173 * 0.05 / 0.85, rule.fireLevel(noisy, 1), 1e-6);
        // ratio 0.1765 would fire on the floor alone; here it is not even above the resolve level 0.8 · 0.2598
        assertEquals(ScaleVerdict.RESOLVE, rule.verdict(noisy, 1));
    }

    @Test
    void verdictsOfTheDemoDrop() {
        ShortWindowRule rule = new ShortWindowRule(0.1, 1e-5, 0.8, 100);
        assertEquals(ScaleVerdict.FIRE, rule.verdict(at(480, 0.70), 1)); // ratio 0.176 > 0.1
        assertEquals(ScaleVerdict.HOLD, rule.verdict(at(480, 0.77), 1)); // 0.094: between 0.08 and 0.1
        assertEquals(ScaleVerdict.RESOLVE, rule.verdict(at(480, 0.84), 1)); // 0.012 < 0.08
        assertEquals(ScaleVerdict.NONE, rule.verdict(at(99, 0.50), 1)); // too few inferences
        ConfidenceEvaluation noSpread = ConfidenceEvaluation.evaluate(
                SlotAggregate.of(480, 0.5 * 480, 0), new BaselineReference(0.85, Double.NaN, 480, 1), 3);
        assertEquals(ScaleVerdict.NONE, rule.verdict(noSpread, 1));
        ConfidenceEvaluation noBaseline =
                ConfidenceEvaluation.evaluate(SlotAggregate.of(480, 240, 0), (BaselineReference) null, 3);
        assertEquals(ScaleVerdict.NONE, rule.verdict(noBaseline, 1));
    }

    /**
     * Calibration, by simulation: stable intervals whose means are normal around μ with spread σ (the
     * baseline's), a negligible floor; the share of windows that fire must be about α. Seeded, so the
     * count is always the same; the bounds are ±4 binomial standard deviations around 200.
     */
    @Test
    void falseFireRateOfStableWindowsIsAlpha() {
        double alpha = 0.01;
        ShortWindowRule rule = new ShortWindowRule(1e-9, alpha, 0.8, 1);
        SplittableRandom random = new SplittableRandom(14);
        int trials = 20_000;
        int fired = 0;
        for (int i = 0; i < trials; i++) {
            double mean = 0.85 + 0.004 * gaussian(random);
            if (rule.verdict(at(480, mean), 1) == ScaleVerdict.FIRE) {
                fired++;
            }
        }
        double sd = Math.sqrt(trials * alpha * (1 - alpha));
        assertTrue(Math.abs(fired - trials * alpha) < 4 * sd, "fired " + fired + " of " + trials);
    }

    /** Box–Muller, so the test does not depend on a library's generator. */
    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void rejectsInvalidRules() {
        assertThrows(IllegalArgumentException.class, () -> new ShortWindowRule(0, 1e-5, 0.8, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShortWindowRule(0.1, 0, 0.8, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShortWindowRule(0.1, 1, 0.8, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShortWindowRule(0.1, 1e-5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new ShortWindowRule(0.1, 1e-5, 0.8, 0));
        assertThrows(IllegalArgumentException.class, () -> ShortWindowRule.standardError(at(480, 0.85), 0));
    }
}
