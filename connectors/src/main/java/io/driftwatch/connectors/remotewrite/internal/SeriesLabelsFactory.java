package io.driftwatch.connectors.remotewrite.internal;

import io.driftwatch.connectors.otlp.Labels;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a sample's metric name and labels into the {@link SeriesLabels} that are written.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>Labels with an empty value are dropped (Prometheus treats them as absent).
 *   <li>Metric and label names are sanitised ({@link PrometheusNames}). When two label names of one
 *       sample sanitise to the same name (e.g. {@code a.b} and {@code a_b}), their values are joined
 *       with {@code ';'} in the order of the original names, so nothing is lost silently.
 *   <li>Extra labels (configured once, like Prometheus' {@code external_labels}) are added only
 *       where the sample has no label of that name: they never override series labels.
 *   <li>{@code __name__} carries the sanitised metric name; the result is sorted by name.
 * </ol>
 */
public final class SeriesLabelsFactory implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Sanitised, sorted, non-empty-valued extra labels, without {@code __name__}. */
    private final String[] extraPairs;

    private SeriesLabelsFactory(String[] extraPairs) {
        this.extraPairs = extraPairs;
    }

    /**
     * Creates a factory that adds {@code extraLabels}.
     *
     * @throws IllegalArgumentException if an extra label name is empty, not a valid Prometheus label
     *     name, or {@code __name__}, or if a value is empty
     */
    public static SeriesLabelsFactory withExtraLabels(Map<String, String> extraLabels) {
        TreeMap<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : extraLabels.entrySet()) {
            String name = e.getKey();
            if (!PrometheusNames.isValidLabelName(name) || PrometheusNames.METRIC_NAME_LABEL.equals(name)) {
                throw new IllegalArgumentException("extra label name '" + name
                        + "' is not a valid Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not __name__)");
            }
            if (e.getValue() == null || e.getValue().isEmpty()) {
                throw new IllegalArgumentException("extra label '" + name + "' has an empty value");
            }
            sorted.put(name, e.getValue());
        }
        String[] pairs = new String[sorted.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            pairs[i++] = e.getKey();
            pairs[i++] = e.getValue();
        }
        return new SeriesLabelsFactory(pairs);
    }

    /** The extra labels, sorted by name. */
    public Labels extraLabels() {
        return Labels.ofSortedPairs(extraPairs.clone());
    }

    public SeriesLabels create(String metricName, Labels labels) {
        String name = PrometheusNames.sanitizeMetricName(metricName);
        int n = labels.size();
        String[] own = new String[2 * n];
        int m = 0;
        boolean renamed = false;
        for (int i = 0; i < n; i++) {
            String value = labels.value(i);
            if (value.isEmpty()) {
                continue;
            }
            String original = labels.name(i);
            String sanitized = PrometheusNames.sanitizeLabelName(original);
            renamed |= sanitized != original;
            own[m++] = sanitized;
            own[m++] = value;
        }
        if (renamed) {
            m = sortAndJoinDuplicates(own, m);
        }
        return SeriesLabels.ofSortedPairs(merge(own, m, name));
    }

    /** Stable insertion sort of the first {@code m} slots by name, then joins equal names' values. */
    private static int sortAndJoinDuplicates(String[] pairs, int m) {
        for (int i = 2; i < m; i += 2) {
            String k = pairs[i];
            String v = pairs[i + 1];
            int j = i - 2;
            while (j >= 0 && pairs[j].compareTo(k) > 0) {
                pairs[j + 2] = pairs[j];
                pairs[j + 3] = pairs[j + 1];
                j -= 2;
            }
            pairs[j + 2] = k;
            pairs[j + 3] = v;
        }
        int out = 0;
        for (int i = 0; i < m; i += 2) {
            if (out > 0 && pairs[out - 2].equals(pairs[i])) {
                pairs[out - 1] = pairs[out - 1] + ';' + pairs[i + 1];
            } else {
                pairs[out++] = pairs[i];
                pairs[out++] = pairs[i + 1];
            }
        }
        return out;
    }

    /** Merges own labels (winning on equal names), extra labels and {@code __name__}, all sorted. */
    private String[] merge(String[] own, int ownLength, String metricName) {
        String[] out = new String[ownLength + extraPairs.length + 2];
        int o = 0;
        int e = 0;
        int r = 0;
        boolean nameWritten = false;
        while (o < ownLength || e < extraPairs.length || !nameWritten) {
            String next = null;
            if (o < ownLength) {
                next = own[o];
            }
            if (e < extraPairs.length && (next == null || extraPairs[e].compareTo(next) < 0)) {
                next = extraPairs[e];
            }
            if (!nameWritten && (next == null || PrometheusNames.METRIC_NAME_LABEL.compareTo(next) < 0)) {
                out[r++] = PrometheusNames.METRIC_NAME_LABEL;
                out[r++] = metricName;
                nameWritten = true;
                continue;
            }
            if (o < ownLength && own[o].equals(next)) {
                out[r++] = own[o];
                out[r++] = own[o + 1];
                o += 2;
                if (e < extraPairs.length && extraPairs[e].equals(next)) {
                    e += 2; // the series label wins over the extra label
                }
            } else {
                out[r++] = extraPairs[e];
                out[r++] = extraPairs[e + 1];
                e += 2;
            }
        }
        return r == out.length ? out : Arrays.copyOf(out, r);
    }
}
