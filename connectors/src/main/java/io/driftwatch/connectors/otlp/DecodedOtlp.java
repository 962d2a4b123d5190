package io.driftwatch.connectors.otlp;

/**
 * What an OTLP Kafka source emits per Kafka record, decoded in the source: {@link DecodedOtlpRecord}
 * (metrics) or {@link DecodedOtlpSpans}. Its event time is what the source's timestamp assigner reads, so
 * that watermarks are per Kafka partition, e.g. {@code
 * WatermarkStrategy.<R>forBoundedOutOfOrderness(d).withTimestampAssigner((r, ts) -> r.eventTimeMillis())}.
 */
public interface DecodedOtlp {

    /** The Kafka record as read, bytes unchanged, for dead-lettering. */
    OtlpRecord record();

    /** The latest time among the record's valid items, or {@link Long#MIN_VALUE} when it has none. */
    long eventTimeMillis();
}
