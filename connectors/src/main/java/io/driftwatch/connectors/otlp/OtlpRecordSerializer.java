package io.driftwatch.connectors.otlp;

import static io.driftwatch.codec.Varints.readNullableBytes;
import static io.driftwatch.codec.Varints.readVarInt;
import static io.driftwatch.codec.Varints.readVarLong;
import static io.driftwatch.codec.Varints.writeNullableBytes;
import static io.driftwatch.codec.Varints.writeVarInt;
import static io.driftwatch.codec.Varints.writeVarLong;

import io.driftwatch.codec.Varints;
import io.driftwatch.connectors.otlp.internal.ImmutableValueSerializer;
import io.driftwatch.connectors.otlp.internal.SerializerTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link OtlpRecord}: topic, partition and offset (varints), timestamp (8 bytes),
 * then key and value as nullable byte arrays (varint length + 1, 0 for null).
 */
public final class OtlpRecordSerializer extends ImmutableValueSerializer<OtlpRecord> {

    private static final long serialVersionUID = 1L;

    public static final OtlpRecordSerializer INSTANCE = new OtlpRecordSerializer();
    public static final TypeInformation<OtlpRecord> TYPE_INFO = new SerializerTypeInfo<>(OtlpRecord.class, INSTANCE);

    @Override
    public OtlpRecord createInstance() {
        return new OtlpRecord("", 0, 0, -1, null, null);
    }

    @Override
    public void serialize(OtlpRecord r, DataOutputView out) throws IOException {
        Varints.writeString(out, r.topic());
        writeVarInt(out, r.partition());
        writeVarLong(out, r.offset());
        out.writeLong(r.timestamp());
        writeNullableBytes(out, r.key());
        writeNullableBytes(out, r.value());
    }

    @Override
    public OtlpRecord deserialize(DataInputView in) throws IOException {
        String topic = Varints.readString(in);
        int partition = readVarInt(in);
        long offset = readVarLong(in);
        long timestamp = in.readLong();
        byte[] key = readNullableBytes(in);
        byte[] value = readNullableBytes(in);
        return new OtlpRecord(topic, partition, offset, timestamp, key, value);
    }

    @Override
    public TypeSerializerSnapshot<OtlpRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (stateless) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<OtlpRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
