package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.feature.DriftPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code compare --format html}: the tables' cells and the charts' geometry, worked out by hand from the
 * layout (540 × 240 px; plot from x = 56 to 528 and from y = 184 (0) up to y = 28 (the top), so 156 px
 * high).
 */
class HtmlReportTest {

    /** α pinned at 0.001 (the default before the short window), the level the expected figures were worked out at. */
    private static final DriftPolicy POLICY =
            DriftPolicy.builder().ksAlpha(0.001).build();

    private static final Path B = Path.of("b.csv");
    private static final Path C = Path.of("c.csv");

    private static final MethodResult PSI =
            new MethodResult("x", "numeric", DriftMethod.PSI, 0.5, null, 10, 10, 0.25, true, false);
    private static final MethodResult KS =
            new MethodResult("x", "numeric", DriftMethod.KS, 0.5, 0.0123, 10, 10, 0.6, false, true);
    private static final MethodResult W1 =
            new MethodResult("x", "numeric", DriftMethod.WASSERSTEIN, 5.0, null, 10, 10, null, null, false);

    private static String column(String header, int from, int to, int missing) {
        StringBuilder sb = new StringBuilder(header).append('\n');
        for (int i = from; i <= to; i++) {
            sb.append(i).append('\n');
        }
        sb.append("NA\n".repeat(missing));
        return sb.toString();
    }

    /** Column x: baseline 1..10, current 6..15 and 30 missing (0 % → 75 %: a change). */
    private static ColumnReport report() throws CliException {
        ColumnData data = ColumnData.of(
                CsvTable.parse(B, column("x", 1, 10, 0)), CsvTable.parse(C, column("x", 6, 15, 30)), "x", null);
        ColumnReport real = new ColumnComparator(
                        DriftPolicy.builder().bins(2).ksAlpha(0.001).build())
                .compare(data, List.of());
        return new ColumnReport(
                data, List.of(PSI, KS, W1), real.missingThreshold(), real.missingChanged(), false, real.chart());
    }

    @Test
    void tablesHoldTheScoresAndTheMissingShares() throws CliException {
        ColumnReport r = report();
        String html = HtmlReport.render("b&.csv", "c.csv", POLICY, List.of(r));
        assertTrue(html.startsWith("<!DOCTYPE html>"), html);
        assertTrue(html.contains("<h1>Drift: c.csv against b&amp;.csv</h1>"), html);
        assertTrue(
                html.contains(
                        "<p class=\"rule\">Decided by the streaming job's rule: psi &gt;= 0.2500, js &gt;= 0.1000,"
                                + " ks D &gt;= max(0.05000, c(0.001000)*sqrt((n+m)/(n*m))); numeric columns decided by ks,"
                                + " string columns by psi; nothing decided below 1000 values per side.</p>"),
                html);
        assertTrue(html.contains("<tr class=\"drift\"><td>x</td><td>numeric</td><td>psi</td><td>0.500000</td>"
                + "<td>-</td><td>10</td><td>10</td><td>0.2500</td><td>yes</td></tr>"));
        assertTrue(html.contains("<tr><td>x</td><td>numeric</td><td>ks (decides)</td><td>0.500000</td>"
                + "<td>0.01230</td><td>10</td><td>10</td><td>0.6000</td><td>no</td></tr>"));
        assertTrue(html.contains("<tr><td>x</td><td>numeric</td><td>wasserstein</td><td>5.00000</td>"
                + "<td>-</td><td>10</td><td>10</td><td>-</td><td>-</td></tr>"));
        // p = 30/50, z(1 - 0.0005) = 3.290527, se = sqrt(0.6 * 0.4 * (1/10 + 1/40)) = sqrt(0.03)
        assertEquals(3.2905267 * Math.sqrt(0.03), r.missingThreshold(), 1e-6);
        assertTrue(html.contains("<tr class=\"drift\"><td>x</td><td>0.00%</td><td>75.00%</td><td>75.00%</td>"
                + "<td>56.99%</td><td>yes</td><td>0</td><td>0</td></tr>"));
        assertTrue(html.contains("<section><h2>x <small>numeric</small></h2><p>x: no drift; missing 0.00% -&gt; 75.00%"
                + " (CHANGED, threshold 56.99%)</p>"));
        assertTrue(html.endsWith("</script></body></html>\n"), html);
    }

