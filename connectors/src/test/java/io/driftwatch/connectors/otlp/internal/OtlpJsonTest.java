package io.driftwatch.connectors.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class OtlpJsonTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String hex(com.google.protobuf.ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    @Test
    void hexIdsOfSpansLinksAndParentsBecomeTheirBytes() throws Exception {
        String json = """
                {"resourceSpans":[{"scopeSpans":[{"spans":[{
                  "traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"eee19b7ec3c1b174","parentSpanId":"",
                  "name":"s","attributes":[{"key":"traceId","value":{"stringValue":"not-an-id"}}],
                  "links":[{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"00f067aa0ba902b7"}]}]}]}]}
                """;
        ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();

        OtlpJson.merge(utf8(json), b);

        Span span = b.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertEquals("5b8efff798038103d269b633813fc60c", hex(span.getTraceId()));
        assertEquals("eee19b7ec3c1b174", hex(span.getSpanId()));
        assertEquals(0, span.getParentSpanId().size());
        assertEquals("0af7651916cd43dd8448eb211c80319c", hex(span.getLinks(0).getTraceId()));
        assertEquals("00f067aa0ba902b7", hex(span.getLinks(0).getSpanId()));
        // An attribute *named* traceId is a string value, not an id: left alone.
        assertEquals("not-an-id", span.getAttributes(0).getValue().getStringValue());
    }

    @Test
    void hexIdsInExemplarsWithOriginalFieldNamesAreConverted() throws Exception {
        String json = """
                {"resource_metrics":[{"scope_metrics":[{"metrics":[{"name":"g","gauge":{"data_points":[{
                  "exemplars":[{"trace_id":"0af7651916cd43dd8448eb211c80319c","span_id":"00F067AA0BA902B7",
                                "as_double":1.5}]}]}}]}]}]}
                """;
        ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();

        OtlpJson.merge(utf8(json), b);

        Exemplar e = b.getResourceMetrics(0)
                .getScopeMetrics(0)
                .getMetrics(0)
                .getGauge()
                .getDataPoints(0)
                .getExemplars(0);
        assertEquals("0af7651916cd43dd8448eb211c80319c", hex(e.getTraceId()));
        assertEquals("00f067aa0ba902b7", hex(e.getSpanId()));
        assertEquals(1.5, e.getAsDouble());
    }

    @Test
    void numbersKeepTheirExactText() throws Exception {
        String json = """
                {"a":0.1,"b":1e400,"c":18446744073709551615,"d":-0.0,"e":"x\\u00e9\\n","f":[true,null]}
                """;

        String rewritten = OtlpJson.hexIdsToBase64(utf8(json));

        assertEquals(
                "{\"a\":0.1,\"b\":1e400,\"c\":18446744073709551615,\"d\":-0.0,\"e\":\"xé\\n\",\"f\":[true,null]}",
                rewritten);
    }

    @Test
    void invalidIdsAndMalformedDocumentsThrowWithAMessage() {
        var e1 = assertThrows(
                OtlpJson.OtlpJsonException.class, () -> OtlpJson.hexIdsToBase64(utf8("{\"spanId\":\"abc\"}")));
        assertEquals("spanId \"abc\" at line 1 column 11 is not hex: odd number of digits (3)", e1.getMessage());

        var e2 = assertThrows(
                OtlpJson.OtlpJsonException.class, () -> OtlpJson.hexIdsToBase64(utf8("{\"traceId\":\"zz\"}")));
        assertTrue(e2.getMessage().contains("is not hex (OTLP/JSON encodes trace and span ids as hex, not base64)"));

        // Non-ASCII digits are not hex digits, even if Character.digit would accept them.
        assertThrows(
                OtlpJson.OtlpJsonException.class,
                () -> OtlpJson.hexIdsToBase64(utf8("{\"traceId\":\"\u0661\u0662\"}")));

        var e3 = assertThrows(OtlpJson.OtlpJsonException.class, () -> OtlpJson.hexIdsToBase64(utf8("{\"a\":")));
        assertTrue(e3.getMessage().startsWith("malformed JSON: "), e3.getMessage());

        var e4 = assertThrows(OtlpJson.OtlpJsonException.class, () -> OtlpJson.hexIdsToBase64(utf8("  ")));
        assertEquals("empty JSON document", e4.getMessage());
    }
}
