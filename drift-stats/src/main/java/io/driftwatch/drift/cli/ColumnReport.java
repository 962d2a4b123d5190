package io.driftwatch.drift.cli;

import java.util.List;

/**
 * Everything {@code compare} found about one column: its cells, its scores, the verdict and what the HTML
 * report draws.
 *
 * @param data the column's cells
 * @param results one per method that applies to its type
 * @param missingThreshold the least |Δ missing share| called a change ({@link MissingShare})
 * @param missingChanged whether the missing share changed
 * @param drifted the column's verdict: its alert method's decision (null when undecided), else, when that
 *     method was not asked for, whether any asked-for method drifted
 * @param chart what the report draws
 */
record ColumnReport(
        ColumnData data,
        List<MethodResult> results,
        double missingThreshold,
        boolean missingChanged,
        Boolean drifted,
        Chart chart) {

    /** current missing share − baseline missing share. */
    double missingChange() {
        return data.current.missingShare() - data.baseline.missingShare();
    }

    /**
     * The distributions to draw.
     *
     * @param labels a numeric column's PSI bins as intervals, or a string column's categories (most frequent
     *     in both files together first, so that a category new in the current file can be shown; at most {@link ColumnComparator#MAX_BARS}, the rest as one "other")
     * @param baseline the baseline's share in each
     * @param current the current share in each
     * @param cdfX numeric: ascending points where both empirical CDFs are given (empty for strings)
     * @param cdfBaseline F_b at cdfX
     * @param cdfCurrent F_c at cdfX
     * @param ksX numeric: a value where |F_b − F_c| = D, else NaN
     * @param ksD the KS D (NaN for strings)
     */
    record Chart(
            List<String> labels,
            double[] baseline,
            double[] current,
            double[] cdfX,
            double[] cdfBaseline,
            double[] cdfCurrent,
            double ksX,
            double ksD) {}
}
