package io.driftwatch.cost.ledger;

import java.io.ByteArrayOutputStream;

/** LEB128 varints (zigzag for signed values), for the compact serialised forms of this package. */
final class Varints {

    private Varints() {}

    static void write(ByteArrayOutputStream out, long v) {
        long z = (v << 1) ^ (v >> 63);
        while ((z & ~0x7FL) != 0) {
            out.write((int) ((z & 0x7F) | 0x80));
            z >>>= 7;
        }
        out.write((int) z);
    }

    /** Reads varints from a byte array, failing with a message naming {@code what} and the offset. */
    static final class Reader {
        private final byte[] buf;
        private final String what;
        private int pos;

        Reader(byte[] buf, String what) {
            this.buf = buf;
            this.what = what;
        }

        long next() {
            long z = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= buf.length) {
                    throw new IllegalArgumentException("corrupt " + what + ": truncated at byte " + pos);
                }
                byte b = buf[pos++];
                z |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return (z >>> 1) ^ -(z & 1);
                }
            }
            throw new IllegalArgumentException("corrupt " + what + ": varint longer than 10 bytes at byte " + pos);
        }

        int nextInt() {
            return Math.toIntExact(next());
        }

        void expectEnd() {
            if (pos != buf.length) {
                throw new IllegalArgumentException("corrupt " + what + ": " + (buf.length - pos) + " trailing bytes");
            }
        }
    }
}
