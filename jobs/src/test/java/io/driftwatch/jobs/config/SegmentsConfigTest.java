package io.driftwatch.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** drift.segments, drift.max-segments-per-model and drift.rollups as the job reads them. */
class SegmentsConfigTest {

    static String problem(String... overrides) {
        ConfigException e = assertThrows(ConfigException.class, () -> DriftwatchConfig.load(null, List.of(overrides)));
        return e.getMessage();
    }

    @Test
    void offByDefaultWithTheModelVersionLevelOnly() {
        DriftConfig.SegmentsConfig s =
                DriftwatchConfig.load(null, List.of()).drift().segments();
        assertEquals(DriftConfig.SegmentsConfig.OFF, s);
        assertEquals(List.of(), s.labels());
        assertEquals(100, s.maxPerModel());
        assertEquals(List.of("model_version"), s.rollups());
    }

    @Test
    void readsTheListsAndOrdersTheRollupsFinestFirst() {
        DriftConfig.SegmentsConfig s = DriftwatchConfig.load(
                        null,
                        List.of(
                                "drift.segments=use_case,ml.segment.channel",
                                "drift.max-segments-per-model=2",
                                "drift.rollups=fleet,model_version"))
                .drift()
                .segments();
        assertEquals(List.of("use_case", "ml.segment.channel"), s.labels());
        assertEquals(2, s.maxPerModel());
        assertEquals(List.of("model_version", "fleet"), s.rollups());
    }

    @Test
    void aBadRollupIsNamedByItsItem() {
        String m = problem("drift.rollups=model_version,region");
        assertTrue(m.contains("drift.rollups[1]") && m.contains("'region' is not a roll-up"), m);
    }

    @Test
    void aCapBelowOneIsNamed() {
        String m = problem("drift.max-segments-per-model=0");
        assertTrue(m.contains("drift.max-segments-per-model") && m.contains("must be at least 1"), m);
    }

    @Test
    void segmentLabelsMustBeNewDistinctSeriesLabels() {
        String m = problem("drift.segments=use_case,model_version");
        assertTrue(m.contains("drift.segments[1]") && m.contains("a label of the feature series already"), m);
        m = problem("drift.segments=ml.channel,ml_channel");
        assertTrue(m.contains("drift.segments[1]") && m.contains("same series label (ml_channel)"), m);
        m = problem("drift.segments=__name__");
        assertTrue(m.contains("drift.segments[0]") && m.contains("reserved in Prometheus"), m);
        m = problem("drift.segments=model.name");
        assertTrue(m.contains("drift.segments[0]") && m.contains("a label of the feature series already"), m);
        m = problem("drift.segments=use_case,use_case");
        assertTrue(m.contains("drift.segments[1]") && m.contains("listed twice"), m);
        m = problem("drift.segments=use_case,,env");
        assertTrue(m.contains("drift.segments[1]") && m.contains("must not be empty"), m);
    }
}
