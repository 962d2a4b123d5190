package io.driftwatch.connectors.otlp;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import io.driftwatch.connectors.otlp.internal.LongHashSet;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps label cardinality bounded before points reach keyed state and the metrics database.
 *
 * <ul>
 *   <li>{@link #strip(Labels)} removes the labels named in {@link CardinalityGuardSettings#dropLabels()};
 *   <li>{@link #admit(String, Labels)} lets through at most {@link
 *       CardinalityGuardSettings#maxSeriesPerMetric()} distinct label sets per metric name: once a metric
 *       has that many, points of already admitted series still pass and points of new series are refused.
 *       Which series win is first come, first served.
 * </ul>
 *
 * <p>Admitted series are remembered as 64-bit hashes ({@link Labels#seriesHash()}) in an open-addressing
 * table kept 25-50% full: 16 to 32 bytes per series, at most 256 KiB per metric at the default cap. For
 * a well-mixed 64-bit hash, some two of {@code n} distinct label sets of one metric share a hash with
 * probability about {@code n^2 / 2^65}: 2.7e-12 at the default cap of 10,000. A collision only lets the
 * second series through as if it were the first (the cap is exceeded by one), it never drops data.
 *
 * <p>Memory is per instance: in Flink, one guard per parallel decoder, so the cap holds per subtask.
 * To keep the same series admitted across a restart, snapshot {@link #admittedSnapshot()} into operator
 * state and feed it back with {@link #readmit(byte[])}. Not thread-safe.
 */
public final class CardinalityGuard {

    private static final int SNAPSHOT_VERSION = 1;

    private final CardinalityGuardSettings settings;
    private final Set<String> drop;
    /** Bit {@code n} is set when some dropped name has length {@code n} (names of 63+ chars: bit 63). */
    private final long dropLengths;

    private final int cap;
    private final Map<String, LongHashSet> series = new HashMap<>();
    private final Map<String, long[]> droppedByName = new HashMap<>();
    private final Map<String, long[]> refusedByMetric = new HashMap<>();
    private long droppedLabels;
    private long refusedPoints;

    public CardinalityGuard(CardinalityGuardSettings settings) {
        this.settings = settings;
        this.drop = settings.dropLabels();
        long lengths = 0;
        for (String name : drop) {
            lengths |= 1L << Math.min(name.length(), 63);
        }
        this.dropLengths = lengths;
        this.cap = settings.maxSeriesPerMetric();
    }

    public CardinalityGuardSettings settings() {
        return settings;
    }

    /** {@code labels} without the dropped names; the same instance when nothing is dropped. */
    public Labels strip(Labels labels) {
        if (drop.isEmpty()) {
            return labels;
        }
        int n = labels.size();
        int drops = 0;
        for (int i = 0; i < n; i++) {
            if (dropped(labels.name(i))) {
                drops++;
            }
        }
        if (drops == 0) {
            return labels;
        }
        String[] kept = new String[2 * (n - drops)];
        int k = 0;
        for (int i = 0; i < n; i++) {
            String name = labels.name(i);
            if (dropped(name)) {
                droppedByName.computeIfAbsent(name, x -> new long[1])[0]++;
            } else {
                kept[k++] = name;
                kept[k++] = labels.value(i);
            }
        }
        droppedLabels += drops;
        return Labels.ofSortedPairs(kept);
    }

    /** Whether {@code name} is on the drop-list; most names are ruled out by their length alone. */
    private boolean dropped(String name) {
        return (dropLengths & 1L << Math.min(name.length(), 63)) != 0 && drop.contains(name);
    }

    /**
     * Whether a point of series ({@code metric}, {@code labels}) may pass: true if the series was admitted
     * before or the metric has fewer than the cap; false (and counted) otherwise. Call it with labels
     * already {@link #strip stripped}.
     */
    public boolean admit(String metric, Labels labels) {
        LongHashSet known = series.get(metric);
        if (known == null) {
            known = new LongHashSet();
            series.put(metric, known);
        }
        long hash = labels.seriesHash();
        if (known.contains(hash)) {
            return true;
        }
        if (known.size() >= cap) {
            refusedPoints++;
            refusedByMetric.computeIfAbsent(metric, x -> new long[1])[0]++;
            return false;
        }
        known.add(hash);
        return true;
    }

    /** Marks a series as admitted regardless of the cap (used when restoring from a snapshot). */
    public void readmit(String metric, long seriesHash) {
        series.computeIfAbsent(metric, x -> new LongHashSet()).add(seriesHash);
    }

    /**
     * The admitted series as bytes: version int, metric count int, then per metric its UTF-8 name
     * (length-prefixed int) and its hashes (count int, longs); all fixed-width big-endian. Restore with
     * {@link #readmit(byte[])}.
     */
    public byte[] admittedSnapshot() {
        // sized up front: at the default cap a metric's hashes alone are 80 KB
        int size = 8;
        for (Map.Entry<String, LongHashSet> e : series.entrySet()) {
            size += 8 + e.getKey().length() + Long.BYTES * e.getValue().size();
        }
        ByteWriter out = new ByteWriter(size);
        out.writeFixedInt(SNAPSHOT_VERSION);
        out.writeFixedInt(series.size());
        for (Map.Entry<String, LongHashSet> e : series.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeFixedInt(name.length);
            out.writeBytes(name);
            long[] hashes = e.getValue().toArray();
            out.writeFixedInt(hashes.length);
            for (long h : hashes) {
                out.writeFixedLong(h);
            }
        }
        return out.toByteArray();
    }

    /**
     * Re-admits every series of a {@link #admittedSnapshot()}, regardless of the cap (several snapshots,
     * e.g. from all subtasks after rescaling, may be fed in; series are deduplicated).
     *
     * @throws IllegalArgumentException if the bytes are not such a snapshot
     */
    public void readmit(byte[] snapshot) {
        ByteReader in = new ByteReader(snapshot, "cardinality guard snapshot");
        int version = in.readFixedInt("version");
        if (version != SNAPSHOT_VERSION) {
            throw new IllegalArgumentException("unknown cardinality guard snapshot version " + version);
        }
        // a metric takes at least its name length and hash count
        int metrics = in.checkLength("metric count", in.readFixedInt("metric count"), 8);
        for (int m = 0; m < metrics; m++) {
            String metric = new String(
                    in.readBytes("metric name", in.readFixedInt("metric name length")), StandardCharsets.UTF_8);
            int n = in.checkLength("hash count", in.readFixedInt("hash count"), Long.BYTES);
            LongHashSet known = series.computeIfAbsent(metric, x -> new LongHashSet(n));
            for (int i = 0; i < n; i++) {
                known.add(in.readFixedLong("hash"));
            }
        }
        in.expectEnd();
    }

    /** Distinct series currently admitted for {@code metric}. */
    public int seriesCount(String metric) {
        LongHashSet known = series.get(metric);
        return known == null ? 0 : known.size();
    }

    /** Label occurrences removed by {@link #strip} so far. */
    public long droppedLabels() {
        return droppedLabels;
    }

    /** {@link #droppedLabels()} by label name (sorted, a copy). */
    public Map<String, Long> droppedLabelsByName() {
        return counts(droppedByName);
    }

    /** Points refused by {@link #admit} so far. */
    public long refusedPoints() {
        return refusedPoints;
    }

    /** Points refused for {@code metric} so far. */
    public long refusedPoints(String metric) {
        long[] c = refusedByMetric.get(metric);
        return c == null ? 0 : c[0];
    }

    /** {@link #refusedPoints()} by metric name (sorted, a copy); only metrics that reached the cap appear. */
    public Map<String, Long> refusedPointsByMetric() {
        return counts(refusedByMetric);
    }

    private static Map<String, Long> counts(Map<String, long[]> counters) {
        TreeMap<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v[0]));
        return Collections.unmodifiableMap(out);
    }
}
