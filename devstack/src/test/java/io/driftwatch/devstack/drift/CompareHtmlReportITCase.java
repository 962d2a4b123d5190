package io.driftwatch.devstack.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.devstack.demo.HeadlessChromium;
import io.driftwatch.drift.cli.Main;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drift-stats compare --format html} as a reader's browser shows it: Debian's headless chromium
 * loads the one file with no console message and no script error, finds one chart per column and method
 * (as many as the JSON output of the same comparison has results per column) and one missing-share chart
 * per column, and the screenshot has both the baseline's and the current colour in every chart's box.
 */
class CompareHtmlReportITCase {

    private static final int WIDTH = 1200;
    private static final Pattern CHART = Pattern.compile("<svg class=\"chart\"[^>]*>");
    private static final int BASELINE = 0x4878d0;
    private static final int CURRENT = 0xee854a;

    @TempDir
    Path dir;

    @Test
    void theReportRendersOneChartPerColumnAndMethodWithBothDistributions() throws Exception {
        Path baseline = dir.resolve("baseline.csv");
        Path current = dir.resolve("current.csv");
        write(baseline, 0.0, 0.02, new String[] {"web", "web", "app", "api"}, 1);
        write(current, 0.4, 0.10, new String[] {"web", "app", "app", "api", "batch"}, 2);
        Path html = dir.resolve("report.html");
        String[] common = {
            "compare",
            "--baseline",
            baseline.toString(),
            "--current",
            current.toString(),
            "--set",
            "drift.min-samples=100"
        };
        run(common, "--format", "html", "--output", html.toString());
        String json = run(common, "--format", "json");
        Map<String, Integer> expected = new TreeMap<>();
        Matcher r = Pattern.compile("\\{\"column\":\"(\\w+)\",\"type\":\"\\w+\",\"method\":")
                .matcher(json);
        while (r.find()) {
            expected.merge(r.group(1), 1, Integer::sum);
        }
        // numeric latency: psi, ks, js, wasserstein; string channel: psi, js, chi2
        assertEquals(Map.of("channel", 3, "latency", 4), expected, json);

        String source = Files.readString(html, StandardCharsets.UTF_8);
        for (String external : List.of("src=", "href=", "url(", "@import", "<link", "<iframe", "http")) {
            assertTrue(!source.contains(external), "the report is not self-contained: it has " + external);
        }
        HeadlessChromium chromium = new HeadlessChromium(dir);
        HeadlessChromium.Run dom = chromium.dumpDom(html, WIDTH, 900);
        assertEquals(List.of(), dom.console(), "console messages while loading the report");
        assertTrue(
                dom.stdout().contains("<title>ok</title>"),
                "script errors: " + dom.stdout().substring(0, 300));

        Map<String, Integer> perColumn = new TreeMap<>();
        Map<String, Integer> missing = new TreeMap<>();
        List<int[]> boxes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Matcher m = CHART.matcher(dom.stdout());
        while (m.find()) {
            String tag = m.group();
            String column = attribute(tag, "data-column");
            if (tag.contains(" data-method=\"")) {
                perColumn.merge(column, 1, Integer::sum);
            } else {
                assertEquals("true", attribute(tag, "data-missing"), tag);
                missing.merge(column, 1, Integer::sum);
            }
            String[] box = attribute(tag, "data-box").split(",");
            boxes.add(new int[] {
                Integer.parseInt(box[0]), Integer.parseInt(box[1]), Integer.parseInt(box[2]), Integer.parseInt(box[3])
            });
            names.add(column + " " + (tag.contains("data-method") ? attribute(tag, "data-method") : "missing"));
        }
        assertEquals(expected, perColumn, "one chart per column and method");
        assertEquals(Map.of("channel", 1, "latency", 1), missing, "one missing-share chart per column");

        Matcher height = Pattern.compile("data-height=\"(\\d+)\"").matcher(dom.stdout());
        assertTrue(height.find(), "the page's height");
        int pageHeight = Integer.parseInt(height.group(1));
        List<String> console = new ArrayList<>();
        BufferedImage png = chromium.screenshot(html, WIDTH, pageHeight, console);
        assertEquals(List.of(), console, "console messages while rendering the report");
        Files.copy(html, Path.of("target", "CompareHtmlReportITCase.html"), StandardCopyOption.REPLACE_EXISTING);
        ImageIO.write(
                png, "png", Path.of("target", "CompareHtmlReportITCase.png").toFile());
        for (int i = 0; i < boxes.size(); i++) {
            int[] b = boxes.get(i);
            assertTrue(b[0] + b[2] <= png.getWidth() && b[1] + b[3] <= png.getHeight(), "on the page: " + names.get(i));
            int blue = 0;
            int orange = 0;
            for (int y = b[1]; y < b[1] + b[3]; y++) {
                for (int x = b[0]; x < b[0] + b[2]; x++) {
                    int rgb = png.getRGB(x, y) & 0xffffff;
                    blue += close(rgb, BASELINE) ? 1 : 0;
                    orange += close(rgb, CURRENT) ? 1 : 0;
                }
            }
            // the legend alone has 100 pixels of each: more means the data is drawn in both colours (channel has
            // no missing values: its missing-share chart has only the legend)
            int least = names.get(i).equals("channel missing") ? 90 : 150;
            assertTrue(
                    blue > least && orange > least,
                    names.get(i) + ": " + blue + " baseline, " + orange + " current px");
        }
    }

    /** 2,000 rows: latency N(shift, 1) with a share of empty cells, channel cycling through {@code channels}. */
    private static void write(Path file, double shift, double missing, String[] channels, long seed) throws Exception {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder("latency,channel\n");
        for (int i = 0; i < 2000; i++) {
            sb.append(random.nextDouble() < missing ? "NA" : Double.toString(random.nextGaussian() + shift))
                    .append(',')
                    .append(channels[i % channels.length])
                    .append('\n');
        }
        Files.writeString(file, sb);
    }

    private static String run(String[] common, String... more) {
        String[] args = new String[common.length + more.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(more, 0, args, common.length, more.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.OK, code, err.toString(StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String attribute(String tag, String name) {
        Matcher m = Pattern.compile(" " + name + "=\"([^\"]*)\"").matcher(tag);
        assertTrue(m.find(), tag + " has no " + name);
        return m.group(1);
    }

    private static boolean close(int rgb, int expected) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((rgb >> shift) & 0xff) - ((expected >> shift) & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }
}
