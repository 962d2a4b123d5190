package io.driftwatch.jobs.config;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How incoming data points are normalised and guarded (key {@code ingest}).
 *
 * @param dropLabels label names removed from every point before keying (high-cardinality identifiers)
 * @param maxSeriesPerMetric the cardinality guard: at most this many distinct series per metric name;
 *     and parallel instance; points of further series are refused and counted
 * @param maxOutOfOrderness how far behind the highest timestamp seen a point may arrive and still be
 *     counted (the watermark lag)
 * @param idleTimeout after this long without data a source partition is marked idle so it does not
 *     hold back the watermark; {@link Duration#ZERO} disables idleness detection
 * @param minTimestamp points older than this are rejected as bad input
 * @param maxFutureSkew points whose timestamp is more than this ahead of the processing clock are
 *     rejected as bad input
 * @param maxAheadOfRecordTime points (span starts and ends) stamped more than this after the Kafka
 *     timestamp of their record are rejected as time skew; zero: no limit
 * @param maxBehindRecordTime points stamped more than this before the Kafka timestamp of their record are
 *     rejected as time skew; zero: no limit
 * @param maxRecordBytes record values larger than this are rejected without being decoded
 * @param maxLabelsPerPoint points and spans with more labels are rejected
 * @param seriesStateTtl a series silent for this long (processing time) loses its cumulative-to-delta
 *     state, so that series which stop reporting do not keep state forever; when it reports again its
 *     first point only initialises state. {@link Duration#ZERO} keeps state forever
 */
public record IngestConfig(
        List<String> dropLabels,
        int maxSeriesPerMetric,
        Duration maxOutOfOrderness,
        Duration idleTimeout,
        Instant minTimestamp,
        Duration maxFutureSkew,
        Duration maxAheadOfRecordTime,
        Duration maxBehindRecordTime,
        int maxRecordBytes,
        int maxLabelsPerPoint,
        Duration seriesStateTtl)
        implements Serializable {

    public IngestConfig {
        dropLabels = List.copyOf(dropLabels);
        Objects.requireNonNull(maxOutOfOrderness, "maxOutOfOrderness");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(minTimestamp, "minTimestamp");
        Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
        Objects.requireNonNull(maxAheadOfRecordTime, "maxAheadOfRecordTime");
        Objects.requireNonNull(maxBehindRecordTime, "maxBehindRecordTime");
        Objects.requireNonNull(seriesStateTtl, "seriesStateTtl");
    }

    /** Whether idle partitions are detected, i.e. {@link #idleTimeout()} is positive. */
    public boolean idlenessDetectionEnabled() {
        return !idleTimeout.isZero();
    }
}
