package io.driftwatch.drift.cli;

/**
 * One drift score of one column.
 *
 * @param column column name
 * @param type "numeric" or "string"
 * @param method the method
 * @param score the statistic (PSI, D, JS distance, W1, χ²)
 * @param pValue p-value, or null where the method has none (psi, js, wasserstein)
 * @param baselineCount non-empty baseline values
 * @param currentCount non-empty current values
 * @param threshold the decision threshold: on the score for psi/js, on the p-value for ks/chi2
 *     (drift when p &lt; threshold); null for wasserstein (scale-dependent, no default)
 * @param drifted whether the threshold was crossed; null when there is no threshold
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
        Boolean drifted) {}
