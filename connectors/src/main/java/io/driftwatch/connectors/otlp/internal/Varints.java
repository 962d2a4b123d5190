package io.driftwatch.connectors.otlp.internal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** LEB128 variable-length integers (7 bits a byte, low bits first), as in protobuf. */
public final class Varints {

    private Varints() {
    }

    /** Writes {@code v} as unsigned: 1 byte below 128, 5 bytes for negative values. */
    public static void writeVarInt(DataOutput out, int v) throws IOException {
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

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

    /** Writes {@code v} as unsigned: 1 byte below 128, 10 bytes for negative values. */
    public static void writeVarLong(DataOutput out, long v) throws IOException {
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    public static long readVarLong(DataInput in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            int b = in.readByte();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IOException("malformed varlong: more than 10 bytes");
    }

    /** Writes a signed int so that small magnitudes of either sign stay small (zigzag). */
    public static void writeSignedVarInt(DataOutput out, int v) throws IOException {
        writeVarInt(out, (v << 1) ^ (v >> 31));
    }

    public static int readSignedVarInt(DataInput in) throws IOException {
        int v = readVarInt(in);
        return (v >>> 1) ^ -(v & 1);
    }

    /** A non-negative length, checked against a sanity limit so corrupt input cannot allocate huge arrays. */
    public static int readLength(DataInput in, int max) throws IOException {
        int n = readVarInt(in);
        if (n < 0 || n > max) {
            throw new IOException("corrupt length " + n + " (limit " + max + ")");
        }
        return n;
    }

    /** A nullable byte array: varint length + 1 (0 for null), then the bytes. */
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
}
