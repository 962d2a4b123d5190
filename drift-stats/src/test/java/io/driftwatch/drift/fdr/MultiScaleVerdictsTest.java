package io.driftwatch.drift.fdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.alert.MultiScaleAlert;
import io.driftwatch.drift.alert.MultiScaleAlert.Window;
import io.driftwatch.drift.alert.ScaleVerdict;
import io.driftwatch.drift.fdr.FeatureVerdict.Rule;
import io.driftwatch.drift.feature.AlertScale;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureComparison.Transition;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.Method;
import io.driftwatch.drift.feature.MethodScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both window scales as hypotheses of one family: by hand, against the step-up definition, and off. */
class MultiScaleVerdictsTest {

    /** α = 0.01 per window, so that BH's level min(q, Σ α) is q for the families below but the smallest. */
    private static final DriftPolicy POLICY =
            DriftPolicy.builder().ksAlpha(0.01).shortWindowAlpha(0.01).build(); // ks-min-d 0.05, min samples 1000

    private static final DriftPolicy SHORT = POLICY.forShortWindow(); // min samples 30
    private static final long N = 1_000_000;

    private static ScaleResult current(double d, double p, long m) {
        return new ScaleResult(
                new AlertScale(new MethodScore(Method.KS, d, p, POLICY.ksThreshold(N, m, 0, 0)), N, m, POLICY), 0.0);
    }

    private static ScaleResult recent(double d, double p, long m) {
        return new ScaleResult(
                new AlertScale(new MethodScore(Method.KS, d, p, SHORT.ksThreshold(N, m, 0, 0)), N, m, SHORT), 0.0);
    }

    @Test
    void handComputedFamilyOfWindows() {
        // hypotheses (m = 5): a/current 0.2 (D 0.03 < floor → p′ 1), a/short 0.001, b/current 0.04,
        // b/short 0.3, c/current 1e-9; c/short has 20 < 30 observations: not a hypothesis.
        // sorted 1e-9, 0.001, 0.04, 0.3, 1 → ·5/k: 5e-9, 0.0025, 0.0667, 0.375, 1
        List<FeatureScales> features = List.of(
                new FeatureScales("a", false, current(0.03, 0.2, 10_000), recent(0.3, 0.001, 500)),
                new FeatureScales("b", false, current(0.06, 0.04, 10_000), recent(0.06, 0.3, 500)),
                new FeatureScales("c", false, current(0.2, 1e-9, 10_000), recent(0.9, 1e-6, 20)));
        List<MultiScaleVerdicts.Verdict> v = MultiScaleVerdicts.decide(features, FdrLevel.of(0.01));
        assertEquals(1.0, v.get(0).adjustedCurrent());
        assertEquals(0.0025, v.get(0).adjustedShort(), 1e-17);
        assertEquals(0.2 / 3, v.get(1).adjustedCurrent(), 1e-16);
        assertEquals(0.375, v.get(1).adjustedShort(), 1e-16);
        assertEquals(5e-9, v.get(2).adjustedCurrent(), 1e-22);
        assertTrue(Double.isNaN(v.get(2).adjustedShort()));
        // a fires by its short window, c by its current one, b not at all
        assertEquals(
                new MultiScaleAlert.Decision(Transition.FIRE, Window.SHORT),
                v.get(0).decision());
        assertEquals(Rule.FDR, v.get(0).rule());
        assertEquals(0.0025, v.get(0).adjusted(Window.SHORT), 1e-17);
        assertEquals(Transition.NONE, v.get(1).decision().transition());
        assertEquals(
                new MultiScaleAlert.Decision(Transition.FIRE, Window.CURRENT),
                v.get(2).decision());
        assertTrue(v.get(2).firing());
    }

    /**
     * The hand-computed family above at the defaults (α = 10⁻⁶ per window): BH runs at min(0.01, 5·10⁻⁶), so
     * only c's current window (adjusted 5·10⁻⁹) fires; a's short window (0.0025) no longer does.
     */
    @Test
    void theLevelIsAtMostTheSumOfTheWindowsSignificances() {
        DriftPolicy defaults = DriftPolicy.defaults();
        DriftPolicy shortDefaults = defaults.forShortWindow();
        long m = 10_000;
        List<FeatureScales> features = List.of(
                new FeatureScales("a", false, scale(0.03, 0.2, m, defaults), scale(0.3, 0.001, 500, shortDefaults)),
                new FeatureScales("b", false, scale(0.06, 0.04, m, defaults), scale(0.06, 0.3, 500, shortDefaults)),
                new FeatureScales("c", false, scale(0.2, 1e-9, m, defaults), scale(0.9, 1e-6, 20, shortDefaults)));
        assertEquals(5e-6, MultiScaleVerdicts.effectiveLevel(features, FdrLevel.of(0.01)), 1e-20);
        List<MultiScaleVerdicts.Verdict> v = MultiScaleVerdicts.decide(features, FdrLevel.of(0.01));
        assertEquals(0.0025, v.get(0).adjustedShort(), 1e-17);
        assertEquals(Transition.NONE, v.get(0).decision().transition());
        assertEquals(Transition.NONE, v.get(1).decision().transition());
        assertEquals(
                new MultiScaleAlert.Decision(Transition.FIRE, Window.CURRENT),
                v.get(2).decision());
        assertTrue(Double.isNaN(MultiScaleVerdicts.effectiveLevel(features, FdrLevel.off())));
    }

