package io.driftwatch.connectors.otlp;

import static io.driftwatch.connectors.otlp.OtlpTestData.MINUTE;
import static io.driftwatch.connectors.otlp.OtlpTestData.OPTIONS;
import static io.driftwatch.connectors.otlp.OtlpTestData.T0;
import static io.driftwatch.connectors.otlp.OtlpTestData.attr;
import static io.driftwatch.connectors.otlp.OtlpTestData.gauge;
import static io.driftwatch.connectors.otlp.OtlpTestData.number;
import static io.driftwatch.connectors.otlp.OtlpTestData.printedJson;
import static io.driftwatch.connectors.otlp.OtlpTestData.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpRecordDecoderTest {

    private static final ExportMetricsServiceRequest REQUEST = request(gauge(
            "g",
            number(T0).setAsInt(1).addAttributes(attr("status", "a")),
            number(T0 + MINUTE).setAsDouble(2.5).addAttributes(attr("status", "b"))));

    private static final OtlpRecordDecoder DECODER = OtlpRecordDecoder.builder()
            .topic("otlp_metrics", OtlpEncoding.OTLP_PROTO)
            .topics(Map.of("otlp_metrics_json", OtlpEncoding.OTLP_JSON, "b_metrics", OtlpEncoding.OTLP_PROTO))
            .decoderOptions(OPTIONS)
            .build();

    private static OtlpRecord record(String topic, byte[] value) {
        return new OtlpRecord(topic, 2, 7, 123L, null, value);
    }

    @Test
    void choosesTheEncodingByTopic() {
        DecodedOtlp<MetricPoint> proto = DECODER.decode(record("otlp_metrics", REQUEST.toByteArray()));
        DecodedOtlp<MetricPoint> json = DECODER.decode(record("otlp_metrics_json", printedJson(REQUEST)));
        DecodedOtlp<MetricPoint> jsonOnProtoTopic = DECODER.decode(record("otlp_metrics", printedJson(REQUEST)));

        assertEquals(new OtlpMetricsDecoder(OPTIONS).decode(REQUEST), proto.result());
        assertEquals(2, proto.result().accepted().size());
        assertEquals(proto.result(), json.result());
        assertEquals(
                RejectReason.UNDECODABLE,
                jsonOnProtoTopic.result().rejections().get(0).reason());
        assertEquals(List.of(), jsonOnProtoTopic.result().accepted());
    }

    @Test
    void aTopicWithoutEncodingIsOneUnknownTopicRejectionListingTheConfiguredTopicsSorted() {
        OtlpRecord raw = record("otlp_spans", REQUEST.toByteArray());

        DecodedOtlp<MetricPoint> d = DECODER.decode(raw);

        assertSame(raw, d.record());
        assertEquals(List.of(), d.result().accepted());
        assertEquals(
                List.of(new Rejection(
                        RejectReason.UNKNOWN_TOPIC,
                        "topic \"otlp_spans\" has no configured OTLP"
                                + " encoding (configured: [b_metrics, otlp_metrics, otlp_metrics_json])",
                        0)),
                d.result().rejections());
        assertEquals(0, d.result().skippedNoRecordedValue());
        assertEquals(Long.MIN_VALUE, d.eventTimeMillis());
    }

    /** A clock that fails: the decoder reads it once per record, so this makes the decoder itself throw. */
    private static final class BrokenClock extends Clock {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            throw new IllegalStateException("clock broken");
        }
    }

    @Test
    void aDecoderFailureBecomesAnUndecodableRejectionInsteadOfAnException() {
        OtlpRecordDecoder decoder = OtlpRecordDecoder.builder()
                .topic("otlp_metrics_json", OtlpEncoding.OTLP_JSON)
                .decoderOptions(
                        DecoderOptions.builder().clock(new BrokenClock()).build())
                .build();
        OtlpRecord raw = record("otlp_metrics_json", printedJson(REQUEST));

        DecodedOtlp<MetricPoint> d = decoder.decode(raw);

        assertSame(raw, d.record());
        assertEquals(
                List.of(new Rejection(
                        RejectReason.UNDECODABLE,
                        "otlp_json: decoder failure java.lang.IllegalStateException: clock broken",
                        0)),
                d.result().rejections());
        assertEquals(List.of(), d.result().accepted());
        assertEquals(Long.MIN_VALUE, d.eventTimeMillis());
    }

    private static final OtlpRecordDecoder SPANS = OtlpRecordDecoder.builder()
            .topic("otlp_spans", OtlpEncoding.OTLP_PROTO)
            .topic("otlp_spans_json", OtlpEncoding.OTLP_JSON)
            .decoderOptions(OPTIONS)
            .build();

    /** Two spans without ids (JsonFormat would print ids as base64, OTLP/JSON wants hex). */
    private static final ExportTraceServiceRequest TRACES = ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder()
                    .addScopeSpans(ScopeSpans.newBuilder()
                            .addSpans(Span.newBuilder()
                                    .setName("a")
                                    .setStartTimeUnixNano(T0 + MINUTE)
                                    .setEndTimeUnixNano(T0 + 2 * MINUTE))
                            .addSpans(Span.newBuilder()
                                    .setName("b")
                                    .setStartTimeUnixNano(T0)
                                    .setEndTimeUnixNano(T0 + MINUTE))))
            .build();

    @Test
    void decodesSpansWithTheSameTopicRouting() {
        DecodedOtlp<SpanRecord> proto = SPANS.decodeSpans(record("otlp_spans", TRACES.toByteArray()));
        DecodedOtlp<SpanRecord> json = SPANS.decodeSpans(record("otlp_spans_json", printedJson(TRACES)));
        DecodedOtlp<SpanRecord> jsonOnProtoTopic = SPANS.decodeSpans(record("otlp_spans", printedJson(TRACES)));

        assertEquals(new OtlpTracesDecoder(OPTIONS).decode(TRACES), proto.result());
        assertEquals(2, proto.result().accepted().size());
        assertEquals(proto.result(), json.result());
        assertEquals(Math.floorDiv(T0 + MINUTE, 1_000_000L), proto.eventTimeMillis(), "the latest span start");
        assertEquals(
                RejectReason.UNDECODABLE,
                jsonOnProtoTopic.result().rejections().get(0).reason());
        assertEquals(Long.MIN_VALUE, jsonOnProtoTopic.eventTimeMillis());
    }

    @Test
    void aSpansTopicWithoutEncodingIsOneUnknownTopicRejection() {
        OtlpRecord raw = record("otlp_metrics", OtlpTracesDecoderTest.FULL.toByteArray());

        DecodedOtlp<SpanRecord> d = SPANS.decodeSpans(raw);

        assertSame(raw, d.record());
        assertEquals(
                List.of(new Rejection(
                        RejectReason.UNKNOWN_TOPIC,
                        "topic \"otlp_metrics\" has no configured OTLP"
                                + " encoding (configured: [otlp_spans, otlp_spans_json])",
                        0)),
                d.result().rejections());
        assertEquals(List.of(), d.result().accepted());
    }

    @Test
    void aSpanDecoderFailureBecomesAnUndecodableRejectionInsteadOfAnException() {
        OtlpRecordDecoder decoder = OtlpRecordDecoder.builder()
                .topic("otlp_spans", OtlpEncoding.OTLP_PROTO)
                .decoderOptions(
                        DecoderOptions.builder().clock(new BrokenClock()).build())
                .build();
        OtlpRecord raw = record("otlp_spans", OtlpTracesDecoderTest.FULL.toByteArray());

        DecodedOtlp<SpanRecord> d = decoder.decodeSpans(raw);

        assertSame(raw, d.record());
        assertEquals(
                List.of(new Rejection(
                        RejectReason.UNDECODABLE,
                        "otlp_proto: decoder failure java.lang.IllegalStateException: clock broken",
                        0)),
                d.result().rejections());
        assertEquals(List.of(), d.result().accepted());
        assertEquals(Long.MIN_VALUE, d.eventTimeMillis());
    }

    @Test
    void builderRequiresATopicAndRejectsNulls() {
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> OtlpRecordDecoder.builder().decoderOptions(OPTIONS).build());
        assertEquals("configure at least one topic and its OTLP encoding", e.getMessage());
        assertThrows(
                NullPointerException.class, () -> OtlpRecordDecoder.builder().topic(null, OtlpEncoding.OTLP_PROTO));
        assertThrows(
                NullPointerException.class, () -> OtlpRecordDecoder.builder().topic("t", null));
        assertThrows(
                NullPointerException.class, () -> OtlpRecordDecoder.builder().decoderOptions(null));
    }

    @Test
    void theLastEncodingGivenForATopicWins() {
        OtlpRecordDecoder decoder = OtlpRecordDecoder.builder()
                .topic("t", OtlpEncoding.OTLP_PROTO)
                .topics(Map.of("t", OtlpEncoding.OTLP_JSON))
                .build();

        assertEquals(Map.of("t", OtlpEncoding.OTLP_JSON), decoder.topics());
    }

    @Test
    void decodesTheSameAfterJavaSerialization() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(DECODER);
        }
        OtlpRecordDecoder copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (OtlpRecordDecoder) in.readObject();
        }

        OtlpRecord raw = record("otlp_metrics", REQUEST.toByteArray());
        assertEquals(DECODER.decode(raw), copy.decode(raw));
        assertEquals(DECODER.topics(), copy.topics());
    }
}
