package io.driftwatch.connectors.remotewrite.internal;

import static io.driftwatch.codec.Varints.readUtf8;
import static io.driftwatch.codec.Varints.writeUtf8;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

/**
 * Serialises buffered entries into checkpoints. Version 1 layout of one entry: {@code int} label
 * count, then per label name and value as the codec's UTF-8 strings ({@code int} byte length + UTF-8
 * bytes), then {@code long} timestamp (ms) and {@code double} value (the stream's, so a NaN is written
 * as the canonical one).
 */
public final class RemoteWriteEntryStateSerializer extends AsyncSinkWriterStateSerializer<RemoteWriteEntry> {

    private static final int VERSION = 1;
    /** Guards against reading garbage as a huge allocation. */
    private static final int MAX_STRING_BYTES = 64 << 20;

    @Override
    protected void serializeRequestToStream(RemoteWriteEntry entry, DataOutputStream out) throws IOException {
        SeriesLabels series = entry.series();
        out.writeInt(series.size());
        for (int i = 0; i < series.size(); i++) {
            writeUtf8(out, series.name(i));
            writeUtf8(out, series.value(i));
        }
        out.writeLong(entry.timestampMs());
        out.writeDouble(entry.value());
    }

    @Override
    protected RemoteWriteEntry deserializeRequestFromStream(long requestSize, DataInputStream in) throws IOException {
        int labels = in.readInt();
        if (labels < 1 || labels > 1 << 16) {
            throw new IOException("corrupt remote-write sink state: " + labels + " labels in one series");
        }
        String[] pairs = new String[2 * labels];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = readUtf8(in, MAX_STRING_BYTES);
        }
        long timestampMs = in.readLong();
        double value = in.readDouble();
        try {
            return new RemoteWriteEntry(SeriesLabels.ofSortedPairs(pairs), timestampMs, value);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt remote-write sink state: " + e.getMessage(), e);
        }
    }

    @Override
    public int getVersion() {
        return VERSION;
    }
}
