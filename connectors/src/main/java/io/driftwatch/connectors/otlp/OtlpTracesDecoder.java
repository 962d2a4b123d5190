package io.driftwatch.connectors.otlp;

import com.google.protobuf.ByteString;
import io.driftwatch.connectors.otlp.internal.AttributeValues;
import io.driftwatch.connectors.otlp.internal.LabelPairs;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decodes one Kafka record value holding an {@code ExportTraceServiceRequest} (protobuf or OTLP/JSON)
 * into {@link SpanRecord}s. Thread-safe and stateless; it never throws on bad content.
 *
 * <p>A span is rejected as {@link RejectReason#ABSURD_TIMESTAMP} when its start time is 0 or outside
 * {@link DecoderOptions}' window, its end time is outside the window, or it ends before it starts; as
 * {@link RejectReason#TIME_SKEW} when its start or end lies too far from its Kafka record's timestamp; as
 * {@link RejectReason#TOO_MANY_LABELS} when it would carry more than {@link DecoderOptions#maxLabels()}
 * labels; an unreadable record is one {@link RejectReason#UNDECODABLE} rejection. Labels follow {@link
 * OtlpMetricsDecoder}'s rules. Events, links and flags are not used; the trace state is
 * kept, as it carries the sampling threshold ({@code ot=th:}).
 */
public final class OtlpTracesDecoder {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final SpanRecord.Kind[] KINDS = SpanRecord.Kind.values();
    private static final SpanRecord.StatusCode[] STATUSES = SpanRecord.StatusCode.values();

    private final DecoderOptions options;

    public OtlpTracesDecoder(DecoderOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Decodes a record value; a {@code null} or unreadable value gives one UNDECODABLE rejection. */
    public DecodeResult<SpanRecord> decode(byte[] value, OtlpEncoding encoding) {
        return decode(value, encoding, -1);
    }

    /** Decodes a record value carried by a Kafka record stamped {@code recordTimeMillis} (negative: none). */
    public DecodeResult<SpanRecord> decode(byte[] value, OtlpEncoding encoding, long recordTimeMillis) {
        Objects.requireNonNull(encoding, "encoding");
        Payloads.Parsed<ExportTraceServiceRequest> parsed = Payloads.parse(
                value, encoding, ExportTraceServiceRequest.parser(), ExportTraceServiceRequest.newBuilder());
        if (parsed.failure != null) {
            return DecodeResult.undecodable(parsed.failure);
        }
        return decode(parsed.message, recordTimeMillis);
    }

    /** Decodes an already parsed request, without a record time. */
    public DecodeResult<SpanRecord> decode(ExportTraceServiceRequest request) {
        return decode(request, -1);
    }

    /** Decodes an already parsed request carried by a Kafka record stamped {@code recordTimeMillis}. */
    public DecodeResult<SpanRecord> decode(ExportTraceServiceRequest request, long recordTimeMillis) {
        TimeWindow window = new TimeWindow(options, recordTimeMillis);
        List<SpanRecord> accepted = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>(0);
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans rs = request.getResourceSpans(r);
            String[] resourcePairs = LabelPairs.fromAttributes(rs.getResource().getAttributesList());
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                String[] base = LabelPairs.merge(resourcePairs, OtlpMetricsDecoder.scopePairs(ss.getScope()));
                for (int i = 0; i < ss.getSpansCount(); i++) {
                    Span span = ss.getSpans(i);
                    TimeWindow.Problem bad = window.checkSpan(span.getStartTimeUnixNano(), span.getEndTimeUnixNano());
                    int labels = base.length / 2 + span.getAttributesCount();
                    if (bad == null && labels > options.maxLabels()) {
                        bad = new TimeWindow.Problem(
                                RejectReason.TOO_MANY_LABELS,
                                base.length / 2 + " resource and scope labels and " + span.getAttributesCount()
                                        + " attributes exceed the limit of " + options.maxLabels() + " labels");
                    }
                    if (bad != null) {
                        rejections.add(new Rejection(
                                bad.reason(),
                                "resource #" + r + " scope #" + s
                                        + " span #" + i + " " + Rejection.quote(span.getName()) + " (trace "
                                        + idText(span.getTraceId()) + " span " + idText(span.getSpanId()) + "): "
                                        + bad.what(),
                                1));
                        continue;
                    }
                    accepted.add(toRecord(span, base));
                }
            }
        }
        return new DecodeResult<>(accepted, rejections, 0);
    }

    private static SpanRecord toRecord(Span span, String[] base) {
        List<KeyValue> attributes = span.getAttributesList();
        Map<String, Object> raw = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            Object v = AttributeValues.asRawScalar(kv.getValue());
            if (v != null) {
                raw.put(kv.getKey(), v);
            } else {
                raw.remove(kv.getKey());
            }
        }
        int kind = span.getKindValue();
        int status = span.getStatus().getCodeValue();
        return SpanRecord.builder()
                .traceId(hex(span.getTraceId()))
                .spanId(hex(span.getSpanId()))
                .parentSpanId(hex(span.getParentSpanId()))
                .name(span.getName())
                .kind(kind >= 0 && kind < KINDS.length ? KINDS[kind] : SpanRecord.Kind.UNSPECIFIED)
                .startTimeNanos(span.getStartTimeUnixNano())
                .endTimeNanos(span.getEndTimeUnixNano())
                .status(status >= 0 && status < STATUSES.length ? STATUSES[status] : SpanRecord.StatusCode.UNSET)
                .labels(Labels.ofSortedPairs(LabelPairs.merge(base, LabelPairs.fromAttributes(attributes))))
                .attributes(raw)
                .traceState(span.getTraceState())
                .build();
    }

    /** An id for a detail: its hex, cut after 32 bytes (ids are 8 or 16 bytes; anything may arrive). */
    private static String idText(ByteString id) {
        return id.size() <= 32 ? hex(id) : hex(id.substring(0, 32)) + "…(" + id.size() + " bytes)";
    }

    /** Lowercase hex of the bytes; empty for empty. */
    static String hex(ByteString bytes) {
        char[] out = new char[bytes.size() * 2];
        for (int i = 0; i < bytes.size(); i++) {
            int b = bytes.byteAt(i) & 0xFF;
            out[2 * i] = HEX[b >>> 4];
            out[2 * i + 1] = HEX[b & 0xF];
        }
        return new String(out);
    }
}
