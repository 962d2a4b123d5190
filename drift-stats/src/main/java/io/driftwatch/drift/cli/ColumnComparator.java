package io.driftwatch.drift.cli;

import io.driftwatch.drift.distance.ChiSquare;
import io.driftwatch.drift.distance.ChiSquareResult;
import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.distance.Wasserstein;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.ks.KsResult;
import io.driftwatch.drift.psi.Psi;
import io.driftwatch.drift.psi.Psi.Binning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compares one column of two CSV tables with the requested methods, on exact raw data.
 *
 * <p>Empty fields are missing values and are skipped. A column is numeric when every non-empty
 * value in both files is a finite decimal number ({@code [+-]digits[.digits][e[+-]digits]}; NaN,
 * Infinity and overflowing values are not numbers). Decisions: psi drifted when PSI ≥ {@value Psi#ALERT_THRESHOLD}; js when
 * JS ≥ {@value JensenShannon#DEFAULT_THRESHOLD}; ks and chi2 when p &lt; 0.05; wasserstein has
 * no threshold.
 */
final class ColumnComparator {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final double ALPHA = 0.05;

    private final CsvTable baseline;
    private final CsvTable current;
    private final int bins;

    ColumnComparator(CsvTable baseline, CsvTable current, int bins) {
        this.baseline = baseline;
        this.current = current;
        this.bins = bins;
    }

    List<MethodResult> compare(String column, List<DriftMethod> requested) throws CliException {
        List<String> base = nonEmpty(baseline, column);
        List<String> cur = nonEmpty(current, column);
        String firstNonNumeric = firstNonNumeric(baseline, column);
        if (firstNonNumeric == null) {
            firstNonNumeric = firstNonNumeric(current, column);
        }
        boolean numeric = firstNonNumeric == null;
        List<DriftMethod> methods = requested.isEmpty()
                ? (numeric
                        ? List.of(DriftMethod.PSI, DriftMethod.KS, DriftMethod.JS, DriftMethod.WASSERSTEIN)
                        : List.of(DriftMethod.PSI, DriftMethod.CHI2))
                : requested;
        for (DriftMethod m : methods) {
            if (!numeric && !m.acceptsStrings()) {
                throw new CliException("method " + m.cliName() + " needs a numeric column, but column '" + column
                        + "' has a non-numeric value: " + firstNonNumeric);
            }
        }
        String type = numeric ? "numeric" : "string";
        double[] x = numeric ? toDoubles(base) : null;
        double[] y = numeric ? toDoubles(cur) : null;
        Map<String, Long> bc = numeric ? null : counts(base);
        Map<String, Long> cc = numeric ? null : counts(cur);
        List<MethodResult> results = new ArrayList<>();
        for (DriftMethod m : methods) {
            long n = base.size();
            long k = cur.size();
            switch (m) {
                case PSI: {
                    double psi = numeric ? Psi.compute(x, y, bins, Binning.QUANTILE) : Psi.categorical(bc, cc);
                    results.add(new MethodResult(
                            column, type, m, psi, null, n, k, Psi.ALERT_THRESHOLD, psi >= Psi.ALERT_THRESHOLD));
                    break;
                }
                case KS: {
                    KsResult r = KolmogorovSmirnov.test(x, y);
                    results.add(new MethodResult(
                            column, type, m, r.statistic(), r.pValue(), n, k, ALPHA, r.pValue() < ALPHA));
                    break;
                }
                case JS: {
                    double js = numeric
                            ? JensenShannon.compute(x, y, bins, Binning.QUANTILE)
                            : JensenShannon.categorical(bc, cc);
                    results.add(new MethodResult(
                            column,
                            type,
                            m,
                            js,
                            null,
                            n,
                            k,
                            JensenShannon.DEFAULT_THRESHOLD,
                            js >= JensenShannon.DEFAULT_THRESHOLD));
                    break;
                }
                case WASSERSTEIN:
                    results.add(new MethodResult(column, type, m, Wasserstein.distance(x, y), null, n, k, null, null));
                    break;
                case CHI2: {
                    ChiSquareResult r = ChiSquare.test(numeric ? counts(base) : bc, numeric ? counts(cur) : cc);
                    results.add(new MethodResult(
                            column, type, m, r.statistic(), r.pValue(), n, k, ALPHA, r.pValue() < ALPHA));
                    break;
                }
                default:
                    throw new IllegalStateException("unhandled method " + m);
            }
        }
        return results;
    }

    private static List<String> nonEmpty(CsvTable table, String column) throws CliException {
        int index = table.columnIndex(column);
        if (index < 0) {
            throw new CliException(table.file() + ": no column '" + column + "' (header: " + table.header() + ")");
        }
        List<String> values = new ArrayList<>();
        for (int r = 0; r < table.size(); r++) {
            String v = table.value(r, index);
            if (!v.isEmpty()) {
                values.add(v);
            }
        }
        if (values.isEmpty()) {
            throw new CliException(table.file() + ": column '" + column + "' has no values");
        }
        return values;
    }

    /** "file line N value 'v'" of the first non-numeric value, or null when all are numeric. */
    private static String firstNonNumeric(CsvTable table, String column) {
        int index = table.columnIndex(column);
        for (int r = 0; r < table.size(); r++) {
            String v = table.value(r, index);
            if (!v.isEmpty() && !isFiniteNumber(v.trim())) {
                return table.file() + " line " + table.line(r) + " value '" + v + "'";
            }
        }
        return null;
    }

    private static boolean isFiniteNumber(String v) {
        return NUMBER.matcher(v).matches() && Double.isFinite(Double.parseDouble(v));
    }

    private static double[] toDoubles(List<String> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.parseDouble(values.get(i).trim());
        }
        return out;
    }

    private static Map<String, Long> counts(List<String> values) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String v : values) {
            counts.merge(v, 1L, Long::sum);
        }
        return counts;
    }
}
