package io.driftwatch.jobs.config;

/** How the confidence baseline evolves over time. */
public enum BaselineMode {
    /** Computed once from the first {@code confidence.baseline.period} of data, then kept. */
    FROZEN,
    /** Recomputed at every evaluation over the {@code confidence.baseline.period} before the current window. */
    ROLLING
}
