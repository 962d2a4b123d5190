package io.driftwatch.connectors.remotewrite.internal;

import io.driftwatch.connectors.otlp.Labels;

/**
 * Series as Prometheus' text exposition format prints them, {@code name{label="value",…}}, with
 * label values escaped ({@code \\}, {@code \"}, {@code \n}): a value holding a quote or a line break
 * cannot fake another label or another log line in a warning.
 */
public final class PrometheusText {

    private PrometheusText() {}

    public static String series(String metricName, Labels labels) {
        StringBuilder sb = new StringBuilder(metricName).append('{');
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(labels.name(i)).append("=\"");
            escapeLabelValue(labels.value(i), sb);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    public static String series(SeriesLabels series) {
        return series(series.metricName(), series.labelsWithoutName());
    }

    /** Appends {@code value} with backslash, double quote and line feed escaped, as the text format does. */
    public static void escapeLabelValue(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                default -> out.append(c);
            }
        }
    }
}
