package io.driftwatch.drift.psi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Aligned category proportions of two samples over the union of their categories, with
 * categories below {@code minShare} in both samples folded into {@link Psi#OTHER} (see
 * {@link Psi}). Proportions are exact count / total, not floored. Also the basis of the
 * chi-square and Jensen–Shannon categorical scores, so every method sees the same categories.
 */
public record CategoricalProportions(
        List<String> categories, double[] baseline, double[] current, long[] baselineCounts, long[] currentCounts) {

    public CategoricalProportions {
        categories = List.copyOf(categories);
        baseline = baseline.clone();
        current = current.clone();
        baselineCounts = baselineCounts.clone();
        currentCounts = currentCounts.clone();
    }

    /** Baseline proportions, aligned with {@link #categories()} (a copy). */
    @Override
    public double[] baseline() {
        return baseline.clone();
    }

    /** Current proportions, aligned with {@link #categories()} (a copy). */
    @Override
    public double[] current() {
        return current.clone();
    }

    /** Baseline counts, aligned with {@link #categories()} (a copy). */
    @Override
    public long[] baselineCounts() {
        return baselineCounts.clone();
    }

    /** Current counts, aligned with {@link #categories()} (a copy). */
    @Override
    public long[] currentCounts() {
        return currentCounts.clone();
    }

    /**
     * Builds aligned proportions. {@code baselineOther}/{@code currentOther} are extra weights
     * already known to be "other" (a summary's untracked categories).
     */
    public static CategoricalProportions of(
            Map<String, Long> baseline,
            long baselineOther,
            Map<String, Long> current,
            long currentOther,
            double minShare) {
        if (!(minShare >= 0.0 && minShare < 1.0)) {
            throw new IllegalArgumentException("minShare must be in [0, 1), got " + minShare);
        }
        long nb = total(baseline, "baseline") + baselineOther;
        long nc = total(current, "current") + currentOther;
        if (nb == 0) {
            throw new IllegalArgumentException("baseline sample is empty");
        }
        if (nc == 0) {
            throw new IllegalArgumentException("current sample is empty");
        }
        Set<String> union = new LinkedHashSet<>(baseline.keySet());
        union.addAll(current.keySet());
        List<String> sorted = new ArrayList<>(union);
        Collections.sort(sorted);
        List<String> kept = new ArrayList<>();
        List<Long> bCounts = new ArrayList<>();
        List<Long> cCounts = new ArrayList<>();
        long bOther = baselineOther;
        long cOther = currentOther;
        for (String category : sorted) {
            long b = baseline.getOrDefault(category, 0L);
            long c = current.getOrDefault(category, 0L);
            if (b == 0 && c == 0) {
                continue;
            }
            if (category.equals(Psi.OTHER) || (b / (double) nb < minShare && c / (double) nc < minShare)) {
                bOther += b;
                cOther += c;
            } else {
                kept.add(category);
                bCounts.add(b);
                cCounts.add(c);
            }
        }
        if (bOther > 0 || cOther > 0) {
            kept.add(Psi.OTHER);
            bCounts.add(bOther);
            cCounts.add(cOther);
        }
        int size = kept.size();
        double[] pb = new double[size];
        double[] pc = new double[size];
        long[] lb = new long[size];
        long[] lc = new long[size];
        for (int i = 0; i < size; i++) {
            lb[i] = bCounts.get(i);
            lc[i] = cCounts.get(i);
            pb[i] = lb[i] / (double) nb;
            pc[i] = lc[i] / (double) nc;
        }
        return new CategoricalProportions(kept, pb, pc, lb, lc);
    }

    private static long total(Map<String, Long> counts, String what) {
        long n = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException(what + " count of '" + e.getKey() + "' is invalid: " + e.getValue());
            }
            n += e.getValue();
        }
        return n;
    }
}
