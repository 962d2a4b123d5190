package io.driftwatch.jobs.drift;

import io.driftwatch.drift.feature.DriftPolicy;
import java.time.Duration;

/** The small drift settings the harness tests share: hourly intervals, a 3 h window, a 1 h short window, a 5 h frozen baseline. */
final class HourlySettings {

    private HourlySettings() {}

    static FeatureDriftSettings of(DriftPolicy policy) {
        return new FeatureDriftSettings(
                policy,
                Duration.ofHours(1),
                Duration.ofHours(3),
                Duration.ofHours(1),
                Duration.ofHours(5),
                false,
                false,
                0.001,
                100,
                "");
    }
}
