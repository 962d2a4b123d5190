package io.driftwatch.jobs.cost;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.cost.attribution.IdleCapacity;
import io.driftwatch.cost.catalog.GpuRate;
import io.driftwatch.jobs.pipeline.GroupKey;
import io.driftwatch.jobs.pipeline.IntervalClock;
import io.driftwatch.jobs.pipeline.SubjectWarnings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Idle capacity per GPU (keyed by the utilisation series' identity), in event time: a GPU whose
 * utilisation gauge reports in the hour {@code (T − 1 h, T]} counts as provisioned for that whole
 * hour, busy for the mean of its samples in the hour (percent), and is priced at the rate of the catalog in force ({@link CatalogInForce}) for
 * its GPU type and provider labels ({@link IdleCapacity}). A sample outside [0, 100] or not finite is
 * bad input: counted ({@code driftwatch.cost.invalid_utilisation}) and dropped; a GPU whose type and
 * provider the catalog does not price is counted ({@code driftwatch.cost.unpriced_gpu_hours}) and logged.
 * Late samples (an hour already closed) are counted as {@code driftwatch.cost.late_points}.
 */
public final class GpuIdleFunction extends KeyedBroadcastProcessFunction<Long, MetricPoint, CatalogUpdate, GpuHour> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(GpuIdleFunction.class);
    private static final long HOUR = CostUsageFunction.HOUR;
    private static final IntervalClock HOURLY = CostUsageFunction.HOURLY;

    private final CostSettings settings;
    private final CatalogInForce catalog;

    private transient MapState<Long, byte[]> pending;
    private transient ValueState<String> gpu;
    private transient SubjectWarnings warnings;
    private transient Counter invalid;
    private transient Counter unpriced;
    private transient Counter late;

    public GpuIdleFunction(CostSettings settings) {
        this.settings = settings;
        this.catalog = new CatalogInForce(settings);
    }

    @Override
    public void processBroadcastElement(CatalogUpdate update, Context ctx, Collector<GpuHour> out) throws Exception {
        CatalogInForce.update(ctx.getBroadcastState(CatalogInForce.STATE), update);
    }

    @Override
    public void open(OpenContext openContext) {
        warnings = new SubjectWarnings(LOG);
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "gpu-pending-hours", Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        gpu = getRuntimeContext().getState(new ValueStateDescriptor<>("gpu-type-provider", Types.STRING));
        var group = getRuntimeContext().getMetricGroup().addGroup("driftwatch").addGroup("cost");
        invalid = group.counter("invalid_utilisation");
        unpriced = group.counter("unpriced_gpu_hours");
        late = group.counter("late_points");
    }

    @Override
    public void processElement(MetricPoint p, ReadOnlyContext ctx, Collector<GpuHour> out) throws Exception {
        double u = p.value();
        if (!(u >= 0 && u <= 100)) {
            invalid.inc();
            return;
        }
        long hour = HOURLY.slotOf(p.timeMillis());
        if (HOURLY.isClosedAt(hour, ctx.timerService().currentWatermark())) {
            late.inc();
            return;
        }
        byte[] old = pending.get(hour);
        HourSamples samples =
                old == null ? new HourSamples(u, 1) : HourSamples.fromBytes(old).plus(u);
        pending.put(hour, samples.toBytes());
        gpu.update(GroupKey.of(List.of(
                p.labels().getOrDefault(settings.config().idle().gpuTypeLabel(), ""),
                p.labels().getOrDefault(settings.config().idle().providerLabel(), ""))));
        ctx.timerService().registerEventTimeTimer(HOURLY.endOf(hour));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<GpuHour> out) throws Exception {
        long hour = HOURLY.slotOf(timestamp);
        byte[] acc = pending.get(hour);
        if (acc == null) {
            return;
        }
        pending.remove(hour);
        double mean = Math.min(100, HourSamples.fromBytes(acc).mean());
        List<String> typeAndProvider = GroupKey.values(gpu.value());
        Optional<GpuRate> rate = catalog.pricesForHourEnding(ctx.getBroadcastState(CatalogInForce.STATE), timestamp)
                .gpuRate(typeAndProvider.get(0), typeAndProvider.get(1));
        if (rate.isEmpty()) {
            unpriced.inc();
            warnings.warn(
                    gpu.value(),
                    "GPU of type '{}' at provider '{}' (hour ending {}) has no rate in the catalog: its idle cost is unknown (logged once per GPU type; every such hour counts in driftwatch.cost.unpriced_gpu_hours)",
                    typeAndProvider.get(0),
                    typeAndProvider.get(1),
                    Instant.ofEpochMilli(timestamp));
            return;
        }
        IdleCapacity c = IdleCapacity.of(rate.get().hourly(), 1, Duration.ofMillis(HOUR), mean);
        out.collect(new GpuHour(
                typeAndProvider.get(0),
                typeAndProvider.get(1),
                timestamp,
                c.provisioned().micros(),
                c.idle().micros()));
    }

    /** The pending state of one hour: the sum of its utilisation samples and their count, 16 bytes. */
    record HourSamples(double sum, long count) {

        HourSamples plus(double sample) {
            return new HourSamples(sum + sample, count + 1);
        }

        double mean() {
            return sum / count;
        }

        byte[] toBytes() {
            ByteWriter w = new ByteWriter(16);
            w.writeDouble(sum);
            w.writeFixedLong(count);
            return w.toByteArray();
        }

        static HourSamples fromBytes(byte[] bytes) {
            ByteReader r = new ByteReader(bytes, "pending GPU hour");
            HourSamples samples = new HourSamples(r.readDouble("utilisation sum"), r.readFixedLong("sample count"));
            r.expectEnd();
            return samples;
        }
    }
}
