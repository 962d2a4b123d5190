package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.otlp.internal.SerializerTypeInfo;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.sketch.NumericSummary;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Flink state serializer of {@link FeatureSummary}: its own compact form ({@link FeatureSummary#toBytes()},
 * DDSketch bins for numeric features) as the codec's sized bytes (a fixed int length). The
 * summary is mutable, so copies are deep (through the bytes); the heap state backend copies only entries it
 * must keep for a running snapshot.
 */
public final class FeatureSummarySerializer extends SizedBytesSerializer<FeatureSummary> {

    private static final long serialVersionUID = 1L;

    public static final FeatureSummarySerializer INSTANCE = new FeatureSummarySerializer();
    public static final TypeInformation<FeatureSummary> TYPE_INFO =
            new SerializerTypeInfo<>(FeatureSummary.class, INSTANCE);

    public FeatureSummarySerializer() {
        // any length, as before the codec: a summary's size has no bound of its own
        super("feature summary", Integer.MAX_VALUE);
    }

    @Override
    byte[] toBytes(FeatureSummary value) {
        return value.toBytes();
    }

    @Override
    FeatureSummary fromBytes(byte[] bytes) {
        return FeatureSummary.fromBytes(bytes);
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public FeatureSummary createInstance() {
        return FeatureSummary.numeric(NumericSummary.DEFAULT_RELATIVE_ACCURACY);
    }

    @Override
    public FeatureSummary copy(FeatureSummary from) {
        return from.copy();
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
