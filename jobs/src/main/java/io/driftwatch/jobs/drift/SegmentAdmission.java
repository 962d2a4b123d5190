package io.driftwatch.jobs.drift;

import io.driftwatch.jobs.pipeline.GroupKey;
import io.driftwatch.jobs.pipeline.SubjectCap;
import io.driftwatch.jobs.pipeline.SubjectWarnings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cap on segments per model ({@code drift.max-segments-per-model}), keyed by model_name: the first
 * {@code max} segments of a model to arrive are admitted and keep their values; any later one's
 * observations go to the model's overflow segment (every segment label {@value #OVERFLOW}), counted in
 * {@code driftwatch.drift.segment_overflow_values}, with one WARN per refused segment and operator instance
 * naming the model and the segment ({@link SubjectWarnings}). So a model has at most {@code max + 1} segment
 * series, and no value is dropped. Which segments are admitted follows arrival order (with several input
 * partitions, not fixed by the data).
 *
 * <p>State per model ({@link SubjectCap}): the admitted segments and their count; only names, no summaries.
 */
final class SegmentAdmission extends KeyedProcessFunction<String, FeatureObservation, FeatureObservation> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SegmentAdmission.class);

    /** The value of every segment label of the overflow segment. */
    static final String OVERFLOW = SubjectCap.OVERFLOW;

    private final SubjectCap cap;
    private final int labels;

    private transient Counter overflow;
    private transient SubjectWarnings warnings;

    /**
     * @param max segments admitted per model, ≥ 1
     * @param labels the number of segment labels ({@code drift.segments})
     */
    SegmentAdmission(int max, int labels) {
        if (labels < 1) {
            throw new IllegalArgumentException("segment admission without segment labels");
        }
        this.cap = new SubjectCap(max, "admitted-segments");
        this.labels = labels;
    }

    /** The model_name of an observation's key: this operator's key. */
    static String modelOf(FeatureObservation o) {
        return GroupKey.values(o.key).get(0);
    }

    @Override
    public void open(OpenContext openContext) {
        cap.open(getRuntimeContext());
        warnings = new SubjectWarnings(LOG);
        overflow = getRuntimeContext()
                .getMetricGroup()
                .addGroup("driftwatch")
                .addGroup("drift")
                .counter("segment_overflow_values");
    }

    @Override
    public void processElement(FeatureObservation o, Context ctx, Collector<FeatureObservation> out) throws Exception {
        List<String> values = GroupKey.values(o.key);
        List<String> segment = values.subList(3, values.size());
        String id = GroupKey.of(segment);
        if (!cap.admits(id)) {
            warnings.warn(
                    values.get(0) + "/" + id,
                    "model {}: segment {} is beyond drift.max-segments-per-model ({}); its values go to the"
                            + " overflow segment {}",
                    values.get(0),
                    segment,
                    cap.max(),
                    OVERFLOW);
            overflow.inc();
            List<String> key = new ArrayList<>(values.subList(0, 3));
            key.addAll(Collections.nCopies(labels, OVERFLOW));
            o.key = GroupKey.of(key);
        }
        out.collect(o);
    }
}
