package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.MINUTE;
import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static io.driftwatch.connectors.otlp.OtlpTestData.T0;
import static io.driftwatch.connectors.otlp.OtlpTestData.arrayValue;
import static io.driftwatch.connectors.otlp.OtlpTestData.attr;
import static io.driftwatch.connectors.otlp.OtlpTestData.baseLabels;
import static io.driftwatch.connectors.otlp.OtlpTestData.bytesValue;
import static io.driftwatch.connectors.otlp.OtlpTestData.expHistogram;
import static io.driftwatch.connectors.otlp.OtlpTestData.expPoint;
import static io.driftwatch.connectors.otlp.OtlpTestData.gauge;
import static io.driftwatch.connectors.otlp.OtlpTestData.histogram;
import static io.driftwatch.connectors.otlp.OtlpTestData.histogramPoint;
import static io.driftwatch.connectors.otlp.OtlpTestData.kvlistValue;
import static io.driftwatch.connectors.otlp.OtlpTestData.num;
import static io.driftwatch.connectors.otlp.OtlpTestData.number;
import static io.driftwatch.connectors.otlp.OtlpTestData.printedJson;
import static io.driftwatch.connectors.otlp.OtlpTestData.request;
import static io.driftwatch.connectors.otlp.OtlpTestData.str;
import static io.driftwatch.connectors.otlp.OtlpTestData.sum;
import static io.driftwatch.connectors.otlp.OtlpTestData.summary;
import static io.driftwatch.connectors.otlp.OtlpTestData.summaryPoint;
import static io.driftwatch.connectors.otlp.OtlpTestData.utf8;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding of every metric kind, in both encodings, and label construction. */
class OtlpMetricsDecoderTest {

    private final OtlpMetricsDecoder decoder = new OtlpMetricsDecoder(OPTIONS);

    /** One metric of every kind; {@link #ALL_KINDS_JSON} is the same request written by hand. */
    static final ExportMetricsServiceRequest ALL_KINDS = request(
            gauge(
                    "ml.inference.queue",
                    number(T0).setAsInt(7).addAttributes(attr("status", "ok")),
                    number(T0).setAsDouble(0.25).addAttributes(attr("status", "error"))),
            sum(
                            "ml.inference.tokens.total",
                            AGGREGATION_TEMPORALITY_CUMULATIVE,
                            true,
                            number(T0)
                                    .setStartTimeUnixNano(T0 - MINUTE)
                                    .setAsInt(1200)
                                    .addAttributes(attr("use_case", "chat")))
                    .toBuilder()
                    .setUnit("1")
                    .build(),
            sum(
                    "ml.temperature.change",
                    AGGREGATION_TEMPORALITY_DELTA,
                    false,
                    number(T0).setStartTimeUnixNano(T0 - MINUTE).setAsDouble(-1.5)),
            histogram(
                            "ml.inference.duration",
                            histogramPoint(6, new double[] {10, 100}, 1, 3, 2)
                                    .setStartTimeUnixNano(T0 - MINUTE)
                                    .setSum(123.5)
                                    .setMin(2)
                                    .setMax(250))
                    .toBuilder()
                    .setUnit("ms")
                    .build(),
            expHistogram(
                            "ml.inference.confidence",
                            expPoint(7, 1, -2, new long[] {1, 2}, 1, new long[] {3})
                                    .setZeroThreshold(0.001)
                                    .setSum(1.75)
                                    .setMin(-4)
                                    .setMax(0.9))
                    .toBuilder()
                    .setUnit("1")
                    .build(),
            summary("ml.latency.summary", summaryPoint(10, 42.0, 0.5, 3.0, 0.99, 9.5)).toBuilder()
                    .setUnit("s")
                    .build());

