package io.driftwatch.connectors.otlp;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One raw Kafka record from an OTLP topic together with what {@link OtlpRecordDecoder} made of it: the
 * {@link MetricPoint}s of a metrics topic or the {@link SpanRecord}s of a spans topic. This is what the
 * Kafka source ({@link OtlpDeserializationSchema}) emits, so that event time and watermarks can be
 * assigned per Kafka partition from the items' own times (see {@link #eventTimeMillis()}); the raw record
 * is kept so that rejected content can still be dead-lettered with its source coordinates and original
 * bytes.
 *
 * <p>Flink serialises it with {@link DecodedOtlpSerializer}.
 *
 * @param <T> {@link MetricPoint} or {@link SpanRecord}
 */
@TypeInfo(DecodedOtlpTypeInfoFactory.class)
public final class DecodedOtlp<T extends OtlpItem> {

    private final OtlpRecord record;
    private final DecodeResult<T> result;
    private final long eventTimeMillis;

    public DecodedOtlp(OtlpRecord record, DecodeResult<T> result) {
        this.record = Objects.requireNonNull(record, "record");
        this.result = Objects.requireNonNull(result, "result");
        long max = result.notConsumed() > 0
                ? Math.floorDiv(result.notConsumedLatestTimeNanos(), 1_000_000L)
                : Long.MIN_VALUE;
        for (T item : result.accepted()) {
            max = Math.max(max, item.timeMillis());
        }
        this.eventTimeMillis = max;
    }

    /** The Kafka record as read, bytes unchanged. */
    public OtlpRecord record() {
        return record;
    }

    /** The accepted items, the rejections and the skipped and not-consumed counts of {@link #record()}. */
    public DecodeResult<T> result() {
        return result;
    }

    /**
     * The record's event time: the latest {@link OtlpItem#timeMillis()} among its valid items, those in
     * {@link DecodeResult#accepted()} and the points left out as not consumed (the data of every metric
     * moves event time on), or {@link Long#MIN_VALUE} when it has none, so that a record without a good
     * item never advances a watermark. A span's time is its start. Use it as the source's timestamp
     * assigner, e.g. {@code WatermarkStrategy.<DecodedOtlp<MetricPoint>>forBoundedOutOfOrderness(d)
     * .withTimestampAssigner((r, ts) -> r.eventTimeMillis())}.
     */
    public long eventTimeMillis() {
        return eventTimeMillis;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DecodedOtlp)) {
            return false;
        }
        DecodedOtlp<?> d = (DecodedOtlp<?>) o;
        return record.equals(d.record) && result.equals(d.result);
    }

    @Override
    public int hashCode() {
        return 31 * record.hashCode() + result.hashCode();
    }

    @Override
    public String toString() {
        return "DecodedOtlp{" + record + ", " + result + ", eventTimeMillis=" + eventTimeMillis + '}';
    }
}
