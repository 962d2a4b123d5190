package io.driftwatch.connectors.remotewrite.internal;

import com.google.protobuf.CodedOutputStream;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.internal.LabelPairs;
import java.io.Serializable;
import java.util.Arrays;

/**
 * The final label set of one series exactly as it is written: {@code __name__} included, names
 * sanitised and unique, values non-empty, sorted by name byte-wise.
 *
 * <p>It is the series identity when samples of a batch are grouped into one {@code TimeSeries}, and
 * it caches its hash and the protobuf size of its {@code repeated Label labels = 1} fields.
 */
public final class SeriesLabels implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String[] pairs;
    private final int hash;
    private final int encodedSize;

    private SeriesLabels(String[] pairs) {
        this.pairs = pairs;
        this.hash = Arrays.hashCode(pairs);
        int size = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            size += WriteRequestEncoder.lengthDelimitedFieldSize(labelMessageSize(pairs[i], pairs[i + 1]));
        }
        this.encodedSize = size;
    }

    /**
     * Wraps alternating names and values that already satisfy the class invariant; the array is not
     * copied. Used by {@link SeriesLabelsFactory} and by deserialisers of data it produced.
     *
     * @throws IllegalArgumentException if the array is not sorted by unique name, has no {@code
     *     __name__}, or holds an empty value
     */
    public static SeriesLabels ofSortedPairs(String[] pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("series labels need name/value pairs, got an odd count");
        }
        boolean hasName = false;
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0 && pairs[i - 2].compareTo(pairs[i]) >= 0) {
                throw new IllegalArgumentException("series label names not sorted and unique at '" + pairs[i] + "'");
            }
            if (pairs[i + 1].isEmpty()) {
                throw new IllegalArgumentException("series label '" + pairs[i] + "' has an empty value");
            }
            hasName |= PrometheusNames.METRIC_NAME_LABEL.equals(pairs[i]);
        }
        if (!hasName) {
            throw new IllegalArgumentException("series labels lack __name__: " + Arrays.toString(pairs));
        }
        return new SeriesLabels(pairs);
    }

    static int labelMessageSize(String name, String value) {
        return CodedOutputStream.computeStringSize(1, name) + CodedOutputStream.computeStringSize(2, value);
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

    /** The value of {@code __name__}. */
    public String metricName() {
        for (int i = 0; i < pairs.length; i += 2) {
            if (PrometheusNames.METRIC_NAME_LABEL.equals(pairs[i])) {
                return pairs[i + 1];
            }
        }
        throw new AssertionError("invariant: __name__ present");
    }

    /** The labels other than {@code __name__}, as sorted {@link Labels}. */
    public Labels labelsWithoutName() {
        String[] rest = new String[pairs.length - 2];
        int j = 0;
        for (int i = 0; i < pairs.length; i += 2) {
            if (!PrometheusNames.METRIC_NAME_LABEL.equals(pairs[i])) {
                rest[j++] = pairs[i];
                rest[j++] = pairs[i + 1];
            }
        }
        return Labels.ofSortedPairs(rest);
    }

    /** Protobuf size in bytes of this series' {@code Label} fields inside a {@code TimeSeries}. */
    public int encodedSize() {
        return encodedSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesLabels
                && hash == ((SeriesLabels) o).hash
                && Arrays.equals(pairs, ((SeriesLabels) o).pairs);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return LabelPairs.format(pairs);
    }
}
