package io.driftwatch.codec;

import java.io.DataInput;
import java.io.IOException;

/**
 * Reads {@link Varints#writeString} strings, returning the same {@link String} instance for a short
 * string it has read recently. A stream of metric points repeats a few hundred label names and values
 * millions of times: a hit costs no allocation, and the shared instance keeps its cached {@link
 * String#hashCode()} for every map it is looked up in later.
 *
 * <p>A direct-mapped table by {@code String.hashCode()}; a collision replaces the older entry. Not
 * thread-safe: one per reading thread (in Flink, one per serializer duplicate).
 */
public final class StringCache {

    /** Longer strings are rarely repeated label values: read them without the table. */
    static final int MAX_CACHED_LENGTH = 64;

    private final String[] table;
    private final int mask;
    private final char[] scratch = new char[MAX_CACHED_LENGTH];

    /** A table of {@code 2^bits} entries. */
    public StringCache(int bits) {
        if (bits < 1 || bits > 20) {
            throw new IllegalArgumentException("table bits must be in 1..20, got " + bits);
        }
        table = new String[1 << bits];
        mask = table.length - 1;
    }

    /** Reads one string as {@link Varints#readString} does. */
    public String read(DataInput in) throws IOException {
        int lengthPlusOne = Varints.readVarInt(in);
        if (lengthPlusOne == 0) {
            return null;
        }
        int len = lengthPlusOne - 1;
        if (len < 0 || len > MAX_CACHED_LENGTH) {
            if (len < 0) {
                throw new IOException("malformed string length " + Integer.toUnsignedString(lengthPlusOne) + " - 1");
            }
            char[] chars = new char[len];
            Varints.readChars(in, chars, len);
            return new String(chars);
        }
        Varints.readChars(in, scratch, len);
        int hash = 0;
        for (int i = 0; i < len; i++) {
            hash = 31 * hash + scratch[i];
        }
        int slot = (hash ^ (hash >>> 16)) & mask;
        String cached = table[slot];
        if (cached != null && cached.hashCode() == hash && matches(cached, len)) {
            return cached;
        }
        String read = new String(scratch, 0, len);
        table[slot] = read;
        return read;
    }

    private boolean matches(String s, int len) {
        if (s.length() != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (s.charAt(i) != scratch[i]) {
                return false;
            }
        }
        return true;
    }
}
