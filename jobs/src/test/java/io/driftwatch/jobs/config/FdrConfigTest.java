package io.driftwatch.jobs.config;

import static io.driftwatch.jobs.config.TestConfigs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.driftwatch.drift.fdr.FdrLevel;
import io.driftwatch.jobs.drift.FeatureDriftSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** drift.fdr-q as the job reads it. */
class FdrConfigTest {

    @Test
    void defaultsToOnePercent() {
        DriftwatchConfig c = DriftwatchConfig.load(null, List.of());
        assertEquals(FdrLevel.of(0.01), c.drift().fdr());
        assertEquals(FdrLevel.of(0.01), FeatureDriftSettings.of(c.drift(), "").fdr());
        assertTrue(c.toYaml().contains("\n  fdr-q: 0.01\n"), c.toYaml());
    }

    @Test
    void aLevelOrOff() {
        assertEquals(
                FdrLevel.of(0.05),
                DriftwatchConfig.load(null, List.of("drift.fdr-q=0.05")).drift().fdr());
        for (String off : List.of("off", "OFF", "false")) {
            DriftwatchConfig c = DriftwatchConfig.load(null, List.of("drift.fdr-q=" + off));
            assertTrue(c.drift().fdr().isOff(), off);
            assertTrue(FeatureDriftSettings.of(c.drift(), "").fdr().isOff());
            String yaml = c.toYaml();
            assertTrue(yaml.contains("\n  fdr-q: \"off\"\n") || yaml.contains("\n  fdr-q: off\n"), yaml);
        }
        // YAML reads an unquoted off as the boolean false: off too
        assertTrue(TestConfigs.load("drift:\n  fdr-q: off\n").drift().fdr().isOff());
        assertEquals(
                FdrLevel.of(0.001),
                TestConfigs.load("drift:\n  fdr-q: 0.001\n").drift().fdr());
    }

    @Test
    void anythingElseNamesTheKey() {
        for (String bad : List.of("0", "1", "1.5", "-0.01", "NaN", "often")) {
            assertEquals(
                    List.of("--set drift.fdr-q=" + bad + ": expected a false discovery rate in (0, 1) or 'off', got '"
                            + bad + "'"),
                    problems(null, "drift.fdr-q=" + bad),
                    bad);
        }
    }
}
