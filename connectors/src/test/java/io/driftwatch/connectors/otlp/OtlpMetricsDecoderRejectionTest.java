package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.MINUTE;
import static io.driftwatch.connectors.otlp.OtlpTestData.NOW;
import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static io.driftwatch.connectors.otlp.OtlpTestData.T0;
import static io.driftwatch.connectors.otlp.OtlpTestData.attr;
import static io.driftwatch.connectors.otlp.OtlpTestData.expHistogram;
import static io.driftwatch.connectors.otlp.OtlpTestData.expPoint;
import static io.driftwatch.connectors.otlp.OtlpTestData.gauge;
import static io.driftwatch.connectors.otlp.OtlpTestData.histogram;
import static io.driftwatch.connectors.otlp.OtlpTestData.histogramPoint;
import static io.driftwatch.connectors.otlp.OtlpTestData.number;
import static io.driftwatch.connectors.otlp.OtlpTestData.request;
import static io.driftwatch.connectors.otlp.OtlpTestData.sum;
import static io.driftwatch.connectors.otlp.OtlpTestData.summary;
import static io.driftwatch.connectors.otlp.OtlpTestData.summaryPoint;
import static io.driftwatch.connectors.otlp.OtlpTestData.utf8;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
import static io.opentelemetry.proto.metrics.v1.AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.Metric;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every {@link RejectReason} the metrics decoder produces, with its detail, and partial acceptance. */
class OtlpMetricsDecoderRejectionTest {

    private static final Set<RejectReason> SEEN = EnumSet.noneOf(RejectReason.class);

    private final OtlpMetricsDecoder decoder = new OtlpMetricsDecoder(OPTIONS);

    /** Decodes a request holding just {@code metric} and returns its single rejection. */
    private Rejection onlyRejection(Metric metric) {
        DecodeResult<MetricPoint> result = decoder.decode(request(metric));
        assertEquals(List.of(), result.accepted(), "nothing accepted");
        assertEquals(1, result.rejections().size(), () -> "one rejection: " + result.rejections());
        return record(result.rejections().get(0));
    }

    private Rejection onlyRejection(byte[] value, OtlpEncoding encoding) {
        DecodeResult<MetricPoint> result = decoder.decode(value, encoding);
        assertEquals(List.of(), result.accepted());
        assertEquals(1, result.rejections().size(), () -> "one rejection: " + result.rejections());
        return record(result.rejections().get(0));
    }

    private static Rejection record(Rejection r) {
        SEEN.add(r.reason());
        return r;
    }

    private static void assertRejection(RejectReason reason, String detail, int items, Rejection actual) {
        assertEquals(reason, actual.reason(), actual::toString);
        assertEquals(detail, actual.detail());
        assertEquals(items, actual.items());
    }

    @AfterAll
    static void everyPointLevelReasonIsCovered() {
        // UNKNOWN_TOPIC and RECORD_TOO_LARGE are decided by OtlpRecordDecoder, not the decoder: see
        // OtlpRecordDecoderTest and DecoderFuzzTest; INVALID_SAMPLING concerns spans (jobs: SpanFeaturesTest),
        // INVALID_CATALOG the cost catalog topic, INVALID_REFERENCE the drift reference topic.
        Set<RejectReason> expected = EnumSet.complementOf(EnumSet.of(
                RejectReason.UNKNOWN_TOPIC,
                RejectReason.INVALID_SAMPLING,
                RejectReason.RECORD_TOO_LARGE,
                RejectReason.INVALID_CATALOG,
                RejectReason.INVALID_REFERENCE));
        assertEquals(expected, SEEN);
    }

    // ---- whole record ----

    @Test
    void garbageProtobufIsUndecodable() {
        Rejection r = onlyRejection(new byte[] {0x0a, 0x7f, 0x01}, OtlpEncoding.OTLP_PROTO);

        assertEquals(RejectReason.UNDECODABLE, r.reason());
        assertTrue(
                r.detail().startsWith("otlp_proto: 3 bytes are not a valid ExportMetricsServiceRequest: "), r.detail());
        assertEquals(0, r.items());
    }

