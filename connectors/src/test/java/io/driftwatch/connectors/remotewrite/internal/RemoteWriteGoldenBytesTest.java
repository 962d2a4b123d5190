package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of the remote-write sink: its buffered entries in checkpoints ({@link
 * RemoteWriteEntryStateSerializer}) and the samples Flink ships to it ({@link PrometheusSampleSerializer},
 * also kept in state by operators before the sink). A change breaks restoring savepoints taken by earlier
 * versions. The hex was captured from the code before the shared state codec replaced the entry
 * serializer's hand-written strings.
 */
class RemoteWriteGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();
    /** Prometheus' staleness marker: a NaN with a payload, which the stream's writeDouble makes canonical. */
    private static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    private final SeriesLabelsFactory factory = SeriesLabelsFactory.withExtraLabels(Map.of("cluster", "eu"));
    private final RemoteWriteEntryStateSerializer entries = new RemoteWriteEntryStateSerializer();

    @Test
    void entryWithUtf8Labels() throws IOException {
        assertEntry(
                "00000004" // labels, then each name and value: UTF-8 length, bytes
                        + "00000008" + "5f5f6e616d655f5f" + "0000000a" + "6d6c5f6c6174656e6379"
                        + "00000007" + "636c7573746572" + "00000002" + "6575"
                        + "00000005" + "67725f5f65" + "00000002" + "c3bc"
                        + "00000005" + "6d6f64656c" + "00000004" + "62657274"
                        + "000001941f297c00" // timestamp
                        + "3ff4000000000000",
                new RemoteWriteEntry(
                        factory.create("ml.latency", Labels.of("model", "bert", "größe", "ü")),
                        1_735_689_600_000L,
                        1.25));
    }

    @Test
    void entryWithNegativeTimeAndNaN() throws IOException {
        assertEntry(
                "00000002000000085f5f6e616d655f5f000000016d00000007636c7573746572000000026575ffffffffffffffff7ff8000000000000",
                new RemoteWriteEntry(factory.create("m", Labels.EMPTY), -1, STALE_NAN));
    }

    @Test
    void entryWithALongValue() throws IOException {
        assertEntry(
                "00000003000000085f5f6e616d655f5f000000016d00000007636c7573746572000000026575000000046c6f6e670000012c"
                        + "76".repeat(300) + "7fffffffffffffff8000000000000000",
                new RemoteWriteEntry(factory.create("m", Labels.of("long", "v".repeat(300))), Long.MAX_VALUE, -0.0));
    }

    @Test
    void bufferedState() throws IOException {
        // Flink's framing (an identifier, the entry count, each entry's size) around the entries
        RemoteWriteEntry e = new RemoteWriteEntry(factory.create("m", Labels.EMPTY), 2, 3);
        byte[] state = entries.serialize(new BufferedRequestState<>(List.of(new RequestEntryWrapper<>(e, 40))));
        assertGolden(
                "ffffffffffffffff00000001000000000000002800000002000000085f5f6e616d655f5f000000016d00000007636c757374657200000002657500000000000000024008000000000000",
                state);
        BufferedRequestState<RemoteWriteEntry> back = entries.deserialize(entries.getVersion(), state);
        assertEquals(e, back.getBufferedRequestEntries().get(0).getRequestEntry());
        assertEquals(40, back.getBufferedRequestEntries().get(0).getSize());
    }

    @Test
    void samples() throws IOException {
        assertSample(
                "126d6c3a636f73743a6770755f736861726500000002056772fc016e02fc01097573655f6361736505636861740000018bcfe568003fd0000000000000",
                PrometheusSample.of(
                        "ml:cost:gpu_share", Labels.of("use_case", "chat", "grün", "ü"), 1_700_000_000_000L, 0.25));
        assertSample(
                "026d00000000ffffffffffffffff7ff8000000000000", PrometheusSample.of("m", Labels.EMPTY, -1, STALE_NAN));
        assertSample(
                "c901" + "6e".repeat(200) + "00000001026b03bdb00380bc038000000000000000fff0000000000000",
                PrometheusSample.of("n".repeat(200), Labels.of("k", "😀"), Long.MIN_VALUE, Double.NEGATIVE_INFINITY));
    }

    private void assertEntry(String expectedHex, RemoteWriteEntry entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            entries.serializeRequestToStream(entry, out);
        }
        assertGolden(expectedHex, bytes.toByteArray());
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(HEX.parseHex(expectedHex)));
        assertEquals(entry, entries.deserializeRequestFromStream(0, in));
        assertEquals(0, in.available());
    }

    private static void assertSample(String expectedHex, PrometheusSample sample) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        PrometheusSampleSerializer.INSTANCE.serialize(sample, out);
        assertGolden(expectedHex, out.getCopyOfBuffer());
        PrometheusSample back =
                PrometheusSampleSerializer.INSTANCE.deserialize(new DataInputDeserializer(HEX.parseHex(expectedHex)));
        assertEquals(sample.metricName(), back.metricName());
        assertEquals(sample.labels(), back.labels());
        assertEquals(sample.timestampMs(), back.timestampMs());
        assertEquals(Double.doubleToLongBits(sample.value()), Double.doubleToLongBits(back.value()));
        DataOutputSerializer copy = new DataOutputSerializer(64);
        PrometheusSampleSerializer.INSTANCE.copy(new DataInputDeserializer(HEX.parseHex(expectedHex)), copy);
        assertGolden(expectedHex, copy.getCopyOfBuffer());
    }

    private static void assertGolden(String expectedHex, byte[] actual) {
        assertEquals(expectedHex, HEX.formatHex(actual));
    }
}
