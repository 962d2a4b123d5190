package io.driftwatch.jobs.config;

import static io.driftwatch.jobs.config.TestConfigs.load;
import static io.driftwatch.jobs.config.TestConfigs.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** confidence.max-groups-per-model and confidence.rollups as the job reads them, and their messages. */
class ConfidenceRollupConfigTest {

    @Test
    void defaultsToACapOfOneHundredAndNoRollups() {
        ConfidenceConfig c = load(null).confidence();
        assertEquals(100, c.maxGroupsPerModel());
        assertEquals(List.of(), c.rollups());
    }

    @Test
    void rollupsAreReadFinestFirst() {
        ConfidenceConfig c = load(null, "confidence.rollups=fleet, model_version", "confidence.max-groups-per-model=2")
                .confidence();
        assertEquals(List.of("model_version", "fleet"), c.rollups());
        assertEquals(2, c.maxGroupsPerModel());
        assertEquals(
                List.of("model_version", "model", "fleet"),
                load(null, "confidence.rollups=model,fleet,model_version")
                        .confidence()
                        .rollups());
    }

    @Test
    void unknownOrRepeatedRollupsAndABadCapAreNamed() {
        assertEquals(
                List.of("--set confidence.rollups=segment: \"segment\" is not a roll-up; use any of [model_version,"
                        + " model, fleet]"),
                problems(null, "confidence.rollups=segment"));
        assertEquals(
                List.of(
                        "--set confidence.rollups=fleet,fleet: confidence.rollups[1]: 'fleet' is listed twice (also confidence.rollups[0])"),
                problems(null, "confidence.rollups=fleet,fleet"));
        assertEquals(
                List.of("--set confidence.max-groups-per-model=0: must be at least 1 (got 0)"),
                problems(null, "confidence.max-groups-per-model=0"));
    }

    @Test
    void aRollupNeedsTheLabelsItKeeps() {
        assertEquals(
                List.of("--set confidence.rollups=model_version: model_version needs model_version in"
                        + " confidence.group-by (got [model_name, use_case])"),
                problems(null, "confidence.group-by=model_name,use_case", "confidence.rollups=model_version"));
        assertEquals(
                List.of("--set confidence.rollups=model,fleet: model needs model_name in confidence.group-by (got"
                        + " [use_case])"),
                problems(null, "confidence.group-by=use_case", "confidence.rollups=model,fleet"));
        // the fleet merges everything: it needs no label
        assertEquals(
                List.of("fleet"),
                load(null, "confidence.group-by=use_case", "confidence.rollups=fleet")
                        .confidence()
                        .rollups());
        assertEquals(
                List.of("--set confidence.group-by=model_name,rollup: must not hold the label rollup while"
                        + " confidence.rollups is on: roll-up series carry it"),
                problems(null, "confidence.group-by=model_name,rollup", "confidence.rollups=fleet"));
    }
}