    @Test
    void jsonReadAsProtobufIsUndecodableWithAHint() {
        Rejection r = onlyRejection(utf8(OtlpMetricsDecoderTest.ALL_KINDS_JSON), OtlpEncoding.OTLP_PROTO);

        assertEquals(RejectReason.UNDECODABLE, r.reason());
        assertTrue(r.detail().endsWith("(the value starts with '{': is the topic's encoding otlp_json?)"), r.detail());
    }

    @Test
    void protobufReadAsJsonIsUndecodableWithAHint() {
        Rejection r = onlyRejection(OtlpMetricsDecoderTest.ALL_KINDS.toByteArray(), OtlpEncoding.OTLP_JSON);

        assertEquals(RejectReason.UNDECODABLE, r.reason());
        assertTrue(r.detail().startsWith("otlp_json: "), r.detail());
        assertTrue(
                r.detail().endsWith("(the value does not start with '{': is the topic's encoding otlp_proto?)"),
                r.detail());
    }

    @Test
    void malformedJsonAndWrongJsonTypesAndEmptyAndNullValuesAreUndecodable() {
        for (String json : List.of(
                "{\"resourceMetrics\": [",
                "{\"resourceMetrics\": 5}",
                "",
                "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"g\",\"gauge\":{\"dataPoints\":"
                        + "[{\"timeUnixNano\":\"soon\"}]}}]}]}]}")) {
            Rejection r = onlyRejection(utf8(json), OtlpEncoding.OTLP_JSON);
            assertEquals(RejectReason.UNDECODABLE, r.reason(), json);
            assertTrue(r.detail().startsWith("otlp_json: "), r.detail());
        }
        Rejection r = onlyRejection(null, OtlpEncoding.OTLP_PROTO);
        assertRejection(
                RejectReason.UNDECODABLE,
                "otlp_proto: the record has no value (null), expected a ExportMetricsServiceRequest",
                0,
                r);
    }

