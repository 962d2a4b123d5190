package io.driftwatch.drift.fdr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.fdr.FeatureVerdict.Rule;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureComparison;
import io.driftwatch.drift.feature.FeatureComparison.Transition;
import io.driftwatch.drift.feature.Method;
import io.driftwatch.drift.feature.MethodScore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/** The family, the gate, the fire and resolve rules, and the features left to their own threshold. */
class ModelVersionVerdictsTest {

    /** α = 0.05, so that BH's level min(q, m·α) is the q of these tests (MultiScaleVerdictsTest checks the cap). */
    private static final DriftPolicy POLICY =
            DriftPolicy.builder().ksAlpha(0.05).build(); // ks-min-d 0.05, min samples 1000, 0.8

    private static final long N = 1_000_000;

    private static FeatureResult ks(String name, double d, double p, boolean firing) {
        return new FeatureResult(
                name, new MethodScore(Method.KS, d, p, POLICY.ksThreshold(N, N, 0, 0)), 0.0, N, N, firing);
    }

    private static FeatureVerdict only(List<FeatureVerdict> verdicts, String name) {
        return verdicts.stream()
                .filter(v -> v.feature().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void handComputedFamily() {
        // family m = 4 (the PSI feature and the one with too few observations are not in it):
        // p′ = 1e-10, 0.004, 0.03, 1 (D below the floor) → ·4/k: 4e-10, 0.008, 0.04, 1
        List<FeatureResult> results = List.of(
                ks("a", 0.3, 1e-10, false),
                ks("b", 0.06, 0.004, false),
                ks("c", 0.07, 0.03, false),
                ks("below-floor", 0.049, 1e-3, false),
                new FeatureResult("category", new MethodScore(Method.PSI, 0.3, Double.NaN, 0.25), 0, N, N, false),
                new FeatureResult("young", new MethodScore(Method.KS, 0.5, 1e-20, 0.05), 0, N, 999, false));
        List<FeatureVerdict> v = ModelVersionVerdicts.decide(results, POLICY, FdrLevel.of(0.04));
        assertEquals(4e-10, only(v, "a").adjustedPValue(), 1e-24);
        assertEquals(0.008, only(v, "b").adjustedPValue(), 1e-17);
        assertEquals(0.04, only(v, "c").adjustedPValue(), 1e-17);
        assertEquals(1.0, only(v, "below-floor").adjustedPValue());
        for (String fired : List.of("a", "b", "c")) {
            assertEquals(Transition.FIRE, only(v, fired).transition(), fired);
            assertEquals(Rule.FDR, only(v, fired).rule());
        }
        assertEquals(0.03, only(v, "c").pValue()); // the raw p-value, beside the adjusted one
        assertEquals(Transition.NONE, only(v, "below-floor").transition());
        FeatureVerdict category = only(v, "category");
        assertEquals(Transition.FIRE, category.transition());
        assertEquals(Rule.THRESHOLD, category.rule());
        assertTrue(Double.isNaN(category.adjustedPValue()) && Double.isNaN(category.pValue()));
        FeatureVerdict young = only(v, "young");
        assertEquals(Transition.NONE, young.transition());
        assertEquals(Rule.THRESHOLD, young.rule());
        assertTrue(Double.isNaN(young.adjustedPValue()));
        // one step stricter: c's adjusted 0.04 is above q
        List<FeatureVerdict> stricter = ModelVersionVerdicts.decide(results, POLICY, FdrLevel.of(Math.nextDown(0.04)));
        assertEquals(Transition.NONE, only(stricter, "c").transition());
        assertEquals(Transition.FIRE, only(stricter, "b").transition());
    }

    @Test
    void aFeatureBelowTheFloorDoesNotLowerTheBarForOthers() {
        // p = 0.04 and 0.001: BH on p alone rejects both at 0.05 (adjusted 0.04, 0.002), and the floor would then
        // keep x only; gated, y counts as p′ = 1 and x's adjusted value is 0.08
        List<FeatureResult> results = List.of(ks("x", 0.06, 0.04, false), ks("y", 0.04, 0.001, false));
        List<FeatureVerdict> v = ModelVersionVerdicts.decide(results, POLICY, FdrLevel.of(0.05));
        assertEquals(0.08, only(v, "x").adjustedPValue(), 1e-17);
        assertEquals(Transition.NONE, only(v, "x").transition());
        assertEquals(Transition.NONE, only(v, "y").transition());
    }

    @Test
    void firingFeaturesResolveByTheHysteresisWhateverTheirPValue() {
        // threshold at n = m = 10^6 is the floor 0.05; resolve below 0.8 × 0.05 = 0.04
        List<FeatureResult> results = List.of(ks("stays", 0.0401, 1e-300, true), ks("goes", 0.0399, 1e-300, true));
        List<FeatureVerdict> v = ModelVersionVerdicts.decide(results, POLICY, FdrLevel.of(0.01));
        assertEquals(Transition.NONE, only(v, "stays").transition());
        assertTrue(only(v, "stays").firing());
        assertEquals(Transition.RESOLVE, only(v, "goes").transition());
        assertEquals(false, only(v, "goes").firing());
        assertEquals(Rule.FDR, only(v, "goes").rule()); // still in the family: a current discovery counts in m
        assertEquals(1.0, only(v, "goes").adjustedPValue()); // below the floor: p′ = 1, whatever its p
    }

    @Test
    void rankErrorsTestTheSmallestDTheSummariesAllow() {
        // D = 0.06 with ε = 0.01: p′ is the asymptotic p-value of D = 0.05 at n = 2,000, m = 20,000
        int n = 20_000;
        int m = 2_000;
        MethodScore alert = new MethodScore(Method.KS, 0.06, 1e-6, POLICY.ksThreshold(n, m, 0.005, 0.005));
        FeatureResult r = new FeatureResult("sketchy", alert, 0.01, n, m, false);
        double expected = new KolmogorovSmirnovTest().approximateP(0.05, n, m);
        List<FeatureVerdict> v = ModelVersionVerdicts.decide(List.of(r), POLICY, FdrLevel.of(0.01));
        assertEquals(expected, v.get(0).adjustedPValue(), expected * 1e-9); // m = 1: adjusted = p′
        assertEquals(1e-6, v.get(0).pValue());
        assertTrue(expected > 1e-4 && expected < 1e-3, "p′ " + expected);
    }

    @Test
    void offIsThePerFeatureRule() {
        Random random = new Random(3);
        List<FeatureResult> results = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double d = random.nextDouble() * 0.1;
            long n = 500 + random.nextInt(5000);
            long m = 500 + random.nextInt(50000);
            results.add(new FeatureResult(
                    "f" + i,
                    new MethodScore(Method.KS, d, 0.5, POLICY.ksThreshold(n, m, 0, 0)),
                    0,
                    n,
                    m,
                    random.nextBoolean()));
        }
        List<FeatureVerdict> v = ModelVersionVerdicts.decide(results, POLICY, FdrLevel.off());
        for (int i = 0; i < results.size(); i++) {
            FeatureResult r = results.get(i);
            Transition expected = FeatureComparison.transition(
                    r.firing(), r.alert(), r.baselineObservations(), r.currentObservations(), POLICY);
            assertEquals(expected, v.get(i).transition(), r.feature());
            assertEquals(Rule.THRESHOLD, v.get(i).rule());
            assertTrue(Double.isNaN(v.get(i).adjustedPValue()));
        }
    }

    @Test
    void firesExactlyWhenTheStepUpDefinitionRejectsTheGatedPValue() {
        Random random = new Random(17);
        for (int trial = 0; trial < 500; trial++) {
            List<FeatureResult> results = new ArrayList<>();
            int features = 1 + random.nextInt(40);
            for (int i = 0; i < features; i++) {
                double d = random.nextDouble() * 0.12;
                double p = Math.pow(random.nextDouble(), 6);
                boolean psi = random.nextInt(8) == 0;
                MethodScore alert = psi
                        ? new MethodScore(Method.PSI, d * 4, Double.NaN, 0.25)
                        : new MethodScore(Method.KS, d, p, 0.05);
                results.add(new FeatureResult("f" + i, alert, 0, N, random.nextInt(10) == 0 ? 10 : N, false));
            }
            double q = 0.001 + random.nextDouble() * 0.1;
            List<FeatureVerdict> v = ModelVersionVerdicts.decide(results, POLICY, FdrLevel.of(q));
            // independent: the family's gated p-values, the largest k with p_(k) ≤ k·q/m, fire iff p′ ≤ that p_(k)
            List<Double> family = new ArrayList<>();
            for (FeatureResult r : results) {
                if (r.alert().method() == Method.KS && r.currentObservations() >= 1000) {
                    family.add(r.alert().score() >= 0.05 ? r.alert().pValue() : 1.0);
                }
            }
            family.sort(null);
            double level = Math.min(q, 0.05 * family.size()); // BH's level: at most Σ α (α = 0.05 each)
            double cut = -1;
            for (int k = 1; k <= family.size(); k++) {
                if (family.get(k - 1) * family.size() / k <= level) {
                    cut = family.get(k - 1);
                }
            }
            for (int i = 0; i < features; i++) {
                FeatureResult r = results.get(i);
                boolean inFamily = r.alert().method() == Method.KS && r.currentObservations() >= 1000;
                boolean fire = inFamily
                        ? r.alert().score() >= 0.05 && r.alert().pValue() <= cut
                        : r.currentObservations() >= 1000 && r.alert().score() >= 0.25;
                assertEquals(fire, v.get(i).firing(), "trial " + trial + " feature " + i);
            }
        }
    }

    @Test
    void duplicateFeaturesAndBadLevelsRejected() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ModelVersionVerdicts.decide(
                        List.of(ks("a", 0.1, 0.1, false), ks("a", 0.1, 0.1, false)), POLICY, FdrLevel.of(0.01)));
        assertEquals("feature a appears twice in one evaluation", e.getMessage());
        assertEquals(FdrLevel.off(), FdrLevel.parse(" OFF "));
        assertEquals(0.01, FdrLevel.parse("0.01").q());
        assertEquals("0.01", FdrLevel.of(0.01).toString());
        assertEquals("off", FdrLevel.off().toString());
        for (String bad : List.of("0", "1", "-0.1", "NaN", "1e-400x", "", "yes")) {
            IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> FdrLevel.parse(bad));
            assertEquals("expected a false discovery rate in (0, 1) or 'off', got '" + bad + "'", b.getMessage());
        }
        assertThrows(IllegalStateException.class, () -> FdrLevel.off().q());
    }
}
