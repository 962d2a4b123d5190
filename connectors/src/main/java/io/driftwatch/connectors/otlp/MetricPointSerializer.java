package io.driftwatch.connectors.otlp;

import static io.driftwatch.codec.Varints.readLength;
import static io.driftwatch.codec.Varints.readVarInt;
import static io.driftwatch.codec.Varints.readVarLong;
import static io.driftwatch.codec.Varints.readZigZagInt;
import static io.driftwatch.codec.Varints.writeVarInt;
import static io.driftwatch.codec.Varints.writeVarLong;
import static io.driftwatch.codec.Varints.writeZigZagInt;

import io.driftwatch.codec.StringCache;
import io.driftwatch.codec.Varints;
import io.driftwatch.connectors.otlp.internal.ImmutableValueSerializer;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Compact Flink serializer for {@link MetricPoint}, used for network shuffles and state.
 *
 * <p>Format (version 1): a header byte (kind ordinal in bits 0-2, temporality ordinal in bits 3-4,
 * monotonic in bit 5); a varint bit mask saying which optional fields differ from their defaults;
 * name; labels (varint pair count, then names and values); time; then only the fields present in the
 * mask, in mask-bit order. Strings use Flink's StringValue encoding ({@link Varints#writeString}), counts are varints, doubles
 * are 8 bytes. A gauge point with a few labels thus costs its strings plus about 20 bytes. Every field
 * round-trips exactly, whatever the kind.
 */
public final class MetricPointSerializer extends ImmutableValueSerializer<MetricPoint> {

    private static final long serialVersionUID = 1L;

    /** Without a string cache, so that it can be shared; {@link #duplicate()} gives each thread its own cache. */
    public static final MetricPointSerializer INSTANCE = new MetricPointSerializer(null);

    /** Repeated label names and values read without allocating; {@code null} in the shared instance. */
    private final transient StringCache strings;

    /** A serializer without a string cache, like {@link #INSTANCE}. */
    public MetricPointSerializer() {
        this(null);
    }

    private MetricPointSerializer(StringCache strings) {
        this.strings = strings;
    }

    @Override
    public MetricPointSerializer duplicate() {
        return new MetricPointSerializer(new StringCache(10));
    }

    private String readString(DataInputView in) throws IOException {
        return strings == null ? Varints.readString(in) : strings.read(in);
    }

    private static final MetricKind[] KINDS = MetricKind.values();
    private static final Temporality[] TEMPORALITIES = Temporality.values();
    private static final int MAX_ARRAY = 1 << 24;

    private static final int UNIT = 1;
    private static final int START = 1 << 1;
    private static final int VALUE = 1 << 2;
    private static final int COUNT = 1 << 3;
    private static final int SUM = 1 << 4;
    private static final int MIN = 1 << 5;
    private static final int MAX = 1 << 6;
    private static final int BOUNDS = 1 << 7;
    private static final int BUCKETS = 1 << 8;
    private static final int SCALE = 1 << 9;
    private static final int ZERO_COUNT = 1 << 10;
    private static final int ZERO_THRESHOLD = 1 << 11;
    private static final int POSITIVE = 1 << 12;
    private static final int NEGATIVE = 1 << 13;
    private static final int QUANTILES = 1 << 14;

    @Override
    public MetricPoint createInstance() {
        return MetricPoint.builder("", MetricKind.GAUGE).build();
    }

    @Override
    public void serialize(MetricPoint p, DataOutputView out) throws IOException {
        int mask = presence(p);
        out.writeByte(p.kind().ordinal() | p.temporality().ordinal() << 3 | (p.monotonic() ? 1 << 5 : 0));
        writeVarInt(out, mask);
        Varints.writeString(out, p.name());
        Labels labels = p.labels();
        int n = labels.size();
        writeVarInt(out, n);
        for (int i = 0; i < n; i++) {
            Varints.writeString(out, labels.name(i));
            Varints.writeString(out, labels.value(i));
        }
        out.writeLong(p.timeNanos());
        if ((mask & UNIT) != 0) {
            Varints.writeString(out, p.unit());
        }
        if ((mask & START) != 0) {
            out.writeLong(p.startTimeNanos());
        }
        if ((mask & VALUE) != 0) {
            out.writeDouble(p.value());
        }
        if ((mask & COUNT) != 0) {
            writeVarLong(out, p.count());
        }
        if ((mask & SUM) != 0) {
            out.writeDouble(p.sum());
        }
        if ((mask & MIN) != 0) {
            out.writeDouble(p.min());
        }
        if ((mask & MAX) != 0) {
            out.writeDouble(p.max());
        }
        if ((mask & BOUNDS) != 0) {
            writeDoubles(out, p.explicitBounds());
        }
        if ((mask & BUCKETS) != 0) {
            writeCounts(out, p.bucketCounts());
        }
        if ((mask & SCALE) != 0) {
            writeZigZagInt(out, p.scale());
        }
        if ((mask & ZERO_COUNT) != 0) {
            writeVarLong(out, p.zeroCount());
        }
        if ((mask & ZERO_THRESHOLD) != 0) {
            out.writeDouble(p.zeroThreshold());
        }
        if ((mask & POSITIVE) != 0) {
            writeZigZagInt(out, p.positiveOffset());
            writeCounts(out, p.positiveCounts());
        }
        if ((mask & NEGATIVE) != 0) {
            writeZigZagInt(out, p.negativeOffset());
            writeCounts(out, p.negativeCounts());
        }
        if ((mask & QUANTILES) != 0) {
            writeDoubles(out, p.quantiles());
            for (double v : p.quantileValues()) {
                out.writeDouble(v);
            }
        }
    }

