package io.driftwatch.drift.cli;

import io.driftwatch.drift.feature.DriftPolicy;
import java.util.List;
import java.util.Locale;

/** Renders {@link ColumnReport}s as JSON or as an aligned text table. */
final class ResultFormatter {

    private ResultFormatter() {}

    /**
     * One JSON object: {@code {"baseline": path, "current": path, "policy": {...}, "results": [{"column",
     * "type", "method", "score", "p_value", "n_baseline", "n_current", "threshold", "drifted", "alert",
     * "missing_share_baseline", "missing_share_current"}], "columns": [{"column", "type", "rows_baseline",
     * "rows_current", "missing_baseline", "missing_current", "missing_share_baseline", "missing_share_current",
     * "missing_share_change", "missing_share_threshold", "missing_changed", "invalid_baseline",
     * "invalid_current", "first_invalid", "drifted"}]}}; absent values are {@code null}.
     */
    static String json(String baseline, String current, DriftPolicy policy, List<ColumnReport> reports) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\"baseline\":")
                .append(quote(baseline))
                .append(",\"current\":")
                .append(quote(current))
                .append(",\"policy\":{\"bins\":")
                .append(policy.bins())
                .append(",\"psi_threshold\":")
                .append(number(policy.psiThreshold()))
                .append(",\"js_threshold\":")
                .append(number(policy.jsThreshold()))
                .append(",\"ks_min_d\":")
                .append(number(policy.ksMinD()))
                .append(",\"ks_alpha\":")
                .append(number(policy.ksAlpha()))
                .append(",\"numeric_alert_method\":")
                .append(quote(policy.numericAlertMethod().label()))
                .append(",\"categorical_alert_method\":")
                .append(quote(policy.categoricalAlertMethod().label()))
                .append(",\"min_samples\":")
                .append(policy.minSamples())
                .append("},\"results\":[");
        String separator = "";
        for (ColumnReport report : reports) {
            for (MethodResult r : report.results()) {
                sb.append(separator);
                separator = ",";
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
                        .append(",\"alert\":")
                        .append(r.alert())
                        .append(",\"missing_share_baseline\":")
                        .append(number(report.data().baseline.missingShare()))
                        .append(",\"missing_share_current\":")
                        .append(number(report.data().current.missingShare()))
                        .append('}');
            }
        }
        sb.append("],\"columns\":[");
        separator = "";
        for (ColumnReport report : reports) {
            ColumnData d = report.data();
            sb.append(separator);
            separator = ",";
            sb.append("{\"column\":")
                    .append(quote(d.name))
                    .append(",\"type\":")
                    .append(quote(d.type.label()))
                    .append(",\"rows_baseline\":")
                    .append(d.baseline.rows())
                    .append(",\"rows_current\":")
                    .append(d.current.rows())
                    .append(",\"missing_baseline\":")
                    .append(d.baseline.missing())
                    .append(",\"missing_current\":")
                    .append(d.current.missing())
                    .append(",\"missing_share_baseline\":")
                    .append(number(d.baseline.missingShare()))
                    .append(",\"missing_share_current\":")
                    .append(number(d.current.missingShare()))
                    .append(",\"missing_share_change\":")
                    .append(number(report.missingChange()))
                    .append(",\"missing_share_threshold\":")
                    .append(number(report.missingThreshold()))
                    .append(",\"missing_changed\":")
                    .append(report.missingChanged())
                    .append(",\"invalid_baseline\":")
                    .append(d.baseline.invalid())
                    .append(",\"invalid_current\":")
                    .append(d.current.invalid())
                    .append(",\"first_invalid\":")
                    .append(firstInvalid(d) == null ? "null" : quote(firstInvalid(d)))
                    .append(",\"drifted\":")
                    .append(report.drifted() == null ? "null" : report.drifted().toString())
                    .append('}');
        }
        return sb.append("]}").toString();
    }

    private static String firstInvalid(ColumnData d) {
        return d.baseline.firstInvalid() != null ? d.baseline.firstInvalid() : d.current.firstInvalid();
    }

    /**
     * The results as an aligned table (the deciding method marked {@code *}; {@code drifted} is
     * {@code -} where nothing is decided), then one line per column: missing and invalid values, and the
     * verdict.
     */
    static String table(DriftPolicy policy, List<ColumnReport> reports) {
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
        for (ColumnReport report : reports) {
            for (MethodResult r : report.results()) {
                sb.append(String.format(
                        Locale.ROOT,
                        format,
                        r.column(),
                        r.type(),
                        r.method().cliName() + (r.alert() ? " *" : ""),
                        String.format(Locale.ROOT, "%.6g", r.score()),
                        r.pValue() == null ? "-" : pValue(r.pValue()),
                        r.baselineCount(),
                        r.currentCount(),
                        r.threshold() == null ? "-" : String.format(Locale.ROOT, "%.4g", r.threshold()),
                        r.drifted() == null ? "-" : (r.drifted() ? "yes" : "no")));
            }
        }
        sb.append(String.format(
                Locale.ROOT,
                "%n* decides the column (drift.numeric-alert-method %s, drift.categorical-alert-method %s);"
                        + " nothing is decided below %d values per side (drift.min-samples)%n",
                policy.numericAlertMethod().label(),
                policy.categoricalAlertMethod().label(),
                policy.minSamples()));
        for (ColumnReport report : reports) {
            sb.append(summary(report)).append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** One line: "x: drifted | no drift | undecided; missing 1.0% -> 4.0% (changed); 3 invalid". */
    static String summary(ColumnReport report) {
        ColumnData d = report.data();
        StringBuilder sb = new StringBuilder(d.name).append(": ");
        sb.append(report.drifted() == null ? "undecided" : report.drifted() ? "DRIFTED" : "no drift");
        sb.append(String.format(
                Locale.ROOT,
                "; missing %s -> %s (%s, threshold %s)",
                percent(d.baseline.missingShare()),
                percent(d.current.missingShare()),
                report.missingChanged() ? "CHANGED" : "unchanged",
                percent(report.missingThreshold())));
        if (d.baseline.invalid() + d.current.invalid() > 0) {
            sb.append(String.format(
                    Locale.ROOT,
                    "; invalid %d + %d, first: %s",
                    d.baseline.invalid(),
                    d.current.invalid(),
                    firstInvalid(d)));
        }
        return sb.toString();
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    /** A p-value: below 0.001 in scientific notation with two digits ({@code 2.3e-193}), else {@code %.4g}. */
    static String pValue(double p) {
        if (p == 0.0) {
            return "0";
        }
        return String.format(Locale.ROOT, p < 0.001 ? "%.1e" : "%.4g", p);
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
