package io.driftwatch.drift.cli;

import java.util.List;
import java.util.Locale;

/**
 * The report's two charts as inline SVG: baseline and current shares side by side per bin or category,
 * and the two empirical CDFs with the KS D marked. Coordinates are rounded to 0.1 px so that the same data
 * give the same bytes.
 */
final class SvgCharts {

    static final String BASELINE_COLOUR = "#4878d0";
    static final String CURRENT_COLOUR = "#ee854a";
    static final String MARK_COLOUR = "#d62728";

    private static final int WIDTH = 540;
    private static final int HEIGHT = 240;
    private static final int LEFT = 56;
    private static final int RIGHT = 12;
    private static final int TOP = 28;
    private static final int BOTTOM = 56;

    private SvgCharts() {}

    /** Opening tag of a chart; {@code attributes} are written as given (already escaped). */
    private static StringBuilder open(String attributes, String title) {
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"chart\" ")
                .append(attributes)
                .append(" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\">");
        sb.append("<text x=\"").append(LEFT).append("\" y=\"16\" class=\"t\">").append(HtmlReport.escape(title));
        sb.append("</text>");
        legend(sb);
        return sb;
    }

    private static void legend(StringBuilder sb) {
        int x = WIDTH - RIGHT - 150;
        sb.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"7\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"16\">baseline</text>"
                        + "<rect x=\"%d\" y=\"7\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"16\">current</text>",
                x,
                BASELINE_COLOUR,
                x + 14,
                x + 78,
                CURRENT_COLOUR,
                x + 92));
    }

    /** Grouped bars: per label, the baseline's and the current share. */
    static String bars(String attributes, String title, List<String> labels, double[] baseline, double[] current) {
        StringBuilder sb = open(attributes, title);
        double max = 0;
        for (int i = 0; i < labels.size(); i++) {
            max = Math.max(max, Math.max(baseline[i], current[i]));
        }
        max = max <= 0 ? 1 : max * 1.1;
        yAxis(sb, max, true);
        double band = (WIDTH - LEFT - RIGHT) / (double) labels.size();
        double bar = Math.max(1, band * 0.4);
        double bottom = HEIGHT - BOTTOM;
        for (int i = 0; i < labels.size(); i++) {
            double x0 = LEFT + i * band + band * 0.1;
            rect(sb, x0, bottom - scale(baseline[i], max), bar, scale(baseline[i], max), BASELINE_COLOUR);
            rect(sb, x0 + bar, bottom - scale(current[i], max), bar, scale(current[i], max), CURRENT_COLOUR);
            double cx = LEFT + (i + 0.5) * band;
            sb.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%.1f\" class=\"l\" text-anchor=\"end\" transform=\"rotate(-30 %.1f %.1f)\">%s</text>",
                    cx,
                    bottom + 12,
                    cx,
                    bottom + 12,
                    HtmlReport.escape(shorten(labels.get(i)))));
        }
        return sb.append("</svg>").toString();
    }

    /** The two CDFs at {@code x}, and a vertical mark of length D at {@code ksX}. */
    static String cdfs(String attributes, String title, double[] x, double[] fb, double[] fc, double ksX, double ksD) {
        StringBuilder sb = open(attributes, title);
        yAxis(sb, 1.0, false);
        double lo = x[0];
        double hi = x[x.length - 1];
        double span = hi > lo ? hi - lo : 1;
        sb.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" class=\"l\">%s</text><text x=\"%d\" y=\"%d\" class=\"l\" text-anchor=\"end\">%s</text>",
                LEFT,
                HEIGHT - BOTTOM + 14,
                HtmlReport.escape(number(lo)),
                WIDTH - RIGHT,
                HEIGHT - BOTTOM + 14,
                HtmlReport.escape(number(hi))));
        polyline(sb, x, fb, lo, span, BASELINE_COLOUR);
        polyline(sb, x, fc, lo, span, CURRENT_COLOUR);
        if (!Double.isNaN(ksX)) {
            int k = 0;
            while (k < x.length - 1 && x[k + 1] <= ksX) {
                k++;
            }
            double px = px(ksX, lo, span);
            double y1 = HEIGHT - BOTTOM - fb[k] * (HEIGHT - TOP - BOTTOM);
            double y2 = HEIGHT - BOTTOM - fc[k] * (HEIGHT - TOP - BOTTOM);
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/>"
                            + "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">D = %s at %s</text>",
                    px,
                    y1,
                    px,
                    y2,
                    MARK_COLOUR,
                    Math.min(px + 6, WIDTH - 170.0),
                    (y1 + y2) / 2,
                    MARK_COLOUR,
                    HtmlReport.escape(String.format(Locale.ROOT, "%.4g", ksD)),
                    HtmlReport.escape(number(ksX))));
        }
        return sb.append("</svg>").toString();
    }

    private static void polyline(StringBuilder sb, double[] x, double[] f, double lo, double span, String colour) {
        sb.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
                .append(colour)
                .append("\" points=\"");
        for (int i = 0; i < x.length; i++) {
            sb.append(String.format(
                    Locale.ROOT, "%.1f,%.1f ", px(x[i], lo, span), HEIGHT - BOTTOM - f[i] * (HEIGHT - TOP - BOTTOM)));
        }
        sb.append("\"/>");
    }

    private static double px(double v, double lo, double span) {
        return LEFT + (v - lo) / span * (WIDTH - LEFT - RIGHT);
    }

    private static void yAxis(StringBuilder sb, double max, boolean percent) {
        double bottom = HEIGHT - BOTTOM;
        for (int k = 0; k <= 4; k++) {
            double v = max * k / 4;
            double y = bottom - scale(v, max);
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" class=\"l\" text-anchor=\"end\">%s</text>",
                    LEFT,
                    y,
                    WIDTH - RIGHT,
                    y,
                    LEFT - 4,
                    y + 4,
                    percent ? String.format(Locale.ROOT, "%.0f%%", 100 * v) : String.format(Locale.ROOT, "%.2f", v)));
        }
    }

    private static double scale(double v, double max) {
        return v / max * (HEIGHT - TOP - BOTTOM);
    }

    private static void rect(StringBuilder sb, double x, double y, double w, double h, String colour) {
        sb.append(String.format(
                Locale.ROOT,
                "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>",
                x,
                y,
                w,
                h,
                colour));
    }

    private static String shorten(String label) {
        return label.length() <= 18 ? label : label.substring(0, 17) + "…";
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
