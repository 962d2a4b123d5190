package io.driftwatch.devstack.demo;

import io.driftwatch.devstack.loadgen.LoadScenario;
import io.driftwatch.devstack.servers.PromPoint;
import io.driftwatch.devstack.servers.PromSeries;
import io.driftwatch.devstack.servers.VictoriaMetricsServer;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.config.Durations;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A picture of the demo ({@code --html FILE}): one self-contained HTML page, read back from
 * VictoriaMetrics as {@link DemoReport} does, with inline SVG ({@link SvgChart}) and no external
 * resource: per model group, its confidence drift ratio over the replay with the threshold, the
 * periods {@code ml_confidence_drift_firing} was 1, and the field report's rule beside it (its
 * recording rules verbatim, and its value when the raw {@code ml_inference_confidence_*} series are
 * in VictoriaMetrics); per feature, the alert method's score with its threshold and the periods
 * {@code ml_feature_drift_firing} was 1; the GPU cost and inference shares per use case.
 *
 * <p>Its only script records errors and, when there were none, sets the title to {@value #OK}; it
 * also writes each chart's position into the page ({@code data-box}), for tests that check a
 * screenshot.
 */
final class HtmlReport {

    /** The page's title once it has loaded without an error. */
    static final String OK = "ok";

    /** The field report's recording rules (its "drift alert"), verbatim. */
    static final String FIELD_REPORT_RULES = """
            - record: ml:confidence:baseline_avg
              expr: avg_over_time(ml_inference_confidence_sum[30d]) / avg_over_time(ml_inference_confidence_count[30d])
            - record: ml:confidence:current_avg
              expr: avg_over_time(ml_inference_confidence_sum[24h]) / avg_over_time(ml_inference_confidence_count[24h])
            - record: ml:confidence:drift_ratio
              expr: abs(ml:confidence:current_avg - ml:confidence:baseline_avg) / ml:confidence:baseline_avg""";

    /** The field report's drift_ratio as one query over the collector's raw series. */
    static final String FIELD_REPORT_DRIFT_RATIO =
            "abs(avg_over_time(ml_inference_confidence_sum[24h]) / avg_over_time(ml_inference_confidence_count[24h])"
                    + " - avg_over_time(ml_inference_confidence_sum[30d]) / avg_over_time(ml_inference_confidence_count[30d]))"
                    + " / (avg_over_time(ml_inference_confidence_sum[30d]) / avg_over_time(ml_inference_confidence_count[30d]))";

    /** The legend of the field report's drift_ratio. */
    static final String FIELD_REPORT_LINE = "field report's drift_ratio";

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
    private static final String DRIFTWATCH = "#1f77b4";
    private static final String FIELD_REPORT = "#ff7f0e";
    private static final String THRESHOLD = "#d62728";

    private HtmlReport() {}

    /** Writes the page to {@code file} (creating its directory); returns the file. */
    static Path write(Path file, VictoriaMetricsServer vm, LoadScenario scenario, DriftwatchConfig config)
            throws IOException {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Driftwatch demo</h1><p>")
                .append(SvgChart.escape(Durations.format(scenario.length())))
                .append(" of the load generator's scenario, ")
                .append(TIME.format(scenario.start()))
                .append(" to ")
                .append(TIME.format(scenario.end()))
                .append(", read back from VictoriaMetrics at ")
                .append(SvgChart.escape(vm.baseUrl().toString()))
                .append(". Shaded: the periods in which Driftwatch's verdict was <i>drifting</i>.</p>");
        confidence(body, vm, scenario, config);
        features(body, vm, scenario, config);
        cost(body, vm, scenario, config);
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, page(body.toString()), StandardCharsets.UTF_8);
        return file;
    }

    private static void confidence(
            StringBuilder body, VictoriaMetricsServer vm, LoadScenario scenario, DriftwatchConfig config)
            throws IOException {
        String p = config.output().metricPrefix();
        double threshold = config.confidence().driftRatioThreshold();
        Map<String, List<PromPoint>> ratios = byLabels(
                // the current window's ratio: the short window's series (window="short") would make a second line
                vm.exportSeries("{__name__=\"" + p + "ml:confidence:drift_ratio\",window!=\"short\"}"),
                "model_name",
                "model_version",
                "use_case",
                "environment");
        Map<String, List<PromPoint>> firing = byLabels(
                vm.exportSeries(selector(p + "ml_confidence_drift_firing")),
                "model_name",
                "model_version",
                "use_case",
                "environment");
        Map<String, List<PromPoint>> report = fieldReportRule(vm, scenario);
        body.append("<h2>Confidence drift ratio per model</h2><div class=\"row\"><div>");
        for (var g : ratios.entrySet()) {
            String[] k = g.getKey().split(" ");
            SvgChart chart = new SvgChart("confidence " + g.getKey(), g.getKey(), scenario.start(), scenario.end())
                    .line("Driftwatch ml:confidence:drift_ratio", DRIFTWATCH, g.getValue(), false);
            List<PromPoint> rule = report.get(k[0] + " " + k[1]);
            if (rule != null) {
                chart.line(FIELD_REPORT_LINE, FIELD_REPORT, rule, false);
            }
            chart.line("threshold " + threshold, THRESHOLD, constant(g.getValue(), threshold), true);
            for (long[] f : periods(firing.getOrDefault(g.getKey(), List.of()), scenario.end())) {
                chart.shade(f[0], f[1], "ml_confidence_drift_firing = 1");
            }
            body.append(chart.svg());
        }
        body.append("</div><aside><h3>Beside it: the field report's rule</h3><pre>")
                .append(SvgChart.escape(FIELD_REPORT_RULES))
                .append("</pre><p>")
                .append(
                        report.isEmpty()
                                ? "Its raw series (ml_inference_confidence_sum, _count, written by the collector's"
                                        + " prometheusremotewrite exporter) are not in this VictoriaMetrics, so only its rule is shown."
                                : "Its value, computed by VictoriaMetrics from the raw series, is the orange line.")
                .append(" Driftwatch's drift_ratio compares the exact inference-weighted mean of the last ")
                .append(SvgChart.escape(Durations.format(config.confidence().currentWindow())))
                .append(" with a ")
                .append(config.confidence().baseline().mode().name().toLowerCase())
                .append(" baseline of ")
                .append(SvgChart.escape(
                        Durations.format(config.confidence().baseline().period())))
                .append("; the rule divides averages of cumulative counters over a rolling 30 d, which is not the"
                        + " windows' mean and keeps the drifted days in its baseline.</p></aside></div>");
    }

    private static void features(
            StringBuilder body, VictoriaMetricsServer vm, LoadScenario scenario, DriftwatchConfig config)
            throws IOException {
        String p = config.output().metricPrefix();
        String[] key = {"model_name", "model_version", "feature"};
        Map<String, List<PromPoint>> thresholds = new TreeMap<>();
        Map<String, String> methods = new TreeMap<>();
        for (PromSeries s : vm.exportSeries(selector(p + "ml_feature_drift_threshold"))) {
            thresholds.put(key(s, key), s.points());
            methods.put(key(s, key), s.label("method"));
        }
        Map<String, List<PromPoint>> scores = new TreeMap<>();
        for (PromSeries s : vm.exportSeries(selector(p + "ml_feature_drift_score"))) {
            if (s.label("method").equals(methods.get(key(s, key)))) {
                scores.put(key(s, key), s.points());
            }
        }
        Map<String, List<PromPoint>> firing = byLabels(vm.exportSeries(selector(p + "ml_feature_drift_firing")), key);
        body.append("<h2>Feature drift: the alert method's score per feature</h2>");
        if (scores.isEmpty()) {
            body.append("<p>No feature drift scores (drift.enabled is false, or no baseline completed).</p>");
        }
        for (var f : scores.entrySet()) {
            String method = methods.get(f.getKey());
            SvgChart chart = new SvgChart(
                            "feature " + f.getKey(), f.getKey() + " (" + method + ")", scenario.start(), scenario.end())
                    .line(method + " score", DRIFTWATCH, f.getValue(), false)
                    .line("threshold", THRESHOLD, thresholds.getOrDefault(f.getKey(), List.of()), true);
            for (long[] period : periods(firing.getOrDefault(f.getKey(), List.of()), scenario.end())) {
                chart.shade(period[0], period[1], "ml_feature_drift_firing = 1");
            }
            body.append(chart.svg());
        }
    }

    private static void cost(
            StringBuilder body, VictoriaMetricsServer vm, LoadScenario scenario, DriftwatchConfig config)
            throws IOException {
        body.append("<h2>Cost shares per use case</h2>");
        if (!config.cost().enabled()) {
            body.append("<p>(cost.enabled is false)</p>");
            return;
        }
        String p = config.output().metricPrefix() + "ml:cost:";
        Map<String, Double> gpu = DemoReport.byUseCase(vm, "last_over_time(" + p + "gpu_share[2h])", scenario.end());
        Map<String, Double> volume =
                DemoReport.byUseCase(vm, "last_over_time(" + p + "volume_share[2h])", scenario.end());
        List<String> useCases = new ArrayList<>(gpu.keySet());
        double[][] values = new double[useCases.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = new double[] {gpu.get(useCases.get(i)), volume.getOrDefault(useCases.get(i), Double.NaN)};
        }
        body.append(SvgChart.bars(
                        "cost shares",
                        "as of " + TIME.format(scenario.end()),
                        useCases,
                        List.of("share of the GPU cost (ml:cost:gpu_share)", "share of the inferences (volume_share)"),
                        List.of(THRESHOLD, DRIFTWATCH),
                        values))
                .append("<p>A use case whose GPU share is far above its share of the inferences is a hotspot"
                        + " (the cost anomaly gpu_cost_share_above_volume_share).</p>");
    }

    /**
     * The field report's drift_ratio per "model_name model_version", hourly (its rules' interval); the
     * largest over the version's series (instances, restarts). Empty without the raw series.
     */
    private static Map<String, List<PromPoint>> fieldReportRule(VictoriaMetricsServer vm, LoadScenario scenario)
            throws IOException {
        Map<String, List<PromPoint>> out = new TreeMap<>();
        for (PromSeries s : vm.queryRange(
                        "max by (model_name, model_version) (" + FIELD_REPORT_DRIFT_RATIO + ")",
                        scenario.start(),
                        scenario.end(),
                        Duration.ofHours(1))
                .series()) {
            out.put(s.label("model_name") + " " + s.label("model_version"), s.points());
        }
        return out;
    }

    /** [start, end) of each run of 1s in a 0/1 series; a run still open at the end lasts until {@code end}. */
    static List<long[]> periods(List<PromPoint> verdict, Instant end) {
        List<long[]> out = new ArrayList<>();
        Long start = null;
        for (PromPoint pt : verdict) {
            if (pt.value() == 1 && start == null) {
                start = pt.timestampMs();
            } else if (pt.value() != 1 && start != null) {
                out.add(new long[] {start, pt.timestampMs()});
                start = null;
            }
        }
        if (start != null) {
            out.add(new long[] {start, Math.max(start, end.toEpochMilli())});
        }
        return out;
    }

    private static List<PromPoint> constant(List<PromPoint> over, double value) {
        return over.stream().map(pt -> new PromPoint(pt.timestampMs(), value)).toList();
    }

    private static Map<String, List<PromPoint>> byLabels(List<PromSeries> series, String... labels) {
        Map<String, List<PromPoint>> out = new TreeMap<>();
        series.forEach(s -> out.put(key(s, labels), s.points()));
        return out;
    }

    /** The values of {@code labels}: joined by "/" for a feature (as DemoReport names it), else by " ". */
    private static String key(PromSeries s, String... labels) {
        List<String> values = new ArrayList<>();
        for (String l : labels) {
            values.add(s.label(l));
        }
        return String.join(labels[labels.length - 1].equals("feature") ? "/" : " ", values);
    }

    private static String selector(String name) {
        return "{__name__=\"" + name + "\"}";
    }

    private static String page(String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>loading</title>
                <script>window.driftwatchErrors = [];
                window.addEventListener('error', function (e) { window.driftwatchErrors.push(String(e.message)); });</script>
                <style>
                body { font-family: sans-serif; margin: 16px; width: 1160px; color: #222; }
                svg.chart { display: inline-block; margin: 0 8px 8px 0; vertical-align: top; border: 1px solid #ddd; }
                .row { display: flex; } .row > div { width: 580px; } aside { width: 560px; font-size: 13px; }
                pre { font-size: 11px; background: #f6f6f6; padding: 6px; white-space: pre-wrap; }
                </style></head><body>
                """ + body + """
                <script>
                document.querySelectorAll('svg.chart').forEach(function (c) {
                  var r = c.getBoundingClientRect();
                  c.setAttribute('data-box', [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]
                      .map(Math.round).join(','));
                });
                document.body.setAttribute('data-height', document.documentElement.scrollHeight);
                document.title = window.driftwatchErrors.length ? 'errors: ' + window.driftwatchErrors.join('; ') : 'ok';
                </script></body></html>
                """;
    }
}
