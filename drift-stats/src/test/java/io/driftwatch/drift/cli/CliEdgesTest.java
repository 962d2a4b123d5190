package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV ends, output formats and drift decisions of the compare command's parts. */
class CliEdgesTest {

    private static final Path FILE = Path.of("t.csv");

    @Test
    void aQuoteOrCarriageReturnEndingTheFile() throws CliException {
        CsvTable quoted = CsvTable.parse(FILE, "v\n\"a\"");
        assertEquals(1, quoted.size());
        assertEquals("a", quoted.value(0, 0));
        CsvTable cr = CsvTable.parse(FILE, "v\r1\r");
        assertEquals(1, cr.size());
        assertEquals("1", cr.value(0, 0));
        assertTrue(cr.hasColumn("v"));
        assertFalse(cr.hasColumn("w"));
    }

    private static final MethodResult PSI =
            new MethodResult("x", "numeric", DriftMethod.PSI, 0.5, null, 10, 20, 0.25, true);
    private static final MethodResult KS =
            new MethodResult("x", "numeric", DriftMethod.KS, 0.125, 0.5, 10, 20, 0.05, false);
    private static final MethodResult W1 =
            new MethodResult("x", "numeric", DriftMethod.WASSERSTEIN, 1.5, null, 10, 20, null, null);

    @Test
    void jsonSeparatesResultsWithCommas() {
        assertEquals(
                "{\"baseline\":\"b\",\"current\":\"c\",\"results\":["
                        + "{\"column\":\"x\",\"type\":\"numeric\",\"method\":\"psi\",\"score\":0.5,\"p_value\":null,"
                        + "\"n_baseline\":10,\"n_current\":20,\"threshold\":0.25,\"drifted\":true},"
                        + "{\"column\":\"x\",\"type\":\"numeric\",\"method\":\"ks\",\"score\":0.125,\"p_value\":0.5,"
                        + "\"n_baseline\":10,\"n_current\":20,\"threshold\":0.05,\"drifted\":false},"
                        + "{\"column\":\"x\",\"type\":\"numeric\",\"method\":\"wasserstein\",\"score\":1.5,"
                        + "\"p_value\":null,\"n_baseline\":10,\"n_current\":20,\"threshold\":null,\"drifted\":null}]}",
                ResultFormatter.json("b", "c", List.of(PSI, KS, W1)));
    }

    @Test
    void tableShowsDashesWhereThereIsNoValue() {
        String format = "%-20s %-8s %-12s %12s %12s %10s %10s %10s %-7s%n";
        String expected = String.format(
                        java.util.Locale.ROOT,
                        format,
                        "column",
                        "type",
                        "method",
                        "score",
                        "p_value",
                        "n_base",
                        "n_current",
                        "threshold",
                        "drifted")
                + String.format(
                        java.util.Locale.ROOT, format, "x", "numeric", "psi", "0.500000", "-", 10, 20, "0.2500", "yes")
                + String.format(
                        java.util.Locale.ROOT,
                        format,
                        "x",
                        "numeric",
                        "ks",
                        "0.125000",
                        "0.5000",
                        10,
                        20,
                        "0.05000",
                        "no")
                + String.format(
                        java.util.Locale.ROOT, format, "x", "numeric", "wasserstein", "1.50000", "-", 10, 20, "-", "-");
        assertEquals(expected, ResultFormatter.table(List.of(PSI, KS, W1)));
    }

    @Test
    void quoteEscapesControlCharactersButNotSpace() {
        assertEquals("\"a b\\u001f\\t\\n\\r\\\\\\\"\"", ResultFormatter.quote("a b\u001f\t\n\r\\\""));
    }

    private static CsvTable table(String text) throws CliException {
        return CsvTable.parse(FILE, text);
    }

    @Test
    void decisionsOfEachMethod() throws CliException {
        StringBuilder same = new StringBuilder("v\n");
        StringBuilder shifted = new StringBuilder("v\n");
        for (int i = 0; i < 200; i++) {
            same.append(i % 20).append('\n');
            shifted.append(i % 20 + 15).append('\n');
        }
        List<DriftMethod> all = List.of(DriftMethod.KS, DriftMethod.JS, DriftMethod.CHI2);
        List<MethodResult> none =
                new ColumnComparator(table(same.toString()), table(same.toString()), 10).compare("v", all);
        List<MethodResult> drift =
                new ColumnComparator(table(same.toString()), table(shifted.toString()), 10).compare("v", all);
        for (int i = 0; i < all.size(); i++) {
            assertEquals(all.get(i), none.get(i).method());
            assertEquals(Boolean.FALSE, none.get(i).drifted(), all.get(i).cliName());
            assertEquals(Boolean.TRUE, drift.get(i).drifted(), all.get(i).cliName());
        }
        assertEquals(0.0, none.get(0).score());
        assertEquals(0.75, drift.get(0).score()); // 15 of 20 values apart
    }

    @Test
    void failOnDriftExitsZeroWithoutDrift(@TempDir Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("v\n");
        for (int i = 0; i < 50; i++) {
            csv.append(i % 10).append('\n');
        }
        Path a = Files.writeString(dir.resolve("a.csv"), csv);
        Path b = Files.writeString(dir.resolve("b.csv"), csv);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(
                new String[] {"compare", "--baseline", a.toString(), "--current", b.toString(), "--fail-on-drift"},
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(Main.OK, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains(" no "), out.toString(StandardCharsets.UTF_8));
    }
}
