package io.driftwatch.codec;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The varints, zigzag, nullable and sized bytes and UTF-8 strings of the {@linkplain io.driftwatch.codec
 * wire format} over {@link DataOutput} and {@link DataInput}, for Flink serializers (their {@code
 * DataOutputView} and {@code DataInputView} are such streams; fixed ints, longs and doubles they write
 * themselves, in the same big-endian form, except that {@link DataOutput#writeDouble} makes every NaN
 * the canonical one).
 * Corrupt input fails with an {@link IOException}, as a Flink serializer's should; a truncated stream
 * with the stream's own {@link java.io.EOFException}.
 */
public final class Varints {

    private Varints() {}

    /** Zigzag: {@code 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, ...}. */
    public static int zigZag(int v) {
        return (v << 1) ^ (v >> 31);
    }

    /** Zigzag: {@code 0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, ...}. */
    public static long zigZag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    /** The inverse of {@link #zigZag(int)}. */
    public static int unZigZag(int v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** The inverse of {@link #zigZag(long)}. */
    public static long unZigZag(long v) {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Writes {@code v} as an unsigned 32-bit varint: 1 byte below 128, 5 bytes for negative values. */
    public static void writeVarInt(DataOutput out, int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    /** Reads an unsigned 32-bit varint of up to 5 bytes; bits beyond the 32nd are ignored. */
    public static int readVarInt(DataInput in) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = in.readByte();
            v |= (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IOException("malformed varint: more than 5 bytes");
    }

    /** Writes {@code v} as an unsigned varint: 1 byte below 128, 10 bytes for negative values. */
    public static void writeVarLong(DataOutput out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    /** Reads an unsigned varint of up to 10 bytes; bits beyond the 64th are ignored. */
    public static long readVarLong(DataInput in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IOException("malformed varlong: more than 10 bytes");
    }

    /** Writes a signed int so that small magnitudes of either sign stay small: zigzag, then a varint. */
    public static void writeZigZagInt(DataOutput out, int v) throws IOException {
        writeVarInt(out, zigZag(v));
    }

    public static int readZigZagInt(DataInput in) throws IOException {
        return unZigZag(readVarInt(in));
    }

    /** A non-negative int varint length, at most {@code max}, so that corrupt input cannot allocate huge arrays. */
    public static int readLength(DataInput in, int max) throws IOException {
        int n = readVarInt(in);
        if (n < 0 || n > max) {
            throw new IOException("corrupt length " + n + " (limit " + max + ")");
        }
        return n;
    }

    /** A nullable byte array: an int varint {@code length + 1} ({@code 0} for null), then the bytes. */
    public static void writeNullableBytes(DataOutput out, byte[] bytes) throws IOException {
        if (bytes == null) {
            writeVarInt(out, 0);
        } else {
            writeVarInt(out, bytes.length + 1);
            out.write(bytes);
        }
    }

    public static byte[] readNullableBytes(DataInput in) throws IOException {
        int n = readVarInt(in);
        if (n == 0) {
            return null;
        }
        if (n < 0) {
            throw new IOException("corrupt byte array length " + (n - 1));
        }
        byte[] bytes = new byte[n - 1];
        in.readFully(bytes);
        return bytes;
    }
    /**
     * Writes {@code s} in Flink's {@code StringValue} form, byte for byte: a varint of its length + 1
     * ({@code 0} for {@code null}), then each UTF-16 unit as a varint.
     */
    public static void writeString(DataOutput out, String s) throws IOException {
        if (s == null) {
            out.writeByte(0);
            return;
        }
        int len = s.length();
        writeVarInt(out, len + 1);
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                out.writeByte(c);
            } else {
                writeVarInt(out, c);
            }
        }
    }

    /**
     * Reads a string written by {@link #writeString} (or by Flink's {@code StringValue.writeString});
     * {@code null} for a zero length.
     */
    public static String readString(DataInput in) throws IOException {
        int lengthPlusOne = readVarInt(in);
        if (lengthPlusOne == 0) {
            return null;
        }
        int len = lengthPlusOne - 1;
        if (len < 0) {
            throw new IOException("malformed string length " + Integer.toUnsignedString(lengthPlusOne) + " - 1");
        }
        char[] chars = new char[len];
        readChars(in, chars, len);
        return new String(chars);
    }

    /** Reads {@code len} char varints of a {@link #writeString} string into {@code chars}. */
    static void readChars(DataInput in, char[] chars, int len) throws IOException {
        for (int i = 0; i < len; i++) {
            int b = in.readUnsignedByte();
            chars[i] = (char) (b < 0x80 ? b : (b & 0x7F) | readCharRest(in));
        }
    }

    /** The bits above the first 7 of a multi-byte char varint. */
    private static int readCharRest(DataInput in) throws IOException {
        int v = 0;
        for (int shift = 7; shift < 35; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (b & 0x7F) << shift;
            if (b < 0x80) {
                return v;
            }
        }
        throw new IOException("malformed string: a character varint of more than 5 bytes");
    }

    /** Sized bytes: the length as a fixed int, then the bytes. */
    public static void writeSizedBytes(DataOutput out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** Reads sized bytes of at most {@code max} bytes, so that corrupt input cannot allocate a huge array. */
    public static byte[] readSizedBytes(DataInput in, int max) throws IOException {
        byte[] bytes = new byte[sizedLength(in, max, "byte array")];
        in.readFully(bytes);
        return bytes;
    }

    /** A UTF-8 string: its UTF-8 bytes as sized bytes. */
    public static void writeUtf8(DataOutput out, String s) throws IOException {
        writeSizedBytes(out, s.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a UTF-8 string of at most {@code maxBytes} bytes. */
    public static String readUtf8(DataInput in, int maxBytes) throws IOException {
        byte[] bytes = new byte[sizedLength(in, maxBytes, "UTF-8 string")];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int sizedLength(DataInput in, int max, String what) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > max) {
            throw new IOException("corrupt " + what + " length " + n + " (limit " + max + ")");
        }
        return n;
    }
}
