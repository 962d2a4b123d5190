package io.driftwatch.connectors.remotewrite.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.connectors.otlp.Labels;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.base.sink.writer.BufferedRequestState;
import org.apache.flink.connector.base.sink.writer.RequestEntryWrapper;
import org.junit.jupiter.api.Test;

class RemoteWriteEntryStateSerializerTest {

    @Test
    void roundTripsBufferedEntries() throws Exception {
        SeriesLabelsFactory f = SeriesLabelsFactory.withExtraLabels(Map.of("cluster", "eu"));
        List<RemoteWriteEntry> entries = List.of(
                new RemoteWriteEntry(
                        f.create("ml.latency", Labels.of("model", "bert", "größe", "ü")), 1_735_689_600_000L, 1.25),
                new RemoteWriteEntry(f.create("m", Labels.EMPTY), -1, Double.NaN),
                new RemoteWriteEntry(f.create("m", Labels.of("long", "v".repeat(100_000))), Long.MAX_VALUE, -0.0));
        List<RequestEntryWrapper<RemoteWriteEntry>> buffer = new ArrayList<>();
        for (RemoteWriteEntry e : entries) {
            buffer.add(new RequestEntryWrapper<>(e, WriteRequestEncoder.estimatedSize(e)));
        }
        RemoteWriteEntryStateSerializer serializer = new RemoteWriteEntryStateSerializer();
        byte[] bytes = serializer.serialize(new BufferedRequestState<>(buffer));
        BufferedRequestState<RemoteWriteEntry> restored = serializer.deserialize(serializer.getVersion(), bytes);

        List<RequestEntryWrapper<RemoteWriteEntry>> restoredEntries = restored.getBufferedRequestEntries();
        assertEquals(entries.size(), restoredEntries.size());
        for (int i = 0; i < entries.size(); i++) {
            assertEquals(entries.get(i), restoredEntries.get(i).getRequestEntry());
            assertEquals(
                    WriteRequestEncoder.estimatedSize(entries.get(i)),
                    restoredEntries.get(i).getSize());
        }
    }

    @Test
    void corruptStateFailsWithAMessage() throws Exception {
        RemoteWriteEntryStateSerializer serializer = new RemoteWriteEntryStateSerializer();
        List<RequestEntryWrapper<RemoteWriteEntry>> buffer = new ArrayList<>();
        RemoteWriteEntry e = new RemoteWriteEntry(
                SeriesLabelsFactory.withExtraLabels(Map.of()).create("m", Labels.EMPTY), 1, 2);
        buffer.add(new RequestEntryWrapper<>(e, 10));
        byte[] bytes = serializer.serialize(new BufferedRequestState<>(buffer));
        // from the end: value, timestamp, "m", its length, "__name__", its length, then the label count
        int labelCountOffset = bytes.length - (8 + 8 + 1 + 4 + 8 + 4 + 4);
        bytes[labelCountOffset] = 0x7F;
        IOException error =
                assertThrows(IOException.class, () -> serializer.deserialize(serializer.getVersion(), bytes));
        assertTrue(error.getMessage().contains("corrupt remote-write sink state"), error.getMessage());
    }

    @Test
    void aCorruptStringLengthFailsBeforeAllocating() throws Exception {
        RemoteWriteEntryStateSerializer serializer = new RemoteWriteEntryStateSerializer();
        RemoteWriteEntry e = new RemoteWriteEntry(
                SeriesLabelsFactory.withExtraLabels(Map.of()).create("m", Labels.EMPTY), 1, 2);
        byte[] bytes = serializer.serialize(new BufferedRequestState<>(List.of(new RequestEntryWrapper<>(e, 10))));
        // the length of "__name__", after the label count
        int nameLengthOffset = bytes.length - (8 + 8 + 1 + 4 + 8 + 4);
        bytes[nameLengthOffset] = 0x7F;
        IOException error =
                assertThrows(IOException.class, () -> serializer.deserialize(serializer.getVersion(), bytes));
        assertEquals("corrupt UTF-8 string length 2130706440 (limit 67108864)", error.getMessage());
    }
}
