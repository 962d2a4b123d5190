package io.driftwatch.drift.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.feature.DriftPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What compare's report draws (bins as intervals, shares, the two empirical CDFs and where D is reached),
 * the column's verdict when its alert method was not asked for, and the column type's edge cases; all
 * against values worked out by hand.
 */
class ColumnChartsTest {

    private static final Path B = Path.of("b.csv");
    private static final Path C = Path.of("c.csv");

    private static String csv(String header, List<?> cells) {
        StringBuilder sb = new StringBuilder(header).append('\n');
        cells.forEach(c -> sb.append(c).append('\n'));
        return sb.toString();
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> l = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            l.add(i);
        }
        return l;
    }

    private static ColumnReport compare(String baseline, String current, DriftPolicy policy, DriftMethod... methods)
            throws CliException {
        ColumnData data = ColumnData.of(CsvTable.parse(B, baseline), CsvTable.parse(C, current), "x", null);
        return new ColumnComparator(policy).compare(data, List.of(methods));
    }

    /**
     * Baseline 1..10, current 6..15, two bins: the edge is the baseline median 5.5; baseline shares 1/2, 1/2,
     * current 0, 1. CDFs on 201 points from 1 to 15; D = 0.5, first reached at 5 (F_b = 0.5, F_c = 0).
     */
    @Test
    void numericChartByHand() throws CliException {
        ColumnReport r = compare(
                csv("x", range(1, 10)),
                csv("x", range(6, 15)),
                DriftPolicy.builder().bins(2).build());
        ColumnReport.Chart chart = r.chart();
        assertEquals(List.of("(-inf, 5.500]", "(5.500, inf)"), chart.labels());
        assertArrayEquals(new double[] {0.5, 0.5}, chart.baseline(), 1e-15);
        assertArrayEquals(new double[] {0.0, 1.0}, chart.current(), 1e-15);
        assertEquals(201, chart.cdfX().length);
        assertEquals(1.0, chart.cdfX()[0]);
        assertEquals(8.0, chart.cdfX()[100]);
        assertEquals(15.0, chart.cdfX()[200]);
        assertEquals(1 + 14 * 0.005, chart.cdfX()[1], 1e-12);
        for (int k = 0; k <= 200; k++) {
            double at = chart.cdfX()[k];
            // F(v) = share of values <= v, counted directly
            assertEquals(range(1, 10).stream().filter(v -> v <= at).count() / 10.0, chart.cdfBaseline()[k], 1e-15);
            assertEquals(range(6, 15).stream().filter(v -> v <= at).count() / 10.0, chart.cdfCurrent()[k], 1e-15);
        }
        assertEquals(0.1, chart.cdfBaseline()[0], "the lowest point counts the value equal to it");
        assertEquals(1.0, chart.cdfCurrent()[200]);
        assertEquals(0.5, chart.ksD());
        assertEquals(5.0, chart.ksX(), "the first value where D is reached (also at 10)");
    }

    /** Three edges, labels with 4 significant digits: 1..100 in 4 bins, type-7 quartiles 25.75, 50.5, 75.25. */
    @Test
    void binLabelsAreIntervals() throws CliException {
        ColumnReport r = compare(
                csv("x", range(1, 100)),
                csv("x", range(1, 100)),
                DriftPolicy.builder().bins(4).build());
        assertEquals(
                List.of("(-inf, 25.75]", "(25.75, 50.50]", "(50.50, 75.25]", "(75.25, inf)"),
                r.chart().labels());
        assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, r.chart().current(), 1e-15);
    }

    /** Categories ordered by their count in both files (ties in order of appearance); shares per file. */
    @Test
    void categoricalChartByHand() throws CliException {
        ColumnReport r = compare(
                csv("x", List.of("a", "a", "a", "b")),
                csv("x", List.of("b", "b", "c", "c", "c", "c", "c")),
                DriftPolicy.defaults());
        ColumnReport.Chart chart = r.chart();
        assertEquals(List.of("c", "a", "b"), chart.labels());
        assertArrayEquals(new double[] {0, 0.75, 0.25}, chart.baseline(), 1e-15);
        assertArrayEquals(new double[] {5 / 7.0, 0, 2 / 7.0}, chart.current(), 1e-15);
        assertEquals(0, chart.cdfX().length);
        assertTrue(Double.isNaN(chart.ksX()) && Double.isNaN(chart.ksD()));
    }

    /** 20 categories are drawn one by one; of 22, the two least frequent are one "other (2)" bar. */
    @Test
    void categoriesBeyondTwentyAreOneBar() throws CliException {
        List<String> twenty = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            for (int i = 0; i <= 20 - k; i++) {
                twenty.add("k" + k); // k0 21 times, k1 20 times, ... k19 twice
            }
        }
        ColumnReport r = compare(csv("x", twenty), csv("x", twenty), DriftPolicy.defaults());
        assertEquals(20, r.chart().labels().size());
        assertEquals("k0", r.chart().labels().get(0));
        assertEquals("k19", r.chart().labels().get(19));

        List<String> more = new ArrayList<>(twenty);
        more.add("rare1");
        more.add("rare2");
        more.add("rare2");
        List<String> current = new ArrayList<>(twenty);
        current.add("rare1");
        ColumnReport.Chart chart = compare(csv("x", more), csv("x", current), DriftPolicy.defaults())
                .chart();
        assertEquals(21, chart.labels().size());
        assertEquals("other (2)", chart.labels().get(20));
        assertEquals("k19", chart.labels().get(19));
        int n = twenty.size();
        assertEquals(3.0 / (n + 3), chart.baseline()[20], 1e-15);
        assertEquals(1.0 / (n + 1), chart.current()[20], 1e-15);
        assertEquals(21.0 / (n + 3), chart.baseline()[0], 1e-15);
        double sum = 0;
        for (double v : chart.baseline()) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-12);
    }

    /**
     * Asked for js alone while ks decides numeric columns: the verdict is whether any asked-for method
     * drifted; nothing decided below min-samples.
     */
    @Test
    void verdictWithoutTheAlertMethodIsAnyAskedForMethod() throws CliException {
        DriftPolicy one = DriftPolicy.builder().minSamples(1).bins(2).build();
        ColumnReport drifted = compare(csv("x", range(1, 10)), csv("x", range(6, 15)), one, DriftMethod.JS);
        assertEquals(1, drifted.results().size());
        assertEquals(false, drifted.results().get(0).alert());
        assertEquals(Boolean.TRUE, drifted.drifted());
        ColumnReport same = compare(csv("x", range(1, 10)), csv("x", range(1, 10)), one, DriftMethod.JS);
        assertEquals(Boolean.FALSE, same.drifted());
        ColumnReport twoMethods =
                compare(csv("x", range(1, 10)), csv("x", range(1, 10)), one, DriftMethod.JS, DriftMethod.PSI);
        assertEquals(Boolean.FALSE, twoMethods.drifted());
        ColumnReport undecided = compare(
                csv("x", range(1, 10)),
                csv("x", range(6, 15)),
                DriftPolicy.builder().minSamples(11).bins(2).build(),
                DriftMethod.JS);
        assertNull(undecided.drifted());
        assertNull(undecided.results().get(0).drifted());
        ColumnReport w1 = compare(csv("x", range(1, 10)), csv("x", range(6, 15)), one, DriftMethod.WASSERSTEIN);
        assertNull(w1.drifted(), "wasserstein is not decided");
    }

    /** The missing-share rule: the same share is no change, whatever the share. */
    @Test
    void anUnchangedMissingShareIsNoChange() throws CliException {
        List<String> half = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            half.add(Integer.toString(i));
            half.add("NA");
        }
        ColumnReport r = compare(csv("x", half), csv("x", half), DriftPolicy.defaults());
        assertEquals(0.0, r.missingChange());
        assertEquals(false, r.missingChanged());
        assertEquals(0.01, MissingShare.threshold(0, 0, 3, 10, 0.001), "no baseline rows");
        assertEquals(0.01, MissingShare.threshold(3, 10, 0, 0, 0.001), "no current rows");
        // p = 0.2, z(0.975) = 1.959963985, se = sqrt(0.2 * 0.8 * 0.02)
        assertEquals(1.959963985 * Math.sqrt(0.0032), MissingShare.threshold(10, 100, 30, 100, 0.05), 1e-8);
    }

    /** 99 numbers of 100 cells: numeric (at the 99 % edge) with one invalid cell; 98 of 100: string. */
    @Test
    void theNumericShareEdge() throws CliException {
        List<Object> cells = new ArrayList<>(range(1, 99));
        cells.add("oops");
        ColumnData data =
                ColumnData.of(CsvTable.parse(B, csv("x", cells)), CsvTable.parse(C, csv("x", cells)), "x", null);
        assertEquals(ColumnData.Type.NUMERIC, data.type);
        assertEquals(1, data.baseline.invalid());
        assertEquals(99, data.baseline.count());
        List<Object> fewer = new ArrayList<>(range(1, 98));
        fewer.add("oops");
        fewer.add("again");
        ColumnData strings =
                ColumnData.of(CsvTable.parse(B, csv("x", fewer)), CsvTable.parse(C, csv("x", fewer)), "x", null);
        assertEquals(ColumnData.Type.STRING, strings.type);
    }

    /** A column with no value in either file is a string column without values; the baseline is named. */
    @Test
    void aColumnWithoutValuesIsNamedWithItsFile() {
        CliException none = assertThrows(
                CliException.class,
                () -> ColumnData.of(
                        CsvTable.parse(B, csv("x", List.of("NA", "null"))),
                        CsvTable.parse(C, csv("x", List.of("null"))),
                        "x",
                        null));
        assertEquals("b.csv: column 'x' has no string values (2 rows, 2 missing, 0 invalid)", none.getMessage());
        CliException baselineOnly = assertThrows(
                CliException.class,
                () -> ColumnData.of(
                        CsvTable.parse(B, csv("x", List.of("a", "b"))),
                        CsvTable.parse(C, csv("x", List.of("1", "2"))),
                        "x",
                        ColumnData.Type.NUMERIC));
        assertEquals(
                "b.csv: column 'x' has no numeric values (2 rows, 0 missing, 2 invalid, first: b.csv line 2 value 'a')",
                baselineOnly.getMessage());
    }
}
