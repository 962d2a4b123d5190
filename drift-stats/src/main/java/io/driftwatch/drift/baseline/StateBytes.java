package io.driftwatch.drift.baseline;

import java.util.Arrays;

/**
 * Minimal binary codec for the serialised forms of this package: unsigned LEB128 varints, zigzag
 * varints, and doubles as fixed 8-byte big-endian IEEE 754 bits. Reads fail with an {@link
 * IllegalArgumentException} naming the object, the field and the byte offset.
 */
final class StateBytes {

    private StateBytes() {
    }

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

        /** Unsigned varint: for non-negative values. */
        void writeVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[size++] = (byte) v;
        }

        void writeZigZagLong(long v) {
            writeVarLong((v << 1) ^ (v >> 63));
        }

        void writeDouble(double v) {
            ensure(8);
            long bits = Double.doubleToRawLongBits(v);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[size++] = (byte) (bits >>> shift);
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }

    static final class Reader {
        private final byte[] buf;
        private final String what;
        private int pos;

        /** @throws IllegalArgumentException if {@code buf} is null */
        Reader(byte[] buf, String what) {
            if (buf == null) {
                throw new IllegalArgumentException(what + " bytes are null");
            }
            this.buf = buf;
            this.what = what;
        }

        int remaining() {
            return buf.length - pos;
        }

        IllegalArgumentException corrupt(String problem) {
            return new IllegalArgumentException(
                    "corrupt " + what + " (" + buf.length + " bytes): " + problem + " at byte " + pos);
        }

        /** Reads and checks the leading format version byte. */
        void expectVersion(int supported) {
            if (buf.length == 0) {
                throw corrupt("empty, no format version");
            }
            int version = buf[pos++] & 0xFF;
            if (version != supported) {
                throw new IllegalArgumentException(what + " format version " + version
                        + " is not supported (this build reads version " + supported + ")");
            }
        }

        long readVarLong(String field) {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= buf.length) {
                    throw corrupt("truncated while reading " + field);
                }
                byte b = buf[pos++];
                result |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw corrupt("varint longer than 10 bytes in " + field);
        }

        /** A varint that must be non-negative. */
        long readCount(String field) {
            long v = readVarLong(field);
            if (v < 0) {
                throw corrupt("negative " + field);
            }
            return v;
        }

        long readZigZagLong(String field) {
            long raw = readVarLong(field);
            return (raw >>> 1) ^ -(raw & 1);
        }

        double readDouble(String field) {
            if (buf.length - pos < 8) {
                throw corrupt("truncated while reading " + field);
            }
            long bits = 0;
            for (int i = 0; i < 8; i++) {
                bits = (bits << 8) | (buf[pos++] & 0xFF);
            }
            return Double.longBitsToDouble(bits);
        }

        void expectEnd() {
            if (pos != buf.length) {
                throw corrupt((buf.length - pos) + " unexpected trailing bytes");
            }
        }
    }
}
