package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.drift.feature.FeatureComparison.Transition;
import io.driftwatch.drift.feature.MultiScaleAlert.Decision;
import io.driftwatch.drift.feature.MultiScaleAlert.Scale;
import io.driftwatch.drift.feature.MultiScaleAlert.Window;
import org.junit.jupiter.api.Test;

class MultiScaleAlertTest {

    static final DriftPolicy POLICY = DriftPolicy.defaults();
    static final DriftPolicy SHORT = POLICY.forShortWindow();

    static Scale current(double score) {
        return new Scale(new MethodScore(Method.KS, score, Double.NaN, 0.1), 10_000, 5_000, POLICY);
    }

    static Scale shortScale(double score, long observations) {
        return new Scale(new MethodScore(Method.KS, score, Double.NaN, 0.4), 10_000, observations, SHORT);
    }

    @Test
    void firesWhenEitherScaleReachesItsThresholdNamingIt() {
        assertEquals(
                new Decision(Transition.FIRE, Window.SHORT),
                MultiScaleAlert.decide(false, current(0.05), shortScale(0.4, 40)));
        assertEquals(
                new Decision(Transition.FIRE, Window.CURRENT),
                MultiScaleAlert.decide(false, current(0.1), shortScale(0.1, 40)));
        // both: the current window, as without a short window
        assertEquals(
                new Decision(Transition.FIRE, Window.CURRENT),
                MultiScaleAlert.decide(false, current(0.1), shortScale(0.5, 40)));
        assertEquals(
                Transition.NONE,
                MultiScaleAlert.decide(false, current(0.099), shortScale(0.399, 40))
                        .transition());
        assertEquals(
                Transition.NONE,
                MultiScaleAlert.decide(false, current(0.099), null).transition());
        // the short window's floor of observations
        assertEquals(
                Transition.NONE,
                MultiScaleAlert.decide(false, current(0.05), shortScale(0.9, 29))
                        .transition());
        assertEquals(
                Transition.FIRE,
                MultiScaleAlert.decide(false, current(0.05), shortScale(0.9, 30))
                        .transition());
    }

    @Test
    void resolvesOnlyWhenBothScalesAreBelowTheirResolveLevels() {
        // current below 0.08 but short above 0.32: stays firing
        assertEquals(
                Transition.NONE,
                MultiScaleAlert.decide(true, current(0.07), shortScale(0.33, 40))
                        .transition());
        // short below but current in its hysteresis band
        assertEquals(
                Transition.NONE,
                MultiScaleAlert.decide(true, current(0.09), shortScale(0.1, 40)).transition());
        assertEquals(
                new Decision(Transition.RESOLVE, Window.CURRENT),
                MultiScaleAlert.decide(true, current(0.079), shortScale(0.319, 40)));
        // a short window too small to say anything (or empty) does not hold the alert open
        assertEquals(
                Transition.RESOLVE,
                MultiScaleAlert.decide(true, current(0.07), shortScale(0.9, 5)).transition());
        assertEquals(
                Transition.RESOLVE,
                MultiScaleAlert.decide(true, current(0.07), null).transition());
        // a current window below its minimum changes nothing, as before
        Scale small = new Scale(new MethodScore(Method.KS, 0.0, Double.NaN, 0.1), 10_000, 999, POLICY);
        assertEquals(
                Transition.NONE,
                MultiScaleAlert.decide(true, small, shortScale(0.0, 40)).transition());
        // firing stays firing on scores above: no second FIRE
        assertEquals(
                Transition.NONE,
                MultiScaleAlert.decide(true, current(0.5), shortScale(0.9, 40)).transition());
    }
}
