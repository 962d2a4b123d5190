package io.driftwatch.drift.cli;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One column of both files, its cells sorted into missing, invalid and usable values, with its type.
 *
 * <p><b>Missing</b>: empty or blank cells, {@code NA}, {@code null}, {@code NaN} (any case). <b>Type</b>
 * (unless forced): numeric when at least {@value #NUMERIC_SHARE} of the non-missing cells of both files
 * together are finite decimal numbers ({@link CsvTable#number}), else string; in a numeric column the other
 * non-missing cells are <b>invalid</b>: counted and reported, left out of the scores. One stray value thus
 * no longer turns a numeric column into categories. A column forced to numeric counts every non-number as
 * invalid; forced to string, every non-missing cell is a category.
 */
final class ColumnData {

    /** The least share of numbers among non-missing cells for a numeric column. */
    static final double NUMERIC_SHARE = 0.99;

    /** A column's type, named as in the output. */
    enum Type {
        NUMERIC,
        STRING;

        String label() {
            return this == NUMERIC ? "numeric" : "string";
        }
    }

    /**
     * One file's cells of the column.
     *
     * @param rows data records
     * @param missing missing cells
     * @param invalid non-missing cells of a numeric column that are not numbers
     * @param firstInvalid "file line N value 'v'" of the first invalid cell, or null
     * @param numbers the numbers of a numeric column, else null
     * @param counts the categories of a string column with their counts (in order of appearance), else null
     */
    record Side(
            long rows, long missing, long invalid, String firstInvalid, double[] numbers, Map<String, Long> counts) {

        /** The usable values: numbers or categorised cells. */
        long count() {
            return rows - missing - invalid;
        }

        /** missing / rows (0 for an empty file). */
        double missingShare() {
            return rows == 0 ? 0.0 : (double) missing / rows;
        }
    }

    final String name;
    final Type type;
    final Side baseline;
    final Side current;

    private ColumnData(String name, Type type, Side baseline, Side current) {
        this.name = name;
        this.type = type;
        this.baseline = baseline;
        this.current = current;
    }

    /** A column whose sides were counted elsewhere (a reference profile's summaries). */
    static ColumnData of(String name, Type type, Side baseline, Side current) {
        return new ColumnData(name, type, baseline, current);
    }

    /** Reads {@code column} of both tables; {@code forced} is the type from {@code --type}, or null. */
    static ColumnData of(CsvTable baseline, CsvTable current, String column, Type forced) throws CliException {
        Scan b = Scan.of(baseline, column);
        Scan c = Scan.of(current, column);
        Type type = forced;
        if (type == null) {
            long present = b.present() + c.present();
            long numbers = b.numbers + c.numbers;
            type = numbers > 0 && numbers >= NUMERIC_SHARE * present ? Type.NUMERIC : Type.STRING;
        }
        ColumnData data = new ColumnData(column, type, b.side(type), c.side(type));
        data.requireValues(baseline, data.baseline);
        data.requireValues(current, data.current);
        return data;
    }

    private void requireValues(CsvTable table, Side side) throws CliException {
        if (side.count() == 0) {
            throw new CliException(table.file() + ": column '" + name + "' has no " + type.label() + " values ("
                    + side.rows() + " rows, " + side.missing() + " missing, " + side.invalid() + " invalid"
                    + (side.firstInvalid() == null ? "" : ", first: " + side.firstInvalid()) + ")");
        }
    }

    /** One pass over a column: missing cells and numbers. */
    private static final class Scan {
        final CsvTable table;
        final int index;
        final boolean[] missing;
        final double[] parsed;
        long missingCount;
        long numbers;

        private Scan(CsvTable table, int index) {
            this.table = table;
            this.index = index;
            this.missing = new boolean[table.size()];
            this.parsed = new double[table.size()];
        }

        static Scan of(CsvTable table, String column) throws CliException {
            int index = table.columnIndex(column);
            if (index < 0) {
                throw new CliException(table.file() + ": no column '" + column + "' (header: " + table.header() + ")");
            }
            Scan s = new Scan(table, index);
            for (int r = 0; r < table.size(); r++) {
                if (table.isMissing(r, index)) {
                    s.missing[r] = true;
                    s.missingCount++;
                } else {
                    double v = table.number(r, index);
                    s.parsed[r] = v;
                    if (!Double.isNaN(v)) {
                        s.numbers++;
                    }
                }
            }
            return s;
        }

        long present() {
            return table.size() - missingCount;
        }

        Side side(Type type) {
            int rows = table.size();
            if (type == Type.NUMERIC) {
                double[] values = new double[(int) numbers];
                int k = 0;
                String firstInvalid = null;
                for (int r = 0; r < rows; r++) {
                    if (missing[r]) {
                        continue;
                    }
                    if (Double.isNaN(parsed[r])) {
                        if (firstInvalid == null) {
                            firstInvalid = where(r);
                        }
                    } else {
                        values[k++] = parsed[r];
                    }
                }
                return new Side(rows, missingCount, present() - numbers, firstInvalid, Arrays.copyOf(values, k), null);
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            for (int r = 0; r < rows; r++) {
                if (!missing[r]) {
                    counts.merge(table.value(r, index), 1L, Long::sum);
                }
            }
            return new Side(rows, missingCount, 0, null, null, counts);
        }

        private String where(int row) {
            return table.file() + " line " + table.line(row) + " value '" + table.value(row, index) + "'";
        }
    }
}
