package io.driftwatch.drift.confidence;

import io.driftwatch.drift.feature.FeatureComparison.Transition;

/**
 * One alert state per group over two window scales, the current window and the short one: not firing,
 * it fires when either scale's verdict is {@link ScaleVerdict#FIRE} (the current window named when both
 * do); firing, it resolves only when the current window's verdict is {@link ScaleVerdict#RESOLVE} and the
 * short window's is {@link ScaleVerdict#RESOLVE} or {@link ScaleVerdict#NONE} (too few inferences or
 * short window off: no evidence either way). Without a short window it is exactly {@link
 * ConfidenceAlert#transition}.
 */
public final class MultiScaleAlert {

    /** The window that made a change; {@link #label} is the {@code window} of events and series. */
    public enum Scale {
        CURRENT("current"),
        SHORT("short");

        private final String label;

        Scale(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A change of state (or none) and the window it is reported on; resolves are reported on the current window. */
    public record Decision(Transition transition, Scale window) {}

    private MultiScaleAlert() {}

    /** The decision of the class comment. */
    public static Decision decide(boolean firing, ScaleVerdict current, ScaleVerdict shortWindow) {
        if (!firing) {
            if (current == ScaleVerdict.FIRE) {
                return new Decision(Transition.FIRE, Scale.CURRENT);
            }
            if (shortWindow == ScaleVerdict.FIRE) {
                return new Decision(Transition.FIRE, Scale.SHORT);
            }
            return new Decision(Transition.NONE, Scale.CURRENT);
        }
        boolean shortQuiet = shortWindow == ScaleVerdict.RESOLVE || shortWindow == ScaleVerdict.NONE;
        return current == ScaleVerdict.RESOLVE && shortQuiet
                ? new Decision(Transition.RESOLVE, Scale.CURRENT)
                : new Decision(Transition.NONE, Scale.CURRENT);
    }
}
