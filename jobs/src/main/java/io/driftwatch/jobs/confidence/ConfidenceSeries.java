package io.driftwatch.jobs.confidence;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.alert.MultiScaleAlert.Window;
import io.driftwatch.drift.confidence.ConfidenceEvaluation;
import java.util.TreeMap;
import org.apache.flink.util.Collector;

/**
 * The {@code ml:confidence:*} series of one evaluation. The current window's carry the group's labels only
 * (as they always have: their identity must not change); the short window's add {@code window="short"}.
 */
final class ConfidenceSeries {

    private ConfidenceSeries() {}

    static void emit(
            ConfidenceSettings settings,
            ConfidenceEvaluation e,
            Labels labels,
            long t,
            Collector<PrometheusSample> out) {
        String p = settings.seriesPrefix();
        out.collect(PrometheusSample.of(p + "current_avg", labels, t, e.currentAvg()));
        out.collect(PrometheusSample.of(p + "current_count", labels, t, e.currentCount()));
        out.collect(PrometheusSample.of(p + "low_ratio", labels, t, e.lowRatio()));
        if (!e.hasBaseline()) {
            return;
        }
        emitIfDefined(p + "baseline_avg", labels, t, e.baselineAvg(), out);
        emitIfDefined(p + "baseline_stddev", labels, t, e.baselineStddev(), out);
        emitIfDefined(p + "adaptive_threshold", labels, t, e.adaptiveLowerThreshold(), out);
        emitIfDefined(p + "drift_ratio", labels, t, e.driftRatio(), out);
    }

    /**
     * The short window's series, labelled {@code window="short"}: its mean, count, low share, drift ratio, the
     * baseline mean it is compared with and its fire level ({@code alert_threshold}, in drift-ratio units).
     */
    static void emitShort(
            ConfidenceSettings settings,
            ConfidenceEvaluation s,
            Labels group,
            long t,
            Collector<PrometheusSample> out) {
        TreeMap<String, String> map = new TreeMap<>(group.toMap());
        map.put("window", Window.SHORT.label());
        Labels labels = Labels.of(map);
        String p = settings.seriesPrefix();
        out.collect(PrometheusSample.of(p + "current_avg", labels, t, s.currentAvg()));
        out.collect(PrometheusSample.of(p + "current_count", labels, t, s.currentCount()));
        out.collect(PrometheusSample.of(p + "low_ratio", labels, t, s.lowRatio()));
        if (!s.hasBaseline()) {
            return;
        }
        emitIfDefined(p + "baseline_avg", labels, t, s.baselineAvg(), out);
        emitIfDefined(p + "drift_ratio", labels, t, s.driftRatio(), out);
        emitIfDefined(
                p + "alert_threshold",
                labels,
                t,
                settings.shortWindowRule().fireLevel(s, settings.shortWindowSlots()),
                out);
    }

    private static void emitIfDefined(String name, Labels labels, long t, double v, Collector<PrometheusSample> out) {
        if (!Double.isNaN(v)) {
            out.collect(PrometheusSample.of(name, labels, t, v));
        }
    }
}
