package io.driftwatch.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Boundaries of the codec: the longest varints, limits equal to the value, the cache's slots. */
class CodecEdgesTest {

    private static DataInputStream in(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new DataInputStream(new ByteArrayInputStream(b));
    }

    private static DataInputStream written(String... strings) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (String s : strings) {
                Varints.writeString(out, s);
            }
        }
        return new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    }

    @Test
    void aVarLongHasAtMostTenBytes() throws IOException {
        // ten bytes: 9 × 7 bits + 1 bit = the 64 bits of -1
        int[] ten = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01};
        assertEquals(-1L, Varints.readVarLong(in(ten)));
        assertEquals(-1L, new ByteReader(bytes(ten), "t").readVarLong("v"));
        int[] eleven = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01};
        IOException e = assertThrows(IOException.class, () -> Varints.readVarLong(in(eleven)));
        assertEquals("malformed varlong: more than 10 bytes", e.getMessage());
        IllegalArgumentException c =
                assertThrows(IllegalArgumentException.class, () -> new ByteReader(bytes(eleven), "t").readVarLong("v"));
        assertTrue(c.getMessage().contains("varint longer than 10 bytes in v"), c.getMessage());
    }

    @Test
    void lengthsUpToTheLimitAreRead() throws IOException {
        assertEquals(0, Varints.readLength(in(0), 5));
        assertEquals(5, Varints.readLength(in(5), 5));
        IOException over = assertThrows(IOException.class, () -> Varints.readLength(in(6), 5));
        assertEquals("corrupt length 6 (limit 5)", over.getMessage());
        IOException negative =
                assertThrows(IOException.class, () -> Varints.readLength(in(0xFF, 0xFF, 0xFF, 0xFF, 0x0F), 5));
        assertEquals("corrupt length -1 (limit 5)", negative.getMessage());
        assertEquals(0, new ByteReader(bytes(0), "t").readCount("n"));
    }

    @Test
    void nullableBytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Varints.writeNullableBytes(out, new byte[0]);
            Varints.writeNullableBytes(out, new byte[] {7, 8});
            Varints.writeNullableBytes(out, null);
        }
        assertArrayEquals(new byte[] {1, 3, 7, 8, 0}, bytes.toByteArray());
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertArrayEquals(new byte[0], Varints.readNullableBytes(in));
        assertArrayEquals(new byte[] {7, 8}, Varints.readNullableBytes(in));
        assertEquals(null, Varints.readNullableBytes(in));
        // length + 1 = -1: a length of -2
        IOException e =
                assertThrows(IOException.class, () -> Varints.readNullableBytes(in(0xFF, 0xFF, 0xFF, 0xFF, 0x0F)));
        assertEquals("corrupt byte array length -2", e.getMessage());
    }

    @Test
    void charsFromU0080OnAreVarints() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            Varints.writeString(out, "\u007f\u0080");
        }
        assertArrayEquals(new byte[] {3, 0x7F, (byte) 0x80, 0x01}, bytes.toByteArray());
        assertEquals("\u007f\u0080", Varints.readString(written("\u007f\u0080")));
    }

    @Test
    void aCharVarintHasAtMostFiveBytes() throws IOException {
        // five bytes: 7 + 4 × 7 bits; the high bits beyond 16 are dropped by the char cast
        assertEquals("\u0000", Varints.readString(in(2, 0x80, 0x80, 0x80, 0x80, 0x00)));
        IOException e =
                assertThrows(IOException.class, () -> Varints.readString(in(2, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00)));
        assertEquals("malformed string: a character varint of more than 5 bytes", e.getMessage());
    }

    @Test
    void byteWriterGrowsByteByByte() {
        ByteWriter w = new ByteWriter(0);
        byte[] expected = new byte[100];
        for (int i = 0; i < 100; i++) {
            w.writeByte(i);
            expected[i] = (byte) i;
        }
        assertEquals(100, w.size());
        assertArrayEquals(expected, w.toByteArray());
    }

    @Test
    void tableSizeFromOneToTwentyBits() throws IOException {
        assertEquals("a", new StringCache(1).read(written("a")));
        assertEquals("a", new StringCache(20).read(written("a")));
        assertThrows(IllegalArgumentException.class, () -> new StringCache(0));
        assertThrows(IllegalArgumentException.class, () -> new StringCache(21));
    }

    @Test
    void emptyAndSixtyFourCharStringsAreCached() throws IOException {
        String s64 = "x".repeat(StringCache.MAX_CACHED_LENGTH);
        StringCache cache = new StringCache(4);
        DataInputStream in = written("", "", s64, s64, s64 + "y", s64 + "y");
        assertSame(cache.read(in), cache.read(in));
        assertSame(cache.read(in), cache.read(in));
        String first65 = cache.read(in);
        String second65 = cache.read(in);
        assertEquals(first65, second65);
        assertNotSame(first65, second65);
    }

    @Test
    void stringsWithEqualHashesAreTold() throws IOException {
        // "Aa" and "BB" share String.hashCode, as do "a" and "\0a" (different lengths)
        assertEquals("Aa".hashCode(), "BB".hashCode());
        assertEquals("a".hashCode(), "\u0000a".hashCode());
        StringCache cache = new StringCache(4);
        DataInputStream in = written("Aa", "BB", "a", "\u0000a");
        assertEquals("Aa", cache.read(in));
        assertEquals("BB", cache.read(in));
        assertEquals("a", cache.read(in));
        assertEquals("\u0000a", cache.read(in));
    }

    @Test
    void theSlotMixesTheHighHashBitsIn() throws IOException {
        // two strings whose hashes agree in bit 0 (both 0) and differ in bit 16: a 2-entry table puts
        // them in different slots only because the slot is (h ^ h >>> 16) & 1
        List<String> pair = new ArrayList<>();
        for (int i = 0; pair.size() < 2; i++) {
            String s = "k" + i;
            int h = s.hashCode();
            if ((h & 1) == 0 && (pair.isEmpty() || ((pair.get(0).hashCode() >>> 16) & 1) != ((h >>> 16) & 1))) {
                pair.add(s);
            }
        }
        String a = pair.get(0);
        String b = pair.get(1);
        StringCache cache = new StringCache(1);
        DataInputStream in = written(a, b, a, b);
        String a1 = cache.read(in);
        String b1 = cache.read(in);
        assertSame(a1, cache.read(in), "b did not evict a");
        assertSame(b1, cache.read(in));
    }

    private static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
