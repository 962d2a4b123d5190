package io.driftwatch.jobs.delta;

import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.delta.CumulativeToDelta;
import io.driftwatch.connectors.otlp.delta.DeltaOutcome;
import io.driftwatch.connectors.otlp.delta.DeltaResult;
import io.driftwatch.connectors.otlp.delta.SeriesState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns cumulative points into exact per-series increments. Its input is keyed by the series key
 * ({@link SeriesKey}, computed from all labels before the shuffle) and carries the point, whose
 * labels may already be projected to what downstream needs. The
 * conversion rules (first point, resets, out-of-order points) are {@link CumulativeToDelta}'s; this
 * operator only keeps each series' {@link SeriesState} as its compact bytes and counts outcomes in
 * the metric group {@code driftwatch.delta} ({@code outcome=<name>}). Delta and gauge points pass
 * through unchanged. A point the converter calls invalid cannot occur after the decoder's
 * validation; should one occur it is counted ({@code outcome=invalid}) and logged with its reason.
 */
public final class CumulativeToDeltaFunction
        extends KeyedProcessFunction<Long, Tuple2<Long, MetricPoint>, MetricPoint> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CumulativeToDeltaFunction.class);

    private final Duration stateTtl;

    private transient ValueState<byte[]> state;
    private transient Map<DeltaOutcome, Counter> outcomes;

    /** Keeps every series' state until it is replaced. */
    public CumulativeToDeltaFunction() {
        this(Duration.ZERO);
    }

    /**
     * @param stateTtl a series silent this long (processing time) loses its state; when it reports
     *     again, its first point only initialises state. {@code Duration.ZERO} keeps state forever
     */
    public CumulativeToDeltaFunction(Duration stateTtl) {
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        ValueStateDescriptor<byte[]> descriptor =
                new ValueStateDescriptor<>("series-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        if (!stateTtl.isZero()) {
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(stateTtl)
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    // one entry per state access, not the default five: the heap backend's sweep still
                    // passes every series once per few points per series, at a fifth of the cost
                    .cleanupIncrementally(1, false)
                    .build());
        }
        state = getRuntimeContext().getState(descriptor);
        MetricGroup group =
                getRuntimeContext().getMetricGroup().addGroup("driftwatch").addGroup("delta");
        outcomes = new EnumMap<>(DeltaOutcome.class);
        for (DeltaOutcome o : DeltaOutcome.values()) {
            outcomes.put(o, group.addGroup("outcome", o.name().toLowerCase()).counter("points"));
        }
    }

    @Override
    public void processElement(Tuple2<Long, MetricPoint> keyed, Context ctx, Collector<MetricPoint> out)
            throws Exception {
        MetricPoint point = keyed.f1;
        byte[] bytes = state.value();
        DeltaResult result = CumulativeToDelta.convert(point, bytes == null ? null : SeriesState.fromBytes(bytes));
        Counter counter = outcomes.get(result.outcome());
        counter.inc();
        if (result.outcome() == DeltaOutcome.INVALID && counter.getCount() <= 10) {
            LOG.warn("cannot convert {} to a delta: {}", point, result.reason());
        }
        if (result.stateChanged()) {
            if (result.state() == null) {
                state.clear();
            } else {
                state.update(result.state().toBytes());
            }
        }
        result.delta().ifPresent(out::collect);
    }
}
