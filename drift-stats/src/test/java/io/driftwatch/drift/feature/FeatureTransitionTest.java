package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.drift.feature.FeatureComparison.Transition;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert state machine at its edges: minimum samples, the threshold itself, the resolve level. */
class FeatureTransitionTest {

    private static final DriftPolicy POLICY =
            DriftPolicy.builder().minSamples(100).resolveRatio(0.5).build();

    private static MethodScore psi(double score) {
        return new MethodScore(Method.PSI, score, Double.NaN, 0.25);
    }

    @Test
    void firesAtTheThresholdOnceBothWindowsHaveTheMinimumSamples() {
        assertEquals(Transition.FIRE, FeatureComparison.transition(false, psi(0.25), 100, 100, POLICY));
        assertEquals(Transition.NONE, FeatureComparison.transition(false, psi(Math.nextDown(0.25)), 100, 100, POLICY));
        assertEquals(Transition.NONE, FeatureComparison.transition(false, psi(1), 99, 100, POLICY));
        assertEquals(Transition.NONE, FeatureComparison.transition(false, psi(1), 100, 99, POLICY));
    }

    @Test
    void resolvesBelowTheResolveLevelOnly() {
        assertEquals(Transition.NONE, FeatureComparison.transition(true, psi(0.125), 100, 100, POLICY));
        assertEquals(
                Transition.RESOLVE, FeatureComparison.transition(true, psi(Math.nextDown(0.125)), 100, 100, POLICY));
        assertEquals(Transition.NONE, FeatureComparison.transition(true, psi(0), 99, 100, POLICY));
    }

    @Test
    void alertScoreIsThePolicysMethod() {
        MethodScore ks = new MethodScore(Method.KS, 0.3, 0.01, 0.1);
        MethodScore psi = psi(0.1);
        assertSame(
                ks,
                FeatureComparison.alertScore(List.of(psi, ks), FeatureSummary.Kind.NUMERIC, DriftPolicy.defaults()));
        assertSame(
                psi,
                FeatureComparison.alertScore(
                        List.of(psi, ks), FeatureSummary.Kind.CATEGORICAL, DriftPolicy.defaults()));
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> FeatureComparison.alertScore(List.of(psi), FeatureSummary.Kind.NUMERIC, DriftPolicy.defaults()));
        assertEquals("no ks score for a numeric feature", e.getMessage());
    }
}
