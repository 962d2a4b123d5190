package io.driftwatch.connectors.otlp;

import java.util.Locale;

/**
 * Why a Kafka record, an OTLP metric, a data point or a span was not accepted.
 *
 * <p>{@link #label()} is a stable snake_case identifier: it appears in Flink metric names and in the
 * {@code driftwatch.reason} dead-letter header, so renaming a constant is a breaking change.
 *
 * <p>Each rejected data point gets exactly one reason: the first failing check, in the order the
 * decoders document.
 */
public enum RejectReason {
    /** The whole record could not be read: null value, bad protobuf, bad JSON, or the wrong encoding. */
    UNDECODABLE,
    /** The record came from a topic for which no {@link OtlpEncoding} is configured. */
    UNKNOWN_TOPIC,
    /** A metric has an empty name; all its points are rejected. */
    MISSING_NAME,
    /** A metric has none of gauge, sum, histogram, exponential_histogram or summary set. */
    MISSING_DATA,
    /** A gauge or sum point has neither {@code as_int} nor {@code as_double}. */
    MISSING_VALUE,
    /** A sum, histogram or exponential histogram with {@code AGGREGATION_TEMPORALITY_UNSPECIFIED}. */
    INVALID_TEMPORALITY,
    /** A timestamp is unset, too old, too far in the future, or a start time lies after its end. */
    ABSURD_TIMESTAMP,
    /** NaN or infinite where the data model needs a finite number (monotonic sums, histogram and summary sums). */
    NON_FINITE_VALUE,
    /** A negative value where the data model forbids it (monotonic sums). */
    NEGATIVE_VALUE,
    /** A uint64 count that does not fit in a Java {@code long} (it reads as negative). */
    NEGATIVE_COUNT,
    /** An explicit-bucket histogram whose bucket_counts length is not explicit_bounds length + 1. */
    BUCKET_COUNT_MISMATCH,
    /** Explicit bounds that contain NaN or are not strictly increasing. */
    UNSORTED_BOUNDS,
    /** A histogram whose bucket counts (plus zero_count for exponential ones) do not add up to its count. */
    COUNT_MISMATCH,
    /** An exponential histogram whose scale lies outside [-10, 20] or whose zero_threshold is negative or NaN. */
    INVALID_SCALE,
    /** A summary quantile (the rank, not its value) that is NaN or outside [0, 1]. */
    INVALID_QUANTILE,
    /** A span whose sampling threshold (trace state {@code ot=th:}) or sampling probability attribute is malformed. */
    INVALID_SAMPLING,
    /**
     * The record's value is larger than {@link DecoderOptions#maxRecordBytes()}: rejected before decoding, and
     * dead-lettered without its value (the detail names its size and source offset).
     */
    RECORD_TOO_LARGE,
    /** A point or span would carry more labels than {@link DecoderOptions#maxLabels()}. */
    TOO_MANY_LABELS,
    /**
     * A point or span time too far ahead of, or behind, the Kafka timestamp of the record that carries it
     * ({@link DecoderOptions#maxAheadOfRecordTime()}, {@link DecoderOptions#maxBehindRecordTime()}).
     */
    TIME_SKEW,
    /** A price catalog document on the cost catalog topic that does not validate (its problems with line and key). */
    INVALID_CATALOG,
    /** A reference profile on the drift reference topic that cannot be read (its problem and source offset). */
    INVALID_REFERENCE;

    private final String label;

    RejectReason() {
        this.label = name().toLowerCase(Locale.ROOT);
    }

    /** The stable snake_case identifier, e.g. {@code bucket_count_mismatch}. */
    public String label() {
        return label;
    }
}
