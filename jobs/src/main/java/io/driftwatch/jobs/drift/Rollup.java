package io.driftwatch.jobs.drift;

import io.driftwatch.jobs.pipeline.GroupKey;
import java.util.List;

/**
 * A roll-up level of the feature-drift analysis ({@code drift.rollups}): the features of a coarser population,
 * whose interval summaries are the merges of the finer level's. Its key keeps the feature and drops what the
 * level merges: the segment (model version), also the version (model), also the model (fleet).
 */
enum Rollup {
    MODEL_VERSION("model_version", "feature-drift", "Feature drift"),
    MODEL("model", "feature-drift-model", "Feature drift by model"),
    FLEET("fleet", "feature-drift-fleet", "Feature drift of the fleet");

    /** The {@code rollup} label and event property, and the {@code drift.rollups} item. */
    final String label;
    /**
     * The operator's uid. The model-version level keeps the uid the job had before segments, so a savepoint
     * of that job restores onto it.
     */
    final String uid;

    final String operatorName;

    Rollup(String label, String uid, String operatorName) {
        this.label = label;
        this.uid = uid;
        this.operatorName = operatorName;
    }

    static Rollup of(String label) {
        for (Rollup r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new IllegalArgumentException("not a roll-up: " + label);
    }

    /** This level's key of the finer level's key {@code finer}: (model_name, model_version, feature), coarsened. */
    String keyOf(String finer) {
        List<String> v = GroupKey.values(finer);
        return switch (this) {
            case MODEL_VERSION -> FeatureObservation.keyOf(v.get(0), v.get(1), v.get(2));
            case MODEL -> FeatureObservation.keyOf(v.get(0), "", v.get(2));
            case FLEET -> FeatureObservation.keyOf("", "", v.get(2));
        };
    }
}