    /** OTLP/JSON as a collector might write it: 64-bit ints as numbers (one as a string), enums as ints. */
    static final String ALL_KINDS_JSON = """
            {"resourceMetrics":[{
              "resource":{"attributes":[
                {"key":"service.name","value":{"stringValue":"checkout"}},
                {"key":"model_name","value":{"stringValue":"m1"}}]},
              "scopeMetrics":[{
                "scope":{"name":"io.driftwatch.test","version":"1.0"},
                "metrics":[
                  {"name":"ml.inference.queue","gauge":{"dataPoints":[
                    {"timeUnixNano":1700000000000000000,"asInt":7,
                     "attributes":[{"key":"status","value":{"stringValue":"ok"}}]},
                    {"timeUnixNano":"1700000000000000000","asDouble":0.25,
                     "attributes":[{"key":"status","value":{"stringValue":"error"}}]}]}},
                  {"name":"ml.inference.tokens.total","unit":"1","sum":{"aggregationTemporality":2,"isMonotonic":true,
                    "dataPoints":[{"startTimeUnixNano":1699999940000000000,"timeUnixNano":1700000000000000000,
                      "asInt":1200,"attributes":[{"key":"use_case","value":{"stringValue":"chat"}}]}]}},
                  {"name":"ml.temperature.change","sum":{"aggregationTemporality":1,"dataPoints":[
                    {"startTimeUnixNano":1699999940000000000,"timeUnixNano":1700000000000000000,"asDouble":-1.5}]}},
                  {"name":"ml.inference.duration","unit":"ms","histogram":{"aggregationTemporality":2,"dataPoints":[
                    {"startTimeUnixNano":1699999940000000000,"timeUnixNano":1700000000000000000,"count":6,
                     "sum":123.5,"bucketCounts":[1,3,2],"explicitBounds":[10,100],"min":2,"max":250}]}},
                  {"name":"ml.inference.confidence","unit":"1","exponentialHistogram":{"aggregationTemporality":1,
                    "dataPoints":[{"timeUnixNano":1700000000000000000,"count":7,"sum":1.75,"scale":3,"zeroCount":1,
                      "zeroThreshold":0.001,"positive":{"offset":-2,"bucketCounts":[1,2]},
                      "negative":{"offset":1,"bucketCounts":["3"]},"min":-4,"max":0.9}]}},
                  {"name":"ml.latency.summary","unit":"s","summary":{"dataPoints":[
                    {"timeUnixNano":1700000000000000000,"count":10,"sum":42,
                     "quantileValues":[{"quantile":0.5,"value":3},{"quantile":0.99,"value":9.5}]}]}}
                ]}]}]}
            """;

    /** What {@link #ALL_KINDS} must decode to, written out independently of the decoder. */
    static List<MetricPoint> allKindsExpected() {
        return List.of(
                MetricPoint.builder("ml.inference.queue", MetricKind.GAUGE)
                        .labels(baseLabels("status", "ok"))
                        .timeNanos(T0)
                        .value(7.0)
                        .build(),
                MetricPoint.builder("ml.inference.queue", MetricKind.GAUGE)
                        .labels(baseLabels("status", "error"))
                        .timeNanos(T0)
                        .value(0.25)
                        .build(),
                MetricPoint.builder("ml.inference.tokens.total", MetricKind.SUM)
                        .unit("1")
                        .temporality(Temporality.CUMULATIVE)
                        .monotonic(true)
                        .labels(baseLabels("use_case", "chat"))
                        .startTimeNanos(T0 - MINUTE)
                        .timeNanos(T0)
                        .value(1200.0)
                        .build(),
                MetricPoint.builder("ml.temperature.change", MetricKind.SUM)
                        .temporality(Temporality.DELTA)
                        .labels(baseLabels())
                        .startTimeNanos(T0 - MINUTE)
                        .timeNanos(T0)
                        .value(-1.5)
                        .build(),
                MetricPoint.builder("ml.inference.duration", MetricKind.HISTOGRAM)
                        .unit("ms")
                        .temporality(Temporality.CUMULATIVE)
                        .labels(baseLabels())
                        .startTimeNanos(T0 - MINUTE)
                        .timeNanos(T0)
                        .count(6)
                        .sum(123.5)
                        .min(2)
                        .max(250)
                        .explicitBounds(new double[] {10, 100})
                        .bucketCounts(new long[] {1, 3, 2})
                        .build(),
                MetricPoint.builder("ml.inference.confidence", MetricKind.EXPONENTIAL_HISTOGRAM)
                        .unit("1")
                        .temporality(Temporality.DELTA)
                        .labels(baseLabels())
                        .timeNanos(T0)
                        .count(7)
                        .sum(1.75)
                        .min(-4)
                        .max(0.9)
                        .scale(3)
                        .zeroCount(1)
                        .zeroThreshold(0.001)
                        .positive(-2, new long[] {1, 2})
                        .negative(1, new long[] {3})
                        .build(),
                MetricPoint.builder("ml.latency.summary", MetricKind.SUMMARY)
                        .unit("s")
                        .labels(baseLabels())
                        .timeNanos(T0)
                        .count(10)
                        .sum(42.0)
                        .quantiles(new double[] {0.5, 0.99}, new double[] {3.0, 9.5})
                        .build());
    }

    @Test
    void decodesEveryMetricKindFromProtobuf() {
        DecodeResult<MetricPoint> result = decoder.decode(ALL_KINDS.toByteArray(), OtlpEncoding.OTLP_PROTO);

        assertEquals(List.of(), result.rejections());
        assertEquals(allKindsExpected(), result.accepted());
    }

