package io.driftwatch.connectors.otlp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One decoded OTLP span, reduced to what drift analytics needs.
 *
 * <p>Ids are lowercase hex ({@code traceId} 32 digits, {@code spanId} 16 digits, as W3C trace context
 * writes them); an absent parent is the empty string. {@link #labels()} merges resource attributes,
 * scope name/version and span attributes exactly as {@link OtlpMetricsDecoder} does for points. {@link
 * #attributes()} holds the span's own scalar attributes with their types kept: {@link String}, {@link
 * Boolean}, {@link Long} or {@link Double} (bytes, arrays and kvlists are left out; they are in the
 * labels as strings).
 */
public final class SpanRecord implements OtlpItem {

    /** OTLP {@code Span.SpanKind}; unknown values map to {@link #UNSPECIFIED}. */
    public enum Kind {
        UNSPECIFIED,
        INTERNAL,
        SERVER,
        CLIENT,
        PRODUCER,
        CONSUMER
    }

    /** OTLP {@code Status.StatusCode}; unknown values map to {@link #UNSET}. */
    public enum StatusCode {
        UNSET,
        OK,
        ERROR
    }

    private final String traceId;
    private final String spanId;
    private final String parentSpanId;
    private final String name;
    private final Kind kind;
    private final long startTimeNanos;
    private final long endTimeNanos;
    private final StatusCode status;
    private final Labels labels;
    private final Map<String, Object> attributes;
    private final String traceState;

    private SpanRecord(Builder b) {
        this.traceId = b.traceId;
        this.spanId = b.spanId;
        this.parentSpanId = b.parentSpanId;
        this.name = b.name;
        this.kind = b.kind;
        this.startTimeNanos = b.startTimeNanos;
        this.endTimeNanos = b.endTimeNanos;
        this.status = b.status;
        this.labels = b.labels;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.traceState = b.traceState;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String traceId() {
        return traceId;
    }

    public String spanId() {
        return spanId;
    }
    /** The parent's span id, or {@code ""} for a root span. */
    public String parentSpanId() {
        return parentSpanId;
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public long startTimeNanos() {
        return startTimeNanos;
    }

    /** The span's start in epoch milliseconds, rounded down: its event time. */
    @Override
    public long timeMillis() {
        return Math.floorDiv(startTimeNanos, 1_000_000L);
    }

    public long endTimeNanos() {
        return endTimeNanos;
    }

    public long durationNanos() {
        return endTimeNanos - startTimeNanos;
    }

    public StatusCode status() {
        return status;
    }

    public Labels labels() {
        return labels;
    }
    /** The span's scalar attributes in their order of appearance (unmodifiable). */
    public Map<String, Object> attributes() {
        return attributes;
    }
    /** The span's W3C {@code tracestate} (e.g. {@code ot=th:c} from a probability sampler), or {@code ""}. */
    public String traceState() {
        return traceState;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SpanRecord)) {
            return false;
        }
        SpanRecord s = (SpanRecord) o;
        return traceId.equals(s.traceId)
                && spanId.equals(s.spanId)
                && parentSpanId.equals(s.parentSpanId)
                && name.equals(s.name)
                && kind == s.kind
                && startTimeNanos == s.startTimeNanos
                && endTimeNanos == s.endTimeNanos
                && status == s.status
                && labels.equals(s.labels)
                && attributes.equals(s.attributes)
                && traceState.equals(s.traceState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(traceId, spanId, name, startTimeNanos);
    }

    @Override
    public String toString() {
        return "SpanRecord{" + name + ' ' + kind + " trace=" + traceId + " span=" + spanId
                + (parentSpanId.isEmpty() ? "" : " parent=" + parentSpanId) + " start=" + startTimeNanos
                + " end=" + endTimeNanos + ' ' + status + ' ' + labels + ' ' + attributes + '}';
    }

    /** Builds a {@link SpanRecord}; strings default to {@code ""}, enums to their unset value. */
    public static final class Builder {
        private String traceId = "";
        private String spanId = "";
        private String parentSpanId = "";
        private String name = "";
        private Kind kind = Kind.UNSPECIFIED;
        private long startTimeNanos;
        private long endTimeNanos;
        private StatusCode status = StatusCode.UNSET;
        private Labels labels = Labels.EMPTY;
        private Map<String, Object> attributes = Map.of();
        private String traceState = "";

        private Builder() {}

        public Builder traceId(String hex) {
            this.traceId = Objects.requireNonNull(hex);
            return this;
        }

        public Builder spanId(String hex) {
            this.spanId = Objects.requireNonNull(hex);
            return this;
        }

        public Builder parentSpanId(String hex) {
            this.parentSpanId = Objects.requireNonNull(hex);
            return this;
        }

        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        public Builder kind(Kind kind) {
            this.kind = Objects.requireNonNull(kind);
            return this;
        }

        public Builder startTimeNanos(long nanos) {
            this.startTimeNanos = nanos;
            return this;
        }

        public Builder endTimeNanos(long nanos) {
            this.endTimeNanos = nanos;
            return this;
        }

        public Builder status(StatusCode status) {
            this.status = Objects.requireNonNull(status);
            return this;
        }

        public Builder labels(Labels labels) {
            this.labels = Objects.requireNonNull(labels);
            return this;
        }

        public Builder traceState(String traceState) {
            this.traceState = Objects.requireNonNull(traceState);
            return this;
        }
        /** Copied; values must be String, Boolean, Long or Double. */
        public Builder attributes(Map<String, Object> attributes) {
            for (Map.Entry<String, Object> e : attributes.entrySet()) {
                Object v = e.getValue();
                if (!(v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double)) {
                    throw new IllegalArgumentException("attribute \"" + e.getKey() + "\" has unsupported value type "
                            + (v == null ? "null" : v.getClass().getName()));
                }
            }
            this.attributes = attributes;
            return this;
        }

        public SpanRecord build() {
            return new SpanRecord(this);
        }
    }
}