    /** Which optional fields differ from {@link MetricPoint.Builder}'s defaults. */
    private static int presence(MetricPoint p) {
        int mask = 0;
        if (!p.unit().isEmpty()) {
            mask |= UNIT;
        }
        if (p.startTimeNanos() != 0) {
            mask |= START;
        }
        if (Double.doubleToRawLongBits(p.value()) != 0L) {
            mask |= VALUE;
        }
        if (p.count() != 0) {
            mask |= COUNT;
        }
        if (!Double.isNaN(p.sum())) {
            mask |= SUM;
        }
        if (!Double.isNaN(p.min())) {
            mask |= MIN;
        }
        if (!Double.isNaN(p.max())) {
            mask |= MAX;
        }
        if (p.explicitBounds().length > 0) {
            mask |= BOUNDS;
        }
        if (p.bucketCounts().length > 0) {
            mask |= BUCKETS;
        }
        if (p.scale() != 0) {
            mask |= SCALE;
        }
        if (p.zeroCount() != 0) {
            mask |= ZERO_COUNT;
        }
        if (Double.doubleToRawLongBits(p.zeroThreshold()) != 0L) {
            mask |= ZERO_THRESHOLD;
        }
        if (p.positiveOffset() != 0 || p.positiveCounts().length > 0) {
            mask |= POSITIVE;
        }
        if (p.negativeOffset() != 0 || p.negativeCounts().length > 0) {
            mask |= NEGATIVE;
        }
        if (p.quantiles().length > 0) {
            mask |= QUANTILES;
        }
        return mask;
    }

    @Override
    public MetricPoint deserialize(DataInputView in) throws IOException {
        int header = in.readUnsignedByte();
        int kind = header & 7;
        int temporality = (header >>> 3) & 3;
        if (kind >= KINDS.length || temporality >= TEMPORALITIES.length) {
            throw new IOException("corrupt MetricPoint header byte " + header);
        }
        int mask = readVarInt(in);
        MetricPoint.Builder b = MetricPoint.builder(readString(in), KINDS[kind])
                .temporality(TEMPORALITIES[temporality])
                .monotonic((header & (1 << 5)) != 0);
        int n = readLength(in, MAX_ARRAY);
        if (n > 0) {
            String[] pairs = new String[2 * n];
            for (int i = 0; i < pairs.length; i++) {
                pairs[i] = readString(in);
            }
            b.labels(Labels.ofSortedPairs(pairs));
        }
        b.timeNanos(in.readLong());
        if ((mask & UNIT) != 0) {
            b.unit(readString(in));
        }
        if ((mask & START) != 0) {
            b.startTimeNanos(in.readLong());
        }
        if ((mask & VALUE) != 0) {
            b.value(in.readDouble());
        }
        if ((mask & COUNT) != 0) {
            b.count(readVarLong(in));
        }
        if ((mask & SUM) != 0) {
            b.sum(in.readDouble());
        }
        if ((mask & MIN) != 0) {
            b.min(in.readDouble());
        }
        if ((mask & MAX) != 0) {
            b.max(in.readDouble());
        }
        if ((mask & BOUNDS) != 0) {
            b.explicitBounds(readDoubles(in));
        }
        if ((mask & BUCKETS) != 0) {
            b.bucketCounts(readCounts(in));
        }
        if ((mask & SCALE) != 0) {
            b.scale(readZigZagInt(in));
        }
        if ((mask & ZERO_COUNT) != 0) {
            b.zeroCount(readVarLong(in));
        }
        if ((mask & ZERO_THRESHOLD) != 0) {
            b.zeroThreshold(in.readDouble());
        }
        if ((mask & POSITIVE) != 0) {
            int offset = readZigZagInt(in);
            b.positive(offset, readCounts(in));
        }
        if ((mask & NEGATIVE) != 0) {
            int offset = readZigZagInt(in);
            b.negative(offset, readCounts(in));
        }
        if ((mask & QUANTILES) != 0) {
            double[] quantiles = readDoubles(in);
            double[] values = new double[quantiles.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = in.readDouble();
            }
            b.quantiles(quantiles, values);
        }
        return b.build();
    }

    private static void writeDoubles(DataOutputView out, double[] values) throws IOException {
        writeVarInt(out, values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInputView in) throws IOException {
        double[] values = new double[readLength(in, MAX_ARRAY)];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }

    private static void writeCounts(DataOutputView out, long[] counts) throws IOException {
        writeVarInt(out, counts.length);
        for (long c : counts) {
            writeVarLong(out, c);
        }
    }

    private static long[] readCounts(DataInputView in) throws IOException {
        long[] counts = new long[readLength(in, MAX_ARRAY)];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = readVarLong(in);
        }
        return counts;
    }

    @Override
    public TypeSerializerSnapshot<MetricPoint> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Snapshot of the (stateless) serializer; format changes must bump its version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<MetricPoint> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
