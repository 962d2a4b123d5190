package io.driftwatch.connectors.remotewrite.internal;

import io.driftwatch.codec.Varints;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.internal.SerializerTypeInfo;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import java.io.IOException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializer of {@link PrometheusSample}. Layout: metric name, {@code int} label count, names and
 * values alternating (sorted, as {@link Labels} holds them), all strings in Flink's {@link
 * StringValue} format; then {@code long} timestamp (ms) and {@code double} value.
 */
public final class PrometheusSampleSerializer extends TypeSerializerSingleton<PrometheusSample> {

    private static final long serialVersionUID = 1L;

    public static final PrometheusSampleSerializer INSTANCE = new PrometheusSampleSerializer();
    public static final TypeInformation<PrometheusSample> TYPE_INFO =
            new SerializerTypeInfo<>(PrometheusSample.class, INSTANCE);

    @Override
    public boolean isImmutableType() {
        return true;
    }

    /** Returns {@code null}: the type is immutable, so a reusable instance has no use. */
    @Override
    public PrometheusSample createInstance() {
        return null;
    }

    @Override
    public PrometheusSample copy(PrometheusSample from) {
        return from;
    }

    @Override
    public PrometheusSample copy(PrometheusSample from, PrometheusSample reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PrometheusSample sample, DataOutputView out) throws IOException {
        Varints.writeString(out, sample.metricName());
        Labels labels = sample.labels();
        out.writeInt(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            Varints.writeString(out, labels.name(i));
            Varints.writeString(out, labels.value(i));
        }
        out.writeLong(sample.timestampMs());
        out.writeDouble(sample.value());
    }

    @Override
    public PrometheusSample deserialize(DataInputView in) throws IOException {
        String name = Varints.readString(in);
        int size = in.readInt();
        if (size < 0) {
            throw new IOException("corrupt PrometheusSample: negative label count " + size);
        }
        String[] pairs = new String[2 * size];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = Varints.readString(in);
        }
        long timestampMs = in.readLong();
        double value = in.readDouble();
        return PrometheusSample.of(name, Labels.ofSortedPairs(pairs), timestampMs, value);
    }

    @Override
    public PrometheusSample deserialize(PrometheusSample reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<PrometheusSample> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot for checkpoints and savepoints; the format has one version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PrometheusSample> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
