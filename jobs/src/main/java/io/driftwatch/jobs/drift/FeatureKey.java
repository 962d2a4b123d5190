package io.driftwatch.jobs.drift;

import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subject of one feature-drift key: as a list, its (model_name, model_version, feature); besides, at
 * the segment level its segment ({@code drift.segments} name → value), at a roll-up the roll-up. A
 * roll-up's merged labels are empty (model_version at model level, both model labels at fleet level).
 */
final class FeatureKey extends AbstractList<String> {

    private final List<String> names;
    private final Map<String, String> segment = new LinkedHashMap<>();
    private final Rollup rollup;

    FeatureKey(
            String modelName,
            String modelVersion,
            String feature,
            List<String> segmentNames,
            List<String> segmentValues,
            Rollup rollup) {
        if (segmentNames.size() != segmentValues.size()) {
            throw new IllegalArgumentException(
                    "key with segment values " + segmentValues + " for segment labels " + segmentNames);
        }
        this.names = List.of(modelName, modelVersion, feature);
        for (int i = 0; i < segmentNames.size(); i++) {
            segment.put(segmentNames.get(i), segmentValues.get(i));
        }
        this.rollup = rollup;
    }

    /** A key of the model-version level without segments: (model_name, model_version, feature). */
    static FeatureKey of(List<String> names) {
        return new FeatureKey(names.get(0), names.get(1), names.get(2), List.of(), List.of(), null);
    }

    @Override
    public String get(int index) {
        return names.get(index);
    }

    @Override
    public int size() {
        return names.size();
    }

    /** The segment: each {@code drift.segments} name and its value, in that order; empty above the segment level. */
    Map<String, String> segment() {
        return segment;
    }

    /** The roll-up, or null at the finest level. */
    Rollup rollup() {
        return rollup;
    }

    /**
     * The events' Kafka key and the subject of their ids: {@code model_name/model_version/feature}, as before
     * segments, then {@code /name=value} per segment label and {@code /rollup=LEVEL} at a roll-up.
     */
    String eventKey() {
        StringBuilder sb = new StringBuilder(names.get(0) + "/" + names.get(1) + "/" + names.get(2));
        segment.forEach((k, v) -> sb.append('/').append(k).append('=').append(v));
        if (rollup != null) {
            sb.append("/rollup=").append(rollup.label);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return eventKey();
    }
}
