package io.driftwatch.drift.feature;

import io.driftwatch.drift.feature.FeatureComparison.Transition;

/**
 * One alert state per feature over two scales: the current window and the short window, both
 * compared with the same baseline, each with its own policy ({@link DriftPolicy#forShortWindow()} for
 * the short one).
 *
 * <p>Not firing: the feature fires when either scale's alert score reaches its threshold with enough
 * observations on both sides of that scale; when both do, the current window is named (so an event the
 * current window alone would have fired is unchanged). Firing: it resolves only when both scales are
 * below their resolve levels ({@link DriftPolicy#resolveRatio()} × threshold, each scale its own): the
 * current window with at least its minimum of observations (as before: too few observations change
 * nothing), the short window either so or holding too few observations to say anything (an idle hour
 * must not keep an alert open). A resolve names the current window.
 */
public final class MultiScaleAlert {

    /** The window whose scores decided a change: its {@code window} label. */
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

    /**
     * One scale's alert score at an evaluation, with the observations on each side and the scale's policy.
     */
    public record Scale(MethodScore alert, long baselineObservations, long observations, DriftPolicy policy) {

        boolean enough() {
            return baselineObservations >= policy.minSamples() && observations >= policy.minSamples();
        }

        boolean reaches() {
            return enough() && alert.score() >= alert.threshold();
        }

        boolean below() {
            return alert.score() < policy.resolveRatio() * alert.threshold();
        }
    }

    /** The change of the alert state, and the window that decided it (null with {@link Transition#NONE}). */
    public record Decision(Transition transition, Window window) {
        static final Decision NONE = new Decision(Transition.NONE, null);
    }

    private MultiScaleAlert() {}

    /**
     * The decision at one evaluation.
     *
     * @param firing whether the feature is firing before it
     * @param current the current window's scale
     * @param shortWindow the short window's scale, or null when it is off or holds no observation
     */
    public static Decision decide(boolean firing, Scale current, Scale shortWindow) {
        if (!firing) {
            if (current.reaches()) {
                return new Decision(Transition.FIRE, Window.CURRENT);
            }
            if (shortWindow != null && shortWindow.reaches()) {
                return new Decision(Transition.FIRE, Window.SHORT);
            }
            return Decision.NONE;
        }
        boolean currentBelow = current.enough() && current.below();
        boolean shortBelow = shortWindow == null || !shortWindow.enough() || shortWindow.below();
        return currentBelow && shortBelow ? new Decision(Transition.RESOLVE, Window.CURRENT) : Decision.NONE;
    }
}
