package io.driftwatch.jobs.pipeline;

import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;

/**
 * A cap on the subjects of one key, for a keyed operator (the groups or segments of a model): the key's first
 * {@code max} subjects, in the order they arrive, are admitted and remembered in keyed state (their ids and
 * count); any later subject is refused every time it comes, and not remembered, so the state stays bounded by
 * the cap. Which subjects are admitted therefore follows arrival order.
 */
public final class SubjectCap implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The label value that stands for every refused subject (their shared overflow group or segment). */
    public static final String OVERFLOW = "__overflow__";

    private final int max;
    private final String stateName;

    private transient MapState<String, Boolean> admitted;
    private transient ValueState<Integer> count;

    /**
     * @param max subjects admitted per key, at least 1
     * @param stateName the name of the admitted subjects' state; their count is {@code stateName + "-count"}
     */
    public SubjectCap(int max, String stateName) {
        if (max < 1) {
            throw new IllegalArgumentException("a cap of at least 1 subject per key, got " + max);
        }
        this.max = max;
        this.stateName = stateName;
    }

    /** Registers the state; call from the operator's {@code open}. */
    public void open(RuntimeContext context) {
        admitted = context.getMapState(new MapStateDescriptor<>(stateName, Types.STRING, Types.BOOLEAN));
        count = context.getState(new ValueStateDescriptor<>(stateName + "-count", Types.INT));
    }

    /** Whether {@code subject} of the current key is admitted: already, or now as one of the first {@code max}. */
    public boolean admits(String subject) throws Exception {
        if (admitted.contains(subject)) {
            return true;
        }
        Integer n = count.value();
        int c = n == null ? 0 : n;
        if (c >= max) {
            return false;
        }
        admitted.put(subject, true);
        count.update(c + 1);
        return true;
    }

    public int max() {
        return max;
    }
}
