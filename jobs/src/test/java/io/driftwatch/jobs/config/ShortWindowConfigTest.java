package io.driftwatch.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.jobs.drift.FeatureDriftSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** drift.short-window and drift.short-window-alpha as the job reads them. */
class ShortWindowConfigTest {

    @Test
    void defaultsToOneIntervalAtAlphaOneInAMillion() {
        DriftwatchConfig c = DriftwatchConfig.load(null, List.of());
        assertEquals(Duration.ofHours(1), c.drift().shortWindow());
        assertEquals(1e-6, c.drift().policy().shortWindowAlpha());
        assertEquals(1, FeatureDriftSettings.of(c.drift(), "").shortWindowSlots());
    }

    @Test
    void offOrFalseDisablesIt() {
        for (String off : List.of("off", "OFF", "false")) {
            DriftwatchConfig c = DriftwatchConfig.load(null, List.of("drift.short-window=" + off));
            assertEquals(Duration.ZERO, c.drift().shortWindow(), off);
            assertEquals(0, FeatureDriftSettings.of(c.drift(), "").shortWindowSlots());
            String yaml = c.toYaml();
            assertTrue(yaml.contains("\n  short-window: \"off\"\n") || yaml.contains("\n  short-window: off\n"), yaml);
        }
    }

    @Test
    void aMultipleOfTheIntervalUpToTheCurrentWindow() {
        DriftwatchConfig c = DriftwatchConfig.load(
                null, List.of("drift.short-window=6h", "drift.short-window-alpha=1e-4", "drift.current-window=6h"));
        assertEquals(Duration.ofHours(6), c.drift().shortWindow());
        assertEquals(6, FeatureDriftSettings.of(c.drift(), "").shortWindowSlots());
        DriftPolicy shortPolicy = FeatureDriftSettings.of(c.drift(), "").shortPolicy();
        assertEquals(1e-4, shortPolicy.ksAlpha());
        assertTrue(shortPolicy.sampleSizeAware());
    }
}