    @Test
    void decodesEveryMetricKindFromJsonFormatPrinterOutput() {
        byte[] json = printedJson(ALL_KINDS);
        // The printer writes 64-bit integers as strings and enums by name: make sure this test exercises that.
        String text = new String(json, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("\"timeUnixNano\": \"1700000000000000000\""), text);
        assertTrue(text.contains("\"AGGREGATION_TEMPORALITY_CUMULATIVE\""), text);

        DecodeResult<MetricPoint> result = decoder.decode(json, OtlpEncoding.OTLP_JSON);

        assertEquals(List.of(), result.rejections());
        assertEquals(allKindsExpected(), result.accepted());
    }

    @Test
    void decodesEveryMetricKindFromHandWrittenJsonWithNumbersAndEnumInts() {
        DecodeResult<MetricPoint> result = decoder.decode(utf8(ALL_KINDS_JSON), OtlpEncoding.OTLP_JSON);

        assertEquals(List.of(), result.rejections());
        assertEquals(allKindsExpected(), result.accepted());
    }

    @Test
    void jsonAcceptsOriginalFieldNamesEnumNamesAndIgnoresUnknownFields() {
        String json = """
                {"resource_metrics":[{"futureResourceField":{"x":[1,2]},
                  "scope_metrics":[{"metrics":[
                    {"name":"g","someNewMetricField":true,
                     "sum":{"aggregation_temporality":"AGGREGATION_TEMPORALITY_DELTA","is_monotonic":false,
                       "data_points":[{"time_unix_nano":"1700000000000000000","as_int":"-3","newPointField":"x"}]}}]}]}]}
                """;

        DecodeResult<MetricPoint> result = decoder.decode(utf8(json), OtlpEncoding.OTLP_JSON);

        assertEquals(List.of(), result.rejections());
        assertEquals(
                List.of(MetricPoint.builder("g", MetricKind.SUM)
                        .temporality(Temporality.DELTA)
                        .timeNanos(T0)
                        .value(-3.0)
                        .build()),
                result.accepted());
    }

