package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static io.driftwatch.connectors.otlp.OtlpTestData.T0;
import static io.driftwatch.connectors.otlp.OtlpTestData.arrayValue;
import static io.driftwatch.connectors.otlp.OtlpTestData.attr;
import static io.driftwatch.connectors.otlp.OtlpTestData.printedJson;
import static io.driftwatch.connectors.otlp.OtlpTestData.str;
import static io.driftwatch.connectors.otlp.OtlpTestData.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpTracesDecoderTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN = "b7ad6b7169203331";
    private static final String LINKED_SPAN = "00f067aa0ba902b7";

    private final OtlpTracesDecoder decoder = new OtlpTracesDecoder(OPTIONS);

    private static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static Span.Builder span(long start, long end) {
        return Span.newBuilder()
                .setTraceId(hex(TRACE))
                .setSpanId(hex(SPAN))
                .setName("predict")
                .setStartTimeUnixNano(start)
                .setEndTimeUnixNano(end);
    }

    private static ExportTraceServiceRequest request(Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("inference").setVersion("2"));
        for (Span.Builder s : spans) {
            scope.addSpans(s);
        }
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(attr("service.name", "scorer")))
                        .addScopeSpans(scope))
                .build();
    }

    /** A client span with a link (whose ids OTLP/JSON also writes in hex) and attributes of every type. */
    static final ExportTraceServiceRequest FULL = request(span(T0, T0 + 2_500_000)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setTraceState("ot=th:c;rv:abcdef12345678,vendor=x")
            .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
            .addLinks(Span.Link.newBuilder().setTraceId(hex(TRACE)).setSpanId(hex(LINKED_SPAN)))
            .addAttributes(attr("model_name", "fraud"))
            .addAttributes(attr("feature.amount", 12.5))
            .addAttributes(attr("feature.items", 3L))
            .addAttributes(attr("cached", true))
            .addAttributes(attr("tags", arrayValue(str("a"), str("b")))));

    static SpanRecord fullExpected() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("model_name", "fraud");
        attributes.put("feature.amount", 12.5);
        attributes.put("feature.items", 3L);
        attributes.put("cached", true);
        return SpanRecord.builder()
                .traceId(TRACE)
                .spanId(SPAN)
                .name("predict")
                .kind(SpanRecord.Kind.CLIENT)
                .startTimeNanos(T0)
                .endTimeNanos(T0 + 2_500_000)
                .status(SpanRecord.StatusCode.ERROR)
                .labels(Labels.of(
                        "service.name",
                        "scorer",
                        "otel_scope_name",
                        "inference",
                        "otel_scope_version",
                        "2",
                        "model_name",
                        "fraud",
                        "feature.amount",
                        "12.5",
                        "feature.items",
                        "3",
                        "cached",
                        "true",
                        "tags",
                        "[\"a\",\"b\"]"))
                .attributes(attributes)
                .traceState("ot=th:c;rv:abcdef12345678,vendor=x")
                .build();
    }

    @Test
    void decodesSpansFromProtobuf() {
        DecodeResult<SpanRecord> result = decoder.decode(FULL.toByteArray(), OtlpEncoding.OTLP_PROTO);

        assertEquals(List.of(), result.rejections());
        assertEquals(List.of(fullExpected()), result.accepted());
        assertEquals(2_500_000, result.accepted().get(0).durationNanos());
    }

    @Test
    void decodesSpansFromOtlpJsonWithHexIds() {
        // JsonFormat writes bytes as base64; OTLP/JSON wants hex: rewrite the ids as a collector would write them.
        String json = new String(printedJson(FULL), java.nio.charset.StandardCharsets.UTF_8)
                .replace(b64(TRACE), TRACE.toUpperCase(java.util.Locale.ROOT))
                .replace(b64(SPAN), SPAN)
                .replace(b64(LINKED_SPAN), LINKED_SPAN)
                .replace("\"SPAN_KIND_CLIENT\"", "3")
                .replace("\"STATUS_CODE_ERROR\"", "2");
        assertTrue(json.contains("\"traceId\": \"0AF7651916CD43DD8448EB211C80319C\""), json);

        DecodeResult<SpanRecord> result = decoder.decode(utf8(json), OtlpEncoding.OTLP_JSON);

        assertEquals(List.of(), result.rejections());
        assertEquals(List.of(fullExpected()), result.accepted());
    }

    @Test
    void rejectsSpansWithAbsurdTimesAndKeepsTheOthers() {
        long before2000 = 900_000_000_000_000_000L;
        ExportTraceServiceRequest request = request(
                span(T0, T0 + 1), span(0, T0), span(T0, T0 - 1), span(before2000, T0), span(T0, Long.MAX_VALUE));

        DecodeResult<SpanRecord> result = decoder.decode(request);

        assertEquals(1, result.accepted().size());
        assertEquals(
                List.of(
                        "absurd_timestamp: resource #0 scope #0 span #1 \"predict\" (trace " + TRACE + " span " + SPAN
                                + "): start_time_unix_nano is 0 (unset)",
                        "absurd_timestamp: resource #0 scope #0 span #2 \"predict\" (trace " + TRACE + " span " + SPAN
                                + "): end_time_unix_nano 1699999999999999999 (2023-11-14T22:13:19.999999999Z) is before"
                                + " start_time_unix_nano 1700000000000000000 (2023-11-14T22:13:20Z)",
                        "absurd_timestamp: resource #0 scope #0 span #3 \"predict\" (trace " + TRACE + " span " + SPAN
                                + "): start_time_unix_nano 900000000000000000 (1998-07-09T16:00:00Z) is before the minimum"
                                + " 2000-01-01T00:00:00Z",
                        "absurd_timestamp: resource #0 scope #0 span #4 \"predict\" (trace " + TRACE + " span " + SPAN
                                + "): end_time_unix_nano 9223372036854775807 (2262-04-11T23:47:16.854775807Z) is more than"
                                + " PT1H after the current time (limit 2024-01-01T01:00:00Z)"),
                result.rejections().stream().map(Rejection::toString).toList());
    }

    @Test
    void unreadableRecordsAreUndecodable() {
        DecodeResult<SpanRecord> proto = decoder.decode(new byte[] {(byte) 0xff}, OtlpEncoding.OTLP_PROTO);
        DecodeResult<SpanRecord> json = decoder.decode(
                utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":" + "[{\"traceId\":\"xyz\"}]}]}]}"),
                OtlpEncoding.OTLP_JSON);

        assertEquals(RejectReason.UNDECODABLE, proto.rejections().get(0).reason());
        assertTrue(proto.rejections().get(0).detail().contains("ExportTraceServiceRequest"));
        assertEquals(RejectReason.UNDECODABLE, json.rejections().get(0).reason());
        assertTrue(
                json.rejections().get(0).detail().contains("traceId \"xyz\""),
                json.rejections().get(0).detail());
    }

    @Test
    void rootSpansHaveAnEmptyParentAndUnknownEnumNumbersMapToUnset() {
        SpanRecord span = decoder.decode(request(span(T0, T0)
                        .setKindValue(42)
                        .setStatus(Status.newBuilder().setCodeValue(9))))
                .accepted()
                .get(0);

        assertEquals("", span.parentSpanId());
        assertEquals(SpanRecord.Kind.UNSPECIFIED, span.kind());
        assertEquals(SpanRecord.StatusCode.UNSET, span.status());
    }

    private static String b64(String hex) {
        return java.util.Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    }
}
