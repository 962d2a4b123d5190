package io.driftwatch.devstack.demo;

import io.driftwatch.devstack.servers.PromPoint;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.drift.feature.DriftPolicy;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The report's margins of the features that never fired: per feature and window (current, short), the
 * largest alert score over the replay relative to that evaluation's threshold (ml_feature_drift_score and
 * ml_feature_drift_threshold of the alert method, read back from VictoriaMetrics), printed as threshold /
 * score: how far the stable features stayed from a false event at each scale. Only evaluations at which the
 * window could change the alert state count: at least {@code minSamples} observations in the current window
 * (drift.min-samples), {@link DriftPolicy#SHORT_WINDOW_MIN_SAMPLES} in the short one.
 */
final class DriftMargins {

    private DriftMargins() {}

    static void print(PrintStream out, VictoriaMetricsServer vm, String prefix, Set<String> fired, long minSamples)
            throws IOException {
        // "model version feature" -> window -> largest score / threshold
        Map<String, Map<String, Double>> worst = new TreeMap<>();
        Map<String, Map<Long, Double>> thresholds = new HashMap<>();
        for (PromSeries s : vm.exportSeries("{__name__=\"" + prefix + "ml_feature_drift_threshold\"}")) {
            Map<Long, Double> byTime = new HashMap<>();
            for (PromPoint p : s.points()) {
                byTime.put(p.timestampMs(), p.value());
            }
            thresholds.put(key(s), byTime);
        }
        // "model version feature window" -> time -> observations
        Map<String, Map<Long, Double>> samples = new HashMap<>();
        for (PromSeries s : vm.exportSeries("{__name__=\"" + prefix + "ml_feature_drift_samples\"}")) {
            Map<Long, Double> byTime = new HashMap<>();
            s.points().forEach(p -> byTime.put(p.timestampMs(), p.value()));
            samples.put(
                    s.label("model_name") + " " + s.label("model_version") + " " + s.label("feature") + " "
                            + s.label("window"),
                    byTime);
        }
        for (PromSeries s : vm.exportSeries("{__name__=\"" + prefix + "ml_feature_drift_score\"}")) {
            Map<Long, Double> threshold = thresholds.get(key(s));
            String feature = s.label("model_name") + " " + s.label("model_version") + " " + s.label("feature");
            if (threshold == null || fired.contains(feature.replace(' ', '/'))) {
                continue; // not the alert method, or a feature that fired
            }
            String window = "short".equals(s.label("window")) ? "short" : "current";
            Map<Long, Double> n = samples.getOrDefault(feature + " " + window, Map.of());
            long min = window.equals("short") ? DriftPolicy.SHORT_WINDOW_MIN_SAMPLES : minSamples;
            for (PromPoint p : s.points()) {
                Double t = threshold.get(p.timestampMs());
                if (t != null && t > 0 && n.getOrDefault(p.timestampMs(), 0.0) >= min) {
                    worst.computeIfAbsent(feature, f -> new TreeMap<>()).merge(window, p.value() / t, Math::max);
                }
            }
        }
        out.println("\nMargins of the features that never fired (threshold / largest alert score over the replay, at"
                + " evaluations with enough observations to decide)");
        out.printf("  %-48s %9s %9s%n", "model_name model_version feature", "current", "short");
        for (var e : worst.entrySet()) {
            out.printf(
                    "  %-48s %9s %9s%n",
                    e.getKey(),
                    margin(e.getValue().get("current")),
                    margin(e.getValue().get("short")));
        }
    }

    private static String margin(Double ratio) {
        return ratio == null ? "-" : ratio <= 0 ? "inf" : String.format("x%.1f", 1 / ratio);
    }

    /** The series' labels but its name. */
    private static String key(PromSeries s) {
        Map<String, String> labels = new TreeMap<>(s.labels());
        labels.remove("__name__");
        return labels.toString();
    }
}
