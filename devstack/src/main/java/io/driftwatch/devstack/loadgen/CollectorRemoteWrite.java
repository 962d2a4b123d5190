package io.driftwatch.devstack.loadgen;

import io.driftwatch.connectors.otlp.DecodeResult;
import io.driftwatch.connectors.otlp.DecoderOptions;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.OtlpEncoding;
import io.driftwatch.connectors.otlp.OtlpMetricsDecoder;
import io.driftwatch.connectors.remotewrite.internal.PrometheusNames;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Stands in for the collector's {@code prometheusremotewrite} exporter of
 * deploy/otel-collector/config.yaml ({@code add_metric_suffixes: false}, resource attributes as
 * labels), which writes the raw series that some panels and alerts read: decodes the OTLP records
 * and imports their points into VictoriaMetrics in the Prometheus text format, with timestamps.
 * Histograms become {@code _bucket{le}} (cumulative), {@code _sum} and {@code _count}; sums and
 * gauges keep their sanitised name; {@code job} and {@code instance} come from {@code service.name}
 * and {@code service.instance.id}, as the exporter sets them. Used by the tests that read raw
 * series, and by the demo (the confidence histogram, for the field report's recording rules).
 */
public final class CollectorRemoteWrite {

    private final OtlpMetricsDecoder decoder = new OtlpMetricsDecoder(DecoderOptions.defaults());
    private final StringBuilder text = new StringBuilder();
    private final Predicate<String> metrics;

    /** Writes every metric. */
    public CollectorRemoteWrite() {
        this(name -> true);
    }

    /** Writes the metrics whose OTLP name {@code metrics} accepts (a collector's filter processor). */
    public CollectorRemoteWrite(Predicate<String> metrics) {
        this.metrics = metrics;
    }

    public void add(String encoding, byte[] record) {
        DecodeResult<MetricPoint> decoded =
                decoder.decode(record, encoding.equals("otlp_json") ? OtlpEncoding.OTLP_JSON : OtlpEncoding.OTLP_PROTO);
        for (MetricPoint p : decoded.accepted()) {
            if (!metrics.test(p.name())) {
                continue;
            }
            String name = PrometheusNames.sanitizeMetricName(p.name());
            Map<String, String> labels = labels(p.labels());
            long t = p.timeMillis();
            switch (p.kind()) {
                case GAUGE, SUM -> line(name, labels, p.value(), t);
                case HISTOGRAM -> {
                    long cumulative = 0;
                    double[] bounds = p.explicitBounds();
                    for (int i = 0; i < bounds.length; i++) {
                        cumulative += p.bucketCounts()[i];
                        line(name + "_bucket", with(labels, "le", Double.toString(bounds[i])), cumulative, t);
                    }
                    line(name + "_bucket", with(labels, "le", "+Inf"), p.count(), t);
                    line(name + "_sum", labels, p.sum(), t);
                    line(name + "_count", labels, p.count(), t);
                }
                default -> {} // the generator writes no other kinds
            }
        }
    }

    /** Imports everything added so far through {@code /api/v1/import/prometheus}. */
    public void writeTo(URI victoriaMetrics) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(victoriaMetrics.resolve("/api/v1/import/prometheus"))
                                .POST(HttpRequest.BodyPublishers.ofString(text.toString(), StandardCharsets.UTF_8))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    "import into VictoriaMetrics failed: HTTP " + response.statusCode() + " " + response.body());
        }
        text.setLength(0);
    }

    /** Characters of exposition text added since the last {@link #writeTo}. */
    public int pending() {
        return text.length();
    }

    private static Map<String, String> labels(Labels point) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 0; i < point.size(); i++) {
            out.put(PrometheusNames.sanitizeLabelName(point.name(i)), point.value(i));
        }
        out.put("job", point.getOrDefault("service.name", ""));
        out.put("instance", point.getOrDefault("service.instance.id", ""));
        return out;
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> out = new TreeMap<>(labels);
        out.put(name, value);
        return out;
    }

    private void line(String name, Map<String, String> labels, double value, long timeMillis) {
        text.append(name).append('{');
        boolean first = true;
        for (var e : labels.entrySet()) {
            if (!first) {
                text.append(',');
            }
            first = false;
            text.append(e.getKey())
                    .append("=\"")
                    .append(e.getValue()
                            .replace("\\", "\\\\")
                            .replace("\"", "\\\"")
                            .replace("\n", "\\n"))
                    .append('"');
        }
        text.append("} ").append(value).append(' ').append(timeMillis).append('\n');
    }
}
