package io.driftwatch.jobs.drift;

import io.driftwatch.codec.Varints;
import io.driftwatch.connectors.otlp.internal.SerializerTypeInfo;
import io.driftwatch.drift.feature.FeatureSummary;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink state serializer of {@link FeatureSummary}: its own compact form ({@link FeatureSummary#toBytes()},
 * the DataSketches KLL format for numeric features) as the codec's sized bytes (a fixed int length). The
 * summary is mutable, so copies are deep (through the bytes); the heap state backend copies only entries it
 * must keep for a running snapshot.
 */
public final class FeatureSummarySerializer extends TypeSerializer<FeatureSummary> {

    private static final long serialVersionUID = 1L;
    /** Any length, as before the codec: a summary's size has no bound of its own. */
    private static final int MAX_BYTES = Integer.MAX_VALUE;

    public static final FeatureSummarySerializer INSTANCE = new FeatureSummarySerializer();
    public static final TypeInformation<FeatureSummary> TYPE_INFO =
            new SerializerTypeInfo<>(FeatureSummary.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<FeatureSummary> duplicate() {
        return this;
    }

    @Override
    public FeatureSummary createInstance() {
        return FeatureSummary.numeric(8);
    }

    @Override
    public FeatureSummary copy(FeatureSummary from) {
        return from.copy();
    }

    @Override
    public FeatureSummary copy(FeatureSummary from, FeatureSummary reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(FeatureSummary record, DataOutputView target) throws IOException {
        Varints.writeSizedBytes(target, record.toBytes());
    }

    @Override
    public FeatureSummary deserialize(DataInputView source) throws IOException {
        byte[] bytes = Varints.readSizedBytes(source, MAX_BYTES);
        try {
            return FeatureSummary.fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt feature summary state: " + e.getMessage(), e);
        }
    }

    @Override
    public FeatureSummary deserialize(FeatureSummary reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        Varints.writeSizedBytes(target, Varints.readSizedBytes(source, MAX_BYTES));
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof FeatureSummarySerializer;
    }

    @Override
    public int hashCode() {
        return FeatureSummarySerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<FeatureSummary> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (stateless) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<FeatureSummary> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
