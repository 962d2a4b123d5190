package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static io.driftwatch.connectors.otlp.OtlpTestData.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The OpenTelemetry protocol repository's own OTLP/JSON examples (src/test/resources/otlp-examples). */
class OtlpExamplesTest {

    private static final long TIME = 1_544_712_660_300_000_000L;

    @Test
    void metricsExampleCounterAndGaugeDecodeAndTheMalformedHistogramIsRejected() {
        DecodeResult<MetricPoint> result =
                new OtlpMetricsDecoder(OPTIONS).decode(resource("metrics.json"), OtlpEncoding.OTLP_JSON);

        Labels common =
                Labels.of("service.name", "my.service", "otel_scope_name", "my.library", "otel_scope_version", "1.0.0");
        MetricPoint counter = MetricPoint.builder("my.counter", MetricKind.SUM)
                .unit("1")
                .temporality(Temporality.DELTA)
                .monotonic(true)
                .labels(Labels.of(merge(common, "my.counter.attr", "some value")))
                .startTimeNanos(TIME)
                .timeNanos(TIME)
                .value(5.0)
                .build();
        MetricPoint gauge = MetricPoint.builder("my.gauge", MetricKind.GAUGE)
                .unit("1")
                .labels(Labels.of(merge(common, "my.gauge.attr", "some value")))
                .timeNanos(TIME)
                .value(10.0)
                .build();
        assertEquals(List.of(counter, gauge), result.accepted());

        assertEquals(1, result.rejections().size());
        Rejection histogram = result.rejections().get(0);
        assertEquals(RejectReason.BUCKET_COUNT_MISMATCH, histogram.reason());
        assertEquals(
                "resource #0 scope #0 histogram \"my.histogram\" point #0: 3 bucket counts for 1 explicit bound"
                        + " (expected 2)",
                histogram.detail());
        assertEquals(1, histogram.items());
    }

    @Test
    void traceExampleDecodesWithItsHexIdsIntact() {
        DecodeResult<SpanRecord> result =
                new OtlpTracesDecoder(OPTIONS).decode(resource("trace.json"), OtlpEncoding.OTLP_JSON);

        assertEquals(List.of(), result.rejections());
        assertEquals(1, result.accepted().size());
        SpanRecord span = result.accepted().get(0);
        // The example writes the ids in upper case; they are normalised to W3C lower case, same bytes.
        assertEquals("5B8EFFF798038103D269B633813FC60C".toLowerCase(java.util.Locale.ROOT), span.traceId());
        assertEquals("eee19b7ec3c1b174", span.spanId());
        assertEquals("eee19b7ec3c1b173", span.parentSpanId());
        assertEquals("I'm a server span", span.name());
        assertEquals(SpanRecord.Kind.SERVER, span.kind());
        assertEquals(1_544_712_660_000_000_000L, span.startTimeNanos());
        assertEquals(1_000_000_000L, span.durationNanos());
        assertEquals(SpanRecord.StatusCode.UNSET, span.status());
        assertEquals(
                Labels.of(
                        "service.name",
                        "my.service",
                        "otel_scope_name",
                        "my.library",
                        "otel_scope_version",
                        "1.0.0",
                        "my.span.attr",
                        "some value"),
                span.labels());
        assertEquals(Map.of("my.span.attr", "some value"), span.attributes());
    }

    private static Map<String, String> merge(Labels labels, String name, String value) {
        Map<String, String> map = new java.util.TreeMap<>(labels.toMap());
        map.put(name, value);
        return map;
    }
}