    @Test
    void oneChartPerMethodAndOneForTheMissingShare() throws CliException {
        String html = HtmlReport.render("b.csv", "c.csv", POLICY, List.of(report()));
        List<String> charts = charts(html);
        assertEquals(4, charts.size());
        String psi = charts.get(0);
        assertTrue(psi.startsWith("<svg class=\"chart\" data-column=\"x\" data-method=\"psi\" width=\"540\""), psi);
        assertTrue(psi.contains(">psi 0.5000 (threshold 0.2500): drifted</text>"), psi);
        assertTrue(psi.contains(">(-inf, 5.500]</text>") && !psi.contains("<polyline"), psi);
        String ks = charts.get(1);
        assertTrue(ks.contains("data-method=\"ks\"") && ks.contains(">ks 0.5000 (threshold 0.6000): no drift</text>"));
        assertTrue(ks.contains("<polyline") && ks.contains(">D = 0.5000 at 5.000</text>"), ks);
        String w1 = charts.get(2);
        assertTrue(w1.contains(">wasserstein 5.000</text>") && w1.contains("<polyline"), w1);
        String missing = charts.get(3);
        assertTrue(missing.startsWith("<svg class=\"chart\" data-column=\"x\" data-missing=\"true\""), missing);
        assertTrue(missing.contains(">missing share 0.00% -&gt; 75.00%</text>"), missing);
        // current 0.75 of max 0.825: 141.8 px high; baseline 0: none
        assertTrue(missing.contains("height=\"141.8\" fill=\"#ee854a\""), missing);
        assertTrue(missing.contains("height=\"0.0\" fill=\"#4878d0\""), missing);
    }

    @Test
    void namesAreEscaped() throws CliException {
        String header = "a<b&c";
        ColumnData data = ColumnData.of(
                CsvTable.parse(B, header + "\nu\nv\nu\n"), CsvTable.parse(C, header + "\nu\nu\n"), header, null);
        ColumnReport r = new ColumnComparator(POLICY).compare(data, List.of(DriftMethod.CHI2));
        String html = HtmlReport.render("b.csv", "c.csv", POLICY, List.of(r));
        assertTrue(html.contains("<section><h2>a&lt;b&amp;c <small>string</small></h2>"), html);
        assertTrue(html.contains("data-column=\"a&lt;b&amp;c\" data-method=\"chi2\""), html);
        assertFalse(html.contains("<polyline"), "a string column has bars only");
        assertEquals("&amp;&lt;&gt;&quot;", HtmlReport.escape("&<>\""));
    }

    private static List<String> charts(String html) {
        List<String> l = new ArrayList<>();
        Matcher m = Pattern.compile("<svg class=\"chart\".*?</svg>").matcher(html);
        while (m.find()) {
            l.add(m.group());
        }
        return l;
    }

    /** Shares 0.5, 0.25 and 0.25, 0.75: y axis to 1.1 × 0.75 = 0.825; two bands of 236 px, bars 94.4 px wide. */
    @Test
    void barsGeometryByHand() {
        String svg = SvgCharts.bars(
                "data-k=\"1\"",
                "t<1>",
                List.of("abcdefghijklmnopqr", "abcdefghijklmnopqrs"),
                new double[] {0.5, 0.25},
                new double[] {0.25, 0.75});
        assertTrue(
                svg.startsWith(
                        "<svg class=\"chart\" data-k=\"1\" width=\"540\" height=\"240\" viewBox=\"0 0 540 240\">"
                                + "<text x=\"56\" y=\"16\" class=\"t\">t&lt;1&gt;</text>"
                                + "<rect x=\"378\" y=\"7\" width=\"10\" height=\"10\" fill=\"#4878d0\"/><text x=\"392\" y=\"16\">baseline</text>"
                                + "<rect x=\"456\" y=\"7\" width=\"10\" height=\"10\" fill=\"#ee854a\"/><text x=\"470\" y=\"16\">current</text>"),
                svg);
        // grid lines every 39 px; labels 0, 20.625, 41.25, 61.875, 82.5 per cent
        String[] ticks = {"0%", "21%", "41%", "62%", "83%"};
        for (int k = 0; k <= 4; k++) {
            double y = 184 - 39 * k;
            assertTrue(
                    svg.contains(String.format(
                            java.util.Locale.ROOT,
                            "<line x1=\"56\" y1=\"%.1f\" x2=\"528\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                                    + "<text x=\"52\" y=\"%.1f\" class=\"l\" text-anchor=\"end\">%s</text>",
                            y,
                            y,
                            y + 4,
                            ticks[k])),
                    k + ": " + svg);
        }
        // 0.5 / 0.825 × 156 = 94.545…, 0.25 → 47.27…, 0.75 → 141.81…
        assertTrue(svg.contains("<rect x=\"79.6\" y=\"89.5\" width=\"94.4\" height=\"94.5\" fill=\"#4878d0\"/>"), svg);
        assertTrue(
                svg.contains("<rect x=\"174.0\" y=\"136.7\" width=\"94.4\" height=\"47.3\" fill=\"#ee854a\"/>"), svg);
        assertTrue(
                svg.contains("<rect x=\"315.6\" y=\"136.7\" width=\"94.4\" height=\"47.3\" fill=\"#4878d0\"/>"), svg);
        assertTrue(
                svg.contains("<rect x=\"410.0\" y=\"42.2\" width=\"94.4\" height=\"141.8\" fill=\"#ee854a\"/>"), svg);
        assertTrue(svg.contains("<text x=\"174.0\" y=\"196.0\" class=\"l\" text-anchor=\"end\""
                + " transform=\"rotate(-30 174.0 196.0)\">abcdefghijklmnopqr</text>"));
        assertTrue(svg.contains("<text x=\"410.0\" y=\"196.0\" class=\"l\" text-anchor=\"end\""
                + " transform=\"rotate(-30 410.0 196.0)\">abcdefghijklmnopq…</text>"));
        assertTrue(svg.endsWith("</svg>"));
    }

