package io.driftwatch.drift.alert;

import io.driftwatch.drift.feature.FeatureComparison.Transition;

/**
 * One alert state per subject (a feature, a confidence group) over two window scales, the current window and the short one: not firing,
 * it fires when either scale's verdict is {@link ScaleVerdict#FIRE} (the current window named when both
 * do); firing, it resolves only when the current window's verdict is {@link ScaleVerdict#RESOLVE} and the
 * short window's is {@link ScaleVerdict#RESOLVE} or {@link ScaleVerdict#NONE} (too few inferences or
 * short window off: no evidence either way). Without a short window (always {@link ScaleVerdict#NONE}) it
 * is the single-window alert with hysteresis.
 */
public final class MultiScaleAlert {

    /** The window that made a change; {@link #label} is the {@code window} of events and series. */
    public enum Window {
        CURRENT("current"),
        SHORT("short");

        private final String label;

        Window(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A change of state (or none) and the window it is reported on; resolves are reported on the current window. */
    public record Decision(Transition transition, Window window) {}

    private MultiScaleAlert() {}

    /** The decision of the class comment. */
    public static Decision decide(boolean firing, ScaleVerdict current, ScaleVerdict shortWindow) {
        if (!firing) {
            if (current == ScaleVerdict.FIRE) {
                return new Decision(Transition.FIRE, Window.CURRENT);
            }
            if (shortWindow == ScaleVerdict.FIRE) {
                return new Decision(Transition.FIRE, Window.SHORT);
            }
            return new Decision(Transition.NONE, Window.CURRENT);
        }
        boolean shortQuiet = shortWindow == ScaleVerdict.RESOLVE || shortWindow == ScaleVerdict.NONE;
        return current == ScaleVerdict.RESOLVE && shortQuiet
                ? new Decision(Transition.RESOLVE, Window.CURRENT)
                : new Decision(Transition.NONE, Window.CURRENT);
    }
}
