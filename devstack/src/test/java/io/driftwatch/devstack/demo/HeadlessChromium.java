package io.driftwatch.devstack.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Debian's headless {@code chromium} on a local file: the DOM after its scripts ran ({@code --dump-dom})
 * and a screenshot, each with the console messages the page produced ({@code --enable-logging=stderr
 * --v=0} prints them as {@code INFO:CONSOLE} lines: script errors, and invalid SVG attributes, which
 * raise no script error). Each run is bounded (60 s) and has its own profile directory.
 */
public final class HeadlessChromium {

    static final Path BINARY = Path.of("/usr/bin/chromium");

    /** What one run gave: stdout, and the console lines of stderr. */
    public record Run(String stdout, List<String> console) {}

    private final Path dir;

    public HeadlessChromium(Path dir) {
        this.dir = dir;
    }

    public Run dumpDom(Path page, int width, int height) throws IOException, InterruptedException {
        return run(page, width, height, "--dump-dom");
    }

    /** The page as a {@code width} × {@code height} PNG, decoded. */
    public BufferedImage screenshot(Path page, int width, int height, List<String> console)
            throws IOException, InterruptedException {
        Path png = dir.resolve("screenshot.png");
        console.addAll(run(page, width, height, "--screenshot=" + png).console());
        BufferedImage image = ImageIO.read(png.toFile());
        assertTrue(image != null, "chromium wrote no PNG at " + png);
        return image;
    }

    private Run run(Path page, int width, int height, String what) throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(BINARY), BINARY + " missing: apt-get install chromium (.ci/run does)");
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        Path out = dir.resolve("chromium.out");
        Path err = dir.resolve("chromium.err");
        Process p = new ProcessBuilder(
                        BINARY.toString(),
                        "--headless",
                        "--no-sandbox", // CI runs as root
                        "--disable-gpu",
                        "--no-first-run",
                        "--hide-scrollbars",
                        "--user-data-dir=" + profile,
                        "--window-size=" + width + "," + height,
                        "--enable-logging=stderr",
                        "--v=0",
                        what,
                        page.toUri().toString())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("chromium " + what + " took over 60 s");
        }
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "chromium " + what + " failed:\n" + stderr);
        List<String> console = new ArrayList<>();
        stderr.lines().filter(l -> l.contains(":CONSOLE")).forEach(console::add);
        return new Run(Files.readString(out, StandardCharsets.UTF_8), console);
    }
}
