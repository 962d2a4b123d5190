package io.driftwatch.drift.cli;

import io.driftwatch.drift.feature.DriftPolicy;
import java.util.List;
import java.util.Locale;

/**
 * {@code compare --format html}: one self-contained page (inline CSS and SVG, one inline script, nothing
 * fetched). First the score table with the rule's threshold and verdict, and the missing values; then per
 * column one chart per method: psi, js and chi2 draw the baseline and current shares per PSI bin or
 * category, ks and wasserstein the two empirical CDFs with the KS D marked. Each chart is an {@code <svg
 * class="chart">} with {@code data-column} and {@code data-method}; the missing shares are a chart with
 * {@code data-missing}.
 *
 * <p>The script only records errors and, when there were none, sets the title to {@value #OK}; it also
 * writes each chart's position on the page ({@code data-box}), for the test that checks the screenshot.
 */
final class HtmlReport {

    /** The page's title once it loaded without a script error. */
    static final String OK = "ok";

    private HtmlReport() {}

    static String render(String baseline, String current, DriftPolicy policy, List<ColumnReport> reports) {
        StringBuilder body = new StringBuilder();
        body.append("<h1>Drift: ")
                .append(escape(current))
                .append(" against ")
                .append(escape(baseline))
                .append("</h1>");
        body.append("<p class=\"rule\">Decided by the streaming job's rule: ")
                .append(escape(String.format(
                        Locale.ROOT,
                        "psi >= %s, js >= %s, ks D >= max(%s, c(%s)*sqrt((n+m)/(n*m))); numeric columns decided by %s,"
                                + " string columns by %s; nothing decided below %d values per side.",
                        fmt(policy.psiThreshold()),
                        fmt(policy.jsThreshold()),
                        fmt(policy.ksMinD()),
                        fmt(policy.ksAlpha()),
                        policy.numericAlertMethod().label(),
                        policy.categoricalAlertMethod().label(),
                        policy.minSamples())))
                .append("</p>");
        scoreTable(body, reports);
        missingTable(body, reports);
        for (ColumnReport report : reports) {
            column(body, report);
        }
        return page(body.toString());
    }

    private static void scoreTable(StringBuilder sb, List<ColumnReport> reports) {
        sb.append("<h2>Scores</h2><table><tr><th>column</th><th>type</th><th>method</th><th>score</th><th>p-value</th>"
                + "<th>n baseline</th><th>n current</th><th>threshold</th><th>drifted</th></tr>");
        for (ColumnReport report : reports) {
            for (MethodResult r : report.results()) {
                String cls = Boolean.TRUE.equals(r.drifted()) ? " class=\"drift\"" : "";
                sb.append("<tr")
                        .append(cls)
                        .append("><td>")
                        .append(escape(r.column()))
                        .append("</td><td>");
                sb.append(r.type()).append("</td><td>").append(r.method().cliName());
                sb.append(r.alert() ? " (decides)" : "").append("</td><td>");
                sb.append(String.format(Locale.ROOT, "%.6g", r.score())).append("</td><td>");
                sb.append(r.pValue() == null ? "-" : ResultFormatter.pValue(r.pValue()))
                        .append("</td><td>");
                sb.append(r.baselineCount())
                        .append("</td><td>")
                        .append(r.currentCount())
                        .append("</td><td>");
                sb.append(r.threshold() == null ? "-" : fmt(r.threshold())).append("</td><td>");
                sb.append(r.drifted() == null ? "-" : r.drifted() ? "yes" : "no")
                        .append("</td></tr>");
            }
        }
        sb.append("</table>");
    }

