package io.driftwatch.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the {@linkplain io.driftwatch.codec wire format} into a growable byte array. Size {@code
 * initialCapacity} to the expected form so that it is not regrown; {@link #toByteArray()} then makes
 * the one copy. Not thread-safe.
 */
public final class ByteWriter {

    private byte[] buf;
    private int size;

    public ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int extra) {
        if (size + extra > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
        }
    }

    /** One byte: the low 8 bits of {@code b}. */
    public void writeByte(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    /** An unsigned varint: 1 byte below 128, 10 for a negative value, so meant for non-negative ones. */
    public void writeVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    /** A zigzag varint of an int, 1 to 5 bytes. */
    public void writeZigZagInt(int v) {
        writeVarLong(Integer.toUnsignedLong(Varints.zigZag(v)));
    }

    /** A zigzag varint of a long, 1 to 10 bytes. */
    public void writeZigZagLong(long v) {
        writeVarLong(Varints.zigZag(v));
    }

    /** 4 bytes, big-endian. */
    public void writeFixedInt(int v) {
        writeBigEndian(v, 4);
    }

    /** 8 bytes, big-endian. */
    public void writeFixedLong(long v) {
        writeBigEndian(v, 8);
    }

    private void writeBigEndian(long v, int n) {
        ensure(n);
        for (int shift = 8 * (n - 1); shift >= 0; shift -= 8) {
            buf[size++] = (byte) (v >>> shift);
        }
    }

    /** The raw IEEE 754 bits as a fixed long. */
    public void writeDouble(double v) {
        writeFixedLong(Double.doubleToRawLongBits(v));
    }

    /** The bytes as they are, no length: the form's layout says how many follow. */
    public void writeBytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /** A UTF-8 string: its UTF-8 bytes after their count as a fixed int. */
    public void writeUtf8(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        writeFixedInt(utf8.length);
        writeBytes(utf8);
    }

    /** Bytes written so far. */
    public int size() {
        return size;
    }

    /** A copy of the bytes written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }
}