    /**
     * When nothing drifted, BH at min(q, Σ α) calls anything at all in at most that share of evaluations: 100,000
     * evaluations of 10 current windows with independent uniform p-values at α = 0.001 each (level 0.01, not q =
     * 0.2), against the bound with four binomial standard deviations (0.0003); at q alone the share would be 0.2.
     */
    @Test
    void underTheGlobalNullAnyCallIsAsRareAsTheUnionBoundOfThePerFeatureRule() {
        DriftPolicy policy = DriftPolicy.builder().ksAlpha(0.001).build();
        Random random = new Random(41);
        int evaluations = 100_000;
        int withACall = 0;
        for (int e = 0; e < evaluations; e++) {
            List<FeatureScales> features = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                features.add(new FeatureScales("f" + i, false, scale(0.1, random.nextDouble(), 10_000, policy), null));
            }
            boolean any = false;
            for (MultiScaleVerdicts.Verdict v : MultiScaleVerdicts.decide(features, FdrLevel.of(0.2))) {
                any |= v.firing();
            }
            withACall += any ? 1 : 0;
        }
        double share = withACall / (double) evaluations;
        assertTrue(share <= 0.01 + 4 * Math.sqrt(0.01 * 0.99 / evaluations), "share " + share);
        assertTrue(share >= 0.01 - 4 * Math.sqrt(0.01 * 0.99 / evaluations), "share " + share);
    }

    /** A KS window of D = {@code d} (above the 0.05 floor when d ≥ 0.05) and p-value {@code p} under {@code policy}. */
    private static ScaleResult scale(double d, double p, long m, DriftPolicy policy) {
        return new ScaleResult(
                new AlertScale(new MethodScore(Method.KS, d, p, policy.ksThreshold(N, m, 0, 0)), N, m, policy), 0.0);
    }

    @Test
    void aShortWindowOutsideTheFamilyFiresByItsThreshold() {
        // PSI alerts (categorical) are never in the family: both windows keep their thresholds
        AlertScale psi = new AlertScale(new MethodScore(Method.PSI, 0.1, Double.NaN, 0.25), N, 5000, POLICY);
        AlertScale psiShort = new AlertScale(new MethodScore(Method.PSI, 0.5, Double.NaN, 0.3), N, 100, SHORT);
        List<MultiScaleVerdicts.Verdict> v = MultiScaleVerdicts.decide(
                List.of(new FeatureScales("cat", false, new ScaleResult(psi, 0), new ScaleResult(psiShort, 0))),
                FdrLevel.of(0.01));
        assertEquals(
                new MultiScaleAlert.Decision(Transition.FIRE, Window.SHORT),
                v.get(0).decision());
        assertEquals(Rule.THRESHOLD, v.get(0).rule());
        assertTrue(Double.isNaN(v.get(0).adjustedCurrent())
                && Double.isNaN(v.get(0).adjustedShort()));
    }

    @Test
    void firingResolvesOnlyWhenBothWindowsAreBelowTheirResolveLevels() {
        // current below 0.8 × 0.05 but the short window still at its threshold: holds; both below: resolves
        ScaleResult quiet = current(0.039, 1e-300, 10_000);
        ScaleResult loudShort = recent(0.5, 1e-300, 500);
        ScaleResult quietShort = recent(0.01, 0.9, 500);
        List<MultiScaleVerdicts.Verdict> v = MultiScaleVerdicts.decide(
                List.of(
                        new FeatureScales("held", true, quiet, loudShort),
                        new FeatureScales("goes", true, quiet, quietShort),
                        new FeatureScales("no-short", true, quiet, null)),
                FdrLevel.of(0.01));
        assertEquals(Transition.NONE, v.get(0).decision().transition());
        assertTrue(v.get(0).firing());
        assertEquals(Transition.RESOLVE, v.get(1).decision().transition());
        assertEquals(Rule.THRESHOLD, v.get(1).rule());
        assertEquals(Transition.RESOLVE, v.get(2).decision().transition());
    }

    @Test
    void offIsMultiScaleAlertOnBothWindowsThresholds() {
        Random random = new Random(5);
        List<FeatureScales> features = randomFeatures(random, 300);
        List<MultiScaleVerdicts.Verdict> v = MultiScaleVerdicts.decide(features, FdrLevel.off());
        for (int i = 0; i < features.size(); i++) {
            FeatureScales f = features.get(i);
            ScaleVerdict s = f.shortWindow() == null
                    ? ScaleVerdict.NONE
                    : f.shortWindow().scale().verdict();
            assertEquals(
                    MultiScaleAlert.decide(f.firing(), f.current().scale().verdict(), s),
                    v.get(i).decision(),
                    "" + i);
            assertEquals(Rule.THRESHOLD, v.get(i).rule());
        }
    }

    @Test
    void firesExactlyWhenTheStepUpDefinitionRejectsEitherWindow() {
        Random random = new Random(23);
        for (int trial = 0; trial < 300; trial++) {
            List<FeatureScales> features = randomFeatures(random, 1 + random.nextInt(40));
            double q = 0.001 + random.nextDouble() * 0.1;
            List<MultiScaleVerdicts.Verdict> v = MultiScaleVerdicts.decide(features, FdrLevel.of(q));
            // independent: gated p-values of every (feature, window) with enough observations, the largest
            // k with p_(k) ≤ k·q/m, reject every p′ ≤ p_(k)
            List<Double> family = new ArrayList<>();
            for (FeatureScales f : features) {
                addIfMember(family, f.current(), 1000);
                addIfMember(family, f.shortWindow(), 30);
            }
            family.sort(null);
            double level = Math.min(q, 0.01 * family.size()); // every window at α = 0.01
            double cut = -1;
            for (int k = 1; k <= family.size(); k++) {
                if (family.get(k - 1) * family.size() / k <= level) {
                    cut = family.get(k - 1);
                }
            }
            for (int i = 0; i < features.size(); i++) {
                FeatureScales f = features.get(i);
                if (f.firing()) {
                    continue; // resolves by the thresholds: offIsMultiScaleAlertOnBothWindowsThresholds
                }
                boolean cur = fires(f.current(), 1000, cut);
                boolean sh = f.shortWindow() != null && fires(f.shortWindow(), 30, cut);
                assertEquals(cur || sh, v.get(i).firing(), "trial " + trial + " feature " + i);
                if (cur || sh) {
                    assertEquals(
                            cur ? Window.CURRENT : Window.SHORT,
                            v.get(i).decision().window());
                }
            }
        }
    }

    @Test
    void ksRankErrorsOfEachKind() {
        FeatureSummary hist = FeatureSummary.buckets(new double[] {1, 2});
        assertEquals(0.0, ScaleResult.ksRankErrors(hist, hist));
        FeatureSummary a = FeatureSummary.numeric(0.001);
        a.add(1.0, 1);
        assertEquals(0.0, ScaleResult.ksRankErrors(a, a.copy()));
    }

    private static void addIfMember(List<Double> family, ScaleResult s, long min) {
        if (s != null && s.scale().alert().method() == Method.KS && s.scale().observations() >= min) {
            family.add(s.scale().alert().score() >= 0.05 ? s.scale().alert().pValue() : 1.0);
        }
    }

    private static boolean fires(ScaleResult s, long min, double cut) {
        MethodScore a = s.scale().alert();
        if (a.method() != Method.KS) {
            return s.scale().observations() >= min && a.score() >= a.threshold();
        }
        return s.scale().observations() >= min && a.score() >= 0.05 && a.pValue() <= cut;
    }

    private static List<FeatureScales> randomFeatures(Random random, int count) {
        List<FeatureScales> features = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean psi = random.nextInt(8) == 0;
            long m = random.nextInt(10) == 0 ? 900 : 24_000;
            long ms = random.nextInt(10) == 0 ? 20 : 1000;
            ScaleResult cur = psi
                    ? new ScaleResult(
                            new AlertScale(
                                    new MethodScore(Method.PSI, random.nextDouble() * 0.5, Double.NaN, 0.25),
                                    N,
                                    m,
                                    POLICY),
                            0)
                    : current(random.nextDouble() * 0.12, Math.pow(random.nextDouble(), 6), m);
            ScaleResult sh = random.nextInt(5) == 0
                    ? null
                    : psi
                            ? new ScaleResult(
                                    new AlertScale(
                                            new MethodScore(Method.PSI, random.nextDouble() * 0.5, Double.NaN, 0.3),
                                            N,
                                            ms,
                                            SHORT),
                                    0)
                            : recent(random.nextDouble() * 0.3, Math.pow(random.nextDouble(), 6), ms);
            features.add(new FeatureScales("f" + i, random.nextInt(4) == 0, cur, sh));
        }
        return features;
    }
}
