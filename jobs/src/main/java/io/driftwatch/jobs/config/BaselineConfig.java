package io.driftwatch.jobs.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The confidence baseline (key {@code confidence.baseline}).
 *
 * @param mode frozen (first period, then kept) or rolling (the period before the current window)
 * @param period length of the baseline window; a whole multiple of the evaluation interval
 */
public record BaselineConfig(BaselineMode mode, Duration period) implements Serializable {

    public BaselineConfig {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(period, "period");
    }
}