    private static void missingTable(StringBuilder sb, List<ColumnReport> reports) {
        sb.append("<h2>Missing and invalid values</h2><table><tr><th>column</th><th>missing baseline</th>"
                + "<th>missing current</th><th>change</th><th>threshold</th><th>changed</th>"
                + "<th>invalid baseline</th><th>invalid current</th></tr>");
        for (ColumnReport r : reports) {
            ColumnData d = r.data();
            sb.append("<tr")
                    .append(r.missingChanged() ? " class=\"drift\"" : "")
                    .append("><td>");
            sb.append(escape(d.name)).append("</td><td>").append(percent(d.baseline.missingShare()));
            sb.append("</td><td>").append(percent(d.current.missingShare())).append("</td><td>");
            sb.append(percent(r.missingChange())).append("</td><td>").append(percent(r.missingThreshold()));
            sb.append("</td><td>").append(r.missingChanged() ? "yes" : "no").append("</td><td>");
            sb.append(d.baseline.invalid())
                    .append("</td><td>")
                    .append(d.current.invalid())
                    .append("</td></tr>");
        }
        sb.append("</table>");
    }

    private static void column(StringBuilder sb, ColumnReport report) {
        ColumnData d = report.data();
        sb.append("<section><h2>")
                .append(escape(d.name))
                .append(" <small>")
                .append(d.type.label())
                .append("</small></h2><p>")
                .append(escape(ResultFormatter.summary(report)))
                .append("</p>");
        ColumnReport.Chart chart = report.chart();
        String column = "data-column=\"" + escape(d.name) + "\"";
        for (MethodResult r : report.results()) {
            String attributes = column + " data-method=\"" + r.method().cliName() + "\"";
            String title = r.method().cliName() + " " + String.format(Locale.ROOT, "%.4g", r.score())
                    + (r.threshold() == null ? "" : " (threshold " + fmt(r.threshold()) + ")")
                    + (r.drifted() == null ? "" : r.drifted() ? ": drifted" : ": no drift");
            boolean cdf =
                    (r.method() == DriftMethod.KS || r.method() == DriftMethod.WASSERSTEIN) && chart.cdfX().length > 0;
            sb.append(
                    cdf
                            ? SvgCharts.cdfs(
                                    attributes,
                                    title,
                                    chart.cdfX(),
                                    chart.cdfBaseline(),
                                    chart.cdfCurrent(),
                                    chart.ksX(),
                                    chart.ksD())
                            : SvgCharts.bars(attributes, title, chart.labels(), chart.baseline(), chart.current()));
        }
        sb.append(SvgCharts.bars(
                column + " data-missing=\"true\"",
                "missing share " + percent(d.baseline.missingShare()) + " -> " + percent(d.current.missingShare()),
                List.of("missing"),
                new double[] {d.baseline.missingShare()},
                new double[] {d.current.missingShare()}));
        sb.append("</section>");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * share);
    }

    /** Text for HTML and SVG: {@code & < > "} escaped. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String page(String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>loading</title>
                <script>window.driftwatchErrors = [];
                window.addEventListener('error', function (e) { window.driftwatchErrors.push(String(e.message)); });</script>
                <style>
                body { font-family: sans-serif; margin: 16px; max-width: 1140px; color: #222; }
                table { border-collapse: collapse; margin-bottom: 16px; font-size: 13px; }
                th, td { border: 1px solid #ddd; padding: 3px 8px; text-align: right; }
                th:first-child, td:first-child { text-align: left; }
                tr.drift td { background: #fbe3e3; }
                svg.chart { display: inline-block; margin: 0 8px 8px 0; vertical-align: top; border: 1px solid #ddd; }
                svg text { font-size: 11px; fill: #333; } svg text.t { font-size: 13px; font-weight: bold; }
                svg text.l { font-size: 10px; fill: #555; }
                .rule { font-size: 13px; color: #444; } small { color: #777; font-weight: normal; }
                </style></head><body>
                """ + body + """
                <script>
                document.querySelectorAll('svg.chart').forEach(function (c) {
                  var r = c.getBoundingClientRect();
                  c.setAttribute('data-box', [r.left + window.scrollX, r.top + window.scrollY, r.width, r.height]
                      .map(Math.round).join(','));
                });
                document.body.setAttribute('data-height', document.documentElement.scrollHeight);
                document.title = window.driftwatchErrors.length ? 'errors: ' + window.driftwatchErrors.join('; ') : 'ok';
                </script></body></html>
                """;
    }
}
