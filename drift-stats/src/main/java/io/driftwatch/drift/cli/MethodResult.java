package io.driftwatch.drift.cli;

/**
 * One drift score of one column, decided by the streaming job's rule ({@link
 * io.driftwatch.drift.feature.DriftPolicy}).
 *
 * @param column column name
 * @param type "numeric" or "string"
 * @param method the method
 * @param score the statistic (PSI, D, JS distance, W1, χ²)
 * @param pValue p-value, or null where the method has none (psi, js, wasserstein)
 * @param baselineCount usable baseline values (neither missing nor invalid)
 * @param currentCount usable current values
 * @param threshold the score at or above which the method calls drift, at these sample sizes (KS: the
 *     policy's max(ks-min-d, c(α)·√((n+m)/(n·m)))); null for wasserstein and chi2, which the job reports
 *     without deciding
 * @param drifted whether the score reached the threshold; null when there is no threshold, or when either
 *     side has fewer than the policy's minimum samples (the job would not change state)
 * @param alert whether this is the method that decides the column (the policy's alert method for its type)
 */
public record MethodResult(
        String column,
        String type,
        DriftMethod method,
        double score,
        Double pValue,
        long baselineCount,
        long currentCount,
        Double threshold,
        Boolean drifted,
        boolean alert) {}
