package io.driftwatch.connectors.remotewrite.internal;

/**
 * Prometheus naming rules and the sanitising that maps arbitrary (e.g. OpenTelemetry, dotted) names
 * onto them.
 *
 * <ul>
 *   <li>Metric names match {@code [a-zA-Z_:][a-zA-Z0-9_:]*}.
 *   <li>Label names match {@code [a-zA-Z_][a-zA-Z0-9_]*}.
 * </ul>
 *
 * <p>Sanitising replaces every code point outside the allowed set by one {@code '_'} (so {@code
 * "http.method"} becomes {@code "http_method"}) and prefixes {@code '_'} when the name starts with a
 * digit. A valid name is returned as the same instance, so callers can detect "unchanged" with
 * {@code ==}. Sanitised names are pure ASCII, hence their {@link String#compareTo} order is their
 * byte-wise (UTF-8) order.
 */
public final class PrometheusNames {

    /** The reserved label that carries the metric name in the remote-write protocol. */
    public static final String METRIC_NAME_LABEL = "__name__";

    private PrometheusNames() {}

    public static boolean isValidMetricName(String name) {
        return isValid(name, true);
    }

    public static boolean isValidLabelName(String name) {
        return isValid(name, false);
    }

    /**
     * The metric name with invalid characters replaced, see the class comment.
     *
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public static String sanitizeMetricName(String name) {
        return sanitize(name, true, "metric name");
    }

    /**
     * The label name with invalid characters replaced, see the class comment.
     *
     * @throws IllegalArgumentException if {@code name} is empty
     */
    public static String sanitizeLabelName(String name) {
        return sanitize(name, false, "label name");
    }

    private static String sanitize(String name, boolean colonAllowed, String what) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("empty " + what + " cannot be sanitised to a Prometheus name");
        }
        if (isValid(name, colonAllowed)) {
            return name;
        }
        StringBuilder sb = new StringBuilder(name.length() + 1);
        if (isDigit(name.charAt(0))) {
            sb.append('_');
        }
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            sb.append(cp < 128 && isAllowedAscii((char) cp, colonAllowed) ? (char) cp : '_');
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static boolean isValid(String name, boolean colonAllowed) {
        if (name.isEmpty() || isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (!isAllowedAscii(name.charAt(i), colonAllowed)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAllowedAscii(char c, boolean colonAllowed) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_' || (colonAllowed && c == ':');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
