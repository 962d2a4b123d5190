package io.driftwatch.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link ByteWriter} and {@link ByteReader}: the exact bytes of each encoding, and how corrupt input fails. */
class ByteCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    private static String hex(Consumer<ByteWriter> write) {
        ByteWriter w = new ByteWriter(0);
        write.accept(w);
        return HEX.formatHex(w.toByteArray());
    }

    private static ByteReader reader(String hex) {
        return new ByteReader(HEX.parseHex(hex), "Thing");
    }

    @Test
    void varLongIsUnsignedLeb128() {
        assertEquals("00", hex(w -> w.writeVarLong(0)));
        assertEquals("7f", hex(w -> w.writeVarLong(127)));
        assertEquals("8001", hex(w -> w.writeVarLong(128)));
        assertEquals("ac02", hex(w -> w.writeVarLong(300)));
        assertEquals("ffffffffffffffff7f", hex(w -> w.writeVarLong(Long.MAX_VALUE)));
        assertEquals("ffffffffffffffffff01", hex(w -> w.writeVarLong(-1)), "negative: always 10 bytes");
        assertEquals("80808080808080808001", hex(w -> w.writeVarLong(Long.MIN_VALUE)));
        for (long v : new long[] {0, 1, 127, 128, 300, 16_383, 16_384, 1L << 35, Long.MAX_VALUE, -1, Long.MIN_VALUE}) {
            ByteReader r = reader(hex(w -> w.writeVarLong(v)));
            assertEquals(v, r.readVarLong("v"));
            r.expectEnd();
        }
    }

    @Test
    void zigZagKeepsSmallMagnitudesShort() {
        assertEquals("00", hex(w -> w.writeZigZagLong(0)));
        assertEquals("01", hex(w -> w.writeZigZagLong(-1)));
        assertEquals("02", hex(w -> w.writeZigZagLong(1)));
        assertEquals("03", hex(w -> w.writeZigZagLong(-2)));
        assertEquals("7f", hex(w -> w.writeZigZagLong(-64)));
        assertEquals("8001", hex(w -> w.writeZigZagLong(64)));
        assertEquals("ffffffffffffffffff01", hex(w -> w.writeZigZagLong(Long.MIN_VALUE)));
        assertEquals("ffffffff0f", hex(w -> w.writeZigZagInt(Integer.MIN_VALUE)));
        assertEquals("feffffff0f", hex(w -> w.writeZigZagInt(Integer.MAX_VALUE)));
        Random rnd = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            int v = i < 5_000 ? rnd.nextInt() : rnd.nextInt(2_000) - 1_000;
            assertEquals(hex(w -> w.writeZigZagLong(v)), hex(w -> w.writeZigZagInt(v)), "int and long zigzag agree");
            assertEquals(v, reader(hex(w -> w.writeZigZagInt(v))).readZigZagInt("v"));
            long l = rnd.nextLong() >> rnd.nextInt(64);
            assertEquals(l, reader(hex(w -> w.writeZigZagLong(l))).readZigZagLong("v"));
        }
    }

    @Test
    void fixedWidthNumbersAreBigEndian() {
        assertEquals("01020304", hex(w -> w.writeFixedInt(0x01020304)));
        assertEquals("ffffffff", hex(w -> w.writeFixedInt(-1)));
        assertEquals("0102030405060708", hex(w -> w.writeFixedLong(0x0102030405060708L)));
        assertEquals("3ff8000000000000", hex(w -> w.writeDouble(1.5)));
        assertEquals("8000000000000000", hex(w -> w.writeDouble(-0.0)));
        ByteReader r = reader("01020304" + "fffffffffffffffe" + "3ff8000000000000");
        assertEquals(0x01020304, r.readFixedInt("i"));
        assertEquals(-2L, r.readFixedLong("l"));
        assertEquals(1.5, r.readDouble("d"));
        r.expectEnd();
    }

    @Test
    void doublesKeepTheirRawBits() {
        double payloadNaN = Double.longBitsToDouble(0x7ff0000000000123L);
        assertEquals("7ff0000000000123", hex(w -> w.writeDouble(payloadNaN)));
        assertEquals(
                0x7ff0000000000123L,
                Double.doubleToRawLongBits(reader("7ff0000000000123").readDouble("d")));
    }

    @Test
    void bytesAndSingleBytes() {
        assertEquals("ff00abcd", hex(w -> {
            w.writeByte(0x1ff);
            w.writeByte(0);
            w.writeBytes(new byte[] {(byte) 0xab, (byte) 0xcd});
            w.writeBytes(new byte[0]);
        }));
        ByteReader r = reader("ff00abcd");
        assertEquals(255, r.readByte("b"));
        assertEquals(0, r.readByte("b"));
        assertArrayEquals(new byte[] {(byte) 0xab, (byte) 0xcd}, r.readBytes("name", 2));
        assertArrayEquals(new byte[0], r.readBytes("name", 0));
        r.expectEnd();
    }

    @Test
    void utf8StringsHaveAFixedIntByteCount() {
        assertEquals("00000000", hex(w -> w.writeUtf8("")));
        assertEquals("00000002c3bc", hex(w -> w.writeUtf8("ü")));
        assertEquals("00000004f09f9880", hex(w -> w.writeUtf8("😀")));
        assertEquals("000000013f", hex(w -> w.writeUtf8("\ud800")), "an unpaired surrogate is written as ?");
        assertEquals("0000012c" + "61".repeat(300), hex(w -> w.writeUtf8("a".repeat(300))));
        ByteReader r = reader("00000000" + "00000006e697a5e69cac" + "0000012c" + "61".repeat(300));
        assertEquals("", r.readUtf8("name"));
        assertEquals("日本", r.readUtf8("name"));
        assertEquals("a".repeat(300), r.readUtf8("name"));
        r.expectEnd();
    }

    @Test
    void theWriterGrowsBeyondItsInitialCapacity() {
        ByteWriter w = new ByteWriter(1);
        for (int i = 0; i < 1_000; i++) {
            w.writeFixedLong(i);
            w.writeVarLong(-1);
        }
        assertEquals(18_000, w.size());
        ByteReader r = new ByteReader(w.toByteArray(), "Thing");
        for (int i = 0; i < 1_000; i++) {
            assertEquals(i, r.readFixedLong("i"));
            assertEquals(-1, r.readVarLong("v"));
        }
        r.expectEnd();
    }

    @Test
    void truncatedInputNamesTheField() {
        assertMessage(
                "corrupt Thing (0 bytes): truncated while reading count at byte 0",
                () -> reader("").readVarLong("count"));
        assertMessage(
                "corrupt Thing (2 bytes): truncated while reading count at byte 2",
                () -> reader("8080").readVarLong("count"));
        assertMessage(
                "truncated while reading sum at byte 0",
                () -> reader("01020304050607").readDouble("sum"));
        assertMessage(
                "truncated while reading time at byte 0",
                () -> reader("01020304050607").readFixedLong("time"));
        assertMessage(
                "truncated while reading n at byte 0", () -> reader("010203").readFixedInt("n"));
        assertMessage("truncated while reading kind at byte 0", () -> reader("").readByte("kind"));
        assertMessage(
                "name length 3 exceeds the remaining 2 bytes at byte 0",
                () -> reader("0102").readBytes("name", 3));
        assertMessage(
                "corrupt Thing (3 bytes): truncated while reading name length at byte 0",
                () -> reader("000000").readUtf8("name"));
        assertMessage(
                "name length 5 exceeds the remaining 1 bytes at byte 4",
                () -> reader("00000005c3").readUtf8("name"));
        assertMessage(
                "name length -1 exceeds the remaining 0 bytes at byte 4",
                () -> reader("ffffffff").readUtf8("name"));
    }

    @Test
    void formatVersionAndTrailingBytes() {
        reader("01").expectVersion(1);
        assertMessage(
                "Thing format version 2 is not supported (this build reads version 1)",
                () -> reader("02").expectVersion(1));
        assertMessage(
                "corrupt Thing (0 bytes): truncated while reading format version at byte 0",
                () -> reader("").expectVersion(1));
        ByteReader r = reader("0100");
        r.readByte("b");
        assertMessage("corrupt Thing (2 bytes): 1 unexpected trailing bytes at byte 1", r::expectEnd);
        assertMessage("Thing bytes are null", () -> new ByteReader(null, "Thing"));
    }

    @Test
    void impossibleValuesAreRejected() {
        assertMessage(
                "varint longer than 10 bytes in v",
                () -> reader("ffffffffffffffffffff01").readVarLong("v"));
        assertMessage("negative count", () -> reader("ffffffffffffffffff01").readCount("count"));
        assertEquals(Long.MAX_VALUE, reader("ffffffffffffffff7f").readCount("count"));
        assertMessage("scale does not fit in an int", () -> reader("8080808010").readZigZagInt("scale"));
    }

    @Test
    void lengthsAreCheckedBeforeAllocating() {
        assertEquals(2, reader("020102").readLength("bucket count", 1));
        assertMessage(
                "bucket count 127 exceeds the remaining 0 bytes at byte 1",
                () -> reader("7f").readLength("bucket count", 1));
        assertMessage(
                "hashes 2 exceeds the remaining 15 bytes",
                () -> reader("02" + "00".repeat(15)).readLength("hashes", 8));
        assertMessage("n -1 exceeds the remaining 0 bytes", () -> reader("").checkLength("n", -1, 1));
        assertMessage(
                "n 9223372036854775807 exceeds",
                () -> reader("ffffffffffffffff7f").readLength("n", 1));
        ByteReader r = reader("00000002" + "00".repeat(16));
        assertEquals(2, r.checkLength("hashes", r.readFixedInt("hashes"), 8));
        assertEquals(4, r.position());
        assertEquals(16, r.remaining());
    }

    @Test
    void randomGarbageOnlyEverThrowsIllegalArgumentNamingTheForm() {
        Random rnd = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] garbage = new byte[rnd.nextInt(24)];
            rnd.nextBytes(garbage);
            ByteReader r = new ByteReader(garbage, "Thing");
            try {
                r.readZigZagInt("a");
                r.readBytes("b", r.readLength("n", 1));
                r.readDouble("c");
                r.readCount("d");
                r.expectEnd();
            } catch (IllegalArgumentException expected) {
                assertTrue(
                        expected.getMessage().startsWith("corrupt Thing (" + garbage.length + " bytes): "),
                        expected::getMessage);
            }
        }
    }

    private static void assertMessage(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(
                e.getMessage().contains(expected), () -> "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
