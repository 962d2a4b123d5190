package io.driftwatch.connectors.remotewrite.internal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xerial.snappy.Snappy;

/**
 * Encodes a batch of entries as a Prometheus remote-write 1.0 {@code prometheus.WriteRequest}:
 *
 * <pre>
 * WriteRequest { repeated TimeSeries timeseries = 1; }
 * TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }
 * Label        { string name = 1; string value = 2; }
 * Sample       { double value = 1; int64 timestamp = 2; }
 * </pre>
 *
 * <p>Entries of the same {@link SeriesLabels} become one {@code TimeSeries}, in order of first
 * appearance in the batch; its samples are ordered by timestamp (stable, so equal timestamps keep
 * batch order). Both {@code Sample} fields are always written, even when zero.
 *
 * <p>Sizes are computed first, so the message is written into one exactly sized array with no
 * intermediate buffers; the body sent is that array compressed with snappy's block format.
 */
public final class WriteRequestEncoder {

    private static final int LENGTH_DELIMITED = WireFormat.WIRETYPE_LENGTH_DELIMITED;

    private WriteRequestEncoder() {}

    /** The uncompressed protobuf bytes of the batch. */
    public static byte[] encode(List<RemoteWriteEntry> entries) {
        List<Group> groups = group(entries);
        int[] bodySizes = new int[groups.size()];
        long total = 0;
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            long body = group.series.encodedSize();
            for (int i = 0; i < group.count; i++) {
                body += lengthDelimitedFieldSize(sampleMessageSize(group.timestamps[i]));
            }
            if (body > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("time series " + group.series + " exceeds 2 GiB encoded");
            }
            bodySizes[g] = (int) body;
            total += lengthDelimitedFieldSize(bodySizes[g]);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("write request of " + entries.size() + " samples exceeds 2 GiB encoded");
        }
        byte[] buffer = new byte[(int) total];
        CodedOutputStream out = CodedOutputStream.newInstance(buffer);
        try {
            for (int g = 0; g < groups.size(); g++) {
                writeTimeSeries(out, groups.get(g), bodySizes[g]);
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new IllegalStateException("protobuf size computation disagrees with the written bytes", e);
        }
        return buffer;
    }

    /** {@link #encode} compressed with snappy's block format, as the remote-write protocol requires. */
    public static byte[] encodeCompressed(List<RemoteWriteEntry> entries) throws IOException {
        return Snappy.compress(encode(entries));
    }

    /**
     * The encoded size of the entry if it were alone in its {@code TimeSeries}: an upper bound of
     * what it adds to a request (grouping shares the labels between samples of one series).
     */
    public static long estimatedSize(RemoteWriteEntry entry) {
        return lengthDelimitedFieldSize(
                entry.series().encodedSize() + lengthDelimitedFieldSize(sampleMessageSize(entry.timestampMs())));
    }

    /** Size of a length-delimited field with a field number below 16 (one-byte tag). */
    static int lengthDelimitedFieldSize(int bodySize) {
        return 1 + CodedOutputStream.computeUInt32SizeNoTag(bodySize) + bodySize;
    }

    private static int sampleMessageSize(long timestampMs) {
        return CodedOutputStream.computeDoubleSize(1, 0.0) + CodedOutputStream.computeInt64Size(2, timestampMs);
    }

    private static void writeTimeSeries(CodedOutputStream out, Group group, int bodySize) throws IOException {
        out.writeTag(1, LENGTH_DELIMITED);
        out.writeUInt32NoTag(bodySize);
        SeriesLabels series = group.series;
        for (int i = 0; i < series.size(); i++) {
            String name = series.name(i);
            String value = series.value(i);
            out.writeTag(1, LENGTH_DELIMITED);
            out.writeUInt32NoTag(SeriesLabels.labelMessageSize(name, value));
            out.writeString(1, name);
            out.writeString(2, value);
        }
        for (int i = 0; i < group.count; i++) {
            out.writeTag(2, LENGTH_DELIMITED);
            out.writeUInt32NoTag(sampleMessageSize(group.timestamps[i]));
            out.writeDouble(1, group.values[i]);
            out.writeInt64(2, group.timestamps[i]);
        }
    }

    private static List<Group> group(List<RemoteWriteEntry> entries) {
        Map<SeriesLabels, Group> bySeries = new HashMap<>();
        List<Group> ordered = new ArrayList<>();
        for (RemoteWriteEntry entry : entries) {
            Group group = bySeries.get(entry.series());
            if (group == null) {
                group = new Group(entry.series());
                bySeries.put(entry.series(), group);
                ordered.add(group);
            }
            group.add(entry.timestampMs(), entry.value());
        }
        for (Group group : ordered) {
            group.sortByTimestamp();
        }
        return ordered;
    }

    /** The samples of one series within a batch, as primitive columns. */
    private static final class Group {
        final SeriesLabels series;
        long[] timestamps = new long[4];
        double[] values = new double[4];
        int count;
        boolean sorted = true;

        Group(SeriesLabels series) {
            this.series = series;
        }

        void add(long timestampMs, double value) {
            if (count == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            if (count > 0 && timestamps[count - 1] > timestampMs) {
                sorted = false;
            }
            timestamps[count] = timestampMs;
            values[count] = value;
            count++;
        }

        /** Samples usually arrive in time order; only out-of-order groups pay for a (stable) sort. */
        void sortByTimestamp() {
            if (sorted) {
                return;
            }
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            long[] ts = timestamps;
            Arrays.sort(order, Comparator.comparingLong(i -> ts[i]));
            long[] sortedTs = new long[count];
            double[] sortedValues = new double[count];
            for (int i = 0; i < count; i++) {
                sortedTs[i] = timestamps[order[i]];
                sortedValues[i] = values[order[i]];
            }
            timestamps = sortedTs;
            values = sortedValues;
            sorted = true;
        }
    }
}
