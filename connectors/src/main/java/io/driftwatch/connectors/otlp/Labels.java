package io.driftwatch.connectors.otlp;

import io.driftwatch.connectors.otlp.internal.LabelPairs;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable label set, sorted by name, as Prometheus and VictoriaMetrics expect it.
 *
 * <p>Stored flat ({@code name0, value0, name1, value1, …}) so that it is cheap to hash, compare and
 * serialise on the hot path. Names are unique.
 */
public final class Labels {

    public static final Labels EMPTY = new Labels(new String[0]);

    private static final long SEED = 0x243f6a8885a308d3L;
    private static final long MULTIPLIER = 0x9e3779b97f4a7c15L;

    private final String[] pairs;
    private int hash;
    /** {@link #seriesHash()}, 0 until computed: the guard and every analysis' keyBy ask for it. */
    private volatile long seriesHash;

    private Labels(String[] sortedPairs) {
        this.pairs = sortedPairs;
    }

    /** Builds a label set from a map; later duplicates cannot occur since map keys are unique. */
    public static Labels of(Map<String, String> labels) {
        TreeMap<String, String> sorted =
                labels instanceof TreeMap ? (TreeMap<String, String>) labels : new TreeMap<>(labels);
        String[] pairs = new String[sorted.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return new Labels(pairs);
    }

    /** Builds a label set from alternating names and values, e.g. {@code of("a", "1", "b", "2")}. */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need name/value pairs, got an odd count");
        }
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return of(map);
    }

    /** Wraps pairs already sorted by unique name; the array is not copied (used by deserialisers). */
    public static Labels ofSortedPairs(String[] sortedPairs) {
        return new Labels(sortedPairs);
    }

    public int size() {
        return pairs.length / 2;
    }

    public String name(int i) {
        return pairs[2 * i];
    }

    public String value(int i) {
        return pairs[2 * i + 1];
    }

    /** The value of {@code name}, or {@code null} when absent. */
    public String get(String name) {
        int lo = 0;
        int hi = size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = pairs[2 * mid].compareTo(name);
            if (c == 0) {
                return pairs[2 * mid + 1];
            } else if (c < 0) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return null;
    }

    /** The value of {@code name}, or {@code fallback} when absent. */
    public String getOrDefault(String name, String fallback) {
        String v = get(name);
        return v == null ? fallback : v;
    }

    /** A copy of the flat, sorted name/value array. */
    public String[] toPairs() {
        return pairs.clone();
    }

    public Map<String, String> toMap() {
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }

    /**
     * A 64-bit hash of a label set. Each name and value is hashed on its own: its length (so {@code
     * a="bc"} and {@code ab="c"} differ), then its UTF-16 units packed four to a 64-bit word, each word
     * mixed in by xor, multiplication by an odd 64-bit constant and an xor-shift. The string hashes are
     * then mixed in order and finished with MurmurHash3's fmix64. Hashing the strings independently lets
     * the CPU overlap them. Computed once per label set: the cardinality guard and every analysis' series
     * key ask for it.
     */
    public long seriesHash() {
        long cached = seriesHash;
        if (cached != 0) {
            return cached;
        }
        long h = SEED;
        for (int i = 0; i < pairs.length; i += 2) {
            long name = hashString(pairs[i]);
            long value = hashString(pairs[i + 1]);
            h = mix(mix(h, name), value);
        }
        h = fmix64(h);
        seriesHash = h;
        return h;
    }

    private static long hashString(String s) {
        int len = s.length();
        long h = mix(SEED, len);
        int i = 0;
        for (; i + 4 <= len; i += 4) {
            h = mix(
                    h,
                    s.charAt(i)
                            | (long) s.charAt(i + 1) << 16
                            | (long) s.charAt(i + 2) << 32
                            | (long) s.charAt(i + 3) << 48);
        }
        if (i < len) {
            long w = 0;
            for (int shift = 0; i < len; i++, shift += 16) {
                w |= (long) s.charAt(i) << shift;
            }
            h = mix(h, w);
        }
        return h;
    }

    private static long mix(long h, long word) {
        h = (h ^ word) * MULTIPLIER;
        return h ^ (h >>> 29);
    }

    private static long fmix64(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        return h ^ (h >>> 33);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels && Arrays.equals(pairs, ((Labels) o).pairs);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Arrays.hashCode(pairs);
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        return LabelPairs.format(pairs);
    }
}
