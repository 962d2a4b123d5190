package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.distance.Wasserstein;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.psi.Psi;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    @TempDir
    Path dir;

    private Path baseline;
    private Path current;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static final double[] BASE_X = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    private static final double[] CUR_X = {1, 2, 6, 7, 8, 9, 10, 11};

    @BeforeEach
    void writeFiles() throws IOException {
        StringBuilder b = new StringBuilder("x,colour,note\n");
        String[] colours = {"red", "red", "blue", "blue", "red", "green", "red", "blue", "red", "blue"};
        for (int i = 0; i < BASE_X.length; i++) {
            b.append((int) BASE_X[i]).append(',').append(colours[i]).append(",\"a, b\"\n");
        }
        StringBuilder c = new StringBuilder("note,x,colour\n");
        String[] curColours = {"red", "green", "green", "green", "blue", "green", "red", "red"};
        for (int i = 0; i < CUR_X.length; i++) {
            c.append("n,")
                    .append((int) CUR_X[i])
                    .append(',')
                    .append(curColours[i])
                    .append('\n');
        }
        c.append("n,,red\n"); // empty x: skipped
        baseline = Files.writeString(dir.resolve("base.csv"), b);
        current = Files.writeString(dir.resolve("cur.csv"), c);
    }

    private int run(String... args) {
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

    @Test
    void numericColumnDefaultMethodsAsJsonMatchLibraryResults() {
        int code = run(
                "compare",
                "--baseline",
                baseline.toString(),
                "--current",
                current.toString(),
                "--column",
                "x",
                "--bins",
                "2",
                "--set",
                "drift.min-samples=1",
                "--format",
                "json");
        assertEquals(Main.OK, code, stderr());
        String json = stdout();
        // hand-computed in PsiTest: 0.274653
        assertEquals(Psi.compute(BASE_X, CUR_X, 2, Psi.Binning.QUANTILE), field(json, "psi", "score"), 1e-12);
        assertEquals(0.274653, field(json, "psi", "score"), 1e-6);
        assertEquals(KolmogorovSmirnov.test(BASE_X, CUR_X).pValue(), field(json, "ks", "p_value"), 1e-12);
        assertEquals(Wasserstein.distance(BASE_X, CUR_X), field(json, "wasserstein", "score"), 1e-12);
        assertTrue(json.contains("\"method\":\"js\""), json);
        assertTrue(json.contains("\"n_baseline\":10,\"n_current\":8"), json);
        assertTrue(json.contains("\"method\":\"psi\",\"score\":0.2746") && json.contains("\"drifted\":true"), json);
        assertTrue(
                json.contains("\"method\":\"wasserstein\"") && json.contains("\"threshold\":null,\"drifted\":null"),
                json);
    }

    @Test
    void stringColumnDefaultsToPsiJsAndChi2AndFailOnDriftExitsThree() {
        int code = run(
                "compare",
                "--baseline",
                baseline.toString(),
                "--current",
                current.toString(),
                "--column",
                "colour",
                "--set",
                "drift.min-samples=1",
                "--fail-on-drift");
        assertEquals(Main.DRIFT_FOUND, code, stderr());
        String table = stdout();
        assertTrue(table.contains("colour") && table.contains("string") && table.contains("chi2"), table);
        assertTrue(!table.contains(" ks "), table);
        double expected =
                Psi.categorical(Map.of("red", 5L, "blue", 4L, "green", 1L), Map.of("red", 4L, "blue", 1L, "green", 4L));
        assertTrue(table.contains(String.format(java.util.Locale.ROOT, "%.6g", expected)), table);
    }

    @Test
    void allColumnsByDefaultExitZeroWithoutFlag() {
        assertEquals(
                Main.OK, run("compare", "--baseline", baseline.toString(), "--current", current.toString()), stderr());
        assertTrue(stdout().contains("note"), stdout());
    }

    @Test
    void missingFile() {
        assertEquals(
                Main.INPUT_ERROR,
                run("compare", "--baseline", dir.resolve("nope.csv").toString(), "--current", current.toString()));
        assertTrue(stderr().contains("file not found") && stderr().contains("nope.csv"), stderr());
    }

    @Test
    void missingColumn() {
        assertEquals(
                Main.INPUT_ERROR,
                run("compare", "--baseline", baseline.toString(), "--current", current.toString(), "--column", "age"));
        assertTrue(stderr().contains("base.csv") && stderr().contains("no column 'age'"), stderr());
    }

    @Test
    void emptyColumn() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.csv"), "x,colour\n,red\n,blue\n");
        assertEquals(
                Main.INPUT_ERROR,
                run("compare", "--baseline", baseline.toString(), "--current", empty.toString(), "--column", "x"));
        assertTrue(
                stderr().contains("empty.csv")
                        && stderr().contains("column 'x' has no numeric values (2 rows, 2 missing, 0 invalid)"),
                stderr());
    }

    @Test
    void aMostlyTextColumnIsStringAndSkipsNumericMethodsButForcedNumericNamesTheInvalidValue() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.csv"), "x\n1\n2\nabc\n");
        // 12 of 13 non-missing cells are numbers (92 % < 99 %): a string column, which ks does not apply to
        assertEquals(
                Main.OK,
                run(
                        "compare",
                        "--baseline",
                        baseline.toString(),
                        "--current",
                        bad.toString(),
                        "--column",
                        "x",
                        "--method",
                        "ks"),
                stderr());
        assertTrue(stderr().contains("column 'x' is string: none of the methods asked for applies"), stderr());
        out.reset();
        assertEquals(
                Main.OK,
                run(
                        "compare",
                        "--baseline",
                        baseline.toString(),
                        "--current",
                        bad.toString(),
                        "--column",
                        "x",
                        "--type",
                        "x=numeric",
                        "--method",
                        "ks",
                        "--format",
                        "json"),
                stderr());
        assertTrue(
                stdout().contains("\"invalid_baseline\":0,\"invalid_current\":1,\"first_invalid\":\"" + bad
                        + " line 4 value 'abc'\""),
                stdout());
        assertTrue(stdout().contains("\"n_baseline\":10,\"n_current\":2"), stdout());
    }

    @Test
    void malformedCsvAndBadArguments() throws IOException {
        Path ragged = Files.writeString(dir.resolve("ragged.csv"), "x,y\n1,2\n3\n");
        assertEquals(
                Main.INPUT_ERROR, run("compare", "--baseline", ragged.toString(), "--current", current.toString()));
        assertTrue(stderr().contains("ragged.csv line 3"), stderr());
        assertEquals(Main.INPUT_ERROR, run());
        assertEquals(Main.INPUT_ERROR, run("diff"));
        assertEquals(Main.INPUT_ERROR, run("compare", "--baseline", baseline.toString()));
        assertEquals(
                Main.INPUT_ERROR,
                run(
                        "compare",
                        "--baseline",
                        baseline.toString(),
                        "--current",
                        current.toString(),
                        "--method",
                        "psi,foo"));
        assertEquals(
                Main.INPUT_ERROR,
                run("compare", "--baseline", baseline.toString(), "--current", current.toString(), "--bins", "1"));
        assertEquals(
                Main.INPUT_ERROR,
                run("compare", "--baseline", baseline.toString(), "--current", current.toString(), "--format", "xml"));
        assertTrue(stderr().contains("usage:"), stderr());
    }

    @Test
    void helpExitsZeroAndListsEveryOptionWithItsDefault() {
        assertEquals(Main.OK, run("compare", "--help"), stderr());
        String help = stdout();
        assertTrue(
                help.startsWith("usage: drift-stats compare --baseline A.csv --current B.csv [--column NAME ...]\n"),
                help);
        for (String option : new String[] {
            "--baseline", "--current", "--column", "--method", "--bins", "--format", "--fail-on-drift", "--help"
        }) {
            assertTrue(help.contains(option), option + " in " + help);
        }
        assertTrue(
                help.contains("(default: drift.bins, " + Psi.DEFAULT_BINS + ")") && help.contains("(default: table)"),
                help);
        assertEquals("", stderr());

        out.reset();
        assertEquals(Main.OK, run("--help"));
        assertTrue(stdout().contains("compare") && stdout().contains("usage: drift-stats"), stdout());
        out.reset();
        assertEquals(Main.OK, run("help", "compare"));
        assertTrue(stdout().contains("--fail-on-drift"), stdout());
    }

    @Test
    void badArgumentsExitTwoNamingTheOptionAndValueThenTheUsage() {
        String[][] cases = {
            {"--bins", "abc", "Invalid value for option '--bins': 'abc' is not an int"},
            {"--bins", "1", "Invalid value for option '--bins': must be at least 2, got 1"},
            {"--format", "xml", "Invalid value for option '--format': expected one of table, json, html, got 'xml'"},
            {"--method", "psi,foo", "unknown method 'foo' (known: psi, ks, js, wasserstein, chi2)"},
            {"--colour", "red", "Unknown options: '--colour', 'red'"},
        };
        for (String[] c : cases) {
            err.reset();
            assertEquals(
                    Main.INPUT_ERROR,
                    run("compare", "--baseline", baseline.toString(), "--current", current.toString(), c[0], c[1]),
                    c[0]);
            String[] lines = stderr().split("\n");
            assertTrue(lines[0].startsWith("drift-stats compare: ") && lines[0].contains(c[2]), stderr());
            assertTrue(
                    stderr().contains("\nusage: drift-stats compare --baseline A.csv")
                            && stderr().endsWith("Run with --help for every option.\n"),
                    stderr());
            assertEquals("", stdout());
        }
        err.reset();
        assertEquals(Main.INPUT_ERROR, run("compare", "--current", current.toString()));
        assertTrue(stderr().contains("Missing required option: '--baseline=A.csv'"), stderr());
        err.reset();
        assertEquals(Main.INPUT_ERROR, run("compare", "--baseline", "--current", current.toString()));
        assertTrue(stderr().contains("'--baseline'"), stderr());
        err.reset();
        assertEquals(Main.INPUT_ERROR, run("compar"));
        assertTrue(stderr().contains("'compar'") && stderr().contains("Did you mean: drift-stats compare?"), stderr());
    }

    @Test
    void repeatedColumnsAndMethodsAccumulateAndMethodsAreNotRepeated() {
        assertEquals(
                Main.OK,
                run(
                        "compare",
                        "--baseline",
                        baseline.toString(),
                        "--current",
                        current.toString(),
                        "--column",
                        "x",
                        "--column=colour",
                        "--method",
                        "psi,chi2",
                        "--method",
                        "PSI",
                        "--format=json"),
                stderr());
        String json = stdout();
        assertEquals(4, json.split("\"method\":").length - 1, json);
        assertTrue(json.contains("\"column\":\"x\"") && json.contains("\"column\":\"colour\""), json);
    }

    /** Extracts a numeric field of the result object with the given method from the JSON output. */
    private static double field(String json, String method, String name) {
        Matcher m = Pattern.compile("\\{[^{}]*\"method\":\"" + method + "\"[^{}]*\"" + name + "\":([-0-9.Ee]+)")
                .matcher(json);
        assertTrue(m.find(), method + "." + name + " in " + json);
        return Double.parseDouble(m.group(1));
    }
}
