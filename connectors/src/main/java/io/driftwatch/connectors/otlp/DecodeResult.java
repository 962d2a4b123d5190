package io.driftwatch.connectors.otlp;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What a decoder made of one Kafka record: the accepted items, the rejections, and the number of
 * data points skipped because they carry no value.
 *
 * <p>A record with some bad points keeps its good ones: {@link #accepted()} and {@link #rejections()}
 * may both be non-empty. Skipped points (OTLP flag {@code FLAG_NO_RECORDED_VALUE}, which marks a
 * series that stopped reporting) are legal input: they are neither accepted nor rejected. Valid
 * points of metrics the decoder was told nobody consumes ({@link DecoderOptions#consumedMetrics()})
 * are validated like any other and only counted ({@link #notConsumed()}).
 *
 * @param <T> {@link MetricPoint} or {@link SpanRecord}
 */
public final class DecodeResult<T> {

    private final List<T> accepted;
    private final List<Rejection> rejections;
    private final int skippedNoRecordedValue;
    private final int notConsumed;
    private final long notConsumedLatestTimeNanos;

    DecodeResult(List<T> accepted, List<Rejection> rejections, int skippedNoRecordedValue) {
        this(accepted, rejections, skippedNoRecordedValue, 0, 0);
    }

    DecodeResult(
            List<T> accepted,
            List<Rejection> rejections,
            int skippedNoRecordedValue,
            int notConsumed,
            long notConsumedLatestTimeNanos) {
        this.accepted = Collections.unmodifiableList(accepted);
        this.rejections = Collections.unmodifiableList(rejections);
        this.skippedNoRecordedValue = skippedNoRecordedValue;
        this.notConsumed = notConsumed;
        this.notConsumedLatestTimeNanos = notConsumedLatestTimeNanos;
    }

    static <T> DecodeResult<T> undecodable(String detail) {
        return new DecodeResult<>(List.of(), List.of(new Rejection(RejectReason.UNDECODABLE, detail, 0)), 0);
    }

    /** Accepted items in record order. */
    public List<T> accepted() {
        return accepted;
    }

    /** Rejections in record order; empty when everything was accepted. */
    public List<Rejection> rejections() {
        return rejections;
    }

    public boolean hasRejections() {
        return !rejections.isEmpty();
    }

    /** Sum of {@link Rejection#items()} over all rejections. */
    public long rejectedItems() {
        long n = 0;
        for (Rejection r : rejections) {
            n += r.items();
        }
        return n;
    }

    /** Data points skipped because their flags carry {@code FLAG_NO_RECORDED_VALUE}. */
    public int skippedNoRecordedValue() {
        return skippedNoRecordedValue;
    }

    /** Valid points left out because their metric is not consumed. */
    public int notConsumed() {
        return notConsumed;
    }

    /** The latest {@code time_unix_nano} among the {@link #notConsumed()} points; 0 when there are none. */
    public long notConsumedLatestTimeNanos() {
        return notConsumedLatestTimeNanos;
    }

    /** Equal when the accepted items, the rejections and the skipped count are all equal. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DecodeResult)) {
            return false;
        }
        DecodeResult<?> r = (DecodeResult<?>) o;
        return skippedNoRecordedValue == r.skippedNoRecordedValue
                && notConsumed == r.notConsumed
                && notConsumedLatestTimeNanos == r.notConsumedLatestTimeNanos
                && accepted.equals(r.accepted)
                && rejections.equals(r.rejections);
    }

    @Override
    public int hashCode() {
        return Objects.hash(accepted, rejections, skippedNoRecordedValue, notConsumed, notConsumedLatestTimeNanos);
    }

    @Override
    public String toString() {
        return "DecodeResult{accepted=" + accepted.size() + ", rejections=" + rejections + ", skippedNoRecordedValue="
                + skippedNoRecordedValue + ", notConsumed=" + notConsumed + '}';
    }
}
