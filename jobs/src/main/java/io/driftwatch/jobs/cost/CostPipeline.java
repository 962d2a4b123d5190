package io.driftwatch.jobs.cost;

import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.events.EventRecordSerializer;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.jobs.config.CostConfig;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.delta.SeriesDeltas;
import io.driftwatch.jobs.delta.SeriesKey;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.EitherTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.types.Either;

/**
 * The cost analysis: usage and GPU utilisation to the {@code ml:cost:*} series and cost anomaly events.
 *
 * <pre>
 * points ─▶ usage, utilisation ─▶ keyBy(series) cumulative→delta
 *   ├▶ usage ─▶ keyBy(cost key) {@link CostUsageFunction} ─▶ per-key samples
 *   │                                   └▶ priced hours ─┐
 *   └▶ utilisation ─▶ keyBy(GPU) {@link GpuIdleFunction} ─▶ GPU hours ─┴▶ {@link UseCaseCostFunction}
 *                                                                ─▶ use-case samples, idle cost, events
 *                                                                └▶ hour costs ─▶ keyBy(use case) {@link CostSpikeFunction} ─▶ cost_spike events
 * </pre>
 *
 * The three pricing operators are connected to the broadcast {@link CatalogUpdates} and price with
 * the {@link CatalogInForce}.
 */
public final class CostPipeline {

    /** Stable operator ids: savepoints map state by them, so they never change. */
    static final String UID_DELTA = "cost-cumulative-to-delta";

    static final String UID_USAGE = "cost-usage";
    static final String UID_IDLE = "cost-idle-gpu";
    static final String UID_USE_CASES = "cost-use-cases";
    static final String UID_SPIKES = "cost-spikes";

    /** The analysis' two outputs. */
    public record Outputs(DataStream<PrometheusSample> samples, DataStream<EventRecord> events) {}

    private CostPipeline() {}

    /** The OTLP metrics this analysis reads. */
    public static List<String> consumedMetrics(DriftwatchConfig config) {
        return settings(config).consumedMetrics();
    }

    static CostSettings settings(DriftwatchConfig config) {
        return new CostSettings(config.cost(), config.output().metricPrefix());
    }

    /** Adds the analysis to the job. */
    public static Outputs attach(DataStream<MetricPoint> points, DriftwatchConfig config) {
        CostSettings settings = settings(config);
        DataStream<MetricPoint> usage = points.filter(settings::accepts).name("Cost usage and GPU utilisation");
        DataStream<MetricPoint> deltas =
                SeriesDeltas.of(usage, settings::project, config.ingest().seriesStateTtl(), UID_DELTA, "Cost");
        if (config.cost().reprice().active()) {
            CostConfig.RepriceConfig r = config.cost().reprice();
            deltas = deltas.filter(p -> Repricing.inRange(r, p.timeMillis())).name("Re-priced time range");
        }

        BroadcastStream<CatalogUpdate> catalog = CatalogUpdates.attach(points.getExecutionEnvironment(), config);

        SingleOutputStreamOperator<PrometheusSample> perKey = deltas.filter(settings::isUsage)
                .name("Usage")
                .keyBy(settings::keyOf)
                .connect(catalog)
                .process(new CostUsageFunction(settings))
                .uid(UID_USAGE)
                .name("Cost per use case, model and version");
        DataStream<GpuHour> gpuHours = deltas.filter(settings::isUtilisation)
                .name("GPU utilisation")
                .keyBy(SeriesKey::of)
                .connect(catalog)
                .process(new GpuIdleFunction(settings))
                .uid(UID_IDLE)
                .name("Idle GPU capacity");
        // One instance compares all use cases: its input is one record per cost key and hour.
        TypeInformation<Either<UseCaseHour, GpuHour>> hourType =
                new EitherTypeInfo<>(CostUsageFunction.USE_CASE_HOURS.getTypeInfo(), gpuHours.getType());
        DataStream<Either<UseCaseHour, GpuHour>> hours = perKey.getSideOutput(CostUsageFunction.USE_CASE_HOURS)
                .map(Either::<UseCaseHour, GpuHour>Left)
                .returns(hourType)
                .name("Priced hours")
                .union(gpuHours.map(Either::<UseCaseHour, GpuHour>Right)
                        .returns(hourType)
                        .name("GPU hours"));
        SingleOutputStreamOperator<PrometheusSample> perUseCase = hours.keyBy(h -> (byte) 0, Types.BYTE)
                .connect(catalog)
                .process(new UseCaseCostFunction(settings))
                .uid(UID_USE_CASES)
                .name("Cost shares, budgets, idle GPUs, anomalies")
                .setParallelism(1);
        DataStream<EventRecord> spikes = perUseCase
                .getSideOutput(UseCaseCostFunction.HOUR_COSTS)
                .keyBy(UseCaseHourCost::useCase)
                .process(new CostSpikeFunction(settings))
                .returns(EventRecordSerializer.TYPE_INFO)
                .uid(UID_SPIKES)
                .name("Cost spikes by hour of the week");
        return new Outputs(
                perKey.union(perUseCase),
                perUseCase.getSideOutput(UseCaseCostFunction.EVENTS).union(spikes));
    }
}
