package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.connectors.remotewrite.internal.PrometheusNames;
import io.driftwatch.drift.feature.MethodScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.util.Collector;

/**
 * The per-evaluation series of one compared window. The current window's series keep the labels they
 * always had (series identity must not change); the short window's carry {@code window="short"} in
 * addition, so queries meaning the current window filter {@code window!="short"}. {@code
 * ml_feature_drift_samples} already told its windows apart by {@code window} (current, baseline): the short
 * window is one more value there. Segments and roll-ups add their labels ({@link #labels(FeatureKey, String...)}):
 * the finest level has no {@code rollup} label, so queries meaning it filter {@code rollup=""}.
 */
final class FeatureDriftSeries {

    static final String SAMPLES = "ml_feature_drift_samples";
    static final String SCORE = "ml_feature_drift_score";
    static final String PVALUE = "ml_feature_drift_pvalue";
    static final String SHORT = "short";

    private FeatureDriftSeries() {}

    /** {@code ml_feature_drift_samples{window}} of a window of {@code observations}. */
    static PrometheusSample samples(String prefix, FeatureKey names, String window, long t, long observations) {
        return PrometheusSample.of(prefix + SAMPLES, labels(names, "window", window), t, observations);
    }

    /** {@code ml_feature_drift_samples{window="baseline", baseline}}: the baseline's observations. */
    static PrometheusSample baselineSamples(
            String prefix, FeatureKey names, String baselineKind, long t, long observations) {
        return PrometheusSample.of(
                prefix + SAMPLES, labels(names, "window", "baseline", "baseline", baselineKind), t, observations);
    }

    /** Scores and p-values of every method; {@code shortWindow} adds {@code window="short"}. */
    static void scores(
            String prefix,
            FeatureKey names,
            List<MethodScore> scores,
            String baselineKind,
            boolean shortWindow,
            long t,
            Collector<PrometheusSample> out) {
        for (MethodScore s : scores) {
            Labels labels = labels(names, s.method().label(), baselineKind, shortWindow);
            out.collect(PrometheusSample.of(prefix + SCORE, labels, t, s.score()));
            if (s.hasPValue()) {
                out.collect(PrometheusSample.of(prefix + PVALUE, labels, t, s.pValue()));
            }
        }
    }

    /** {@code ml_feature_drift_threshold} of the alert method's score. */
    static PrometheusSample threshold(
            String prefix, FeatureKey names, MethodScore alert, String baselineKind, boolean shortWindow, long t) {
        return PrometheusSample.of(
                prefix + FeatureDriftEvents.THRESHOLD_SERIES,
                labels(names, alert.method().label(), baselineKind, shortWindow),
                t,
                alert.threshold());
    }

    /**
     * The key's labels and the name/value pairs {@code extra}: model_name, model_version, feature (less the
     * ones a roll-up merged: model_version at the model level, both model labels at the fleet level), each
     * segment label under its Prometheus name ({@code ml.segment.channel} → {@code ml_segment_channel}), and
     * {@code rollup} at a roll-up. Without segments and roll-ups: the three labels the series always had.
     */
    static Labels labels(FeatureKey names, String... extra) {
        List<String> pairs = new ArrayList<>(2 * (4 + names.segment().size()) + extra.length);
        Rollup rollup = names.rollup();
        if (rollup != Rollup.FLEET) {
            pairs.addAll(List.of("model_name", names.get(0)));
        }
        if (rollup != Rollup.FLEET && rollup != Rollup.MODEL) {
            pairs.addAll(List.of("model_version", names.get(1)));
        }
        pairs.addAll(List.of("feature", names.get(2)));
        names.segment().forEach((name, value) -> pairs.addAll(List.of(PrometheusNames.sanitizeLabelName(name), value)));
        if (rollup != null) {
            pairs.addAll(List.of("rollup", rollup.label));
        }
        pairs.addAll(Arrays.asList(extra));
        return Labels.of(pairs.toArray(String[]::new));
    }

    /** The key's labels, {@code method}, {@code baseline} and, for the short window, {@code window="short"}. */
    static Labels labels(FeatureKey names, String method, String baselineKind, boolean shortWindow) {
        return shortWindow
                ? labels(names, "method", method, "baseline", baselineKind, "window", SHORT)
                : labels(names, "method", method, "baseline", baselineKind);
    }
}
