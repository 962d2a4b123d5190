package io.driftwatch.drift.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.drift.alert.MultiScaleAlert;
import io.driftwatch.drift.alert.MultiScaleAlert.Decision;
import io.driftwatch.drift.alert.MultiScaleAlert.Window;
import io.driftwatch.drift.alert.ScaleVerdict;
import io.driftwatch.drift.feature.FeatureComparison.Transition;
import org.junit.jupiter.api.Test;

/** A feature's two windows as verdicts, through the one multi-scale alert. */
class AlertScaleTest {

    static final DriftPolicy POLICY = DriftPolicy.defaults();
    static final DriftPolicy SHORT = POLICY.forShortWindow();

    static AlertScale current(double score) {
        return new AlertScale(new MethodScore(Method.KS, score, Double.NaN, 0.1), 10_000, 5_000, POLICY);
    }

    static AlertScale shortScale(double score, long observations) {
        return new AlertScale(new MethodScore(Method.KS, score, Double.NaN, 0.4), 10_000, observations, SHORT);
    }

    /** As the feature-drift operator decides: a short window that is off or empty says nothing. */
    static Decision decide(boolean firing, AlertScale current, AlertScale shortWindow) {
        return MultiScaleAlert.decide(
                firing, current.verdict(), shortWindow == null ? ScaleVerdict.NONE : shortWindow.verdict());
    }

    @Test
    void firesWhenEitherScaleReachesItsThresholdNamingIt() {
        assertEquals(new Decision(Transition.FIRE, Window.SHORT), decide(false, current(0.05), shortScale(0.4, 40)));
        assertEquals(new Decision(Transition.FIRE, Window.CURRENT), decide(false, current(0.1), shortScale(0.1, 40)));
        // both: the current window, as without a short window
        assertEquals(new Decision(Transition.FIRE, Window.CURRENT), decide(false, current(0.1), shortScale(0.5, 40)));
        assertEquals(
                Transition.NONE,
                decide(false, current(0.099), shortScale(0.399, 40)).transition());
        assertEquals(Transition.NONE, decide(false, current(0.099), null).transition());
        // the short window's floor of observations
        assertEquals(
                Transition.NONE,
                decide(false, current(0.05), shortScale(0.9, 29)).transition());
        assertEquals(
                Transition.FIRE,
                decide(false, current(0.05), shortScale(0.9, 30)).transition());
    }

    @Test
    void resolvesOnlyWhenBothScalesAreBelowTheirResolveLevels() {
        // current below 0.08 but short above 0.32: stays firing
        assertEquals(
                Transition.NONE,
                decide(true, current(0.07), shortScale(0.33, 40)).transition());
        // short below but current in its hysteresis band
        assertEquals(
                Transition.NONE,
                decide(true, current(0.09), shortScale(0.1, 40)).transition());
        assertEquals(
                new Decision(Transition.RESOLVE, Window.CURRENT), decide(true, current(0.079), shortScale(0.319, 40)));
        // a short window too small to say anything (or empty) does not hold the alert open
        assertEquals(
                Transition.RESOLVE,
                decide(true, current(0.07), shortScale(0.9, 5)).transition());
        assertEquals(Transition.RESOLVE, decide(true, current(0.07), null).transition());
        // a current window below its minimum changes nothing, as before
        AlertScale small = new AlertScale(new MethodScore(Method.KS, 0.0, Double.NaN, 0.1), 10_000, 999, POLICY);
        assertEquals(Transition.NONE, decide(true, small, shortScale(0.0, 40)).transition());
        // firing stays firing on scores above: no second FIRE
        assertEquals(
                Transition.NONE, decide(true, current(0.5), shortScale(0.9, 40)).transition());
    }
}
