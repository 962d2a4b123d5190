package io.driftwatch.devstack.demo;

import io.driftwatch.devstack.servers.PromPoint;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small chart as inline SVG, for {@link HtmlReport}: a time series chart (lines over a fixed time
 * range, dashed reference lines, shaded periods, a legend) or a grouped horizontal bar chart. No
 * script, no external resource: the page renders from the file alone. The y axis starts at 0 (every
 * value the report draws is a ratio, a score or a share).
 */
final class SvgChart {

    static final int WIDTH = 560;
    static final int HEIGHT = 230;
    private static final int LEFT = 52;
    private static final int RIGHT = 12;
    private static final int TOP = 30;
    private static final int BOTTOM = 48;
    private static final DateTimeFormatter DAY =
            DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);

    private record Line(String label, String colour, List<PromPoint> points, boolean dashed) {}

    private final String key;
    private final String title;
    private final long from;
    private final long to;
    private final List<Line> lines = new ArrayList<>();
    private final List<long[]> shaded = new ArrayList<>();
    private String shadeLabel = "";

    /**
     * A time series chart from {@code from} to {@code to}.
     *
     * @param key what the chart shows, as the page's {@code data-chart} attribute (tests find it by it)
     */
    SvgChart(String key, String title, Instant from, Instant to) {
        this.key = key;
        this.title = title;
        this.from = from.toEpochMilli();
        this.to = to.toEpochMilli();
    }

    /** A line through {@code points}; broken where two points are more than 2 h apart (no data). */
    SvgChart line(String label, String colour, List<PromPoint> points, boolean dashed) {
        lines.add(new Line(label, colour, List.copyOf(points), dashed));
        return this;
    }

    /** Shades {@code [start, end)} (epoch ms): a period in which something held, e.g. a drift firing. */
    SvgChart shade(long start, long end, String label) {
        shaded.add(new long[] {start, end});
        shadeLabel = label;
        return this;
    }

    int shadedPeriods() {
        return shaded.size();
    }

    String svg() {
        double max = 0;
        for (Line l : lines) {
            for (PromPoint p : l.points) {
                if (Double.isFinite(p.value())) {
                    max = Math.max(max, p.value());
                }
            }
        }
        double step = niceStep(max > 0 ? max / 4 : 0.25);
        double top = Math.max(step, Math.ceil(max / step - 1e-9) * step);
        StringBuilder s = open(shaded.size(), HEIGHT);
        // shaded periods first, under everything
        for (long[] p : shaded) {
            double x1 = x(Math.max(p[0], from));
            double x2 = x(Math.min(p[1], to));
            s.append(fmt(
                    "<rect class=\"firing\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#f6c9c9\"/>",
                    x1, TOP, Math.max(1, x2 - x1), plotHeight()));
        }
        for (double v = 0; v <= top + step / 2; v += step) {
            double y = y(v, top);
            s.append(fmt(
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" font-size=\"10\">%s</text>",
                    LEFT, WIDTH - RIGHT, y, y, LEFT - 4, y + 3, number(v, step)));
        }
        long day = 86_400_000L;
        long days = Math.max(1, (to - from) / day);
        long every = days <= 10 ? 1 : days <= 20 ? 2 : days <= 50 ? 5 : 10;
        for (long t = ceil(from, day); t <= to; t += every * day) {
            double x = x(t);
            s.append(fmt(
                    "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#eee\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\">%s</text>",
                    x, x, TOP, TOP + plotHeight(), x, TOP + plotHeight() + 13, DAY.format(Instant.ofEpochMilli(t))));
        }
        for (Line l : lines) {
            s.append("<path fill=\"none\" stroke-width=\"1.6\" stroke=\"")
                    .append(l.colour)
                    .append(l.dashed ? "\" stroke-dasharray=\"5 3" : "")
                    .append("\" d=\"")
                    .append(path(l.points, top))
                    .append("\"><title>")
                    .append(escape(l.label))
                    .append("</title></path>");
        }
        List<String[]> legend = new ArrayList<>();
        lines.forEach(l -> legend.add(new String[] {l.colour, l.label}));
        if (!shaded.isEmpty()) {
            legend.add(new String[] {"#f6c9c9", shadeLabel});
        }
        legend(s, legend);
        return s.append("</svg>").toString();
    }

    /**
     * Horizontal bars, one group per category, one bar per series in each group (values in [0, 1],
     * labelled as percentages).
     */
    static String bars(
            String key,
            String title,
            List<String> categories,
            List<String> series,
            List<String> colours,
            double[][] v) {
        SvgChart c = new SvgChart(key, title, Instant.EPOCH, Instant.EPOCH);
        int groupHeight = 12 * series.size() + 10;
        int height = TOP + groupHeight * categories.size() + BOTTOM;
        StringBuilder s = c.open(0, height);
        int left = 150;
        int width = WIDTH - left - 60;
        for (int i = 0; i < categories.size(); i++) {
            int y0 = TOP + i * groupHeight;
            s.append(fmt(
                    "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"11\">%s</text>",
                    left - 6, y0 + groupHeight / 2 + 2, escape(categories.get(i))));
            for (int j = 0; j < series.size(); j++) {
                double value = Double.isFinite(v[i][j]) ? Math.max(0, Math.min(1, v[i][j])) : 0;
                int y = y0 + 12 * j;
                s.append(fmt(
                        "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"10\" fill=\"%s\"/>"
                                + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\">%.1f %%</text>",
                        left,
                        y,
                        Math.max(1, value * width),
                        colours.get(j),
                        left + value * width + 4,
                        y + 9,
                        100 * v[i][j]));
            }
        }
        List<String[]> legend = new ArrayList<>();
        for (int j = 0; j < series.size(); j++) {
            legend.add(new String[] {colours.get(j), series.get(j)});
        }
        c.legendAt(s, legend, height - 14);
        return s.append("</svg>").toString();
    }

    private StringBuilder open(int shadedPeriods, int height) {
        StringBuilder s = new StringBuilder();
        s.append(fmt(
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
                        + " data-chart=\"%s\" data-lines=\"%s\" data-shaded=\"%d\" role=\"img\">",
                WIDTH,
                height,
                WIDTH,
                height,
                escape(key),
                escape(String.join("|", lines.stream().map(Line::label).toList())),
                shadedPeriods));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
        s.append(fmt("<text x=\"%d\" y=\"16\" font-size=\"13\" font-weight=\"bold\">%s</text>", LEFT, escape(title)));
        return s;
    }

    private void legend(StringBuilder s, List<String[]> entries) {
        legendAt(s, entries, HEIGHT - 14);
    }

    private void legendAt(StringBuilder s, List<String[]> entries, int y) {
        int x = LEFT;
        for (String[] e : entries) {
            s.append(fmt(
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"8\" fill=\"%s\"/>"
                            + "<text x=\"%d\" y=\"%d\" font-size=\"10\">%s</text>",
                    x, y - 7, e[0], x + 16, y, escape(e[1])));
            x += 26 + 6 * e[1].length();
        }
    }

    private String path(List<PromPoint> points, double top) {
        StringBuilder d = new StringBuilder();
        long previous = Long.MIN_VALUE;
        for (PromPoint p : points) {
            if (p.timestampMs() < from || p.timestampMs() > to || !Double.isFinite(p.value())) {
                previous = Long.MIN_VALUE;
                continue;
            }
            boolean gap = previous == Long.MIN_VALUE || p.timestampMs() - previous > 7_200_000L;
            d.append(fmt("%s%.1f %.1f ", gap ? "M" : "L", x(p.timestampMs()), y(Math.min(p.value(), top), top)));
            previous = p.timestampMs();
        }
        return d.length() == 0 ? "M0 0" : d.toString().trim();
    }

    private double x(long t) {
        return LEFT + (double) (t - from) / Math.max(1, to - from) * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double v, double top) {
        return TOP + plotHeight() - v / top * plotHeight();
    }

    private static int plotHeight() {
        return HEIGHT - TOP - BOTTOM;
    }

    /** 1, 2 or 5 times a power of ten, at least {@code rough}. */
    static double niceStep(double rough) {
        double power = Math.pow(10, Math.floor(Math.log10(rough)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * power >= rough * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private static String number(double v, double step) {
        int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static long ceil(long t, long unit) {
        return Math.floorDiv(t + unit - 1, unit) * unit;
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
