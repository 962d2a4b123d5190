package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.feature.MethodScore;
import java.util.List;
import org.apache.flink.util.Collector;

/**
 * The per-evaluation series of one compared window. The current window's series keep the labels they
 * always had (series identity must not change); the short window's carry {@code window="short"} in
 * addition, so queries meaning the current window filter {@code window!="short"}. {@code
 * ml_feature_drift_samples} already told its windows apart by {@code window} (current, baseline): the short
 * window is one more value there.
 */
final class FeatureDriftSeries {

    static final String SAMPLES = "ml_feature_drift_samples";
    static final String SCORE = "ml_feature_drift_score";
    static final String PVALUE = "ml_feature_drift_pvalue";
    static final String SHORT = "short";

    private FeatureDriftSeries() {}

    /** {@code ml_feature_drift_samples{window}} of a window of {@code observations}. */
    static PrometheusSample samples(String prefix, List<String> names, String window, long t, long observations) {
        return PrometheusSample.of(prefix + SAMPLES, labels(names, "window", window), t, observations);
    }

    /** {@code ml_feature_drift_samples{window="baseline", baseline}}: the baseline's observations. */
    static PrometheusSample baselineSamples(
            String prefix, List<String> names, String baselineKind, long t, long observations) {
        return PrometheusSample.of(
                prefix + SAMPLES, labels(names, "window", "baseline", "baseline", baselineKind), t, observations);
    }

    /** Scores and p-values of every method; {@code shortWindow} adds {@code window="short"}. */
    static void scores(
            String prefix,
            List<String> names,
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
            String prefix, List<String> names, MethodScore alert, String baselineKind, boolean shortWindow, long t) {
        return PrometheusSample.of(
                prefix + FeatureDriftEvents.THRESHOLD_SERIES,
                labels(names, alert.method().label(), baselineKind, shortWindow),
                t,
                alert.threshold());
    }

    /** The key's labels (model_name, model_version, feature) and the name/value pairs {@code extra}. */
    static Labels labels(List<String> names, String... extra) {
        String[] pairs = new String[6 + extra.length];
        pairs[0] = "model_name";
        pairs[1] = names.get(0);
        pairs[2] = "model_version";
        pairs[3] = names.get(1);
        pairs[4] = "feature";
        pairs[5] = names.get(2);
        System.arraycopy(extra, 0, pairs, 6, extra.length);
        return Labels.of(pairs);
    }

    /** The key's labels, {@code method}, {@code baseline} and, for the short window, {@code window="short"}. */
    static Labels labels(List<String> names, String method, String baselineKind, boolean shortWindow) {
        return shortWindow
                ? labels(names, "method", method, "baseline", baselineKind, "window", SHORT)
                : labels(names, "method", method, "baseline", baselineKind);
    }
}
