package io.driftwatch.drift.confidence;

import static io.driftwatch.drift.confidence.BucketShareTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.junit.jupiter.api.Test;

class ConfidenceEvaluationTest {

    private static BaselineAccumulator baseline(SlotAggregate... slots) {
        BaselineAccumulator b = new BaselineAccumulator();
        for (SlotAggregate h : slots) {
            b.addSlot(h);
        }
        return b;
    }

    /** Slot means 0.8, 0.9, 0.85 with counts 10, 30, 20. */
    private static final BaselineAccumulator BASELINE =
            baseline(SlotAggregate.of(10, 8.0, 1), SlotAggregate.of(30, 27.0, 0), SlotAggregate.of(20, 17.0, 2));

    @Test
    void everyDefinitionAgainstAnIndependentComputation() {
        SlotAggregate current = SlotAggregate.of(100, 70.0, 12.5);
        ConfidenceEvaluation e = ConfidenceEvaluation.evaluate(current, BASELINE, 2.5);

        double baselineAvg = (8.0 + 27.0 + 17.0) / 60;
        double stddev = new StandardDeviation(true).evaluate(new double[] {0.8, 0.9, 0.85});
        assertEquals(100, e.currentCount());
        assertEquals(0.7, e.currentAvg(), 1e-15);
        assertEquals(0.125, e.lowRatio(), 1e-15);
        assertTrue(e.hasBaseline());
        assertEquals(60, e.baselineCount());
        assertEquals(3, e.baselineSlots());
        assertEquals(baselineAvg, e.baselineAvg(), 1e-15);
        assertEquals(0.05, stddev, 1e-15);
        assertEquals(stddev, e.baselineStddev(), 1e-15);
        assertEquals(Math.abs(0.7 - baselineAvg) / baselineAvg, e.driftRatio(), 1e-15);
        assertEquals(2.5, e.k());
        assertEquals(baselineAvg - 2.5 * stddev, e.adaptiveLowerThreshold(), 1e-15);
        assertTrue(e.belowAdaptiveThreshold(), "0.7 < 0.8667 - 0.125");
    }

    @Test
    void defaultKIsThree() {
        ConfidenceEvaluation e = ConfidenceEvaluation.evaluate(SlotAggregate.of(10, 7.2, 0), BASELINE);
        assertEquals(3.0, e.k());
        assertEquals(52.0 / 60 - 0.15, e.adaptiveLowerThreshold(), 1e-15);
        assertFalse(e.belowAdaptiveThreshold(), "0.72 >= 0.7167");
    }

    @Test
    void theComparisonIsStrict() {
        BaselineAccumulator flat = baseline(SlotAggregate.of(4, 2.0, 0), SlotAggregate.of(4, 2.0, 0));
        ConfidenceEvaluation e = ConfidenceEvaluation.evaluate(SlotAggregate.of(2, 1.0, 0), flat, 3);
        assertEquals(0.0, e.baselineStddev());
        assertEquals(0.5, e.adaptiveLowerThreshold());
        assertFalse(e.belowAdaptiveThreshold());
        assertEquals(0.0, e.driftRatio());
    }

    @Test
    void withoutBaselineOnlyTheCurrentValuesAreDefined() {
        ConfidenceEvaluation e = ConfidenceEvaluation.evaluate(SlotAggregate.of(4, 3.0, 1), null);
        assertEquals(0.75, e.currentAvg());
        assertEquals(0.25, e.lowRatio());
        assertFalse(e.hasBaseline());
        assertEquals(0, e.baselineCount());
        assertTrue(Double.isNaN(e.baselineAvg()));
        assertTrue(Double.isNaN(e.baselineStddev()));
        assertTrue(Double.isNaN(e.driftRatio()));
        assertTrue(Double.isNaN(e.adaptiveLowerThreshold()));
        assertFalse(e.belowAdaptiveThreshold());
    }

    @Test
    void emptyCurrentWindowIsUndefinedAndNeverBelow() {
        ConfidenceEvaluation e = ConfidenceEvaluation.evaluate(SlotAggregate.EMPTY, BASELINE);
        assertTrue(Double.isNaN(e.currentAvg()));
        assertTrue(Double.isNaN(e.lowRatio()));
        assertTrue(Double.isNaN(e.driftRatio()));
        assertFalse(e.belowAdaptiveThreshold());
        assertEquals(52.0 / 60, e.baselineAvg(), 1e-15);
    }

    @Test
    void oneBaselineSlotHasAnAverageButNoThreshold() {
        ConfidenceEvaluation e =
                ConfidenceEvaluation.evaluate(SlotAggregate.of(1, 0.1, 1), baseline(SlotAggregate.of(10, 9.0, 0)));
        assertEquals(0.9, e.baselineAvg());
        assertEquals(1, e.baselineSlots());
        assertTrue(Double.isNaN(e.baselineStddev()));
        assertTrue(Double.isNaN(e.adaptiveLowerThreshold()));
        assertFalse(e.belowAdaptiveThreshold());
        assertEquals(Math.abs(0.1 - 0.9) / 0.9, e.driftRatio(), 1e-15);
    }

    @Test
    void zeroOrEmptyBaselineHasNoDriftRatio() {
        assertTrue(Double.isNaN(
                ConfidenceEvaluation.evaluate(SlotAggregate.of(2, 1.0, 0), baseline(SlotAggregate.of(3, 0.0, 3)))
                        .driftRatio()));
        assertTrue(Double.isNaN(ConfidenceEvaluation.evaluate(SlotAggregate.of(2, 1.0, 0), new BaselineAccumulator())
                .driftRatio()));
    }

    @Test
    void invalidArgumentsAreRejected() {
        assertMessage("current window aggregate is null", () -> ConfidenceEvaluation.evaluate(null, BASELINE));
        assertMessage(
                "k must be finite and >= 0, was -1.0",
                () -> ConfidenceEvaluation.evaluate(SlotAggregate.EMPTY, BASELINE, -1));
        assertMessage("was NaN", () -> ConfidenceEvaluation.evaluate(SlotAggregate.EMPTY, BASELINE, Double.NaN));
        assertMessage(
                "was Infinity",
                () -> ConfidenceEvaluation.evaluate(SlotAggregate.EMPTY, BASELINE, Double.POSITIVE_INFINITY));
    }
}
