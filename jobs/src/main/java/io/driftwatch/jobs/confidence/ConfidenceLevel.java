package io.driftwatch.jobs.confidence;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.jobs.config.ConfidenceConfig;
import io.driftwatch.jobs.pipeline.GroupKey;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * What one {@link ConfidenceBaselineFunction} evaluates: the groups ({@code confidence.group-by}), or one
 * roll-up of them ({@code confidence.rollups}) keyed by a subset of those labels: {@code model_version} by
 * {@code (model_name, model_version)}, {@code model} by {@code (model_name)}, {@code fleet} by none.
 *
 * @param rollup the roll-up's name, or null for the groups
 * @param labels the key's labels, in {@code confidence.group-by} order
 * @param feedsRollup whether the level hands its closed intervals to a roll-up ({@link
 *     ConfidenceBaselineFunction#CLOSED_INTERVALS})
 */
public record ConfidenceLevel(String rollup, List<String> labels, boolean feedsRollup) implements Serializable {

    /** The label roll-up series and events carry, naming their level. */
    public static final String ROLLUP_LABEL = "rollup";

    public ConfidenceLevel {
        labels = List.copyOf(labels);
    }

    /** The group level: keyed by every {@code confidence.group-by} label. */
    public static ConfidenceLevel groups(List<String> groupBy, boolean feedsRollup) {
        return new ConfidenceLevel(null, groupBy, feedsRollup);
    }

    /** The labels a roll-up keeps of the group-by labels. */
    public static Set<String> keptBy(String rollup) {
        return switch (rollup) {
            case "model_version" -> Set.of("model_name", "model_version");
            case "model" -> Set.of("model_name");
            case "fleet" -> Set.of();
            default ->
                throw new IllegalArgumentException(
                        "unknown confidence roll-up \"" + rollup + "\"; one of " + ConfidenceConfig.ROLLUPS);
        };
    }

    /** The roll-up {@code rollup} of this level: its labels less those the roll-up merges. */
    public ConfidenceLevel rollUp(String rollup, boolean feedsNext) {
        Set<String> kept = keptBy(rollup);
        return new ConfidenceLevel(
                rollup, labels.stream().filter(kept::contains).toList(), feedsNext);
    }

    /** The labels of the series of a key: the key's labels, plus {@code rollup} on a roll-up. */
    public Labels labelsOf(String key) {
        List<String> values = GroupKey.values(key);
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < labels.size(); i++) {
            map.put(labels.get(i), values.get(i));
        }
        if (rollup != null) {
            map.put(ROLLUP_LABEL, rollup);
        }
        return Labels.of(map);
    }

    /**
     * The Kafka key of a key's events: the label values joined by {@code /}; on a roll-up prefixed by {@code
     * rollup:<name>}, so that no roll-up shares a key (nor event ids) with a group.
     */
    public String subject(String key) {
        String values = String.join("/", GroupKey.values(key));
        if (rollup == null) {
            return values;
        }
        return "rollup:" + rollup + (values.isEmpty() ? "" : "/" + values);
    }

    /** The key of this level that a closed interval of {@code lower} (a finer level) merges into. */
    public KeySelector<ClosedInterval, String> keyFrom(ConfidenceLevel lower) {
        int[] picked = new int[labels.size()];
        for (int i = 0; i < picked.length; i++) {
            picked[i] = lower.labels.indexOf(labels.get(i));
        }
        return closed -> {
            List<String> values = GroupKey.values(closed.key());
            List<String> kept = new ArrayList<>(picked.length);
            for (int i : picked) {
                kept.add(values.get(i));
            }
            return GroupKey.of(kept);
        };
    }
}
