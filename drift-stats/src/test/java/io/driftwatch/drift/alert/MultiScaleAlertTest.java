package io.driftwatch.drift.alert;

import static io.driftwatch.drift.alert.ScaleVerdict.FIRE;
import static io.driftwatch.drift.alert.ScaleVerdict.HOLD;
import static io.driftwatch.drift.alert.ScaleVerdict.NONE;
import static io.driftwatch.drift.alert.ScaleVerdict.RESOLVE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.drift.alert.MultiScaleAlert.Decision;
import io.driftwatch.drift.alert.MultiScaleAlert.Window;
import io.driftwatch.drift.confidence.BaselineReference;
import io.driftwatch.drift.confidence.ConfidenceAlert;
import io.driftwatch.drift.confidence.ConfidenceEvaluation;
import io.driftwatch.drift.confidence.SlotAggregate;
import io.driftwatch.drift.feature.FeatureComparison.Transition;
import org.junit.jupiter.api.Test;

class MultiScaleAlertTest {

    private static Decision d(Transition t, Window s) {
        return new Decision(t, s);
    }

    @Test
    void firesWhenEitherScaleFiresNamingTheCurrentWindowWhenBothDo() {
        assertEquals(d(Transition.FIRE, Window.SHORT), MultiScaleAlert.decide(false, HOLD, FIRE));
        assertEquals(d(Transition.FIRE, Window.SHORT), MultiScaleAlert.decide(false, NONE, FIRE));
        assertEquals(d(Transition.FIRE, Window.CURRENT), MultiScaleAlert.decide(false, FIRE, NONE));
        assertEquals(d(Transition.FIRE, Window.CURRENT), MultiScaleAlert.decide(false, FIRE, FIRE));
        assertEquals(d(Transition.NONE, Window.CURRENT), MultiScaleAlert.decide(false, HOLD, HOLD));
        assertEquals(d(Transition.NONE, Window.CURRENT), MultiScaleAlert.decide(false, RESOLVE, RESOLVE));
    }

    @Test
    void resolvesOnlyWhenBothScalesAreBelowTheirResolveLevels() {
        assertEquals(d(Transition.RESOLVE, Window.CURRENT), MultiScaleAlert.decide(true, RESOLVE, RESOLVE));
        assertEquals(d(Transition.RESOLVE, Window.CURRENT), MultiScaleAlert.decide(true, RESOLVE, NONE));
        for (ScaleVerdict shortWindow : new ScaleVerdict[] {FIRE, HOLD}) {
            assertEquals(d(Transition.NONE, Window.CURRENT), MultiScaleAlert.decide(true, RESOLVE, shortWindow));
        }
        for (ScaleVerdict current : new ScaleVerdict[] {FIRE, HOLD, NONE}) {
            assertEquals(d(Transition.NONE, Window.CURRENT), MultiScaleAlert.decide(true, current, RESOLVE));
        }
    }

    /** Without a short window (always NONE) the decision is ConfidenceAlert's transition. */
    @Test
    void withoutShortWindowItIsTheSingleWindowAlert() {
        ConfidenceAlert alert = new ConfidenceAlert(0.1, 0.8, 100);
        for (long n : new long[] {99, 1000}) {
            for (double m : new double[] {0.70, 0.73, 0.75, 0.8, 0.9}) {
                ConfidenceEvaluation e = ConfidenceEvaluation.evaluate(
                        SlotAggregate.of(n, m * n, 0), new BaselineReference(0.8, 0.01, 10_000, 100), 3);
                for (boolean firing : new boolean[] {false, true}) {
                    assertEquals(
                            alert.transition(firing, e),
                            MultiScaleAlert.decide(firing, alert.verdict(e), NONE)
                                    .transition(),
                            n + " " + m + " " + firing);
                }
            }
        }
    }
}
