package io.driftwatch.connectors.otlp.delta;

import java.util.Arrays;

/**
 * Minimal binary codec for {@link SeriesState}: unsigned LEB128 varints, zigzag ints, fixed 8-byte
 * big-endian longs and doubles. Reads fail with an {@link IllegalArgumentException} that names the
 * field and byte offset, so that corrupt state is reported rather than misread.
 */
final class StateBytes {

    private StateBytes() {
    }

    /** A growable output buffer. */
    static final class Writer {
        private byte[] buf;
        private int size;

        Writer(int initialCapacity) {
            buf = new byte[Math.max(16, initialCapacity)];
        }

        private void ensure(int extra) {
            if (size + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
            }
        }

        void writeByte(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        /** Unsigned varint; negative values take 10 bytes, so only use it for non-negative ones. */
        void writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        void writeZigZagInt(int v) {
            writeVarLong(Integer.toUnsignedLong((v << 1) ^ (v >> 31)));
        }

        void writeFixedLong(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (v >>> shift);
            }
        }

        void writeDouble(double v) {
            writeFixedLong(Double.doubleToRawLongBits(v));
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    /** A bounds-checked reader over a byte array. */
    static final class Reader {
        private final byte[] buf;
        private final String what;
        private int pos;

        Reader(byte[] buf, String what) {
            this.buf = buf;
            this.what = what;
        }

        int position() {
            return pos;
        }

        int remaining() {
            return buf.length - pos;
        }

        IllegalArgumentException corrupt(String problem) {
            return new IllegalArgumentException(
                    "corrupt " + what + " (" + buf.length + " bytes): " + problem + " at byte " + pos);
        }

        private void need(int n, String field) {
            if (buf.length - pos < n) {
                throw corrupt("truncated while reading " + field);
            }
        }

        int readByte(String field) {
            need(1, field);
            return buf[pos++] & 0xFF;
        }

        long readVarLong(String field) {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                need(1, field);
                byte b = buf[pos++];
                result |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw corrupt("varint longer than 10 bytes in " + field);
        }

        /** A varint that must be a non-negative count. */
        long readCount(String field) {
            long v = readVarLong(field);
            if (v < 0) {
                throw corrupt("negative " + field);
            }
            return v;
        }

        /** A varint array length, checked against the bytes left (each element needs at least {@code minBytesEach}). */
        int readLength(String field, int minBytesEach) {
            long n = readVarLong(field);
            if (n < 0 || n > remaining() / minBytesEach) {
                throw corrupt(field + " " + n + " exceeds the remaining " + remaining() + " bytes");
            }
            return (int) n;
        }

        int readZigZagInt(String field) {
            long raw = readVarLong(field);
            if ((raw >>> 32) != 0) {
                throw corrupt(field + " does not fit in an int");
            }
            int v = (int) raw;
            return (v >>> 1) ^ -(v & 1);
        }

        long readFixedLong(String field) {
            need(8, field);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        double readDouble(String field) {
            return Double.longBitsToDouble(readFixedLong(field));
        }

        void expectEnd() {
            if (pos != buf.length) {
                throw corrupt((buf.length - pos) + " unexpected trailing bytes");
            }
        }
    }
}
