package io.driftwatch.connectors.events;

import io.driftwatch.codec.Varints;
import io.driftwatch.connectors.otlp.internal.ImmutableValueSerializer;
import io.driftwatch.connectors.otlp.internal.SerializerTypeInfo;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Flink serializer for {@link EventRecord}: its four strings and the event time. */
public final class EventRecordSerializer extends ImmutableValueSerializer<EventRecord> {

    private static final long serialVersionUID = 1L;

    public static final EventRecordSerializer INSTANCE = new EventRecordSerializer();
    public static final TypeInformation<EventRecord> TYPE_INFO = new SerializerTypeInfo<>(EventRecord.class, INSTANCE);

    @Override
    public EventRecord createInstance() {
        return new EventRecord("", "", "", 0L, "{}");
    }

    @Override
    public void serialize(EventRecord e, DataOutputView out) throws IOException {
        Varints.writeString(out, e.key());
        Varints.writeString(out, e.eventId());
        Varints.writeString(out, e.type());
        out.writeLong(e.eventTimeMillis());
        Varints.writeString(out, e.json());
    }

    @Override
    public EventRecord deserialize(DataInputView in) throws IOException {
        return new EventRecord(
                Varints.readString(in),
                Varints.readString(in),
                Varints.readString(in),
                in.readLong(),
                Varints.readString(in));
    }

    @Override
    public TypeSerializerSnapshot<EventRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (stateless) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EventRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
