package io.driftwatch.connectors.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.HexFormat;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of {@link EventRecordSerializer} (the events Flink ships to the events sink and keeps in
 * its state): a change breaks restoring savepoints taken by earlier versions. The hex was captured from
 * the code before the shared state codec was applied across the project.
 */
class EventRecordGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void emptyStrings() throws IOException {
        assertGolden("010101000000000000000001", new EventRecord("", "", "", 0, ""));
    }

    @Test
    void anEvent() throws IOException {
        assertGolden(
                "08636861747c6d3108386631632d30310d636f73745f616e6f6d616c790000018bcfe56800217b227573655f63617365223a226772fc016e222c22656d6f6a69223a22bdb00380bc03227d",
                new EventRecord(
                        "chat|m1",
                        "8f1c-01",
                        "cost_anomaly",
                        1_700_000_000_000L,
                        "{\"use_case\":\"grün\",\"emoji\":\"😀\"}"));
    }

    @Test
    void negativeTimeAndALongDocument() throws IOException {
        assertGolden(
                "026b0369640e666561747572655f64726966748000000000000000d1017b2278223a22" + "79".repeat(200) + "227d",
                new EventRecord("k", "id", "feature_drift", Long.MIN_VALUE, "{\"x\":\"" + "y".repeat(200) + "\"}"));
    }

    private static void assertGolden(String expectedHex, EventRecord event) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        EventRecordSerializer.INSTANCE.serialize(event, out);
        assertEquals(expectedHex, HEX.formatHex(out.getCopyOfBuffer()));
        assertEquals(
                event,
                EventRecordSerializer.INSTANCE.deserialize(new DataInputDeserializer(HEX.parseHex(expectedHex))));
    }
}
