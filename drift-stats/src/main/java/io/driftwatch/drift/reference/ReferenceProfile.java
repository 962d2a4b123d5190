package io.driftwatch.drift.reference;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import io.driftwatch.drift.feature.FeatureSummary;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A model version's reference profile: per feature (column), the very {@link FeatureSummary} the
 * streaming drift job keeps for a window (numeric: DDSketch bins at the job's relative accuracy;
 * categorical: exact counts), with its observation count, plus the number of missing values.
 * {@code drift-stats profile} builds one from training data, {@code drift-stats publish} writes it to
 * the job's reference topic, and the job compares every window of the model version with it.
 *
 * <p><b>File format</b> ({@code .dwp}, state codec), version {@value #FORMAT_VERSION}: the 4 magic bytes
 * {@code 0x89 'D' 'W' 'P'} (0x89 starts no UTF-8 text, so a profile is told from a CSV or JSON file by
 * its first bytes); the version byte; the model name and the model version as UTF-8 strings (fixed
 * 4-byte length, then the bytes); a varint column count; then per column its name (UTF-8 string), a
 * varint missing count and a varint byte count followed by that many bytes of {@link
 * FeatureSummary#toBytes()} — the bytes the job stores for a feature's summary. Nothing else: no
 * time, no host, so the same data always gives the same file.
 *
 * <p>Immutable once built; its summaries are not handed out for modification ({@link #summary} copies).
 */
public final class ReferenceProfile {

    /** The first bytes of every profile. */
    private static final byte[] MAGIC = {(byte) 0x89, 'D', 'W', 'P'};

    static final byte FORMAT_VERSION = 1;

    /** One column: its summary and the number of values that were missing. */
    public record Column(FeatureSummary summary, long missing) {
        public Column {
            Objects.requireNonNull(summary, "summary");
            if (missing < 0) {
                throw new IllegalArgumentException("missing count must be >= 0, got " + missing);
            }
        }
    }

    private final String model;
    private final String version;
    private final Map<String, Column> columns;

    /** A profile of {@code columns} (in their iteration order) for model {@code model}, version {@code version}. */
    public ReferenceProfile(String model, String version, Map<String, Column> columns) {
        this.model = Objects.requireNonNull(model, "model");
        this.version = Objects.requireNonNull(version, "version");
        if (model.isBlank()) {
            throw new IllegalArgumentException("a reference profile needs a model name");
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a reference profile needs at least one column");
        }
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public String model() {
        return model;
    }

    public String version() {
        return version;
    }

    /** The record key of this profile on the reference topic: {@code model/version}. */
    public String key() {
        return model + "/" + version;
    }

    /** The columns in profile order. */
    public Map<String, Column> columns() {
        return columns;
    }

    /** A copy of column {@code name}'s summary, or null when the profile has no such column. */
    public FeatureSummary summary(String name) {
        Column c = columns.get(name);
        return c == null ? null : c.summary().copy();
    }

    /** Whether {@code bytes} start with the profile magic bytes. */
    public static boolean isProfile(byte[] bytes) {
        return bytes != null
                && bytes.length >= MAGIC.length
                && Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC);
    }

    /** The file format (see the class doc). */
    public byte[] toBytes() {
        ByteWriter w = new ByteWriter(256);
        w.writeBytes(MAGIC);
        w.writeByte(FORMAT_VERSION);
        w.writeUtf8(model);
        w.writeUtf8(version);
        w.writeVarLong(columns.size());
        for (Map.Entry<String, Column> e : columns.entrySet()) {
            byte[] summary = e.getValue().summary().toBytes();
            w.writeUtf8(e.getKey());
            w.writeVarLong(e.getValue().missing());
            w.writeVarLong(summary.length);
            w.writeBytes(summary);
        }
        return w.toByteArray();
    }

    /**
     * Reads a profile written by {@link #toBytes()}.
     *
     * @throws IllegalArgumentException naming what is wrong (not a profile, unsupported version, a corrupt
     *     or duplicate column)
     */
    public static ReferenceProfile fromBytes(byte[] bytes) {
        if (!isProfile(bytes)) {
            throw new IllegalArgumentException("not a reference profile: it does not start with the bytes 0x89 DWP");
        }
        ByteReader r = new ByteReader(bytes, "reference profile");
        r.readBytes("magic", MAGIC.length);
        int format = r.readByte("format version");
        if (format != FORMAT_VERSION) {
            throw new IllegalArgumentException("reference profile format version " + format
                    + " is not supported (this build reads version " + FORMAT_VERSION + ")");
        }
        String model = r.readUtf8("model name");
        String version = r.readUtf8("model version");
        int n = r.readLength("column count", 7);
        Map<String, Column> columns = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = r.readUtf8("column name");
            long missing = r.readCount("missing count of column '" + name + "'");
            int length = r.readLength("summary length of column '" + name + "'", 1);
            FeatureSummary summary;
            try {
                summary = FeatureSummary.fromBytes(r.readBytes("summary of column '" + name + "'", length));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("column '" + name + "': " + e.getMessage(), e);
            }
            if (columns.put(name, new Column(summary, missing)) != null) {
                throw r.corrupt("column '" + name + "' appears twice");
            }
        }
        r.expectEnd();
        if (model.isBlank() || columns.isEmpty()) {
            throw r.corrupt(model.isBlank() ? "no model name" : "no columns");
        }
        return new ReferenceProfile(model, version, columns);
    }

    @Override
    public String toString() {
        return "ReferenceProfile{" + key() + ", columns=" + columns.keySet() + "}";
    }
}
