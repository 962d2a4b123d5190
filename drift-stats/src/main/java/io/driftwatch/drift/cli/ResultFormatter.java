package io.driftwatch.drift.cli;

import java.util.List;
import java.util.Locale;

/** Renders {@link MethodResult}s as JSON or as an aligned text table. */
final class ResultFormatter {

    private ResultFormatter() {}

    /**
     * One JSON object: {@code {"baseline": path, "current": path, "results": [{"column", "type",
     * "method", "score", "p_value", "n_baseline", "n_current", "threshold", "drifted"}]}}; absent
     * values are {@code null}.
     */
    static String json(String baseline, String current, List<MethodResult> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"baseline\":")
                .append(quote(baseline))
                .append(",\"current\":")
                .append(quote(current))
                .append(",\"results\":[");
        for (int i = 0; i < results.size(); i++) {
            MethodResult r = results.get(i);
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"column\":")
                    .append(quote(r.column()))
                    .append(",\"type\":")
                    .append(quote(r.type()))
                    .append(",\"method\":")
                    .append(quote(r.method().cliName()))
                    .append(",\"score\":")
                    .append(number(r.score()))
                    .append(",\"p_value\":")
                    .append(r.pValue() == null ? "null" : number(r.pValue()))
                    .append(",\"n_baseline\":")
                    .append(r.baselineCount())
                    .append(",\"n_current\":")
                    .append(r.currentCount())
                    .append(",\"threshold\":")
                    .append(r.threshold() == null ? "null" : number(r.threshold()))
                    .append(",\"drifted\":")
                    .append(r.drifted() == null ? "null" : r.drifted().toString())
                    .append('}');
        }
        return sb.append("]}").toString();
    }

    static String table(List<MethodResult> results) {
        StringBuilder sb = new StringBuilder();
        String format = "%-20s %-8s %-12s %12s %12s %10s %10s %10s %-7s%n";
        sb.append(String.format(
                Locale.ROOT,
                format,
                "column",
                "type",
                "method",
                "score",
                "p_value",
                "n_base",
                "n_current",
                "threshold",
                "drifted"));
        for (MethodResult r : results) {
            sb.append(String.format(
                    Locale.ROOT,
                    format,
                    r.column(),
                    r.type(),
                    r.method().cliName(),
                    String.format(Locale.ROOT, "%.6g", r.score()),
                    r.pValue() == null ? "-" : String.format(Locale.ROOT, "%.4g", r.pValue()),
                    r.baselineCount(),
                    r.currentCount(),
                    r.threshold() == null ? "-" : String.format(Locale.ROOT, "%.4g", r.threshold()),
                    r.drifted() == null ? "-" : (r.drifted() ? "yes" : "no")));
        }
        return sb.toString();
    }

    private static String number(double v) {
        // scores and p-values are finite; guard anyway so the output stays valid JSON
        return Double.isFinite(v) ? Double.toString(v) : "null";
    }

    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    sb.append("\\\"");
                    break;
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.append('"').toString();
    }
}
