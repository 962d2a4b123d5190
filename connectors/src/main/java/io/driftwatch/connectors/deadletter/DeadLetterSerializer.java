package io.driftwatch.connectors.deadletter;

import static io.driftwatch.codec.Varints.readLength;
import static io.driftwatch.codec.Varints.readNullableBytes;
import static io.driftwatch.codec.Varints.readVarInt;
import static io.driftwatch.codec.Varints.readVarLong;
import static io.driftwatch.codec.Varints.writeNullableBytes;
import static io.driftwatch.codec.Varints.writeVarInt;
import static io.driftwatch.codec.Varints.writeVarLong;

import io.driftwatch.codec.Varints;
import io.driftwatch.connectors.otlp.RejectReason;
import io.driftwatch.connectors.otlp.internal.ImmutableValueSerializer;
import io.driftwatch.connectors.otlp.internal.SerializerTypeInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link DeadLetter}: source topic, partition, offset, timestamp, key, value, the
 * reasons by their stable {@link RejectReason#label() labels} (not ordinals, so that adding reasons never
 * breaks old state), and the detail.
 */
public final class DeadLetterSerializer extends ImmutableValueSerializer<DeadLetter> {

    private static final long serialVersionUID = 1L;

    public static final DeadLetterSerializer INSTANCE = new DeadLetterSerializer();
    public static final TypeInformation<DeadLetter> TYPE_INFO = new SerializerTypeInfo<>(DeadLetter.class, INSTANCE);

    private static final Map<String, RejectReason> BY_LABEL = new HashMap<>();

    static {
        for (RejectReason r : RejectReason.values()) {
            BY_LABEL.put(r.label(), r);
        }
    }

    @Override
    public DeadLetter createInstance() {
        return new DeadLetter("", 0, 0, -1, null, null, List.of(RejectReason.UNDECODABLE), "");
    }

    @Override
    public void serialize(DeadLetter d, DataOutputView out) throws IOException {
        Varints.writeString(out, d.sourceTopic());
        writeVarInt(out, d.sourcePartition());
        writeVarLong(out, d.sourceOffset());
        out.writeLong(d.sourceTimestamp());
        writeNullableBytes(out, d.key());
        writeNullableBytes(out, d.value());
        writeVarInt(out, d.reasons().size());
        for (RejectReason r : d.reasons()) {
            Varints.writeString(out, r.label());
        }
        Varints.writeString(out, d.detail());
    }

    @Override
    public DeadLetter deserialize(DataInputView in) throws IOException {
        String topic = Varints.readString(in);
        int partition = readVarInt(in);
        long offset = readVarLong(in);
        long timestamp = in.readLong();
        byte[] key = readNullableBytes(in);
        byte[] value = readNullableBytes(in);
        int n = readLength(in, BY_LABEL.size());
        List<RejectReason> reasons = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String label = Varints.readString(in);
            RejectReason r = BY_LABEL.get(label);
            if (r == null) {
                throw new IOException("unknown reject reason label \"" + label + "\"");
            }
            reasons.add(r);
        }
        String detail = Varints.readString(in);
        return new DeadLetter(topic, partition, offset, timestamp, key, value, reasons, detail);
    }

    @Override
    public TypeSerializerSnapshot<DeadLetter> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (stateless) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DeadLetter> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
