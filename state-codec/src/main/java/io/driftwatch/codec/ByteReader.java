package io.driftwatch.codec;

import java.nio.charset.StandardCharsets;

/**
 * Reads the {@linkplain io.driftwatch.codec wire format} from a byte array, checking bounds on every
 * read. Corrupt input fails with an {@link IllegalArgumentException} of the form {@code corrupt <what>
 * (<n> bytes): <problem> at byte <offset>}, the problem naming the field being read (e.g. {@code
 * truncated while reading count}), so that a bad state blob is reported rather than misread. Lengths
 * are checked against the bytes left before anything is allocated. Not thread-safe.
 */
public final class ByteReader {

    private final byte[] buf;
    private final String what;
    private int pos;

    /**
     * @param what the name of the form, for messages (e.g. {@code SeriesState})
     * @throws IllegalArgumentException if {@code bytes} is null
     */
    public ByteReader(byte[] bytes, String what) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + " bytes are null");
        }
        this.buf = bytes;
        this.what = what;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return buf.length - pos;
    }

    /** The exception for a {@code problem} found at the current position, for the caller to throw. */
    public IllegalArgumentException corrupt(String problem) {
        return new IllegalArgumentException(
                "corrupt " + what + " (" + buf.length + " bytes): " + problem + " at byte " + pos);
    }

    private void need(int n, String field) {
        if (buf.length - pos < n) {
            throw corrupt("truncated while reading " + field);
        }
    }

    /**
     * Reads the leading format version byte.
     *
     * @throws IllegalArgumentException if it is missing or not {@code supported}
     */
    public void expectVersion(int supported) {
        int version = readByte("format version");
        if (version != supported) {
            throw new IllegalArgumentException(what + " format version " + version
                    + " is not supported (this build reads version " + supported + ")");
        }
    }

    /** One byte, unsigned: 0 to 255. */
    public int readByte(String field) {
        need(1, field);
        return buf[pos++] & 0xFF;
    }

    /** An unsigned varint of up to 10 bytes; bits beyond the 64th are ignored, as the writers never set them. */
    public long readVarLong(String field) {
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
    public long readCount(String field) {
        long v = readVarLong(field);
        if (v < 0) {
            throw corrupt("negative " + field);
        }
        return v;
    }

    /** A varint element count, checked as {@link #checkLength} does. */
    public int readLength(String field, int minBytesEach) {
        return checkLength(field, readVarLong(field), minBytesEach);
    }

    /**
     * {@code n} as an element count, when the bytes left can hold {@code n} elements of at least {@code
     * minBytesEach} bytes: so that a corrupt length fails here instead of allocating a huge array.
     */
    public int checkLength(String field, long n, int minBytesEach) {
        if (n < 0 || n > remaining() / minBytesEach) {
            throw corrupt(field + " " + n + " exceeds the remaining " + remaining() + " bytes");
        }
        return (int) n;
    }

    /** A zigzag varint that must fit in an int. */
    public int readZigZagInt(String field) {
        long raw = readVarLong(field);
        if ((raw >>> 32) != 0) {
            throw corrupt(field + " does not fit in an int");
        }
        return Varints.unZigZag((int) raw);
    }

    public long readZigZagLong(String field) {
        return Varints.unZigZag(readVarLong(field));
    }

    public int readFixedInt(String field) {
        return (int) readBigEndian(4, field);
    }

    public long readFixedLong(String field) {
        return readBigEndian(8, field);
    }

    private long readBigEndian(int n, String field) {
        need(n, field);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (buf[pos++] & 0xFF);
        }
        return v;
    }

    public double readDouble(String field) {
        return Double.longBitsToDouble(readFixedLong(field));
    }

    /** The next {@code n} bytes, a copy; {@code n} is checked first as {@link #checkLength} does. */
    public byte[] readBytes(String field, int n) {
        checkLength(field + " length", n, 1);
        byte[] out = new byte[n];
        System.arraycopy(buf, pos, out, 0, n);
        pos += n;
        return out;
    }

    /** A UTF-8 string: a fixed int byte count, checked as {@link #checkLength} does, then the bytes. */
    public String readUtf8(String field) {
        int n = checkLength(field + " length", readFixedInt(field + " length"), 1);
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** @throws IllegalArgumentException if bytes are left over */
    public void expectEnd() {
        if (pos != buf.length) {
            throw corrupt((buf.length - pos) + " unexpected trailing bytes");
        }
    }
}
