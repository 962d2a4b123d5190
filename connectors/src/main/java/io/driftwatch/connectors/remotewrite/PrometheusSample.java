package io.driftwatch.connectors.remotewrite;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.internal.PrometheusNames;
import io.driftwatch.connectors.remotewrite.internal.PrometheusSampleTypeInfoFactory;
import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One sample of one Prometheus series: the element type of {@link PrometheusRemoteWriteSink}.
 *
 * <p>{@code metricName} and the label names may be arbitrary (e.g. dotted OpenTelemetry names): the
 * sink sanitises them to Prometheus rules when it writes. The metric name is carried separately, so
 * {@code labels} must not contain a label that is, or sanitises to, {@code __name__}. Label names
 * must be non-empty; labels with an empty value are allowed and are not written (in Prometheus an
 * empty label value means "label absent").
 *
 * <p>{@code timestampMs} is Unix epoch milliseconds (the event time of the sample); {@code value} is
 * any double, including {@code NaN} and infinities.
 *
 * <p>Flink serialises it with a dedicated serializer (see {@link PrometheusSampleTypeInfoFactory}),
 * never with Kryo.
 */
@TypeInfo(PrometheusSampleTypeInfoFactory.class)
public final class PrometheusSample {

    private final String metricName;
    private final Labels labels;
    private final long timestampMs;
    private final double value;

    private PrometheusSample(String metricName, Labels labels, long timestampMs, double value) {
        this.metricName = metricName;
        this.labels = labels;
        this.timestampMs = timestampMs;
        this.value = value;
    }

    /**
     * Creates a sample.
     *
     * @throws IllegalArgumentException if the metric name or a label name is empty, or a label
     *     name is or sanitises to {@code __name__}
     */
    public static PrometheusSample of(String metricName, Labels labels, long timestampMs, double value) {
        Objects.requireNonNull(metricName, "metricName");
        Objects.requireNonNull(labels, "labels");
        if (metricName.isEmpty()) {
            throw new IllegalArgumentException(
                    "Prometheus sample needs a non-empty metric name (labels " + labels + ")");
        }
        for (int i = 0; i < labels.size(); i++) {
            String name = labels.name(i);
            if (name.isEmpty()) {
                throw new IllegalArgumentException(
                        "Prometheus sample of metric '" + metricName + "' has a label with an empty name: " + labels);
            }
            // sanitising maps each code point (1 or 2 chars) to one char: only 8..16-char names can collide
            if (name.length() >= 8
                    && name.length() <= 16
                    && PrometheusNames.METRIC_NAME_LABEL.equals(PrometheusNames.sanitizeLabelName(name))) {
                throw new IllegalArgumentException("Prometheus sample of metric '" + metricName + "' has label '" + name
                        + "', which is or sanitises to the reserved __name__; pass the metric name separately");
            }
        }
        return new PrometheusSample(metricName, labels, timestampMs, value);
    }

    public String metricName() {
        return metricName;
    }

    public Labels labels() {
        return labels;
    }

    /** Unix epoch milliseconds. */
    public long timestampMs() {
        return timestampMs;
    }

    public double value() {
        return value;
    }

    /** Equality of all four fields; values compare like {@link Double#equals} (NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PrometheusSample)) {
            return false;
        }
        PrometheusSample that = (PrometheusSample) o;
        return timestampMs == that.timestampMs
                && Double.doubleToLongBits(value) == Double.doubleToLongBits(that.value)
                && metricName.equals(that.metricName)
                && labels.equals(that.labels);
    }

    @Override
    public int hashCode() {
        int h = metricName.hashCode();
        h = 31 * h + labels.hashCode();
        h = 31 * h + Long.hashCode(timestampMs);
        return 31 * h + Double.hashCode(value);
    }

    @Override
    public String toString() {
        return metricName + labels + " " + value + " @" + timestampMs;
    }
}
