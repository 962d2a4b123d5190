package io.driftwatch.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The section records travel inside Flink functions, which Flink ships with Java serialisation. */
class SerializationTest {

    @Test
    void everySectionSurvivesJavaSerialisation() throws Exception {
        DriftwatchConfig c = TestConfigs.load(DriftwatchConfigTest.FULL.formatted("", "", ""));
        List<Class<?>> checked = new ArrayList<>();
        for (Field field : DriftwatchConfig.class.getDeclaredFields()) {
            if (field.getType().isRecord() && !Modifier.isStatic(field.getModifiers())) {
                field.setAccessible(true);
                Serializable section = (Serializable) field.get(c);
                assertEquals(section, roundTrip(section), field.getName());
                checked.add(field.getType());
            }
        }
        assertEquals(
                List.of(
                        KafkaConfig.class,
                        IngestConfig.class,
                        ConfidenceConfig.class,
                        DriftConfig.class,
                        CostConfig.class,
                        OutputConfig.class,
                        RemoteWriteConfig.class,
                        FlinkConfig.class),
                checked);
        assertEquals(
                "s3cr3t-password",
                ((RemoteWriteConfig) roundTrip(c.remoteWrite()))
                        .basicAuth()
                        .password()
                        .reveal());
    }

    private static Object roundTrip(Serializable value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
