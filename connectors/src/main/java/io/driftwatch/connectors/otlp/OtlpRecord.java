package io.driftwatch.connectors.otlp;

import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One raw Kafka record as read from an OTLP topic, before decoding. It travels on inside {@link
 * DecodedOtlp} so that undecodable bytes can still be dead-lettered with their source coordinates.
 *
 * <p>{@code key} and {@code value} may be {@code null} (Kafka allows both); the arrays are not copied,
 * treat them as read-only. {@code timestamp} is the Kafka record timestamp in epoch milliseconds, or
 * -1 when the record has none.
 */
@TypeInfo(OtlpRecordTypeInfoFactory.class)
public final class OtlpRecord {

    private final String topic;
    private final int partition;
    private final long offset;
    private final long timestamp;
    private final byte[] key;
    private final byte[] value;

    public OtlpRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public long timestamp() {
        return timestamp;
    }

    public byte[] key() {
        return key;
    }

    public byte[] value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OtlpRecord)) {
            return false;
        }
        OtlpRecord r = (OtlpRecord) o;
        return topic.equals(r.topic)
                && partition == r.partition
                && offset == r.offset
                && timestamp == r.timestamp
                && Arrays.equals(key, r.key)
                && Arrays.equals(value, r.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    @Override
    public String toString() {
        return "OtlpRecord{" + topic + '-' + partition + '@' + offset + " ts=" + timestamp + " key="
                + (key == null ? "null" : key.length + "B") + " value=" + (value == null ? "null" : value.length + "B")
                + '}';
    }
}
