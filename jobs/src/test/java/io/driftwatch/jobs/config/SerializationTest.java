package io.driftwatch.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The section records travel inside Flink functions, which Flink ships with Java serialisation. */
class SerializationTest {

    @Test
    void everySectionSurvivesJavaSerialisation() throws Exception {
        DriftwatchConfig c = TestConfigs.load(DriftwatchConfigTest.FULL.formatted("", "", ""));
        for (Serializable section : List.<Serializable>of(c.kafka(), c.ingest(), c.confidence(), c.cost(), c.output(),
                c.remoteWrite(), c.flink())) {
            assertEquals(section, roundTrip(section));
        }
        assertEquals("s3cr3t-password", ((RemoteWriteConfig) roundTrip(c.remoteWrite())).basicAuth().password().reveal());
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
