package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code compare} decides with the streaming job's rule and settings: thresholds computed here by hand from
 * the rule's definition, settings from {@code --set} and {@code --config} with the job's messages, missing
 * and invalid values, and methods by column type.
 */
class CompareVerdictTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** c(α)·√((n+m)/(n·m)), c(α) = √(−ln(α/2)/2): the rule's significance term, by hand. */
    private static double significance(double alpha, long n, long m) {
        return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / ((double) n * m));
    }

    private Path normals(String name, int rows, long seed, double shift) throws IOException {
        Random random = new Random(seed);
        StringBuilder sb = new StringBuilder(rows * 20).append("x\n");
        for (int i = 0; i < rows; i++) {
            sb.append(random.nextGaussian() + shift).append('\n');
        }
        return Files.writeString(dir.resolve(name), sb);
    }

    @Test
    void aMillionRowsShiftedByFivePercentOfAnSdIsSignificantButBelowTheJobsMinimumD() throws IOException {
        Path a = normals("a.csv", 1_000_000, 1, 0.0);
        Path b = normals("b.csv", 1_000_000, 2, 0.05);
        assertEquals(
                Main.OK, run("compare", "--baseline", a.toString(), "--current", b.toString(), "--format", "json"));
        String json = stdout();
        double d = field(json, "ks", "score");
        double p = field(json, "ks", "p_value");
        // N(0,1) against N(0.05,1): D ≈ 2Φ(0.025) − 1 ≈ 0.020
        assertEquals(0.020, d, 0.003);
        // the asymptotic p-value, by hand: 2·exp(−2λ²), λ = D·√(nm/(n+m)) (the next term is e^{−8λ²})
        double lambda = d * Math.sqrt(1e12 / 2e6);
        assertEquals(2 * Math.exp(-2 * lambda * lambda), p, p * 1e-9);
        assertTrue(p < 1e-100, "p = " + p);
        // the job's rule: max(0.05, 1.9495 * sqrt(2e-6) = 0.0028) = 0.05
        double threshold = Math.max(0.05, significance(0.001, 1_000_000, 1_000_000));
        assertEquals(0.05, threshold);
        assertEquals(threshold, field(json, "ks", "threshold"), 1e-15);
        assertTrue(json.contains("\"drifted\":false,\"alert\":true"), json);

        // the table prints the tiny p-value in scientific notation
        assertEquals(Main.OK, run("compare", "--baseline", a.toString(), "--current", b.toString()));
        Matcher m =
                Pattern.compile("x +numeric +ks \\* +\\S+ +(\\d\\.\\de-\\d+) ").matcher(stdout());
        assertTrue(m.find(), stdout());
        assertEquals(p, Double.parseDouble(m.group(1)), p * 0.06);
        assertTrue(stdout().contains("x: no drift;"), stdout());

        // a lower minimum D, as the job would be configured: drift
        assertEquals(
                Main.DRIFT_FOUND,
                run(
                        "compare",
                        "--baseline",
                        a.toString(),
                        "--current",
                        b.toString(),
                        "--set",
                        "drift.ks-min-d=0.01",
                        "--fail-on-drift"),
                stdout());
        assertTrue(stdout().contains("x: DRIFTED;"), stdout());
    }

    @Test
    void theKsThresholdAtTheSampleSizesAndTheSettingsOfAConfigFile() throws IOException {
        Path a = normals("a.csv", 2000, 3, 0.0);
        Path b = normals("b.csv", 1500, 4, 0.0);
        Path config = Files.writeString(dir.resolve("driftwatch.yaml"), """
                kafka:
                  bootstrap-servers: localhost:9092
                drift:
                  metric: ml.feature.value
                  baseline:
                    mode: rolling
                  ks-min-d: 0.0
                  ks-alpha: 0.01
                  min-samples: 1500
                """);
        assertEquals(
                Main.OK,
                run(
                        "compare",
                        "--baseline",
                        a.toString(),
                        "--current",
                        b.toString(),
                        "--config",
                        config.toString(),
                        "--format",
                        "json"),
                stderr());
        assertEquals(significance(0.01, 2000, 1500), field(stdout(), "ks", "threshold"), 1e-12);
        assertTrue(stdout().contains("\"ks_alpha\":0.01") && stdout().contains("\"min_samples\":1500"), stdout());
        // --set wins over the file
        assertEquals(
                Main.OK,
                run(
                        "compare",
                        "--baseline",
                        a.toString(),
                        "--current",
                        b.toString(),
                        "--config",
                        config.toString(),
                        "--set",
                        "drift.ks-alpha=0.05",
                        "--set",
                        "drift.min-samples=1501",
                        "--format",
                        "json"),
                stderr());
        assertEquals(significance(0.05, 2000, 1500), field(stdout(), "ks", "threshold"), 1e-12);
        // 1500 current values < 1501: nothing decided
        assertTrue(stdout().contains("\"method\":\"ks\"") && stdout().contains("\"drifted\":null,\"alert\":true"));
    }

    @Test
    void badDriftSettingsAreReportedAllAtOnceInTheJobsWords() throws IOException {
        Path a = normals("a.csv", 10, 5, 0.0);
        Path config = Files.writeString(dir.resolve("bad.yaml"), """
                drift:
                  ks-alfa: 0.01
                  psi-threshold: -1
                  bins: many
                  numeric-alert-method: wasserstein
                """);
        assertEquals(
                Main.INPUT_ERROR,
                run(
                        "compare",
                        "--baseline",
                        a.toString(),
                        "--current",
                        a.toString(),
                        "--config",
                        config.toString(),
                        "--set",
                        "drift.resolve-ratio=2",
                        "--set",
                        "drift.js-treshold=0.2",
                        "--set",
                        "kafka.group-id=x"));
        String f = config.toString();
        for (String expected : List.of(
                f + ":2:3: unknown key 'drift.ks-alfa' (did you mean 'drift.ks-alpha'?)",
                f + ":3:3: drift.psi-threshold: must be greater than 0 (got -1.0)",
                f + ":4:3: drift.bins: \"many\" is not an integer",
                f + ":5:3: drift.numeric-alert-method: must be one of ks, psi, js (got \"wasserstein\")",
                "--set drift.resolve-ratio=2: must be in (0, 1] (got 2.0)",
                "--set drift.js-treshold=0.2: unknown key 'drift.js-treshold' (did you mean 'drift.js-threshold'?)",
                "--set kafka.group-id=x: compare reads only the drift.* keys of the job's configuration")) {
            assertTrue(stderr().contains(expected), expected + " in\n" + stderr());
        }
    }

    @Test
    void missingValuesAreCountedAndAStrayValueIsInvalidNotACategory() throws IOException {
        // baseline: 1000 numbers, 10 empty; current: 1000 numbers (one 'abc'), 60 missing as NA, null, NaN
        StringBuilder b = new StringBuilder("x\n");
        StringBuilder c = new StringBuilder("x\n");
        for (int i = 0; i < 1000; i++) {
            b.append(i % 100).append('\n');
            c.append(i == 500 ? "abc" : String.valueOf(i % 100)).append('\n');
        }
        // a blank cell (an empty one would be a blank line in a one-column file)
        b.append(" \n".repeat(10));
        for (int i = 0; i < 20; i++) {
            c.append("NA\nnull\nNaN\n");
        }
        Path a = Files.writeString(dir.resolve("a.csv"), b);
        Path cur = Files.writeString(dir.resolve("c.csv"), c);
        assertEquals(
                Main.OK,
                run("compare", "--baseline", a.toString(), "--current", cur.toString(), "--format", "json"),
                stderr());
        String json = stdout();
        assertTrue(json.contains("\"type\":\"numeric\""), json);
        assertTrue(json.contains("\"n_baseline\":1000,\"n_current\":999"), json);
        assertTrue(
                json.contains("\"rows_baseline\":1010,\"rows_current\":1060,\"missing_baseline\":10,"
                        + "\"missing_current\":60"),
                json);
        assertTrue(
                json.contains("\"invalid_baseline\":0,\"invalid_current\":1,\"first_invalid\":\"" + cur
                        + " line 502 value 'abc'\""),
                json);
        // the same values on both sides but one: PSI near 0, not "drifted" from a categorical reading
        assertTrue(field(json, "psi", "score") < 0.001, json);
        // missing share 10/1010 -> 60/1060: by hand, two-proportion z-test at alpha 1e-6, at least 0.01
        double pb = 10 / 1010.0;
        double pc = 60 / 1060.0;
        double pooled = 70 / 2070.0;
        double z = 4.891638475698; // Φ⁻¹(1 − 5e-7)
        double threshold = Math.max(0.01, z * Math.sqrt(pooled * (1 - pooled) * (1 / 1010.0 + 1 / 1060.0)));
        assertEquals(threshold, number(json, "missing_share_threshold"), 1e-9);
        assertEquals(pc - pb, number(json, "missing_share_change"), 1e-12);
        assertTrue(pc - pb >= threshold && json.contains("\"missing_changed\":true"), json);

        // forced to string, 'abc' is a category and nothing is invalid
        assertEquals(
                Main.OK,
                run(
                        "compare",
                        "--baseline",
                        a.toString(),
                        "--current",
                        cur.toString(),
                        "--type",
                        "x=categorical",
                        "--format",
                        "json"),
                stderr());
        assertTrue(stdout().contains("\"type\":\"string\"") && stdout().contains("\"n_current\":1000"), stdout());
    }

    @Test
    void severalMethodsOverMixedColumnsGiveEachColumnThoseThatApply() throws IOException {
        StringBuilder sb = new StringBuilder("x,colour\n");
        for (int i = 0; i < 100; i++) {
            sb.append(i).append(',').append(i % 3 == 0 ? "red" : "blue").append('\n');
        }
        Path a = Files.writeString(dir.resolve("a.csv"), sb);
        assertEquals(
                Main.OK,
                run(
                        "compare",
                        "--baseline",
                        a.toString(),
                        "--current",
                        a.toString(),
                        "--method",
                        "psi,ks",
                        "--format",
                        "json"),
                stderr());
        List<String> pairs = new ArrayList<>();
        Matcher m = Pattern.compile("\"column\":\"(\\w+)\",\"type\":\"\\w+\",\"method\":\"(\\w+)\"")
                .matcher(stdout());
        while (m.find()) {
            pairs.add(m.group(1) + " " + m.group(2));
        }
        assertEquals(List.of("x psi", "x ks", "colour psi"), pairs);
    }

    private static double field(String json, String method, String name) {
        Matcher m = Pattern.compile("\\{[^{}]*\"method\":\"" + method + "\"[^{}]*\"" + name + "\":([-0-9.Ee]+)")
                .matcher(json);
        assertTrue(m.find(), method + "." + name + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    private static double number(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":([-0-9.Ee]+)").matcher(json);
        assertTrue(m.find(), name + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
