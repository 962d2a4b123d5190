package io.driftwatch.connectors.otlp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.driftwatch.codec.Varints;
import java.io.IOException;
import java.util.Random;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.types.StringValue;
import org.junit.jupiter.api.Test;

/**
 * The serializers write strings with {@link Varints#writeString} instead of Flink's {@link StringValue}
 * (whose reader goes through a thread-local buffer on every call); the bytes must stay Flink's.
 */
class StringCodecCompatibilityTest {

    @Test
    void theCodecWritesAndReadsFlinksStringValueBytes() throws IOException {
        Random random = new Random(11);
        for (int n = 0; n < 2_000; n++) {
            String s = n == 0 ? null : randomString(random, random.nextInt(n % 3 == 0 ? 3_000 : 200));
            DataOutputSerializer flink = new DataOutputSerializer(64);
            StringValue.writeString(s, flink);
            DataOutputSerializer ours = new DataOutputSerializer(64);
            Varints.writeString(ours, s);
            assertArrayEquals(flink.getCopyOfBuffer(), ours.getCopyOfBuffer(), "string #" + n);
            assertEquals(s, Varints.readString(new DataInputDeserializer(flink.getCopyOfBuffer())));
            assertEquals(s, StringValue.readString(new DataInputDeserializer(ours.getCopyOfBuffer())));
        }
    }

    private static String randomString(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(5);
            s.append(
                    kind == 0
                            ? (char) random.nextInt(0x10000)
                            : kind == 1 ? (char) (0x80 + random.nextInt(0x780)) : (char) random.nextInt(0x80));
        }
        return s.toString();
    }
}
