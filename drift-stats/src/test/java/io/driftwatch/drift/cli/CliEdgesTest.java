package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.feature.DriftPolicy;
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
            new MethodResult("x", "numeric", DriftMethod.PSI, 0.5, null, 10, 20, 0.25, true, false);
    private static final MethodResult KS =
            new MethodResult("x", "numeric", DriftMethod.KS, 0.125, 0.5, 10, 20, 0.05, false, true);
    private static final MethodResult W1 =
            new MethodResult("x", "numeric", DriftMethod.WASSERSTEIN, 1.5, null, 10, 20, null, null, false);

    /** Column x: 10 usable values and 2 missing of 12 baseline rows, 20 and 0 of 20 current ones. */
    private static ColumnReport report() throws CliException {
        CsvTable b = CsvTable.parse(FILE, "x\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\nNA\n\"\"\n");
        StringBuilder c = new StringBuilder("x\n");
        for (int i = 0; i < 20; i++) {
            c.append(i).append('\n');
        }
        ColumnData data = ColumnData.of(b, CsvTable.parse(FILE, c.toString()), "x", null);
        return new ColumnReport(data, List.of(PSI, KS, W1), 0.25, false, false, null);
    }

    @Test
    void jsonKeepsTheOldKeysAndAddsTheNewBesideThem() throws CliException {
        String shares = ",\"missing_share_baseline\":" + (2 / 12.0) + ",\"missing_share_current\":0.0}";
        assertEquals(
                "{\"baseline\":\"b\",\"current\":\"c\",\"policy\":{\"bins\":10,\"psi_threshold\":0.25,"
                        + "\"js_threshold\":0.1,\"ks_min_d\":0.05,\"ks_alpha\":1.0E-6,\"numeric_alert_method\":\"ks\","
                        + "\"categorical_alert_method\":\"psi\",\"min_samples\":1000},\"results\":["
                        + "{\"column\":\"x\",\"type\":\"numeric\",\"method\":\"psi\",\"score\":0.5,\"p_value\":null,"
                        + "\"n_baseline\":10,\"n_current\":20,\"threshold\":0.25,\"drifted\":true,\"alert\":false"
                        + shares + ","
                        + "{\"column\":\"x\",\"type\":\"numeric\",\"method\":\"ks\",\"score\":0.125,\"p_value\":0.5,"
                        + "\"n_baseline\":10,\"n_current\":20,\"threshold\":0.05,\"drifted\":false,\"alert\":true"
                        + shares + ","
                        + "{\"column\":\"x\",\"type\":\"numeric\",\"method\":\"wasserstein\",\"score\":1.5,"
                        + "\"p_value\":null,\"n_baseline\":10,\"n_current\":20,\"threshold\":null,\"drifted\":null,"
                        + "\"alert\":false" + shares + "],\"columns\":["
                        + "{\"column\":\"x\",\"type\":\"numeric\",\"rows_baseline\":12,\"rows_current\":20,"
                        + "\"missing_baseline\":2,\"missing_current\":0,\"missing_share_baseline\":" + (2 / 12.0)
                        + ",\"missing_share_current\":0.0,\"missing_share_change\":" + (-2 / 12.0)
                        + ",\"missing_share_threshold\":0.25,\"missing_changed\":false,\"invalid_baseline\":0,"
                        + "\"invalid_current\":0,\"first_invalid\":null,\"drifted\":false}]}",
                ResultFormatter.json("b", "c", DriftPolicy.defaults(), List.of(report())));
    }

    @Test
    void tableShowsDashesWhereThereIsNoValueAndMarksTheDecidingMethod() throws CliException {
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
                        "ks *",
                        "0.125000",
                        "0.5000",
                        10,
                        20,
                        "0.05000",
                        "no")
                + String.format(
                        java.util.Locale.ROOT, format, "x", "numeric", "wasserstein", "1.50000", "-", 10, 20, "-", "-")
                + String.format(
                        java.util.Locale.ROOT,
                        "%n* decides the column (drift.numeric-alert-method ks, drift.categorical-alert-method psi);"
                                + " nothing is decided below 1000 values per side (drift.min-samples)%n")
                + "x: no drift; missing 16.67% -> 0.00% (unchanged, threshold 25.00%)" + System.lineSeparator();
        assertEquals(expected, ResultFormatter.table(DriftPolicy.defaults(), List.of(report())));
    }

    @Test
    void smallPValuesInScientificNotation() {
        assertEquals("2.3e-193", ResultFormatter.pValue(2.3e-193));
        assertEquals("9.9e-04", ResultFormatter.pValue(0.00099));
        assertEquals("0.001000", ResultFormatter.pValue(0.001));
        assertEquals("0.5000", ResultFormatter.pValue(0.5));
        assertEquals("0", ResultFormatter.pValue(0.0));
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
        ColumnComparator comparator =
                new ColumnComparator(DriftPolicy.builder().minSamples(200).build());
        List<MethodResult> none = comparator
                .compare(ColumnData.of(table(same.toString()), table(same.toString()), "v", null), all)
                .results();
        List<MethodResult> drift = comparator
                .compare(ColumnData.of(table(same.toString()), table(shifted.toString()), "v", null), all)
                .results();
        for (int i = 0; i < 2; i++) {
            assertEquals(all.get(i), none.get(i).method());
            assertEquals(Boolean.FALSE, none.get(i).drifted(), all.get(i).cliName());
            assertEquals(Boolean.TRUE, drift.get(i).drifted(), all.get(i).cliName());
        }
        // chi2 is reported, not decided (as in the job)
        assertEquals(null, drift.get(2).drifted());
        assertEquals(null, drift.get(2).threshold());
        assertEquals(0.0, none.get(0).score());
        assertEquals(0.75, drift.get(0).score()); // 15 of 20 values apart
        // one value fewer than min-samples: nothing decided
        List<MethodResult> few = new ColumnComparator(
                        DriftPolicy.builder().minSamples(201).build())
                .compare(ColumnData.of(table(same.toString()), table(shifted.toString()), "v", null), all)
                .results();
        assertEquals(null, few.get(0).drifted());
        assertEquals(0.75, few.get(0).score());
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
        // 50 values per side, fewer than the job's 1000: undecided, as the job would leave it
        assertTrue(
                out.toString(StandardCharsets.UTF_8).contains("v: undecided;"), out.toString(StandardCharsets.UTF_8));
    }
}
