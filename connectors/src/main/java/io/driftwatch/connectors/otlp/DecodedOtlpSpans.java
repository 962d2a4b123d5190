package io.driftwatch.connectors.otlp;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One raw Kafka record from an OTLP spans topic together with what {@link OtlpRecordDecoder#decodeSpans}
 * made of it: the spans' counterpart of {@link DecodedOtlpRecord}, emitted by the Kafka source ({@link
 * OtlpSpansDeserializationSchema}) so that event time and watermarks are per Kafka partition, with the
 * raw record kept for dead-lettering.
 *
 * <p>Flink serialises it with {@link DecodedOtlpSpansSerializer}.
 */
@TypeInfo(DecodedOtlpSpansTypeInfoFactory.class)
public final class DecodedOtlpSpans implements DecodedOtlp {

    private final OtlpRecord record;
    private final DecodeResult<SpanRecord> result;
    private final long eventTimeMillis;

    public DecodedOtlpSpans(OtlpRecord record, DecodeResult<SpanRecord> result) {
        this.record = Objects.requireNonNull(record, "record");
        this.result = Objects.requireNonNull(result, "result");
        long max = Long.MIN_VALUE;
        for (SpanRecord s : result.accepted()) {
            max = Math.max(max, Math.floorDiv(s.startTimeNanos(), 1_000_000L));
        }
        this.eventTimeMillis = max;
    }

    /** The Kafka record as read, bytes unchanged. */
    @Override
    public OtlpRecord record() {
        return record;
    }

    /** The decoded spans and the rejections of {@link #record()}. */
    public DecodeResult<SpanRecord> result() {
        return result;
    }

    /**
     * The record's event time: the latest start time among its accepted spans, or {@link Long#MIN_VALUE}
     * when it has none, so that a record without a good span never advances a watermark.
     */
    @Override
    public long eventTimeMillis() {
        return eventTimeMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DecodedOtlpSpans)) {
            return false;
        }
        DecodedOtlpSpans d = (DecodedOtlpSpans) o;
        return record.equals(d.record) && result.equals(d.result);
    }

    @Override
    public int hashCode() {
        return 31 * record.hashCode() + result.hashCode();
    }

    @Override
    public String toString() {
        return "DecodedOtlpSpans{" + record + ", " + result + ", eventTimeMillis=" + eventTimeMillis + '}';
    }
}
