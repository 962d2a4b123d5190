package io.driftwatch.jobs.config;

/** How the confidence baseline evolves over time. */
public enum BaselineMode {
    /** Computed once from the first {@code confidence.baseline.period} of data, then kept. */
    FROZEN,
    /** Recomputed at every evaluation over the {@code confidence.baseline.period} before the current window. */
    ROLLING,
    /**
     * Confidence only: 168 baselines, one per hour of the week (UTC), learnt over the first {@code
     * confidence.baseline.period} of data (at least a week), then kept; each window is compared
     * with the same hours of the week ({@code HourOfWeekBaseline} in drift-stats).
     */
    HOUR_OF_WEEK
}
