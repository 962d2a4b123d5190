package io.driftwatch.jobs.cost;

import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.cost.spike.CostSpike;
import io.driftwatch.cost.spike.CostSpikeCheck;
import io.driftwatch.cost.spike.HourlyCosts;
import io.driftwatch.jobs.config.CostConfig;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by use case: each evaluated hour's cost goes into the use case's {@link HourlyCosts} and is
 * checked against the same hour of the previous weeks ({@link CostSpikeCheck}); the first hour of a
 * run of consecutive spiking hours publishes one {@code cost_spike} event. Hours arrive in order (the
 * use-case step evaluates them in order); an older one is counted ({@code
 * driftwatch.cost.late_spike_hours}) and left out.
 */
final class CostSpikeFunction extends KeyedProcessFunction<String, UseCaseHourCost, EventRecord> {

    private static final long serialVersionUID = 1L;

    private final CostSettings settings;

    private transient CostSpikeCheck check;
    private transient ValueState<byte[]> history;
    private transient ValueState<Long> lastSpikeHour;
    private transient Counter late;
    private transient Counter spikes;

    CostSpikeFunction(CostSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        CostConfig.SpikeConfig c = settings.config().spike();
        check = new CostSpikeCheck(c.weeks(), c.minWeeks(), c.threshold(), c.minRatio());
        history = getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "hourly-costs", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        lastSpikeHour = getRuntimeContext().getState(new ValueStateDescriptor<>("last-spike-hour", Types.LONG));
        var group = getRuntimeContext().getMetricGroup().addGroup("driftwatch").addGroup("cost");
        late = group.counter("late_spike_hours");
        spikes = group.counter("cost_spikes");
    }

    @Override
    public void processElement(UseCaseHourCost h, Context ctx, Collector<EventRecord> out) throws Exception {
        int weeks = settings.config().spike().weeks();
        byte[] bytes = history.value();
        HourlyCosts costs = bytes == null ? new HourlyCosts(weeks) : HourlyCosts.fromBytes(bytes, weeks);
        if (costs.newestHourEnd().isPresent()
                && h.hourEndMillis() <= costs.newestHourEnd().getAsLong()) {
            late.inc();
            return;
        }
        costs.record(h.hourEndMillis(), h.costMicros());
        history.update(costs.toBytes());
        Optional<CostSpike> spike = check.check(costs, h.hourEndMillis());
        if (spike.isEmpty()) {
            return;
        }
        Long last = lastSpikeHour.value();
        lastSpikeHour.update(h.hourEndMillis());
        if (last == null || last != h.hourEndMillis() - HourlyCosts.HOUR) {
            spikes.inc();
            out.collect(CostSpikeEvents.of(h.useCase(), spike.get(), settings));
        }
    }
}
