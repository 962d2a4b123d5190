package io.driftwatch.connectors.otlp;

import static io.driftwatch.codec.Varints.readLength;
import static io.driftwatch.codec.Varints.readVarInt;
import static io.driftwatch.codec.Varints.writeVarInt;

import io.driftwatch.codec.Varints;
import io.driftwatch.connectors.otlp.internal.ImmutableValueSerializer;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link SpanRecord}: its ids and name, kind and status ordinals as varints, start
 * and end time, labels as varint pair count and strings, attributes as varint count and per attribute its
 * name, a type byte and the value, and the trace state.
 */
public final class SpanRecordSerializer extends ImmutableValueSerializer<SpanRecord> {

    private static final long serialVersionUID = 1L;

    public static final SpanRecordSerializer INSTANCE = new SpanRecordSerializer();

    /** Sanity limit on list lengths read back, so corrupt input cannot allocate huge lists. */
    private static final int MAX_ITEMS = 1 << 24;

    private static final SpanRecord.Kind[] KINDS = SpanRecord.Kind.values();
    private static final SpanRecord.StatusCode[] STATUSES = SpanRecord.StatusCode.values();
    private static final int STRING = 0;
    private static final int BOOLEAN = 1;
    private static final int LONG = 2;
    private static final int DOUBLE = 3;

    @Override
    public SpanRecord createInstance() {
        return SpanRecord.builder().build();
    }

    @Override
    public void serialize(SpanRecord s, DataOutputView out) throws IOException {
        Varints.writeString(out, s.traceId());
        Varints.writeString(out, s.spanId());
        Varints.writeString(out, s.parentSpanId());
        Varints.writeString(out, s.name());
        writeVarInt(out, s.kind().ordinal());
        writeVarInt(out, s.status().ordinal());
        out.writeLong(s.startTimeNanos());
        out.writeLong(s.endTimeNanos());
        Labels labels = s.labels();
        writeVarInt(out, labels.size());
        for (int i = 0; i < labels.size(); i++) {
            Varints.writeString(out, labels.name(i));
            Varints.writeString(out, labels.value(i));
        }
        writeVarInt(out, s.attributes().size());
        for (Map.Entry<String, Object> a : s.attributes().entrySet()) {
            Varints.writeString(out, a.getKey());
            Object v = a.getValue();
            if (v instanceof String str) {
                out.writeByte(STRING);
                Varints.writeString(out, str);
            } else if (v instanceof Boolean b) {
                out.writeByte(BOOLEAN);
                out.writeBoolean(b);
            } else if (v instanceof Long l) {
                out.writeByte(LONG);
                out.writeLong(l);
            } else {
                out.writeByte(DOUBLE);
                out.writeDouble((Double) v);
            }
        }
        Varints.writeString(out, s.traceState());
    }

    @Override
    public SpanRecord deserialize(DataInputView in) throws IOException {
        SpanRecord.Builder b = SpanRecord.builder()
                .traceId(Varints.readString(in))
                .spanId(Varints.readString(in))
                .parentSpanId(Varints.readString(in))
                .name(Varints.readString(in));
        int kind = readVarInt(in);
        int status = readVarInt(in);
        if (kind < 0 || kind >= KINDS.length || status < 0 || status >= STATUSES.length) {
            throw new IOException("corrupt span kind " + kind + " or status " + status);
        }
        b.kind(KINDS[kind])
                .status(STATUSES[status])
                .startTimeNanos(in.readLong())
                .endTimeNanos(in.readLong());
        int n = readLength(in, MAX_ITEMS);
        if (n > 0) {
            String[] pairs = new String[2 * n];
            for (int i = 0; i < pairs.length; i++) {
                pairs[i] = Varints.readString(in);
            }
            b.labels(Labels.ofSortedPairs(pairs));
        }
        n = readLength(in, MAX_ITEMS);
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = Varints.readString(in);
            int type = in.readUnsignedByte();
            attributes.put(
                    name,
                    switch (type) {
                        case STRING -> Varints.readString(in);
                        case BOOLEAN -> in.readBoolean();
                        case LONG -> in.readLong();
                        case DOUBLE -> in.readDouble();
                        default -> throw new IOException("corrupt attribute type " + type + " of \"" + name + "\"");
                    });
        }
        return b.attributes(attributes).traceState(Varints.readString(in)).build();
    }

    @Override
    public TypeSerializerSnapshot<SpanRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (stateless) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SpanRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
