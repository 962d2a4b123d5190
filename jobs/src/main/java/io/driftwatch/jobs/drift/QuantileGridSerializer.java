package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.otlp.internal.SerializerTypeInfo;
import io.driftwatch.drift.feature.QuantileGrid;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Flink state serializer of a feature's {@link QuantileGrid} (state "grid"): its codec form ({@link
 * QuantileGrid#toBytes()}, with its own version byte) as the codec's sized bytes. Grids are immutable, so
 * copies are the instance itself.
 */
public final class QuantileGridSerializer extends SizedBytesSerializer<QuantileGrid> {

    private static final long serialVersionUID = 1L;

    public static final QuantileGridSerializer INSTANCE = new QuantileGridSerializer();
    public static final TypeInformation<QuantileGrid> TYPE_INFO =
            new SerializerTypeInfo<>(QuantileGrid.class, INSTANCE);

    public QuantileGridSerializer() {
        // a grid of about 520 cells takes about 4 KB; this bounds a corrupt length
        super("quantile grid", 64 << 20);
    }

    @Override
    byte[] toBytes(QuantileGrid value) {
        return value.toBytes();
    }

    @Override
    QuantileGrid fromBytes(byte[] bytes) {
        return QuantileGrid.fromBytes(bytes);
    }

    @Override
    public boolean isImmutableType() {
        return true;
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
