package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.alert.MultiScaleAlert;
import io.driftwatch.drift.alert.MultiScaleAlert.Decision;
import io.driftwatch.drift.alert.ScaleVerdict;
import io.driftwatch.drift.feature.AlertScale;
import io.driftwatch.drift.feature.FeatureComparison.Transition;
import java.util.function.Consumer;
import org.apache.flink.util.Collector;

/**
 * A feature's verdict at one evaluation as series and event: the thresholds ({@code ml_feature_drift_threshold},
 * the short window's while finite), the verdict ({@code ml_feature_drift_firing}) and, on a change, the {@code
 * ml_driftwatch_event} sample and the {@code feature_drift} event. One piece of code for both ways a verdict is
 * taken: per feature ({@link FeatureDriftFunction}, {@code drift.fdr-q: off}) and per model version ({@link
 * ModelVersionVerdictFunction}).
 */
final class FeatureDriftAlerts {

    private FeatureDriftAlerts() {}

    /** The per-feature decision: {@link MultiScaleAlert} on both windows' thresholds. */
    static Decision decideAlone(FeatureEvaluation e, boolean wasFiring, FeatureDriftSettings settings) {
        AlertScale shortScale = e.shortScale(settings);
        return MultiScaleAlert.decide(
                wasFiring,
                e.currentScale(settings).verdict(),
                shortScale == null ? ScaleVerdict.NONE : shortScale.verdict());
    }

    /**
     * Writes the verdict's series and, on a change, its event.
     *
     * @param fdr the event's FDR fields, null when {@code drift.fdr-q} is off
     * @return whether the state changed (an event was written)
     */
    static boolean emit(
            String prefix,
            FeatureKey names,
            FeatureEvaluation e,
            boolean wasFiring,
            Decision decision,
            FeatureDriftEvents.Fdr fdr,
            Collector<PrometheusSample> out,
            Consumer<EventRecord> events) {
        if (e.shortWindow != null && Double.isFinite(e.shortWindow.threshold)) {
            // infinite: too few values for a PSI/JS decision
            out.collect(FeatureDriftSeries.threshold(prefix, names, e.shortWindow.alert(), e.baselineKind, true, e.t));
        }
        Transition change = decision.transition();
        boolean nowFiring = change == Transition.NONE ? wasFiring : change == Transition.FIRE;
        // the verdict itself, so that dashboards and alerts need not re-derive the rule in PromQL
        out.collect(PrometheusSample.of(
                prefix + FeatureDriftEvents.FIRING_SERIES,
                FeatureDriftEvents.keyLabels(names, e.baselineKind),
                e.t,
                nowFiring ? 1 : 0));
        out.collect(FeatureDriftSeries.threshold(prefix, names, e.current.alert(), e.baselineKind, false, e.t));
        if (change == Transition.NONE) {
            return false;
        }
        out.collect(FeatureDriftEvents.eventSample(prefix, names, nowFiring, e.t));
        boolean byShort = decision.window() == MultiScaleAlert.Window.SHORT;
        events.accept(FeatureDriftEvents.event(
                names,
                e.featureKind,
                nowFiring,
                e.t,
                byShort ? e.shortWindow.alert() : e.current.alert(),
                decision.window().label(),
                e.currentWindow(),
                e.shortWindowBounds(),
                e.baselineWindow(),
                e.baselineKind,
                fdr));
        return true;
    }
}
