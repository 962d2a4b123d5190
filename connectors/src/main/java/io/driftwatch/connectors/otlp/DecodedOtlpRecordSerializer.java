package io.driftwatch.connectors.otlp;

import static io.driftwatch.codec.Varints.readLength;
import static io.driftwatch.codec.Varints.readVarInt;
import static io.driftwatch.codec.Varints.writeVarInt;

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
import org.apache.flink.types.StringValue;

/**
 * Flink serializer for {@link DecodedOtlpRecord}: the raw record as {@link OtlpRecordSerializer} writes
 * it; the accepted points (varint count, then each as {@link MetricPointSerializer} writes it); the
 * rejections (varint count, then per rejection its reason's stable {@link RejectReason#label() label}, so
 * that adding reasons never breaks old data, its detail and its item count as a varint); and the skipped
 * count as a varint. {@link DecodedOtlpRecord#eventTimeMillis()} is derived, not written.
 */
public final class DecodedOtlpRecordSerializer extends ImmutableValueSerializer<DecodedOtlpRecord> {

    private static final long serialVersionUID = 1L;

    public static final DecodedOtlpRecordSerializer INSTANCE = new DecodedOtlpRecordSerializer();
    public static final TypeInformation<DecodedOtlpRecord> TYPE_INFO =
            new SerializerTypeInfo<>(DecodedOtlpRecord.class, INSTANCE);

    /** Sanity limit on list lengths read back, so corrupt input cannot allocate huge lists. */
    private static final int MAX_ITEMS = 1 << 24;

    private static final Map<String, RejectReason> BY_LABEL = new HashMap<>();

    static {
        for (RejectReason r : RejectReason.values()) {
            BY_LABEL.put(r.label(), r);
        }
    }

    @Override
    public DecodedOtlpRecord createInstance() {
        return new DecodedOtlpRecord(
                OtlpRecordSerializer.INSTANCE.createInstance(), new DecodeResult<>(List.of(), List.of(), 0));
    }

    @Override
    public void serialize(DecodedOtlpRecord d, DataOutputView out) throws IOException {
        OtlpRecordSerializer.INSTANCE.serialize(d.record(), out);
        DecodeResult<MetricPoint> result = d.result();
        writeVarInt(out, result.accepted().size());
        for (MetricPoint p : result.accepted()) {
            MetricPointSerializer.INSTANCE.serialize(p, out);
        }
        writeRejections(result.rejections(), out);
        writeVarInt(out, result.skippedNoRecordedValue());
        writeVarInt(out, result.notConsumed());
        out.writeLong(result.notConsumedLatestTimeNanos());
    }

    @Override
    public DecodedOtlpRecord deserialize(DataInputView in) throws IOException {
        OtlpRecord record = OtlpRecordSerializer.INSTANCE.deserialize(in);
        int n = readLength(in, MAX_ITEMS);
        List<MetricPoint> accepted = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            accepted.add(MetricPointSerializer.INSTANCE.deserialize(in));
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
        return new DecodedOtlpRecord(
                record, new DecodeResult<>(accepted, rejections, skipped, notConsumed, notConsumedLatest));
    }

    /** Writes rejections as the class comment says; {@link DecodedOtlpSpansSerializer} shares the format. */
    static void writeRejections(List<Rejection> rejections, DataOutputView out) throws IOException {
        writeVarInt(out, rejections.size());
        for (Rejection r : rejections) {
            StringValue.writeString(r.reason().label(), out);
            StringValue.writeString(r.detail(), out);
            writeVarInt(out, r.items());
        }
    }

    static List<Rejection> readRejections(DataInputView in) throws IOException {
        int n = readLength(in, MAX_ITEMS);
        List<Rejection> rejections = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String label = StringValue.readString(in);
            RejectReason reason = BY_LABEL.get(label);
            if (reason == null) {
                throw new IOException("unknown reject reason label \"" + label + "\"");
            }
            String detail = StringValue.readString(in);
            int items = readVarInt(in);
            if (items < 0) {
                throw new IOException("corrupt rejected item count " + items);
            }
            rejections.add(new Rejection(reason, detail, items));
        }
        return rejections;
    }

    @Override
    public TypeSerializerSnapshot<DecodedOtlpRecord> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (stateless) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DecodedOtlpRecord> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
