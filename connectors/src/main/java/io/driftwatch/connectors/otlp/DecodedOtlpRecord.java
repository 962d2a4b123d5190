package io.driftwatch.connectors.otlp;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One raw Kafka record from an OTLP metrics topic together with what {@link OtlpRecordDecoder} made of
 * it. This is what the Kafka source emits, so that event time and watermarks can be assigned per Kafka
 * partition from the points' own timestamps (see {@link #eventTimeMillis()}); the raw record is kept so
 * that rejected content can still be dead-lettered with its source coordinates and original bytes.
 *
 * <p>Flink serialises it with {@link DecodedOtlpRecordSerializer}.
 */
@TypeInfo(DecodedOtlpRecordTypeInfoFactory.class)
public final class DecodedOtlpRecord implements DecodedOtlp {

    private final OtlpRecord record;
    private final DecodeResult<MetricPoint> result;
    private final long eventTimeMillis;

    public DecodedOtlpRecord(OtlpRecord record, DecodeResult<MetricPoint> result) {
        this.record = Objects.requireNonNull(record, "record");
        this.result = Objects.requireNonNull(result, "result");
        this.eventTimeMillis = maxTimeMillis(result);
    }

    private static long maxTimeMillis(DecodeResult<MetricPoint> result) {
        long max = result.notConsumed() > 0
                ? Math.floorDiv(result.notConsumedLatestTimeNanos(), 1_000_000L)
                : Long.MIN_VALUE;
        for (MetricPoint p : result.accepted()) {
            max = Math.max(max, p.timeMillis());
        }
        return max;
    }

    /** The Kafka record as read, bytes unchanged. */
    @Override
    public OtlpRecord record() {
        return record;
    }

    /** The decoded points, the rejections and the skipped count of {@link #record()}. */
    public DecodeResult<MetricPoint> result() {
        return result;
    }

    /**
     * The record's event time: the largest timestamp among its valid points, those in {@link
     * DecodeResult#accepted()} and those left out as not consumed (the data of every metric moves event
     * time on), or {@link Long#MIN_VALUE} when it has none, so that a record without a good point never
     * advances a watermark. Use it as the source's timestamp assigner, e.g.
     * {@code WatermarkStrategy.<DecodedOtlpRecord>forBoundedOutOfOrderness(d).withTimestampAssigner((r,
     * ts) -> r.eventTimeMillis())}.
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
        if (!(o instanceof DecodedOtlpRecord)) {
            return false;
        }
        DecodedOtlpRecord d = (DecodedOtlpRecord) o;
        return record.equals(d.record) && result.equals(d.result);
    }

    @Override
    public int hashCode() {
        return 31 * record.hashCode() + result.hashCode();
    }

    @Override
    public String toString() {
        return "DecodedOtlpRecord{" + record + ", " + result + ", eventTimeMillis=" + eventTimeMillis + '}';
    }
}
