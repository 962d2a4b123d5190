package io.driftwatch.devstack.loadgen;

import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's collector mode: each export goes through the OpenTelemetry SDK's own OTLP
 * exporters ({@link OtlpHttpMetricExporter}, {@link OtlpHttpSpanExporter}; HTTP/protobuf on the
 * JDK's HttpClient, opentelemetry-exporter-sender-jdk) to a collector's OTLP/HTTP receiver, as an
 * instrumented service configured with {@code OTEL_EXPORTER_OTLP_ENDPOINT} would send it. The
 * collector then writes Kafka (its kafka exporter) and VictoriaMetrics (prometheusremotewrite).
 *
 * <p>Each export waits for the collector's answer: the SDK retries what OTLP calls retryable (its
 * default policy: 5 attempts, exponential backoff, each logged); a give-up ends the generator with
 * the endpoint and the cause, rather than dropping data silently.
 */
public final class OtlpHttpExport implements AutoCloseable {

    private final URI endpoint;
    private final Duration timeout;
    private final OtlpHttpMetricExporter metrics;
    private final OtlpHttpSpanExporter spans;
    private long metricRequests;
    private long spanRequests;

    /**
     * @param endpoint the collector's OTLP/HTTP base address, e.g. {@code http://otel-collector:4318};
     *     the signal paths {@code /v1/metrics} and {@code /v1/traces} are appended, as the SDK does
     *     with {@code OTEL_EXPORTER_OTLP_ENDPOINT}
     * @param timeout one request's timeout (each retry has its own)
     */
    public OtlpHttpExport(URI endpoint, Duration timeout) {
        String scheme = endpoint.getScheme();
        if (!("http".equals(scheme) || "https".equals(scheme)) || endpoint.getHost() == null) {
            throw new IllegalArgumentException(
                    "--otlp-endpoint must be an http(s)://host:port address, got " + endpoint);
        }
        this.endpoint = endpoint;
        this.timeout = timeout;
        String base = endpoint.toString().replaceAll("/+$", "");
        this.metrics = OtlpHttpMetricExporter.builder()
                .setEndpoint(base + "/v1/metrics")
                .setTimeout(timeout)
                .build();
        this.spans = OtlpHttpSpanExporter.builder()
                .setEndpoint(base + "/v1/traces")
                .setTimeout(timeout)
                .build();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Exports one service's collected metrics; throws when the collector did not take them. */
    void exportMetrics(Collection<MetricData> collected) {
        await(metrics.export(collected), "metrics", collected.size());
        metricRequests++;
    }

    /** Exports one service's finished spans; throws when the collector did not take them. */
    void exportSpans(Collection<SpanData> finished) {
        await(spans.export(finished), "spans", finished.size());
        spanRequests++;
    }

    /** OTLP export requests the collector accepted: metrics. */
    public long metricRequests() {
        return metricRequests;
    }

    /** OTLP export requests the collector accepted: spans. */
    public long spanRequests() {
        return spanRequests;
    }

    private void await(CompletableResultCode result, String signal, int items) {
        // Up to 5 attempts with backoff (the SDK's default retry policy) each within the timeout.
        result.join(timeout.toMillis() * 6 + 30_000, TimeUnit.MILLISECONDS);
        if (!result.isSuccess()) {
            Throwable cause = result.getFailureThrowable();
            throw new IllegalStateException(
                    "exporting " + items + " " + signal + " by OTLP/HTTP to " + endpoint + " failed"
                            + (result.isDone() ? "" : " (no answer)")
                            + (cause == null
                                    ? " (the collector refused them: see the exporter's log above)"
                                    : ": " + cause),
                    cause);
        }
    }

    @Override
    public void close() {
        metrics.shutdown().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
        spans.shutdown().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
