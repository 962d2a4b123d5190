package io.driftwatch.jobs.drift;

import io.driftwatch.codec.Varints;
import io.driftwatch.connectors.otlp.internal.SerializerTypeInfo;
import io.driftwatch.drift.feature.QuantileGrid;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink state serializer of a feature's {@link QuantileGrid} (state "grid"): its codec form ({@link
 * QuantileGrid#toBytes()}, with its own version byte) as the codec's sized bytes. Grids are immutable, so
 * copies are the instance itself.
 */
public final class QuantileGridSerializer extends TypeSerializer<QuantileGrid> {

    private static final long serialVersionUID = 1L;
    /** A grid of about 520 cells takes about 4 KB; this bounds a corrupt length. */
    private static final int MAX_BYTES = 64 << 20;

    public static final QuantileGridSerializer INSTANCE = new QuantileGridSerializer();
    public static final TypeInformation<QuantileGrid> TYPE_INFO =
            new SerializerTypeInfo<>(QuantileGrid.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<QuantileGrid> duplicate() {
        return this;
    }

    @Override
    public QuantileGrid createInstance() {
        return null;
    }

    @Override
    public QuantileGrid copy(QuantileGrid from) {
        return from;
    }

    @Override
    public QuantileGrid copy(QuantileGrid from, QuantileGrid reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(QuantileGrid record, DataOutputView target) throws IOException {
        Varints.writeSizedBytes(target, record.toBytes());
    }

    @Override
    public QuantileGrid deserialize(DataInputView source) throws IOException {
        byte[] bytes = Varints.readSizedBytes(source, MAX_BYTES);
        try {
            return QuantileGrid.fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt quantile grid state: " + e.getMessage(), e);
        }
    }

    @Override
    public QuantileGrid deserialize(QuantileGrid reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        Varints.writeSizedBytes(target, Varints.readSizedBytes(source, MAX_BYTES));
    }

    @Override
    public boolean equals(Object obj) {
        return obj instanceof QuantileGridSerializer;
    }

    @Override
    public int hashCode() {
        return QuantileGridSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<QuantileGrid> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (stateless) serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<QuantileGrid> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
