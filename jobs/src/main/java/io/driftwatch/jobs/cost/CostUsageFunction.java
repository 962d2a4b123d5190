package io.driftwatch.jobs.cost;

import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.cost.attribution.AttributedCost;
import io.driftwatch.cost.attribution.CostAttribution;
import io.driftwatch.cost.attribution.CostKey;
import io.driftwatch.cost.attribution.CostSource;
import io.driftwatch.cost.attribution.UsageDeltas;
import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.cost.ledger.CostEvaluation;
import io.driftwatch.cost.ledger.CostLedger;
import io.driftwatch.cost.ledger.HourCost;
import io.driftwatch.cost.money.Money;
import io.driftwatch.cost.projection.MonthEndProjector;
import io.driftwatch.jobs.pipeline.IntervalClock;
import io.driftwatch.jobs.pipeline.SubjectWarnings;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cost per cost key ({@code use_case, model_name, model_version, environment}) in event time, from
 * delta usage points.
 *
 * <p>Each point's usage is added to the hour {@code (T − 1 h, T]} containing its timestamp. When the
 * watermark passes T the hour is final: its usage is priced by {@link CostAttribution} (reported
 * cost, else GPU time, else tokens) with the prices in force at the hour's start in the catalog in force ({@link CatalogInForce}), recorded in the key's {@link CostLedger}, and the key is
 * evaluated at T ({@link CostEvaluation}) and written as samples stamped T; the hour's priced usage
 * also goes to the use-case level ({@link #USE_CASE_HOURS}). Evaluation continues every hour while
 * the 24-hour window holds priced usage. A point for an hour already evaluated is late: counted
 * ({@code driftwatch.cost.late_points}) and dropped; a point with a negative increment (a usage metric
 * exported as non-monotonic) or an hour too large to price is counted ({@code
 * driftwatch.cost.unusable_points}), logged and dropped. An hour whose usage no source can price (e.g. a
 * model in neither {@code gpu.models} nor {@code tokens}) is counted ({@code
 * driftwatch.cost.unpriced_hours}) and logged; its inferences still count.
 */
public final class CostUsageFunction
        extends KeyedBroadcastProcessFunction<String, MetricPoint, CatalogUpdate, PrometheusSample> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CostUsageFunction.class);
    static final long HOUR = 3_600_000L;
    static final IntervalClock HOURLY = new IntervalClock(HOUR);

    /** Every evaluated hour's priced usage, for the use-case level. */
    public static final OutputTag<UseCaseHour> USE_CASE_HOURS =
            new OutputTag<>("cost-use-case-hours", TypeInformation.of(UseCaseHour.class));

    private final CostSettings settings;
    private final CatalogInForce catalog;

    private transient MonthEndProjector projector;
    private transient MapState<Long, byte[]> pending;
    private transient ValueState<byte[]> ledger;
    private transient ValueState<Long> lastEvaluatedHour;
    private transient SubjectWarnings warnings;
    private transient Counter latePoints;
    private transient Counter unpricedHours;
    private transient Counter unusablePoints;
    private transient Counter evaluations;

    public CostUsageFunction(CostSettings settings) {
        this.settings = settings;
        this.catalog = new CatalogInForce(settings);
    }

    @Override
    public void processBroadcastElement(CatalogUpdate update, Context ctx, Collector<PrometheusSample> out)
            throws Exception {
        CatalogInForce.update(ctx.getBroadcastState(CatalogInForce.STATE), update);
    }

    @Override
    public void open(OpenContext openContext) {
        warnings = new SubjectWarnings(LOG);
        projector = new MonthEndProjector(settings.config().projectionDays());
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "pending-hours", Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        ledger = getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "cost-ledger", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        lastEvaluatedHour = getRuntimeContext().getState(new ValueStateDescriptor<>("last-evaluated", Types.LONG));
        var group = getRuntimeContext().getMetricGroup().addGroup("driftwatch").addGroup("cost");
        latePoints = group.counter("late_points");
        unpricedHours = group.counter("unpriced_hours");
        unusablePoints = group.counter("unusable_points");
        evaluations = group.counter("evaluations");
    }

    @Override
    public void processElement(MetricPoint point, ReadOnlyContext ctx, Collector<PrometheusSample> out)
            throws Exception {
        long hour = HOURLY.slotOf(point.timeMillis());
        if (HOURLY.isEvaluated(hour, lastEvaluatedHour.value())) {
            latePoints.inc();
            return;
        }
        Optional<UsageDeltas> usage;
        try {
            usage = settings.usageOf(point);
        } catch (IllegalArgumentException e) {
            // e.g. a negative increment: the metric was declared non-monotonic, which usage never is
            unusablePoints.inc();
            warnings.warn(ctx.getCurrentKey(), "cost usage point {} is unusable, dropped: {}", point, e.getMessage());
            return;
        }
        if (usage.isEmpty()) {
            return;
        }
        byte[] old = pending.get(hour);
        pending.put(
                hour, (old == null ? usage.get() : UsageDeltas.fromBytes(old).plus(usage.get())).toBytes());
        ctx.timerService().registerEventTimeTimer(HOURLY.endOf(hour));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PrometheusSample> out) throws Exception {
        long hour = HOURLY.slotOf(timestamp);
        if (HOURLY.isEvaluated(hour, lastEvaluatedHour.value())) {
            return;
        }
        lastEvaluatedHour.update(hour);
        PriceCatalog prices = catalog.pricesForHourEnding(ctx.getBroadcastState(CatalogInForce.STATE), timestamp);
        CostKey key = CostSettings.costKey(ctx.getCurrentKey());
        byte[] ledgerBytes = ledger.value();
        CostLedger history =
                ledgerBytes == null ? new CostLedger(CostSettings.WINDOW_HOURS) : CostLedger.fromBytes(ledgerBytes);
        byte[] closed = pending.get(hour);
        if (closed != null) {
            pending.remove(hour);
            UsageDeltas usage = UsageDeltas.fromBytes(closed);
            AttributedCost cost;
            try {
                cost = new CostAttribution(prices).attribute(key, usage);
            } catch (ArithmeticException e) {
                // only absurd increments (beyond 9.2e12 currency units in an hour) get here: bad input
                unusablePoints.inc();
                LOG.warn(
                        "usage of {} in the hour ending {} cannot be priced, dropped: {} ({})",
                        key,
                        Instant.ofEpochMilli(timestamp),
                        usage,
                        e.getMessage());
                cost = new AttributedCost(key, CostSource.UNPRICED, Money.ZERO);
            }
            if (!cost.isPriced()) {
                unpricedHours.inc();
                warnings.warn(
                        ctx.getCurrentKey(),
                        "cost of {} in the hour ending {} cannot be priced by the catalog: {} (logged once per cost key; every such hour counts in driftwatch.cost.unpriced_hours)",
                        key,
                        Instant.ofEpochMilli(timestamp),
                        usage);
            }
            history.record(timestamp, HourCost.of(cost, usage));
            ledger.update(history.toBytes());
        }
        if (history.newestHourEnd().isEmpty()
                || history.newestHourEnd().getAsLong() <= timestamp - CostSettings.WINDOW_HOURS * HOUR) {
            return;
        }
        evaluations.inc();
        CostEvaluation e = CostEvaluation.of(timestamp, history, key.useCase(), prices, projector);
        emit(key, e, out);
        ctx.output(USE_CASE_HOURS, UseCaseHour.of(key.useCase(), timestamp, e.hour()));
        if (history.newestHourEnd().getAsLong() > timestamp + HOUR - CostSettings.WINDOW_HOURS * HOUR) {
            ctx.timerService().registerEventTimeTimer(HOURLY.endOf(hour + 1));
        }
    }

    private void emit(CostKey key, CostEvaluation e, Collector<PrometheusSample> out) {
        long t = e.hourEndMillis();
        Labels money = settings.keyLabels(key, true);
        Labels plain = settings.keyLabels(key, false);
        out.collect(PrometheusSample.of(
                settings.series("hourly"), money, t, e.hour().cost().toDouble()));
        out.collect(PrometheusSample.of(
                settings.series("rolling_24h"), money, t, e.window().cost().toDouble()));
        out.collect(PrometheusSample.of(
                settings.series("inferences_hourly"), plain, t, e.hour().inferences()));
        e.ratios()
                .costPerInference()
                .ifPresent(v -> out.collect(PrometheusSample.of(settings.series("per_inference"), money, t, v)));
        e.ratios()
                .costPerSuccessfulInference()
                .ifPresent(v ->
                        out.collect(PrometheusSample.of(settings.series("per_successful_inference"), money, t, v)));
        if (e.window().tokens() > 0) {
            e.ratios()
                    .tokensPerCurrencyUnit()
                    .ifPresent(v ->
                            out.collect(PrometheusSample.of(settings.series("tokens_per_currency_unit"), money, t, v)));
        }
        e.ratios()
                .costToValue()
                .ifPresent(v -> out.collect(PrometheusSample.of(settings.series("cost_to_value_ratio"), plain, t, v)));
        out.collect(PrometheusSample.of(
                settings.series("month_to_date"),
                money,
                t,
                e.projection().monthToDate().toDouble()));
        out.collect(PrometheusSample.of(
                settings.series("projected_month_end"),
                money,
                t,
                e.projection().projectedMonthEnd().toDouble()));
    }
}
