package io.driftwatch.drift.sketch;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Bounded, mergeable, serialisable frequency summary of string categories: exact counts for at
 * most {@code maxCategories} distinct categories, plus one "other" count.
 *
 * <p><b>Error bound.</b> Counts of tracked categories are exact, and {@link #otherCount()} is the
 * exact total weight of all untracked categories, so {@code Σ counts + other = count()} always.
 * The only loss is identity: a category first seen (or first merged in) once
 * {@code maxCategories} categories are tracked is counted in "other". Which categories are
 * tracked therefore depends on arrival order; size this summary above the expected cardinality
 * (default {@value #DEFAULT_MAX_CATEGORIES}) and treat a non-zero {@link #otherCount()} as a
 * cardinality warning. (A frequent-items sketch would keep heavy late arrivals but gives only
 * approximate counts; exact counts were preferred for PSI and chi-square.)
 *
 * <p>Not thread-safe. Iteration order of {@link #counts()} is first-seen order.
 */
public final class CategoricalSummary {

    /** Default maximum number of distinct tracked categories. */
    public static final int DEFAULT_MAX_CATEGORIES = 1000;

    private static final byte FORMAT_VERSION = 1;

    private final int maxCategories;
    private final LinkedHashMap<String, Long> counts = new LinkedHashMap<>();
    private long other;

    private CategoricalSummary(int maxCategories) {
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be >= 1, got " + maxCategories);
        }
        this.maxCategories = maxCategories;
    }

    public static CategoricalSummary create() {
        return new CategoricalSummary(DEFAULT_MAX_CATEGORIES);
    }

    public static CategoricalSummary create(int maxCategories) {
        return new CategoricalSummary(maxCategories);
    }

    /** A summary of the given values, each with weight 1. */
    public static CategoricalSummary of(String... values) {
        CategoricalSummary s = create();
        for (String v : values) {
            s.update(v);
        }
        return s;
    }

    public void update(String category) {
        update(category, 1L);
    }

    /** Adds {@code weight} (≥ 1) occurrences of {@code category} (non-null). */
    public void update(String category, long weight) {
        Objects.requireNonNull(category, "category");
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, got " + weight);
        }
        add(category, weight);
    }

    private void add(String category, long weight) {
        Long current = counts.get(category);
        if (current != null) {
            counts.put(category, current + weight);
        } else if (counts.size() < maxCategories) {
            counts.put(category, weight);
        } else {
            other += weight;
        }
    }

    /** Adds {@code other}'s counts into this summary, in {@code other}'s first-seen order. */
    public void merge(CategoricalSummary otherSummary) {
        otherSummary.counts.forEach(this::add);
        other += otherSummary.other;
    }

    /** Exact counts of the tracked categories (unmodifiable view). */
    public Map<String, Long> counts() {
        return Collections.unmodifiableMap(counts);
    }

    /** Exact total weight of categories not tracked because of the cap. */
    public long otherCount() {
        return other;
    }

    /** Total weight added. */
    public long count() {
        long n = other;
        for (long c : counts.values()) {
            n += c;
        }
        return n;
    }

    public boolean isEmpty() {
        return counts.isEmpty() && other == 0;
    }

    public int maxCategories() {
        return maxCategories;
    }

    /**
     * Serialised form: version byte, fixed int cap, fixed long other count, fixed int category count,
     * then per category its name as a UTF-8 string and its count as a fixed long.
     */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(21 + 16 * counts.size());
        w.writeByte(FORMAT_VERSION);
        w.writeFixedInt(maxCategories);
        w.writeFixedLong(other);
        w.writeFixedInt(counts.size());
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            w.writeUtf8(e.getKey());
            w.writeFixedLong(e.getValue());
        }
        return w.toByteArray();
    }

    /** Restores a summary written by {@link #toBytes()}. */
    public static CategoricalSummary fromBytes(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "categorical summary");
        r.expectVersion(FORMAT_VERSION);
        int maxCategories = r.readFixedInt("max categories");
        if (maxCategories < 1) {
            throw r.corrupt("max categories " + maxCategories + " < 1");
        }
        CategoricalSummary s = new CategoricalSummary(maxCategories);
        s.other = r.readFixedLong("other count");
        int size = r.readFixedInt("category count");
        if (size < 0 || size > maxCategories) {
            throw r.corrupt(size + " categories for at most " + maxCategories);
        }
        for (int i = 0; i < size; i++) {
            String name = r.readUtf8("category name");
            s.counts.put(name, r.readFixedLong("category's count"));
        }
        r.expectEnd();
        return s;
    }

    @Override
    public String toString() {
        return "CategoricalSummary{categories=" + counts.size() + ", other=" + other + ", n=" + count() + "}";
    }
}