    @Test
    void jsonWithHexIdsInExemplarsDecodes() {
        String json = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h","histogram":{"aggregationTemporality":2,
                  "dataPoints":[{"timeUnixNano":1700000000000000000,"count":1,"bucketCounts":[1],
                    "exemplars":[{"timeUnixNano":1700000000000000000,"asDouble":0.5,
                      "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174"}]}]}}]}]}]}
                """;

        DecodeResult<MetricPoint> result = decoder.decode(utf8(json), OtlpEncoding.OTLP_JSON);

        assertEquals(List.of(), result.rejections());
        assertEquals(1, result.accepted().size());
    }

    @Test
    void labelsMergeResourceThenScopeThenPointWithLaterSourcesWinning() {
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder()
                                .addAttributes(attr("env", "prod"))
                                .addAttributes(attr("otel_scope_name", "from-resource"))
                                .addAttributes(attr("region", "eu")))
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("lib"))
                                .addMetrics(gauge(
                                        "g",
                                        number(T0)
                                                .setAsInt(1)
                                                .addAttributes(attr("env", "dev"))
                                                .addAttributes(attr("z.last", "1"))
                                                .addAttributes(attr("a.first", "1"))
                                                .addAttributes(attr("dup", "first"))
                                                .addAttributes(attr("dup", "second")),
                                        number(T0).setAsInt(2)))))
                .build();

        List<MetricPoint> points = decoder.decode(request).accepted();

        // No version set: no otel_scope_version label. Point attributes win over resource, scope over resource.
        assertEquals(
                Labels.of(
                        "env",
                        "dev",
                        "otel_scope_name",
                        "lib",
                        "region",
                        "eu",
                        "z.last",
                        "1",
                        "a.first",
                        "1",
                        "dup",
                        "second"),
                points.get(0).labels());
        assertEquals(
                Labels.of("env", "prod", "otel_scope_name", "lib", "region", "eu"),
                points.get(1).labels());
    }

    @Test
    void pointsWithoutAttributesShareTheScopeLabelsInstance() {
        List<MetricPoint> points = decoder.decode(request(
                        gauge("a", number(T0).setAsInt(1)),
                        gauge("b", number(T0).setAsInt(2))))
                .accepted();

        assertSame(points.get(0).labels(), points.get(1).labels());
    }

    @Test
    void attributeValuesOfEveryTypeBecomeLabelStrings() {
        Metric metric = gauge(
                "g",
                number(T0)
                        .setAsInt(1)
                        .addAttributes(attr("s", "text"))
                        .addAttributes(attr("b", true))
                        .addAttributes(attr("i", -42L))
                        .addAttributes(attr("d.integral", 3.0))
                        .addAttributes(attr("d.fraction", 0.1))
                        .addAttributes(attr("d.big", 1e21))
                        .addAttributes(attr("d.nan", Double.NaN))
                        .addAttributes(attr("bytes", bytesValue((byte) 0xff, (byte) 0x00, (byte) 0x10)))
                        .addAttributes(attr(
                                "arr",
                                arrayValue(
                                        str("a"),
                                        num(1),
                                        io.opentelemetry.proto.common.v1.AnyValue.newBuilder()
                                                .setBoolValue(false)
                                                .build())))
                        .addAttributes(attr("kv", kvlistValue(attr("z", 1L), attr("a", "x"))))
                        .addAttributes(attr("empty", io.opentelemetry.proto.common.v1.AnyValue.getDefaultInstance())));

        Labels labels = decoder.decode(request(metric)).accepted().get(0).labels();

        assertEquals("text", labels.get("s"));
        assertEquals("true", labels.get("b"));
        assertEquals("-42", labels.get("i"));
        assertEquals("3", labels.get("d.integral"));
        assertEquals("0.1", labels.get("d.fraction"));
        assertEquals("1000000000000000000000", labels.get("d.big"));
        assertEquals("NaN", labels.get("d.nan"));
        assertEquals("/wAQ", labels.get("bytes"));
        assertEquals("[\"a\",1,false]", labels.get("arr"));
        assertEquals("{\"a\":\"x\",\"z\":1}", labels.get("kv"));
        assertEquals("", labels.get("empty"));
    }

    @Test
    void pointsFlaggedNoRecordedValueAreSkippedNotRejected() {
        int noRecordedValue =
                io.opentelemetry.proto.metrics.v1.DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;
        ExportMetricsServiceRequest request = request(
                gauge("g", number(T0).setAsDouble(1), number(T0).setFlags(noRecordedValue)),
                histogram("h", histogramPoint(0, new double[] {1}, 9, 9, 9).setFlags(noRecordedValue)),
                expHistogram(
                        "e",
                        expPoint(0, 0, 0, new long[0], 0, new long[0])
                                .setTimeUnixNano(0)
                                .setFlags(noRecordedValue)),
                summary("s", summaryPoint(1, 1).setFlags(noRecordedValue)));

        DecodeResult<MetricPoint> result = decoder.decode(request);

        assertEquals(1, result.accepted().size());
        assertEquals(List.of(), result.rejections());
        assertEquals(4, result.skippedNoRecordedValue());
    }

    @Test
    void gaugeAndNonMonotonicSumMayBeNanOrInfiniteAndNegative() {
        List<MetricPoint> points = decoder.decode(request(
                        gauge(
                                "g",
                                number(T0).setAsDouble(Double.NaN),
                                number(T0).setAsDouble(Double.NEGATIVE_INFINITY)),
                        sum(
                                "s",
                                AGGREGATION_TEMPORALITY_CUMULATIVE,
                                false,
                                number(T0).setAsDouble(Double.POSITIVE_INFINITY),
                                number(T0).setAsInt(-5))))
                .accepted();

        assertEquals(4, points.size());
        assertTrue(Double.isNaN(points.get(0).value()));
        assertEquals(Double.NEGATIVE_INFINITY, points.get(1).value());
        assertEquals(Double.POSITIVE_INFINITY, points.get(2).value());
        assertEquals(-5.0, points.get(3).value());
    }

    @Test
    void histogramWithoutBucketsOrBoundsBecomesOneBucketHoldingTheCount() {
        MetricPoint p = decoder.decode(
                        request(histogram("h", histogramPoint(4, new double[0]).setSum(-2.5))))
                .accepted()
                .get(0);

        assertEquals(0, p.explicitBounds().length);
        assertEquals(
                List.of(4L), java.util.Arrays.stream(p.bucketCounts()).boxed().toList());
        // A negative sum is legal: the recorded values may be negative.
        assertEquals(-2.5, p.sum());
        assertTrue(Double.isNaN(p.min()), "absent min is NaN");
    }

    @Test
    void histogramAcceptsInfiniteBoundsWhenStrictlyIncreasing() {
        DecodeResult<MetricPoint> result = decoder.decode(request(histogram(
                "h",
                histogramPoint(3, new double[] {Double.NEGATIVE_INFINITY, 0, Double.POSITIVE_INFINITY}, 0, 1, 2, 0))));

        assertEquals(List.of(), result.rejections());
        assertEquals(1, result.accepted().size());
    }

    @Test
    void emptyProtobufRecordIsAValidEmptyRequest() {
        DecodeResult<MetricPoint> result = decoder.decode(new byte[0], OtlpEncoding.OTLP_PROTO);

        assertEquals(List.of(), result.accepted());
        assertEquals(List.of(), result.rejections());
    }
}
