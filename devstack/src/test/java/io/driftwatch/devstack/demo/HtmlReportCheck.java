package io.driftwatch.devstack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Checks the demo's HTML report ({@link HtmlReport}) as a newcomer's browser shows it: Debian's
 * headless chromium loads it with no console message and no script error (the page's title is then
 * {@value HtmlReport#OK}); its DOM has one chart per model group, one per feature and the cost chart,
 * with drift periods shaded on exactly the charts of what drifted; and the screenshot has coloured
 * pixels (lines, bars) in every chart's box, and the shading's colour in exactly the shaded charts.
 */
final class HtmlReportCheck {

    private static final int WIDTH = 1200;
    private static final Pattern CHART = Pattern.compile("<svg class=\"chart\"[^>]*>");
    private static final int SHADE = 0xf6c9c9;

    /** One chart as the page laid it out. */
    record Chart(String key, List<String> lines, int shaded, int x, int y, int width, int height) {}

    private HtmlReportCheck() {}

    /**
     * @param models "model_name model_version" of every model version of the scenario
     * @param confidenceDrifted those whose confidence drifts
     * @param featureDrifts "model_name/model_version/feature" of every feature that fired
     */
    static void check(Path html, Path dir, Set<String> models, Set<String> confidenceDrifted, Set<String> featureDrifts)
            throws Exception {
        String source = Files.readString(html, StandardCharsets.UTF_8);
        for (String external : List.of("src=", "href=", "url(", "@import", "<link", "<iframe")) {
            assertTrue(!source.contains(external), "the report is not self-contained: it has " + external);
        }
        long t0 = System.nanoTime();
        HeadlessChromium chromium = new HeadlessChromium(dir);
        HeadlessChromium.Run dom = chromium.dumpDom(html, WIDTH, 900);
        assertEquals(List.of(), dom.console(), "console messages while loading the report");
        assertTrue(dom.stdout().contains("<title>" + HtmlReport.OK + "</title>"), "script errors:\n" + title(dom));

        Map<String, Chart> charts = charts(dom.stdout());
        Set<String> confidenceModels = new TreeSet<>();
        Set<String> shadedConfidence = new TreeSet<>();
        Set<String> features = new TreeSet<>();
        Set<String> shadedFeatures = new TreeSet<>();
        for (Chart c : charts.values()) {
            String[] k = c.key().split(" ");
            if (k[0].equals("confidence")) {
                confidenceModels.add(k[1] + " " + k[2]);
                // beside Driftwatch's: the field report's rule over the raw series the demo wrote
                assertTrue(c.lines().contains(HtmlReport.FIELD_REPORT_LINE), c.toString());
                if (c.shaded() > 0) {
                    shadedConfidence.add(k[1] + " " + k[2]);
                }
            } else if (k[0].equals("feature")) {
                features.add(k[1]);
                if (c.shaded() > 0) {
                    shadedFeatures.add(k[1]);
                }
            }
        }
        assertEquals(models, confidenceModels, "one confidence chart per model version: " + charts.keySet());
        assertEquals(confidenceDrifted, shadedConfidence, "confidence drift shaded exactly where it drifted");
        assertTrue(features.containsAll(featureDrifts), "a chart per feature: " + features);
        assertTrue(features.size() > featureDrifts.size(), "the stable features have charts too: " + features);
        assertEquals(featureDrifts, shadedFeatures, "feature drift shaded exactly where it fired");
        assertTrue(charts.containsKey("cost shares"), "the cost chart: " + charts.keySet());

        Matcher height = Pattern.compile("data-height=\"(\\d+)\"").matcher(dom.stdout());
        assertTrue(height.find(), "the page's height");
        int pageHeight = Integer.parseInt(height.group(1));
        List<String> console = new ArrayList<>();
        BufferedImage png = chromium.screenshot(html, WIDTH, pageHeight, console);
        assertEquals(List.of(), console, "console messages while rendering the report");
        // to look at after a run: target/ holds the page and what chromium showed of it
        Files.copy(html, Path.of("target", "DemoITCase-report.html"), StandardCopyOption.REPLACE_EXISTING);
        ImageIO.write(png, "png", Path.of("target", "DemoITCase-report.png").toFile());
        System.out.printf(
                "HTML report: %d charts, %d x %d px, checked in chromium in %.1f s%n",
                charts.size(), WIDTH, pageHeight, (System.nanoTime() - t0) / 1e9);
        assertEquals(WIDTH, png.getWidth());
        assertEquals(pageHeight, png.getHeight());
        for (Chart c : charts.values()) {
            assertTrue(c.x() + c.width() <= WIDTH && c.y() + c.height() <= pageHeight, "on the page: " + c);
            int coloured = 0;
            int shade = 0;
            for (int y = c.y(); y < c.y() + c.height(); y++) {
                for (int x = c.x(); x < c.x() + c.width(); x++) {
                    int rgb = png.getRGB(x, y) & 0xffffff;
                    int r = rgb >> 16, g = (rgb >> 8) & 0xff, b = rgb & 0xff;
                    if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
                        coloured++;
                    }
                    if (close(rgb, SHADE)) {
                        shade++;
                    }
                }
            }
            assertTrue(coloured >= 300, "a drawn chart has coloured lines or bars: " + c + " has " + coloured);
            assertEquals(c.shaded() > 0, shade > 100, "shading drawn where the page says: " + c + ", " + shade);
        }
    }

    /** The page's charts by their data-chart key, with their boxes as its script measured them. */
    static Map<String, Chart> charts(String dom) {
        Map<String, Chart> out = new TreeMap<>();
        Matcher m = CHART.matcher(dom);
        while (m.find()) {
            String tag = m.group();
            String[] box = attribute(tag, "data-box").split(",");
            Chart c = new Chart(
                    attribute(tag, "data-chart").replace("&amp;", "&"),
                    List.of(attribute(tag, "data-lines").split("\\|")),
                    Integer.parseInt(attribute(tag, "data-shaded")),
                    Integer.parseInt(box[0]),
                    Integer.parseInt(box[1]),
                    Integer.parseInt(box[2]),
                    Integer.parseInt(box[3]));
            assertTrue(out.put(c.key(), c) == null, "two charts named " + c.key());
        }
        return out;
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(tag);
        assertTrue(m.find(), tag + " has no " + name);
        return m.group(1);
    }

    private static boolean close(int rgb, int expected) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xff) - ((expected >> shift) & 0xff)) > 4) {
                return false;
            }
        }
        return true;
    }

    private static String title(HeadlessChromium.Run dom) {
        Matcher m = Pattern.compile("<title>(.*?)</title>").matcher(dom.stdout());
        return m.find() ? m.group(1) : dom.stdout();
    }
}
