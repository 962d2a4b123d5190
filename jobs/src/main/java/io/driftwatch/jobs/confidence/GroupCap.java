package io.driftwatch.jobs.confidence;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.jobs.pipeline.SubjectCap;
import io.driftwatch.jobs.pipeline.SubjectWarnings;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code confidence.max-groups-per-model}: keyed by {@code model_name}, admits a model's first N groups (in the
 * order their first points arrive) and sends the points of every further group to the model's overflow
 * group, whose labels other than {@code model_name} and {@code model_version} read {@value #OVERFLOW}. Those
 * points are counted ({@code driftwatch.confidence.group_overflow_points}) and each refused group is named
 * once in a WARN per operator instance ({@link SubjectWarnings}); nothing is dropped, so the model's and
 * model version's roll-ups still see all of its traffic. Below the cap it passes every point unchanged.
 *
 * <p>Input: points projected to the group-by labels ({@link ConfidenceSettings#project}). State per model:
 * the admitted groups' keys and how many they are; a refused group is not remembered.
 */
final class GroupCap extends KeyedProcessFunction<String, MetricPoint, MetricPoint> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GroupCap.class);

    /** The value of the overflow group's merged labels. */
    static final String OVERFLOW = SubjectCap.OVERFLOW;

    /** The labels an overflow group keeps: those of the model and its version. */
    static final Set<String> KEPT = Set.of("model_name", "model_version");

    private final ConfidenceSettings settings;
    private final SubjectCap cap;

    private transient Counter overflowPoints;
    private transient SubjectWarnings warnings;

    GroupCap(ConfidenceSettings settings, int maxGroups) {
        this.settings = settings;
        this.cap = new SubjectCap(maxGroups, "admitted-groups");
    }

    /**
     * Whether a cap per model means anything with these group-by labels: they hold {@code model_name} and a
     * label beyond the model and its version (with none, a model's groups are its versions, which the cap
     * would merge into themselves).
     */
    static boolean applies(List<String> groupBy) {
        return groupBy.contains("model_name") && groupBy.stream().anyMatch(l -> !KEPT.contains(l));
    }

    /** The key this operator is keyed by: the point's {@code model_name} (projected points carry it as is). */
    static String modelOf(MetricPoint p) {
        return p.labels().getOrDefault("model_name", "");
    }

    @Override
    public void open(OpenContext openContext) {
        cap.open(getRuntimeContext());
        overflowPoints = getRuntimeContext()
                .getMetricGroup()
                .addGroup("driftwatch")
                .addGroup("confidence")
                .counter("group_overflow_points");
        warnings = new SubjectWarnings(LOG);
    }

    @Override
    public void processElement(MetricPoint p, Context ctx, Collector<MetricPoint> out) throws Exception {
        String group = settings.keyOf(p);
        if (cap.admits(group)) {
            out.collect(p);
            return;
        }
        overflowPoints.inc();
        warnings.warn(
                group,
                "confidence.max-groups-per-model ({}) reached for model_name=\"{}\": group {} goes to its {} group",
                cap.max(),
                ctx.getCurrentKey(),
                p.labels(),
                OVERFLOW);
        out.collect(p.toBuilder().labels(overflowLabels(p.labels())).build());
    }

    /** The overflow group's labels: the model's and version's as they are, every other group-by label {@value #OVERFLOW}. */
    Labels overflowLabels(Labels labels) {
        TreeMap<String, String> map = new TreeMap<>();
        for (String name : settings.groupBy()) {
            String v = KEPT.contains(name) ? labels.get(name) : OVERFLOW;
            if (v != null && !v.isEmpty()) {
                map.put(name, v);
            }
        }
        return Labels.of(map);
    }
}
