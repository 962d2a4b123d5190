package io.driftwatch.connectors.remotewrite.internal;

import io.driftwatch.connectors.remotewrite.PrometheusSample;
import java.io.Serializable;
import java.util.Objects;

/**
 * The request entry the sink buffers: one sample with its final {@link SeriesLabels}. Produced by
 * the element converter at {@code write} time, so labels are sanitised once per sample and never
 * again on retries or after a restore.
 */
public final class RemoteWriteEntry implements Serializable {

    private static final long serialVersionUID = 1L;

    private final SeriesLabels series;
    private final long timestampMs;
    private final double value;

    public RemoteWriteEntry(SeriesLabels series, long timestampMs, double value) {
        this.series = Objects.requireNonNull(series, "series");
        this.timestampMs = timestampMs;
        this.value = value;
    }

    public SeriesLabels series() {
        return series;
    }

    public long timestampMs() {
        return timestampMs;
    }

    public double value() {
        return value;
    }

    /** This entry as a sample with the final (sanitised, extra-labelled) name and labels. */
    public PrometheusSample toSample() {
        return PrometheusSample.of(series.metricName(), series.labelsWithoutName(), timestampMs, value);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RemoteWriteEntry)) {
            return false;
        }
        RemoteWriteEntry that = (RemoteWriteEntry) o;
        return timestampMs == that.timestampMs
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(that.value)
                && series.equals(that.series);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * series.hashCode() + Long.hashCode(timestampMs)) + Double.hashCode(value);
    }

    @Override
    public String toString() {
        return series + " " + value + " @" + timestampMs;
    }
}
