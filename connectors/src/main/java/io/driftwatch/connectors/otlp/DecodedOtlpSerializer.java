package io.driftwatch.connectors.otlp;

import static io.driftwatch.codec.Varints.readLength;
import static io.driftwatch.codec.Varints.readVarInt;
import static io.driftwatch.codec.Varints.writeVarInt;

import io.driftwatch.codec.Varints;
import io.driftwatch.connectors.otlp.internal.SerializerTypeInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.CompositeTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer for {@link DecodedOtlp}, parameterised by the serializer of its items: the raw record
 * as {@link OtlpRecordSerializer} writes it; the accepted items (varint count, then each as the item
 * serializer writes it); the rejections (varint count, then per rejection its reason's stable {@link
 * RejectReason#label() label}, so that adding reasons never breaks old data, its detail and its item
 * count as a varint); the skipped count and the not-consumed count as varints and the latest not-consumed
 * time as a long. {@link DecodedOtlp#eventTimeMillis()} is derived, not written.
 */
public final class DecodedOtlpSerializer<T extends OtlpItem> extends TypeSerializer<DecodedOtlp<T>> {

    private static final long serialVersionUID = 1L;

    public static final DecodedOtlpSerializer<MetricPoint> METRICS =
            new DecodedOtlpSerializer<>(MetricPointSerializer.INSTANCE);
    public static final DecodedOtlpSerializer<SpanRecord> SPANS =
            new DecodedOtlpSerializer<>(SpanRecordSerializer.INSTANCE);
    public static final TypeInformation<DecodedOtlp<MetricPoint>> METRICS_TYPE_INFO = typeInfo(METRICS);
    public static final TypeInformation<DecodedOtlp<SpanRecord>> SPANS_TYPE_INFO = typeInfo(SPANS);

    /** Sanity limit on list lengths read back, so corrupt input cannot allocate huge lists. */
    private static final int MAX_ITEMS = 1 << 24;

    private static final Map<String, RejectReason> BY_LABEL = new HashMap<>();

    static {
        for (RejectReason r : RejectReason.values()) {
            BY_LABEL.put(r.label(), r);
        }
    }

    private final TypeSerializer<T> items;

    public DecodedOtlpSerializer(TypeSerializer<T> items) {
        this.items = Objects.requireNonNull(items, "items");
    }

    @SuppressWarnings("unchecked") // DecodedOtlp<T>.class does not exist
    private static <T extends OtlpItem> TypeInformation<DecodedOtlp<T>> typeInfo(DecodedOtlpSerializer<T> s) {
        return new SerializerTypeInfo<>((Class<DecodedOtlp<T>>) (Class<?>) DecodedOtlp.class, s);
    }

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<DecodedOtlp<T>> duplicate() {
        TypeSerializer<T> d = items.duplicate();
        return d == items ? this : new DecodedOtlpSerializer<>(d);
    }

    @Override
    public DecodedOtlp<T> createInstance() {
        return new DecodedOtlp<>(
                OtlpRecordSerializer.INSTANCE.createInstance(), new DecodeResult<>(List.of(), List.of(), 0));
    }

    @Override
    public DecodedOtlp<T> copy(DecodedOtlp<T> from) {
        return from;
    }

    @Override
    public DecodedOtlp<T> copy(DecodedOtlp<T> from, DecodedOtlp<T> reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DecodedOtlp<T> d, DataOutputView out) throws IOException {
        OtlpRecordSerializer.INSTANCE.serialize(d.record(), out);
        DecodeResult<T> result = d.result();
        writeVarInt(out, result.accepted().size());
        for (T item : result.accepted()) {
            items.serialize(item, out);
        }
        writeRejections(result.rejections(), out);
        writeVarInt(out, result.skippedNoRecordedValue());
        writeVarInt(out, result.notConsumed());
        out.writeLong(result.notConsumedLatestTimeNanos());
    }

    @Override
    public DecodedOtlp<T> deserialize(DataInputView in) throws IOException {
        OtlpRecord record = OtlpRecordSerializer.INSTANCE.deserialize(in);
        int n = readLength(in, MAX_ITEMS);
        List<T> accepted = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            accepted.add(items.deserialize(in));
        }
        List<Rejection> rejections = readRejections(in);
        int skipped = readVarInt(in);
        if (skipped < 0) {
            throw new IOException("corrupt skipped point count " + skipped);
        }
        int notConsumed = readVarInt(in);
        if (notConsumed < 0) {
            throw new IOException("corrupt not-consumed point count " + notConsumed);
        }
        long notConsumedLatest = in.readLong();
        return new DecodedOtlp<>(
                record, new DecodeResult<>(accepted, rejections, skipped, notConsumed, notConsumedLatest));
    }

    @Override
    public DecodedOtlp<T> deserialize(DecodedOtlp<T> reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    private static void writeRejections(List<Rejection> rejections, DataOutputView out) throws IOException {
        writeVarInt(out, rejections.size());
        for (Rejection r : rejections) {
            Varints.writeString(out, r.reason().label());
            Varints.writeString(out, r.detail());
            writeVarInt(out, r.items());
        }
    }

    private static List<Rejection> readRejections(DataInputView in) throws IOException {
        int n = readLength(in, MAX_ITEMS);
        List<Rejection> rejections = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String label = Varints.readString(in);
            RejectReason reason = BY_LABEL.get(label);
            if (reason == null) {
                throw new IOException("unknown reject reason label \"" + label + "\"");
            }
            String detail = Varints.readString(in);
            int items = readVarInt(in);
            if (items < 0) {
                throw new IOException("corrupt rejected item count " + items);
            }
            rejections.add(new Rejection(reason, detail, items));
        }
        return rejections;
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof DecodedOtlpSerializer<?> s && items.equals(s.items);
    }

    @Override
    public int hashCode() {
        return items.hashCode();
    }

    @Override
    public String toString() {
        return "DecodedOtlpSerializer<" + items + ">";
    }

    @Override
    public TypeSerializerSnapshot<DecodedOtlp<T>> snapshotConfiguration() {
        return new Snapshot<>(this);
    }

    /** Snapshot of the serializer: that of its item serializer. */
    public static final class Snapshot<T extends OtlpItem>
            extends CompositeTypeSerializerSnapshot<DecodedOtlp<T>, DecodedOtlpSerializer<T>> {

        /** For reading a snapshot back. */
        public Snapshot() {}

        Snapshot(DecodedOtlpSerializer<T> serializer) {
            super(serializer);
        }

        @Override
        protected int getCurrentOuterSnapshotVersion() {
            return 1;
        }

        @Override
        protected TypeSerializer<?>[] getNestedSerializers(DecodedOtlpSerializer<T> serializer) {
            return new TypeSerializer<?>[] {serializer.items};
        }

        @Override
        @SuppressWarnings("unchecked")
        protected DecodedOtlpSerializer<T> createOuterSerializerWithNestedSerializers(TypeSerializer<?>[] nested) {
            return new DecodedOtlpSerializer<>((TypeSerializer<T>) nested[0]);
        }
    }
}
