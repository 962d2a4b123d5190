package io.driftwatch.connectors.remotewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.internal.PrometheusSampleSerializer;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PrometheusSampleTest {

    @Test
    void rejectsInvalidSamplesWithClearMessages() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrometheusSample.of("", Labels.EMPTY, 0, 1))
                .getMessage()
                .contains("metric name"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class, () -> PrometheusSample.of("m", Labels.of("", "x"), 0, 1))
                .getMessage()
                .contains("empty name"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> PrometheusSample.of("m", Labels.of("__name__", "x"), 0, 1))
                .getMessage()
                .contains("__name__"));
        assertTrue(assertThrows(
                        IllegalArgumentException.class,
                        () -> PrometheusSample.of("m", Labels.of("__name.-", "x"), 0, 1))
                .getMessage()
                .contains("__name.-"));
        // a 9-char name whose surrogate pair collapses to one '_'
        assertThrows(
                IllegalArgumentException.class,
                () -> PrometheusSample.of("m", Labels.of("__name_\uD83D\uDE00", "x"), 0, 1));
        PrometheusSample.of("m", Labels.of("__name___", "x"), 0, 1); // 9 chars: a different name, fine
    }

    @Test
    void equalityTreatsNanAsEqual() {
        Labels l = Labels.of("a", "1");
        assertEquals(PrometheusSample.of("m", l, 1, Double.NaN), PrometheusSample.of("m", l, 1, Double.NaN));
        assertNotEquals(PrometheusSample.of("m", l, 1, 0.0), PrometheusSample.of("m", l, 1, -0.0));
        assertNotEquals(PrometheusSample.of("m", l, 1, 1), PrometheusSample.of("m", l, 2, 1));
    }

    @Test
    void flinkUsesTheDedicatedTypeInformationNotKryo() {
        TypeInformation<PrometheusSample> info = TypeInformation.of(PrometheusSample.class);
        assertEquals(PrometheusSampleSerializer.TYPE_INFO, info);
        assertInstanceOf(PrometheusSampleSerializer.class, info.createSerializer(new SerializerConfigImpl()));
    }

    @Test
    void serializerRoundTripsAndCopiesBytes() throws Exception {
        TypeSerializer<PrometheusSample> serializer = PrometheusSampleSerializer.INSTANCE;
        List<PrometheusSample> samples = List.of(
                PrometheusSample.of(
                        "ml.latency",
                        Labels.of("model.name", "bert", "größe", "ü", "empty", ""),
                        1_735_689_600_123L,
                        42.5),
                PrometheusSample.of("m", Labels.EMPTY, -5, Double.NaN),
                PrometheusSample.of("m", Labels.of("x", "y".repeat(70_000)), Long.MAX_VALUE, Double.NEGATIVE_INFINITY));
        DataOutputSerializer out = new DataOutputSerializer(64);
        for (PrometheusSample s : samples) {
            serializer.serialize(s, out);
        }
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        for (PrometheusSample s : samples) {
            assertEquals(s, serializer.deserialize(in));
        }
        assertEquals(0, in.available());

        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertEquals(samples.get(0), serializer.deserialize(new DataInputDeserializer(copied.getCopyOfBuffer())));
    }

    @Test
    void serializerSnapshotRestoresACompatibleSerializer() throws Exception {
        TypeSerializerSnapshot<PrometheusSample> snapshot = PrometheusSampleSerializer.INSTANCE.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<PrometheusSample> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertInstanceOf(PrometheusSampleSerializer.class, restored.restoreSerializer());
        TypeSerializerSchemaCompatibility<PrometheusSample> compatibility =
                PrometheusSampleSerializer.INSTANCE.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertTrue(compatibility.isCompatibleAsIs());
    }
}
