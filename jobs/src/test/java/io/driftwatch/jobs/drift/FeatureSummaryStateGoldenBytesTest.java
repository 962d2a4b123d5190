package io.driftwatch.jobs.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.drift.feature.FeatureSummary;
import java.io.IOException;
import java.util.HexFormat;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes {@link FeatureSummarySerializer} writes into the feature-drift job's keyed state and
 * savepoints (its length frame around {@link FeatureSummary#toBytes()}, which drift-stats pins in
 * detail): a change breaks restoring savepoints taken by earlier versions. The hex was captured from the
 * code before the shared state codec was applied to the serializer.
 */
class FeatureSummaryStateGoldenBytesTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void emptyNumeric() throws IOException {
        assertGolden("00000012030000013f50624dd2f1a9fc804000000000", FeatureSummary.numeric(0.001));
    }

    /** State of the KLL era (format 1) is still read, and converted. */
    @Test
    void emptyNumericOfFormat1IsRead() throws IOException {
        FeatureSummary back = FeatureSummarySerializer.INSTANCE.deserialize(
                new DataInputDeserializer(HEX.parseHex("000000120100000000000000000002010f0108000800")));
        assertEquals(HEX.formatHex(FeatureSummary.numeric(0.001).toBytes()), HEX.formatHex(back.toBytes()));
    }

    @Test
    void categorical() throws IOException {
        FeatureSummary s = FeatureSummary.categorical(3);
        s.add("grün", 2);
        s.add("", 1);
        assertGolden(
                "00000038010100000000000000020100000003000000000000000000000002000000056772c3bc6e0000000000000002000000000000000000000001",
                s);
    }

    @Test
    void bucketedOverAMultiByteLength() throws IOException {
        double[] bounds = new double[20];
        for (int i = 0; i < bounds.length; i++) {
            bounds[i] = i - 10.5;
        }
        FeatureSummary s = FeatureSummary.buckets(bounds);
        long[] counts = new long[21];
        counts[0] = 1;
        counts[20] = 1L << 40;
        s.add(bounds, counts);
        assertGolden(
                "000001560102000001000000000100000014c025000000000000c023000000000000c021000000000000c01e000000000000c01a000000000000c016000000000000c012000000000000c00c000000000000c004000000000000bff8000000000000bfe00000000000003fe00000000000003ff80000000000004004000000000000400c00000000000040120000000000004016000000000000401a000000000000401e0000000000004021000000000000000000000000000100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000010000000000",
                s);
    }

    private static void assertGolden(String expectedHex, FeatureSummary summary) throws IOException {
        FeatureSummarySerializer serializer = FeatureSummarySerializer.INSTANCE;
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(summary, out);
        String actual = HEX.formatHex(out.getCopyOfBuffer());
        assertEquals(expectedHex, actual);
        FeatureSummary back = serializer.deserialize(new DataInputDeserializer(HEX.parseHex(expectedHex)));
        assertEquals(HEX.formatHex(summary.toBytes()), HEX.formatHex(back.toBytes()));
        // sized: DataOutputSerializer.write(DataInputView, n) does not grow its buffer
        DataOutputSerializer copy = new DataOutputSerializer(expectedHex.length() / 2);
        serializer.copy(new DataInputDeserializer(HEX.parseHex(expectedHex)), copy);
        assertEquals(expectedHex, HEX.formatHex(copy.getCopyOfBuffer()));
    }
}