    /** All shares 0: the axis goes to 100 % and the bars have no height. */
    @Test
    void emptyBarsScaleToOne() {
        String svg = SvgCharts.bars("", "t", List.of("a"), new double[] {0}, new double[] {0});
        assertTrue(svg.contains(">100%</text>") && svg.contains(">25%</text>"), svg);
        assertTrue(svg.contains("y=\"184.0\" width=\"188.8\" height=\"0.0\""), svg);
    }

    /**
     * x = 0..4 over 472 px: 118 px per unit; F_b = 0, ¼, ½, ¾, 1 and F_c = 0, 0, ¼, ½, 1. The mark at 2.5
     * joins the CDFs' values at 2 (the last point not after it); at 3, those at 3.
     */
    @Test
    void cdfsGeometryByHand() {
        double[] x = {0, 1, 2, 3, 4};
        double[] fb = {0, 0.25, 0.5, 0.75, 1};
        double[] fc = {0, 0, 0.25, 0.5, 1};
        String svg = SvgCharts.cdfs("", "t", x, fb, fc, 2.5, 0.25);
        for (String tick : new String[] {"0.00", "0.25", "0.50", "0.75", "1.00"}) {
            assertTrue(svg.contains("class=\"l\" text-anchor=\"end\">" + tick + "</text>"), tick);
        }
        assertTrue(svg.contains("<text x=\"56\" y=\"198\" class=\"l\">0.000</text>"
                + "<text x=\"528\" y=\"198\" class=\"l\" text-anchor=\"end\">4.000</text>"));
        assertTrue(
                svg.contains("stroke=\"#4878d0\" points=\"56.0,184.0 174.0,145.0 292.0,106.0 410.0,67.0 528.0,28.0 \""),
                svg);
        assertTrue(
                svg.contains(
                        "stroke=\"#ee854a\" points=\"56.0,184.0 174.0,184.0 292.0,145.0 410.0,106.0 528.0,28.0 \""),
                svg);
        assertTrue(
                svg.contains(
                        "<line x1=\"351.0\" y1=\"106.0\" x2=\"351.0\" y2=\"145.0\" stroke=\"#d62728\""
                                + " stroke-width=\"3\"/><text x=\"357.0\" y=\"125.5\" fill=\"#d62728\">D = 0.2500 at 2.500</text>"),
                svg);
        String at3 = SvgCharts.cdfs("", "t", x, fb, fc, 3.0, 0.25);
        assertTrue(
                at3.contains(
                        "<line x1=\"410.0\" y1=\"67.0\" x2=\"410.0\" y2=\"106.0\" stroke=\"#d62728\""
                                + " stroke-width=\"3\"/><text x=\"370.0\" y=\"86.5\" fill=\"#d62728\">D = 0.2500 at 3.000</text>"),
                at3);
        assertFalse(SvgCharts.cdfs("", "t", x, fb, fc, Double.NaN, Double.NaN).contains("stroke-width=\"3\""));
        String flat = SvgCharts.cdfs("", "t", new double[] {5, 5}, new double[] {1, 1}, new double[] {0, 1}, 5, 1);
        assertTrue(flat.contains("points=\"56.0,28.0 56.0,28.0 \""), "one value: no span, drawn at the left: " + flat);
    }

    /** x = 10..14: 472 px over a span of 4, so 118 px per unit from x = 56 at 10. */
    @Test
    void cdfsAwayFromZero() {
        String svg = SvgCharts.cdfs(
                "", "t", new double[] {10, 12, 14}, new double[] {0, 0.5, 1}, new double[] {0, 0, 1}, 12, 0.5);
        assertTrue(svg.contains("stroke=\"#4878d0\" points=\"56.0,184.0 292.0,106.0 528.0,28.0 \""), svg);
        assertTrue(svg.contains("<line x1=\"292.0\" y1=\"106.0\" x2=\"292.0\" y2=\"184.0\""), svg);
    }
}
