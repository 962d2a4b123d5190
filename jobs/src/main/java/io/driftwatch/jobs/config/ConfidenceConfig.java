package io.driftwatch.jobs.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The confidence analytics: baseline, current window, drift ratio and low-confidence share
 * (key {@code confidence}).
 *
 * @param enabled whether the confidence pipeline runs
 * @param metric name of the confidence histogram metric (OTLP name, e.g. {@code ml.inference.confidence})
 * @param groupBy labels that identify one analysed population; every derived series carries them
 * @param evaluationInterval how often results are computed and emitted; the windows are whole
 *     multiples of it
 * @param currentWindow length of the "current" window compared against the baseline
 * @param lowThreshold a confidence below this value counts as low (for {@code ml:confidence:low_ratio});
 *     in [0, 1]
 * @param adaptiveThresholdK the adaptive threshold is the baseline mean minus k times the baseline
 *     standard deviation; the current mean below it is drift
 * @param driftRatioThreshold the drift ratio {@code |current mean - baseline mean| / baseline mean}
 *     ({@code ml:confidence:drift_ratio}) above this is drift (0.1 = 10 %)
 * @param minCountPerInterval intervals with fewer observations than this are not evaluated
 * @param resolveRatio a firing {@code confidence_drift} alert resolves when the drift ratio falls below
 *     this fraction of {@code driftRatioThreshold}
 * @param minSamples the current window's minimum count for the alert to fire or resolve
 * @param baseline how the baseline is formed
 * @param shortWindow the short window evaluated beside the current one, a whole multiple of the interval
 *     and at most the current window; {@link Duration#ZERO} when off
 * @param shortWindowAlpha the short window's two-sided significance per evaluation, in (0, 1)
 * @param maxGroupsPerModel groups of one {@code model_name} admitted before further ones go to its overflow
 *     group, at least 1
 * @param rollups the roll-ups evaluated beside the groups, of {@code model_version}, {@code model} and {@code
 *     fleet}, finest first; empty when off
 */
public record ConfidenceConfig(
        boolean enabled,
        String metric,
        List<String> groupBy,
        Duration evaluationInterval,
        Duration currentWindow,
        double lowThreshold,
        double adaptiveThresholdK,
        double driftRatioThreshold,
        int minCountPerInterval,
        double resolveRatio,
        long minSamples,
        BaselineConfig baseline,
        Duration shortWindow,
        double shortWindowAlpha,
        int maxGroupsPerModel,
        List<String> rollups)
        implements Serializable {

    /** The roll-ups {@code confidence.rollups} and {@code drift.rollups} may list, from the finest to the coarsest. */
    public static final List<String> ROLLUPS = List.of("model_version", "model", "fleet");

    /** Default {@code confidence.max-groups-per-model}. */
    public static final int DEFAULT_MAX_GROUPS_PER_MODEL = 100;

    public ConfidenceConfig {
        Objects.requireNonNull(metric, "metric");
        groupBy = List.copyOf(groupBy);
        Objects.requireNonNull(evaluationInterval, "evaluationInterval");
        Objects.requireNonNull(currentWindow, "currentWindow");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(shortWindow, "shortWindow");
        rollups = List.copyOf(rollups);
    }
}
