package io.driftwatch.drift.cli;

import io.driftwatch.drift.distance.ChiSquare;
import io.driftwatch.drift.distance.ChiSquareResult;
import io.driftwatch.drift.distance.JensenShannon;
import io.driftwatch.drift.distance.Wasserstein;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.ks.KolmogorovSmirnov;
import io.driftwatch.drift.psi.Bins;
import io.driftwatch.drift.psi.Psi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares one column of two CSV tables on the exact raw data, and decides as the streaming job does
 * with the same {@link DriftPolicy}.
 *
 * <p>Methods: those asked for that apply to the column's type (numeric: psi, ks, js, wasserstein, chi2;
 * string: psi, js, chi2), by default all the job computes for it (numeric: psi, ks, js, wasserstein;
 * string: psi, js, chi2). Scores: PSI and JS on the policy's {@code bins} baseline-quantile bins (type 7)
 * or on the categories; exact KS D with its p-value; W1 in the column's unit; Pearson χ². Decisions:
 * psi drifted when PSI ≥ psi-threshold, js when JS ≥ js-threshold, ks when D ≥ max(ks-min-d,
 * c(α)·√((n+m)/(n·m))), c(α) = √(−ln(α/2)/2), α = ks-alpha (the job's rule; the data being exact, no
 * sketch error is added); wasserstein and chi2 are not decided (as in the job). When either side has fewer
 * than min-samples usable values, no method is decided. The column's verdict is its alert method's
 * (numeric-alert-method or categorical-alert-method).
 */
final class ColumnComparator {

    /** Categories drawn one by one in the report; the rest are one bar. */
    static final int MAX_BARS = 20;

    private static final int CDF_POINTS = 200;
    private static final List<DriftMethod> NUMERIC_DEFAULT =
            List.of(DriftMethod.PSI, DriftMethod.KS, DriftMethod.JS, DriftMethod.WASSERSTEIN);
    private static final List<DriftMethod> STRING_DEFAULT = List.of(DriftMethod.PSI, DriftMethod.JS, DriftMethod.CHI2);

    private final DriftPolicy policy;

    ColumnComparator(DriftPolicy policy) {
        this.policy = policy;
    }

    /** The methods of {@code requested} (all defaults when empty) that apply to {@code type}. */
    static List<DriftMethod> methodsFor(ColumnData.Type type, List<DriftMethod> requested) {
        if (requested.isEmpty()) {
            return type == ColumnData.Type.NUMERIC ? NUMERIC_DEFAULT : STRING_DEFAULT;
        }
        return requested.stream()
                .filter(m -> type == ColumnData.Type.NUMERIC || m.acceptsStrings())
                .toList();
    }

    ColumnReport compare(ColumnData column, List<DriftMethod> requested) {
        boolean numeric = column.type == ColumnData.Type.NUMERIC;
        long n = column.baseline.count();
        long m = column.current.count();
        boolean enough = n >= policy.minSamples() && m >= policy.minSamples();
        double[] x = null;
        double[] y = null;
        Bins bins = null;
        double[] pb;
        double[] pc;
        Map<String, Long> bc = column.baseline.counts();
        Map<String, Long> cc = column.current.counts();
        if (numeric) {
            x = column.baseline.numbers().clone();
            y = column.current.numbers().clone();
            Arrays.parallelSort(x);
            Arrays.parallelSort(y);
            bins = Bins.quantiles(x, policy.bins());
            pb = bins.proportions(x);
            pc = bins.proportions(y);
        } else {
            pb = null;
            pc = null;
        }
        String type = column.type.label();
        DriftMethod alertMethod = DriftMethod.valueOf(
                policy.alertMethod(numeric ? FeatureSummary.Kind.NUMERIC : FeatureSummary.Kind.CATEGORICAL)
                        .name());
        Ks ks = numeric ? Ks.of(x, y) : null;
        List<MethodResult> results = new ArrayList<>();
        for (DriftMethod method : methodsFor(column.type, requested)) {
            double score;
            Double p = null;
            Double threshold = null;
            switch (method) {
                case PSI -> {
                    score = numeric ? Psi.fromProportions(pb, pc) : Psi.categorical(bc, cc);
                    threshold = policy.psiThreshold();
                }
                case JS -> {
                    score = numeric ? JensenShannon.distance(pb, pc) : JensenShannon.categorical(bc, cc);
                    threshold = policy.jsThreshold();
                }
                case KS -> {
                    score = ks.d;
                    p = KolmogorovSmirnov.pValue(ks.d, x.length, y.length);
                    threshold = policy.ksThreshold(n, m, 0.0, 0.0);
                }
                case WASSERSTEIN -> score = Wasserstein.distance(x, y);
                case CHI2 -> {
                    ChiSquareResult r = numeric ? ChiSquare.test(counts(x), counts(y)) : ChiSquare.test(bc, cc);
                    score = r.statistic();
                    p = r.pValue();
                }
                default -> throw new IllegalStateException("unhandled method " + method);
            }
            Boolean drifted = threshold == null || !enough ? null : score >= threshold;
            results.add(new MethodResult(
                    column.name, type, method, score, p, n, m, threshold, drifted, method == alertMethod));
        }
        ColumnReport.Chart chart = numeric ? numericChart(bins, pb, pc, x, y, ks) : categoricalChart(bc, cc);
        return report(column, results, chart);
    }

