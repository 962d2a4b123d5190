package io.driftwatch.jobs.drift;

import io.driftwatch.jobs.pipeline.GroupKey;
import java.io.Serializable;
import java.util.List;

/**
 * One level of the feature-drift analysis, one {@link FeatureDriftFunction} each (README, "Segments and
 * roll-ups"): the finest level, which receives the observations (per segment with {@code drift.segments},
 * else per model version), or a roll-up, which receives the finer level's closed interval summaries.
 *
 * @param segments the {@code drift.segments} names whose values follow (model_name, model_version,
 *     feature) in this level's keys; empty but at the segment level
 * @param rollup this level's roll-up; null at the finest level
 * @param next the level its closed interval summaries go to; null for the last
 */
record FeatureLevel(List<String> segments, Rollup rollup, Rollup next) implements Serializable {

    FeatureLevel {
        segments = List.copyOf(segments);
    }

    /** The one level of a job without segments and roll-ups. */
    static final FeatureLevel MODEL_VERSIONS = new FeatureLevel(List.of(), null, null);

    /** The operator's uid: {@code feature-drift} for the model versions, whether finest or rolled up. */
    String uid() {
        if (rollup != null) {
            return rollup.uid;
        }
        return segments.isEmpty() ? Rollup.MODEL_VERSION.uid : "feature-drift-segments";
    }

    /**
     * The uid of this level's verdict operator ({@code drift.fdr-q} on): {@code feature-drift-verdicts} for the
     * model versions, else this level's uid with {@code -verdicts}.
     */
    String verdictsUid() {
        return uid() + "-verdicts";
    }

    String operatorName() {
        if (rollup != null) {
            return rollup.operatorName;
        }
        return segments.isEmpty() ? Rollup.MODEL_VERSION.operatorName : "Feature drift per segment";
    }

    /** The key and labels of one of this level's Flink keys. */
    FeatureKey key(String groupKey) {
        List<String> v = GroupKey.values(groupKey);
        return new FeatureKey(v.get(0), v.get(1), v.get(2), segments, v.subList(3, v.size()), rollup);
    }
}