    @Test
    void invalidUtf8InAnyStringMakesTheWholeProtobufRecordUndecodable() {
        byte[] value = request(gauge("g", number(T0).setAsInt(1).addAttributes(attr("k", "QZ"))))
                .toByteArray();
        int at = indexOf(value, utf8("QZ"));
        value[at] = (byte) 0xc3; // a 2-byte sequence lead followed by an ASCII byte: invalid UTF-8
        value[at + 1] = '(';

        Rejection r = onlyRejection(value, OtlpEncoding.OTLP_PROTO);

        assertEquals(RejectReason.UNDECODABLE, r.reason());
        assertTrue(r.detail().endsWith("Protocol message had invalid UTF-8."), r.detail());
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    @Test
    void base64InsteadOfHexIdIsUndecodable() {
        String json = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"h","gauge":{"dataPoints":[
                  {"timeUnixNano":1700000000000000000,"asInt":1,"exemplars":[{"spanId":"7uGbfsPBsXQ="}]}]}}]}]}]}
                """;

        Rejection r = onlyRejection(utf8(json), OtlpEncoding.OTLP_JSON);

        assertEquals(RejectReason.UNDECODABLE, r.reason());
        assertTrue(r.detail().contains("spanId \"7uGbfsPBsXQ=\" at line 2"), r.detail());
        assertTrue(r.detail().contains("is not hex"), r.detail());
    }

    // ---- metric level ----

    @Test
    void metricWithoutNameRejectsAllItsPoints() {
        Rejection r = onlyRejection(gauge("", number(T0).setAsInt(1), number(T0).setAsInt(2)));

        assertRejection(
                RejectReason.MISSING_NAME,
                "resource #0 scope #0 metric #0 (gauge): name is empty; 2 points rejected",
                2,
                r);
    }

    @Test
    void metricWithoutDataIsRejected() {
        Rejection r = onlyRejection(Metric.newBuilder().setName("ghost").build());

        assertRejection(
                RejectReason.MISSING_DATA,
                "resource #0 scope #0 metric #0 \"ghost\": none of gauge, sum,"
                        + " histogram, exponential_histogram, summary is set (an empty metric, or a type newer than this"
                        + " decoder)",
                0,
                r);
    }

    @Test
    void sumWithoutTemporalityRejectsAllItsPoints() {
        Rejection r = onlyRejection(sum(
                "tokens",
                AGGREGATION_TEMPORALITY_UNSPECIFIED,
                true,
                number(T0).setAsInt(1),
                number(T0).setAsInt(2),
                number(T0).setAsInt(3)));

        assertRejection(
                RejectReason.INVALID_TEMPORALITY,
                "resource #0 scope #0 sum \"tokens\": aggregation_temporality"
                        + " is AGGREGATION_TEMPORALITY_UNSPECIFIED (0), expected DELTA or CUMULATIVE; 3 points rejected",
                3,
                r);
    }

    @Test
    void histogramWithUnknownTemporalityNumberIsRejected() {
        Metric m = histogram("h", histogramPoint(1, new double[0]));
        m = m.toBuilder()
                .setHistogram(m.getHistogram().toBuilder().setAggregationTemporalityValue(7))
                .build();

        Rejection r = onlyRejection(m);

        assertRejection(
                RejectReason.INVALID_TEMPORALITY,
                "resource #0 scope #0 histogram \"h\": aggregation_temporality"
                        + " is unknown value 7, expected DELTA or CUMULATIVE; 1 point rejected",
                1,
                r);
    }

    @Test
    void exponentialHistogramWithoutTemporalityIsRejected() {
        Metric m = expHistogram("e", expPoint(0, 0, 0, new long[0], 0, new long[0]));
        m = m.toBuilder()
                .setExponentialHistogram(m.getExponentialHistogram().toBuilder()
                        .setAggregationTemporality(AGGREGATION_TEMPORALITY_UNSPECIFIED))
                .build();

        assertEquals(RejectReason.INVALID_TEMPORALITY, onlyRejection(m).reason());
    }

    @Test
    void jsonEnumIntUnknownToThisProtoVersionIsAnInvalidTemporality() {
        String json = """
                {"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"s","sum":{"aggregationTemporality":9,
                  "dataPoints":[{"timeUnixNano":1700000000000000000,"asInt":1}]}}]}]}]}
                """;

        Rejection r = onlyRejection(utf8(json), OtlpEncoding.OTLP_JSON);

        assertEquals(RejectReason.INVALID_TEMPORALITY, r.reason());
        assertTrue(r.detail().contains("unknown value 9"), r.detail());
    }

    // ---- point level ----

    @Test
    void numberPointWithoutValueIsRejected() {
        assertRejection(
                RejectReason.MISSING_VALUE,
                "resource #0 scope #0 gauge \"g\" point #0: neither as_int nor" + " as_double is set",
                1,
                onlyRejection(gauge("g", number(T0))));
    }

    @Test
    void absurdTimestampsAreRejected() {
        assertRejection(
                RejectReason.ABSURD_TIMESTAMP,
                "resource #0 scope #0 gauge \"g\" point #0: time_unix_nano is 0" + " (unset)",
                1,
                onlyRejection(gauge("g", number(0).setAsInt(1))));

        long before2000 = Instant.parse("1999-12-31T23:59:59Z").getEpochSecond() * 1_000_000_000L;
        assertRejection(
                RejectReason.ABSURD_TIMESTAMP,
                "resource #0 scope #0 gauge \"g\" point #0: time_unix_nano"
                        + " 946684799000000000 (1999-12-31T23:59:59Z) is before the minimum 2000-01-01T00:00:00Z",
                1,
                onlyRejection(gauge("g", number(before2000).setAsInt(1))));

        long twoHoursAhead = (NOW.getEpochSecond() + 7200) * 1_000_000_000L;
        assertRejection(
                RejectReason.ABSURD_TIMESTAMP,
                "resource #0 scope #0 gauge \"g\" point #0: time_unix_nano"
                        + " 1704074400000000000 (2024-01-01T02:00:00Z) is more than PT1H after the current time (limit"
                        + " 2024-01-01T01:00:00Z)",
                1,
                onlyRejection(gauge("g", number(twoHoursAhead).setAsInt(1))));

        // uint64 beyond 2^63-1 is far in the future, not negative.
        assertTrue(
                onlyRejection(gauge("g", number(-1L).setAsInt(1)))
                        .detail()
                        .contains("time_unix_nano 18446744073709551615 ("),
                "unsigned rendering");

        assertRejection(
                RejectReason.ABSURD_TIMESTAMP,
                "resource #0 scope #0 sum \"s\" point #0: start_time_unix_nano"
                        + " 1700000060000000000 (2023-11-14T22:14:20Z) is after time_unix_nano 1700000000000000000"
                        + " (2023-11-14T22:13:20Z)",
                1,
                onlyRejection(sum(
                        "s",
                        AGGREGATION_TEMPORALITY_CUMULATIVE,
                        true,
                        number(T0).setStartTimeUnixNano(T0 + MINUTE).setAsInt(1))));
    }

    @Test
    void timestampLimitsAreConfigurable() {
        long oneHourAhead = (NOW.getEpochSecond() + 3600) * 1_000_000_000L;
        DecoderOptions strict = DecoderOptions.builder()
                .clock(OtlpTestData.CLOCK)
                .minTimestamp(Instant.parse("2023-11-15T00:00:00Z"))
                .maxFutureSkew(Duration.ofMinutes(5))
                .build();
        OtlpMetricsDecoder strictDecoder = new OtlpMetricsDecoder(strict);
        Metric metric = gauge(
                "g",
                number(T0).setAsInt(1),
                number(oneHourAhead).setAsInt(2),
                number((NOW.getEpochSecond() + 300) * 1_000_000_000L).setAsInt(3));

        DecodeResult<MetricPoint> lenient = decoder.decode(request(metric));
        DecodeResult<MetricPoint> result = strictDecoder.decode(request(metric));

        assertEquals(3, lenient.accepted().size(), "one hour ahead is exactly on the default limit");
        assertEquals(
                List.of(3.0), result.accepted().stream().map(MetricPoint::value).toList());
        assertEquals(
                List.of(RejectReason.ABSURD_TIMESTAMP, RejectReason.ABSURD_TIMESTAMP),
                result.rejections().stream().map(Rejection::reason).toList());
    }

    @Test
    void timesTooFarFromTheKafkaRecordTimestampAreTimeSkew() {
        long recordMillis = T0 / 1_000_000L;
        long hour = 60 * MINUTE;
        Metric metric = sum(
                "s",
                AGGREGATION_TEMPORALITY_CUMULATIVE,
                true,
                // An old start is fine (a cumulative series' start), only the time counts.
                number(T0 + hour).setStartTimeUnixNano(T0 - 30 * 24 * hour).setAsInt(1),
                number(T0 + hour + 1).setAsInt(2),
                number(T0 - 7 * 24 * hour).setAsInt(3),
                number(T0 - 7 * 24 * hour - 1).setAsInt(4));

        DecodeResult<MetricPoint> result = decoder.decode(request(metric), recordMillis);
        DecodeResult<MetricPoint> noRecordTime = decoder.decode(request(metric), -1);

        assertEquals(
                List.of(1.0, 3.0),
                result.accepted().stream().map(MetricPoint::value).toList());
        assertEquals(4, noRecordTime.accepted().size(), "without a record timestamp only the absolute checks apply");
        assertRejection(
                RejectReason.TIME_SKEW,
                "resource #0 scope #0 sum \"s\" point #1: time_unix_nano 1700003600000000001"
                        + " (2023-11-14T23:13:20.000000001Z) is more than PT1H after its Kafka record's timestamp"
                        + " 2023-11-14T22:13:20Z",
                1,
                record(result.rejections().get(0)));
        assertRejection(
                RejectReason.TIME_SKEW,
                "resource #0 scope #0 sum \"s\" point #3: time_unix_nano 1699395199999999999"
                        + " (2023-11-07T22:13:19.999999999Z) is more than PT168H before its Kafka record's timestamp"
                        + " 2023-11-14T22:13:20Z",
                1,
                result.rejections().get(1));
    }

    @Test
    void pointsWithMoreLabelsThanTheLimitAreRejectedBeforeTheirLabelsAreBuilt() {
        OtlpMetricsDecoder two = new OtlpMetricsDecoder(
                DecoderOptions.builder().clock(OtlpTestData.CLOCK).maxLabels(6).build());
        // The request's resource has two attributes, its scope a name and a version: 4 labels before the point's.
        Metric metric = gauge(
                "g",
                number(T0).setAsInt(1).addAttributes(attr("a", "1")).addAttributes(attr("b", "2")),
                number(T0)
                        .setAsInt(2)
                        .addAttributes(attr("a", "1"))
                        .addAttributes(attr("a", "2"))
                        .addAttributes(attr("c", "3")));

        DecodeResult<MetricPoint> result = two.decode(request(metric));

        assertEquals(
                List.of(1.0), result.accepted().stream().map(MetricPoint::value).toList());
        assertRejection(
                RejectReason.TOO_MANY_LABELS,
                "resource #0 scope #0 gauge \"g\" point #1: 4 resource and scope labels and 3 attributes exceed the"
                        + " limit of 6 labels",
                1,
                record(result.rejections().get(0)));
    }

    @Test
    void aHugeMetricNameIsCutInEveryDetail() {
        String name = "n".repeat(10_000);
        Rejection r = onlyRejection(gauge(name, number(0).setAsInt(1)));

        assertEquals(
                "resource #0 scope #0 gauge \"" + "n".repeat(200) + "\"…(10000 chars) point #0: time_unix_nano is 0"
                        + " (unset)",
                r.detail());
    }

    @Test
    void nonFiniteValuesAreRejectedWhereTheModelNeedsFiniteNumbers() {
        assertRejection(
                RejectReason.NON_FINITE_VALUE,
                "resource #0 scope #0 sum \"c\" point #0: value NaN of a" + " monotonic sum is not finite",
                1,
                onlyRejection(sum(
                        "c",
                        AGGREGATION_TEMPORALITY_CUMULATIVE,
                        true,
                        number(T0).setAsDouble(Double.NaN))));
        assertRejection(
                RejectReason.NON_FINITE_VALUE,
                "resource #0 scope #0 histogram \"h\" point #0: sum Infinity is" + " not finite",
                1,
                onlyRejection(histogram("h", histogramPoint(1, new double[0]).setSum(Double.POSITIVE_INFINITY))));
        assertEquals(
                RejectReason.NON_FINITE_VALUE,
                onlyRejection(expHistogram(
                                "e",
                                expPoint(0, 0, 0, new long[0], 0, new long[0]).setSum(Double.NaN)))
                        .reason());
        assertEquals(
                RejectReason.NON_FINITE_VALUE,
                onlyRejection(summary("s", summaryPoint(1, Double.NEGATIVE_INFINITY)))
                        .reason());
    }

    @Test
    void negativeMonotonicSumsAreRejectedInBothTemporalities() {
        assertRejection(
                RejectReason.NEGATIVE_VALUE,
                "resource #0 scope #0 sum \"c\" point #0: value -1.0 of a" + " monotonic sum is negative",
                1,
                onlyRejection(sum(
                        "c",
                        AGGREGATION_TEMPORALITY_CUMULATIVE,
                        true,
                        number(T0).setAsInt(-1))));
        assertEquals(
                RejectReason.NEGATIVE_VALUE,
                onlyRejection(sum(
                                "c",
                                AGGREGATION_TEMPORALITY_DELTA,
                                true,
                                number(T0).setAsDouble(-0.5)))
                        .reason());
    }

    @Test
    void uint64CountsAbove2To63AreRejected() {
        assertRejection(
                RejectReason.NEGATIVE_COUNT,
                "resource #0 scope #0 histogram \"h\" point #0: count"
                        + " 18446744073709551615 does not fit in a signed 64-bit integer",
                1,
                onlyRejection(histogram("h", histogramPoint(-1L, new double[0]))));
        assertRejection(
                RejectReason.NEGATIVE_COUNT,
                "resource #0 scope #0 histogram \"h\" point #0: bucket_counts[1]"
                        + " = 9223372036854775808 does not fit in a signed 64-bit integer",
                1,
                onlyRejection(histogram("h", histogramPoint(1, new double[] {1}, 1, Long.MIN_VALUE))));
        assertEquals(
                "resource #0 scope #0 exponential_histogram \"e\" point #0: zero_count 18446744073709551614"
                        + " does not fit in a signed 64-bit integer",
                onlyRejection(expHistogram("e", expPoint(1, -2L, 0, new long[0], 0, new long[0])))
                        .detail());
        assertEquals(
                "resource #0 scope #0 exponential_histogram \"e\" point #0: negative.bucket_counts[0]"
                        + " = 18446744073709551615 does not fit in a signed 64-bit integer",
                onlyRejection(expHistogram("e", expPoint(1, 0, 0, new long[] {1}, 0, new long[] {-1L})))
                        .detail());
        assertEquals(
                RejectReason.NEGATIVE_COUNT,
                onlyRejection(expHistogram("e", expPoint(-5L, 0, 0, new long[0], 0, new long[0])))
                        .reason());
        assertEquals(
                RejectReason.NEGATIVE_COUNT,
                onlyRejection(summary("s", summaryPoint(-1L, 0))).reason());
    }

    @Test
    void bucketCountsMustBeOneMoreThanBounds() {
        assertRejection(
                RejectReason.BUCKET_COUNT_MISMATCH,
                "resource #0 scope #0 histogram \"h\" point #0: 0 bucket"
                        + " counts for 2 explicit bounds (expected 3)",
                1,
                onlyRejection(histogram("h", histogramPoint(0, new double[] {1, 2}))));
        assertRejection(
                RejectReason.BUCKET_COUNT_MISMATCH,
                "resource #0 scope #0 histogram \"h\" point #0: 1 bucket" + " count for 1 explicit bound (expected 2)",
                1,
                onlyRejection(histogram("h", histogramPoint(1, new double[] {1}, 1))));
    }

    @Test
    void boundsMustBeStrictlyIncreasingAndNotNaN() {
        assertRejection(
                RejectReason.UNSORTED_BOUNDS,
                "resource #0 scope #0 histogram \"h\" point #0:"
                        + " explicit_bounds[2] = 5.0 is not greater than explicit_bounds[1] = 5.0",
                1,
                onlyRejection(histogram("h", histogramPoint(0, new double[] {1, 5, 5}, 0, 0, 0, 0))));
        assertEquals(
                "resource #0 scope #0 histogram \"h\" point #0: explicit_bounds[1] = 1.0 is not greater than"
                        + " explicit_bounds[0] = 2.0",
                onlyRejection(histogram("h", histogramPoint(0, new double[] {2, 1}, 0, 0, 0)))
                        .detail());
        assertEquals(
                "resource #0 scope #0 histogram \"h\" point #0: explicit_bounds[0] is NaN",
                onlyRejection(histogram("h", histogramPoint(0, new double[] {Double.NaN}, 0, 0)))
                        .detail());
    }

    @Test
    void bucketCountsMustAddUpToCount() {
        assertRejection(
                RejectReason.COUNT_MISMATCH,
                "resource #0 scope #0 histogram \"h\" point #0: bucket_counts add" + " up to 5 but count is 3",
                1,
                onlyRejection(histogram("h", histogramPoint(3, new double[] {1}, 2, 3))));
        assertEquals(
                "resource #0 scope #0 histogram \"h\" point #0: bucket_counts add up to more than 2^63-1 but"
                        + " count is 7",
                onlyRejection(histogram("h", histogramPoint(7, new double[] {1, 2}, Long.MAX_VALUE, Long.MAX_VALUE, 2)))
                        .detail());
        // zero_count 1 + positive 1 + 2 + negative 3 = 7, not 8.
        assertRejection(
                RejectReason.COUNT_MISMATCH,
                "resource #0 scope #0 exponential_histogram \"e\" point #0:"
                        + " zero_count + positive + negative bucket counts add up to 7 but count is 8",
                1,
                onlyRejection(expHistogram("e", expPoint(8, 1, 0, new long[] {1, 2}, 0, new long[] {3}))));
        assertTrue(
                onlyRejection(expHistogram(
                                "e",
                                expPoint(
                                        8,
                                        Long.MAX_VALUE,
                                        0,
                                        new long[] {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE},
                                        0,
                                        new long[0])))
                        .detail()
                        .contains("add up to more than 2^63-1"),
                "a sum that wraps several times is still detected");
    }

    @Test
    void exponentialScaleAndZeroThresholdMustBeValid() {
        assertRejection(
                RejectReason.INVALID_SCALE,
                "resource #0 scope #0 exponential_histogram \"e\" point #0: scale 21" + " is outside [-10, 20]",
                1,
                onlyRejection(expHistogram(
                        "e", expPoint(0, 0, 0, new long[0], 0, new long[0]).setScale(21))));
        assertEquals(
                RejectReason.INVALID_SCALE,
                onlyRejection(expHistogram(
                                "e",
                                expPoint(0, 0, 0, new long[0], 0, new long[0]).setScale(-11)))
                        .reason());
        assertEquals(
                "resource #0 scope #0 exponential_histogram \"e\" point #0: zero_threshold -1.0 is negative or NaN",
                onlyRejection(expHistogram(
                                "e",
                                expPoint(0, 0, 0, new long[0], 0, new long[0]).setZeroThreshold(-1)))
                        .detail());
    }

    @Test
    void summaryQuantilesMustLieInTheUnitInterval() {
        assertRejection(
                RejectReason.INVALID_QUANTILE,
                "resource #0 scope #0 summary \"s\" point #0:" + " quantile_values[1].quantile = 1.5 is outside [0, 1]",
                1,
                onlyRejection(summary("s", summaryPoint(1, 1, 0.5, 1, 1.5, 2))));
        assertEquals(
                RejectReason.INVALID_QUANTILE,
                onlyRejection(summary("s", summaryPoint(1, 1, Double.NaN, 1))).reason());
        // NaN quantile values (not ranks) are legal: Prometheus summaries report NaN without observations.
        assertEquals(
                1,
                decoder.decode(request(summary("s", summaryPoint(0, 0, 0.5, Double.NaN))))
                        .accepted()
                        .size());
    }

    // ---- partial acceptance ----

    @Test
    void aRecordWithSomeBadPointsKeepsItsGoodPoints() {
        Metric tokens = sum(
                "tokens",
                AGGREGATION_TEMPORALITY_CUMULATIVE,
                true,
                number(T0).setAsInt(10).addAttributes(attr("model", "a")),
                number(T0).setAsInt(-1).addAttributes(attr("model", "b")),
                number(T0).setAsInt(30).addAttributes(attr("model", "c")));
        Metric bad = histogram("h", histogramPoint(3, new double[] {1}, 1, 1, 1));
        Metric good = gauge("g", number(T0).setAsDouble(0.5));

        DecodeResult<MetricPoint> result = decoder.decode(request(tokens, bad, good));

        assertEquals(
                List.of(10.0, 30.0, 0.5),
                result.accepted().stream().map(MetricPoint::value).toList());
        assertEquals(
                List.of(
                        "negative_value: resource #0 scope #0 sum \"tokens\" point #1: value -1.0 of a monotonic sum is negative",
                        "bucket_count_mismatch: resource #0 scope #0 histogram \"h\" point #0: 3 bucket counts for 1 explicit"
                                + " bound (expected 2)"),
                result.rejections().stream().map(Rejection::toString).toList());
        assertEquals(2, result.rejectedItems());
    }

    @Test
    void indicesNameTheResourceAndScope() {
        Metric bad = gauge("g", number(0).setAsInt(1));
        var req = request(gauge("ok", number(T0).setAsInt(1))).toBuilder();
        req.addResourceMetrics(req.getResourceMetrics(0).toBuilder()
                .addScopeMetrics(io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder()
                        .addMetrics(bad)));

        DecodeResult<MetricPoint> result = decoder.decode(req.build());

        Set<String> details =
                result.rejections().stream().map(Rejection::detail).collect(Collectors.toSet());
        assertEquals(Set.of("resource #1 scope #1 gauge \"g\" point #0: time_unix_nano is 0 (unset)"), details);
        assertEquals(2, result.accepted().size());
    }
}
