package io.driftwatch.drift.confidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.driftwatch.drift.feature.FeatureComparison.Transition;
import org.junit.jupiter.api.Test;

class ConfidenceAlertTest {

    private final ConfidenceAlert alert = new ConfidenceAlert(0.1, 0.8, 100);

    /** A window of {@code n} inferences with mean {@code m} against a baseline mean of 0.8. */
    private static ConfidenceEvaluation at(long n, double m) {
        return ConfidenceEvaluation.evaluate(
                SlotAggregate.of(n, m * n, 0), new BaselineReference(0.8, 0.01, 10_000, 100), 3);
    }

    @Test
    void firesAboveTheThresholdAndResolvesBelowTheResolveLevel() {
        assertEquals(Transition.NONE, alert.transition(false, at(1000, 0.73))); // ratio 0.0875
        assertEquals(Transition.FIRE, alert.transition(false, at(1000, 0.70))); // 0.125
        assertEquals(Transition.NONE, alert.transition(true, at(1000, 0.70)));
        assertEquals(Transition.NONE, alert.transition(true, at(1000, 0.73))); // 0.0875: in the band
        assertEquals(Transition.RESOLVE, alert.transition(true, at(1000, 0.75))); // 0.0625 < 0.08
        assertEquals(Transition.FIRE, alert.transition(false, at(1000, 0.90))); // upward too: |.|
    }

    @Test
    void nothingChangesWithFewSamplesOrWithoutBaseline() {
        assertEquals(Transition.NONE, alert.transition(false, at(99, 0.5)));
        assertEquals(Transition.NONE, alert.transition(true, at(99, 0.8)));
        ConfidenceEvaluation noBaseline =
                ConfidenceEvaluation.evaluate(SlotAggregate.of(1000, 500, 0), (BaselineReference) null, 3);
        assertEquals(Transition.NONE, alert.transition(false, noBaseline));
    }

    @Test
    void rejectsInvalidRules() {
        assertThrows(IllegalArgumentException.class, () -> new ConfidenceAlert(0, 0.8, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConfidenceAlert(0.1, 1.2, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConfidenceAlert(0.1, 0.8, 0));
    }
}
