package io.driftwatch.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Varints} over streams: the same bytes as {@link ByteWriter}, and how corrupt input fails. */
class VarintsTest {

    private static final HexFormat HEX = HexFormat.of();

    @FunctionalInterface
    private interface StreamWrite {
        void to(DataOutputStream out) throws IOException;
    }

    private static String hex(StreamWrite write) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            write.to(out);
        }
        return HEX.formatHex(bytes.toByteArray());
    }

    private static DataInputStream in(String hex) {
        return new DataInputStream(new ByteArrayInputStream(HEX.parseHex(hex)));
    }

    @Test
    void zigZagMapping() {
        long[][] pairs = {{0, 0}, {-1, 1}, {1, 2}, {-2, 3}, {2, 4}, {Long.MAX_VALUE, -2}, {Long.MIN_VALUE, -1}};
        for (long[] p : pairs) {
            assertEquals(p[1], Varints.zigZag(p[0]));
            assertEquals(p[0], Varints.unZigZag(p[1]));
        }
        assertEquals(-1, Varints.zigZag(Integer.MIN_VALUE));
        assertEquals(-2, Varints.zigZag(Integer.MAX_VALUE));
        assertEquals(Integer.MIN_VALUE, Varints.unZigZag(-1));
        assertEquals(3, Varints.zigZag(-2));
        assertEquals(-2, Varints.unZigZag(3));
    }

    @Test
    void intVarintsAreUnsigned32Bit() throws IOException {
        assertEquals("00", hex(out -> Varints.writeVarInt(out, 0)));
        assertEquals("7f", hex(out -> Varints.writeVarInt(out, 127)));
        assertEquals("8001", hex(out -> Varints.writeVarInt(out, 128)));
        assertEquals("ffffffff07", hex(out -> Varints.writeVarInt(out, Integer.MAX_VALUE)));
        assertEquals("ffffffff0f", hex(out -> Varints.writeVarInt(out, -1)), "negative: always 5 bytes");
        for (int v : new int[] {0, 1, 300, Integer.MAX_VALUE, -1, Integer.MIN_VALUE}) {
            assertEquals(v, Varints.readVarInt(in(hex(out -> Varints.writeVarInt(out, v)))));
        }
    }

    @Test
    void streamAndArrayFormsAreTheSameBytes() throws IOException {
        Random rnd = new Random(11);
        for (int i = 0; i < 10_000; i++) {
            long l = rnd.nextLong() >>> rnd.nextInt(64);
            int n = rnd.nextInt() >> rnd.nextInt(32);
            ByteWriter w = new ByteWriter(0);
            w.writeVarLong(l);
            w.writeZigZagInt(n);
            w.writeFixedLong(l);
            w.writeDouble(n / 3.0);
            w.writeFixedInt(n);
            String stream = hex(out -> {
                Varints.writeVarLong(out, l);
                Varints.writeZigZagInt(out, n);
                out.writeLong(l);
                out.writeDouble(n / 3.0);
                out.writeInt(n);
            });
            assertEquals(HEX.formatHex(w.toByteArray()), stream);
            DataInputStream in = in(stream);
            assertEquals(l, Varints.readVarLong(in));
            assertEquals(n, Varints.readZigZagInt(in));
            if (n >= 0) {
                assertEquals(
                        hex(out -> Varints.writeVarLong(out, n)),
                        hex(out -> Varints.writeVarInt(out, n)),
                        "non-negative values encode the same as int and long");
            }
        }
    }

    @Test
    void nullableBytes() throws IOException {
        assertEquals("00", hex(out -> Varints.writeNullableBytes(out, null)));
        assertEquals("01", hex(out -> Varints.writeNullableBytes(out, new byte[0])));
        assertEquals("030a0b", hex(out -> Varints.writeNullableBytes(out, new byte[] {10, 11})));
        DataInputStream in = in("00" + "01" + "030a0b");
        assertNull(Varints.readNullableBytes(in));
        assertArrayEquals(new byte[0], Varints.readNullableBytes(in));
        assertArrayEquals(new byte[] {10, 11}, Varints.readNullableBytes(in));
    }

    @Test
    void sizedBytesAndUtf8Strings() throws IOException {
        assertEquals("00000000", hex(out -> Varints.writeSizedBytes(out, new byte[0])));
        assertEquals("000000020a0b", hex(out -> Varints.writeSizedBytes(out, new byte[] {10, 11})));
        for (String s : new String[] {"", "ü", "😀", "\ud800", "日本".repeat(100)}) {
            ByteWriter w = new ByteWriter(0);
            w.writeUtf8(s);
            assertEquals(HEX.formatHex(w.toByteArray()), hex(out -> Varints.writeUtf8(out, s)), s);
        }
        DataInputStream in = in("000000020a0b" + "00000000" + "00000002c3bc" + "0000012c" + "61".repeat(300));
        assertArrayEquals(new byte[] {10, 11}, Varints.readSizedBytes(in, 2));
        assertEquals("", Varints.readUtf8(in, 0));
        assertEquals("ü", Varints.readUtf8(in, 2));
        assertEquals("a".repeat(300), Varints.readUtf8(in, 300));
        assertEquals(0, in.available());
    }

    @Test
    void corruptOrTruncatedInputFails() {
        assertEquals(
                "malformed varint: more than 5 bytes",
                assertThrows(IOException.class, () -> Varints.readVarInt(in("ffffffffff01")))
                        .getMessage());
        assertEquals(
                "malformed varlong: more than 10 bytes",
                assertThrows(IOException.class, () -> Varints.readVarLong(in("ffffffffffffffffffff01")))
                        .getMessage());
        assertEquals(
                "corrupt length 8 (limit 7)",
                assertThrows(IOException.class, () -> Varints.readLength(in("08"), 7))
                        .getMessage());
        assertEquals(
                "corrupt length -1 (limit 7)",
                assertThrows(IOException.class, () -> Varints.readLength(in("ffffffff0f"), 7))
                        .getMessage());
        assertTrue(assertThrows(IOException.class, () -> Varints.readNullableBytes(in("ffffffff0f")))
                .getMessage()
                .startsWith("corrupt byte array length"));
        assertEquals(
                "corrupt byte array length 3 (limit 2)",
                assertThrows(IOException.class, () -> Varints.readSizedBytes(in("00000003010203"), 2))
                        .getMessage());
        assertEquals(
                "corrupt UTF-8 string length -1 (limit 64)",
                assertThrows(IOException.class, () -> Varints.readUtf8(in("ffffffff"), 64))
                        .getMessage());
        assertThrows(EOFException.class, () -> Varints.readUtf8(in("00000002c3"), 64));
        assertThrows(EOFException.class, () -> Varints.readSizedBytes(in("000000"), 64));
        assertThrows(EOFException.class, () -> Varints.readVarLong(in("80")));
        assertThrows(EOFException.class, () -> Varints.readNullableBytes(in("030a")));
    }

    @Test
    void stringsAreALengthPlusOneVarintThenOneVarintPerUtf16Unit() throws IOException {
        assertEquals("00", hex(out -> Varints.writeString(out, null)));
        assertEquals("01", hex(out -> Varints.writeString(out, "")));
        assertEquals("036162", hex(out -> Varints.writeString(out, "ab")));
        assertEquals("02e901", hex(out -> Varints.writeString(out, "\u00e9")));
        assertEquals("02ffff03", hex(out -> Varints.writeString(out, "\uffff")));
        String ascii200 = "x".repeat(200); // length + 1 = 201 needs two bytes
        assertEquals("c901" + "78".repeat(200), hex(out -> Varints.writeString(out, ascii200)));
        assertEquals("7f" + "78".repeat(126), hex(out -> Varints.writeString(out, "x".repeat(126))));
    }

    @Test
    void stringsRoundTrip() throws IOException {
        Random random = new Random(7);
        for (int n = 0; n < 500; n++) {
            StringBuilder s = new StringBuilder();
            int len = random.nextInt(300);
            for (int i = 0; i < len; i++) {
                s.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x10000) : (char) random.nextInt(0x80));
            }
            String value = s.toString();
            assertEquals(value, Varints.readString(in(hex(out -> Varints.writeString(out, value)))));
        }
        assertNull(Varints.readString(in("00")));
        assertThrows(EOFException.class, () -> Varints.readString(in("0461")));
    }
}
