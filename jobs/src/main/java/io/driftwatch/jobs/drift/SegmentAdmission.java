package io.driftwatch.jobs.drift;

import io.driftwatch.jobs.pipeline.GroupKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cap on segments per model ({@code drift.max-segments-per-model}), keyed by model_name: the first
 * {@code max} segments of a model to arrive are admitted and keep their values; any later one's
 * observations go to the model's overflow segment (every segment label {@value #OVERFLOW}), counted in
 * {@code driftwatch.drift.segment_overflow_values}, with one WARN per refused segment naming the model and
 * the segment. So a model has at most {@code max + 1} segment series, and no value is dropped. Which
 * segments are admitted follows arrival order (with several input partitions, not fixed by the data).
 *
 * <p>State per model: the admitted segments, their count, and the refused ones (so each is warned about
 * once); only names, no summaries.
 */
final class SegmentAdmission extends KeyedProcessFunction<String, FeatureObservation, FeatureObservation> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SegmentAdmission.class);

    /** The value of every segment label of the overflow segment. */
    static final String OVERFLOW = "__overflow__";

    private final int max;
    private final int labels;

    private transient MapState<String, Boolean> segments;
    private transient ValueState<Integer> admitted;
    private transient Counter overflow;

    /**
     * @param max segments admitted per model, ≥ 1
     * @param labels the number of segment labels ({@code drift.segments})
     */
    SegmentAdmission(int max, int labels) {
        if (max < 1 || labels < 1) {
            throw new IllegalArgumentException("max-segments-per-model " + max + " and " + labels + " segment labels");
        }
        this.max = max;
        this.labels = labels;
    }

    /** The model_name of an observation's key: this operator's key. */
    static String modelOf(FeatureObservation o) {
        return GroupKey.values(o.key).get(0);
    }

    @Override
    public void open(OpenContext openContext) {
        // value: admitted (true) or refused (false)
        segments = getRuntimeContext().getMapState(new MapStateDescriptor<>("segments", Types.STRING, Types.BOOLEAN));
        admitted = getRuntimeContext().getState(new ValueStateDescriptor<>("admitted", Types.INT));
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
        Boolean known = segments.get(id);
        if (known == null) {
            int n = admitted.value() == null ? 0 : admitted.value();
            known = n < max;
            segments.put(id, known);
            if (known) {
                admitted.update(n + 1);
            } else {
                LOG.warn(
                        "model {}: segment {} is beyond drift.max-segments-per-model ({}); its values go to the"
                                + " overflow segment {}",
                        values.get(0),
                        segment,
                        max,
                        OVERFLOW);
            }
        }
        if (!known) {
            overflow.inc();
            List<String> key = new ArrayList<>(values.subList(0, 3));
            key.addAll(Collections.nCopies(labels, OVERFLOW));
            o.key = GroupKey.of(key);
        }
        out.collect(o);
    }
}