    /** The column's report: its results, the missing-share verdict and the column's verdict. */
    ColumnReport report(ColumnData column, List<MethodResult> results, ColumnReport.Chart chart) {
        double missingThreshold = MissingShare.threshold(
                column.baseline.missing(),
                column.baseline.rows(),
                column.current.missing(),
                column.current.rows(),
                policy.ksAlpha());
        boolean missingChanged =
                Math.abs(column.current.missingShare() - column.baseline.missingShare()) >= missingThreshold;
        return new ColumnReport(column, results, missingThreshold, missingChanged, verdict(results), chart);
    }

    private static Boolean verdict(List<MethodResult> results) {
        for (MethodResult r : results) {
            if (r.alert()) {
                return r.drifted();
            }
        }
        Boolean any = null;
        for (MethodResult r : results) {
            if (r.drifted() != null) {
                any = Boolean.TRUE.equals(any) || r.drifted();
            }
        }
        return any;
    }

    /** D and a value where it is reached, from sorted samples (ties stepped over together, as the library). */
    private record Ks(double d, double at) {
        static Ks of(double[] a, double[] b) {
            int i = 0;
            int j = 0;
            double d = 0.0;
            double at = a[0];
            while (i < a.length && j < b.length) {
                double v = Math.min(a[i], b[j]);
                while (i < a.length && a[i] == v) {
                    i++;
                }
                while (j < b.length && b[j] == v) {
                    j++;
                }
                double diff = Math.abs(i / (double) a.length - j / (double) b.length);
                if (diff > d) {
                    d = diff;
                    at = v;
                }
            }
            return new Ks(d, at);
        }
    }

    private static ColumnReport.Chart numericChart(Bins bins, double[] pb, double[] pc, double[] x, double[] y, Ks ks) {
        double[] edges = bins.edges();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i <= edges.length; i++) {
            labels.add((i == 0 ? "(-inf" : "(" + short4(edges[i - 1])) + ", "
                    + (i == edges.length ? "inf)" : short4(edges[i]) + "]"));
        }
        double lo = Math.min(x[0], y[0]);
        double hi = Math.max(x[x.length - 1], y[y.length - 1]);
        double[] cx = new double[CDF_POINTS + 1];
        double[] fb = new double[cx.length];
        double[] fc = new double[cx.length];
        for (int k = 0; k < cx.length; k++) {
            cx[k] = lo + (hi - lo) * k / CDF_POINTS;
            fb[k] = upperRank(x, cx[k]) / (double) x.length;
            fc[k] = upperRank(y, cx[k]) / (double) y.length;
        }
        return new ColumnReport.Chart(labels, pb, pc, cx, fb, fc, ks.at, ks.d);
    }

    private static ColumnReport.Chart categoricalChart(Map<String, Long> bc, Map<String, Long> cc) {
        List<String> categories = new ArrayList<>(bc.keySet());
        cc.keySet().stream().filter(k -> !bc.containsKey(k)).forEach(categories::add);
        categories.sort((a, b) -> Long.compare(
                bc.getOrDefault(b, 0L) + cc.getOrDefault(b, 0L), bc.getOrDefault(a, 0L) + cc.getOrDefault(a, 0L)));
        double nb = bc.values().stream().mapToLong(Long::longValue).sum();
        double nc = cc.values().stream().mapToLong(Long::longValue).sum();
        int shown = Math.min(categories.size(), MAX_BARS);
        boolean other = categories.size() > shown;
        double[] pb = new double[shown + (other ? 1 : 0)];
        double[] pc = new double[pb.length];
        List<String> labels = new ArrayList<>(categories.subList(0, shown));
        for (int k = 0; k < categories.size(); k++) {
            int slot = Math.min(k, shown);
            pb[slot] += bc.getOrDefault(categories.get(k), 0L) / nb;
            pc[slot] += cc.getOrDefault(categories.get(k), 0L) / nc;
        }
        if (other) {
            labels.add("other (" + (categories.size() - shown) + ")");
        }
        double[] none = new double[0];
        return new ColumnReport.Chart(labels, pb, pc, none, none, none, Double.NaN, Double.NaN);
    }

    /** The number of values ≤ v in a sorted array. */
    private static int upperRank(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static String short4(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private static Map<String, Long> counts(double[] values) {
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (double v : values) {
            counts.merge(Double.toString(v), 1L, Long::sum);
        }
        return counts;
    }
}
