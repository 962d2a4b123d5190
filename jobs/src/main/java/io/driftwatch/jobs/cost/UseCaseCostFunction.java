package io.driftwatch.jobs.cost;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.events.EventRecordSerializer;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.cost.catalog.PriceCatalog;
import io.driftwatch.cost.catalog.UseCase;
import io.driftwatch.cost.ledger.CostEvaluation;
import io.driftwatch.cost.ledger.CostLedger;
import io.driftwatch.cost.ledger.HourCost;
import io.driftwatch.cost.money.LargestRemainder;
import io.driftwatch.cost.money.Money;
import io.driftwatch.cost.projection.CostAnomaly;
import io.driftwatch.cost.projection.CostAnomalyCheck;
import io.driftwatch.cost.projection.MonthEndProjection;
import io.driftwatch.cost.projection.MonthEndProjector;
import io.driftwatch.cost.projection.UseCaseRatios;
import io.driftwatch.cost.projection.UseCaseUsage;
import io.driftwatch.jobs.config.CostConfig;
import io.driftwatch.jobs.pipeline.GroupKey;
import io.driftwatch.jobs.pipeline.IntervalClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
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
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The use-case level of the cost analysis, in one keyed instance (all use cases are compared with
 * each other): the priced hours of every cost key ({@link UseCaseHour}) are summed per use case into
 * a {@link CostLedger}; the GPUs' capacity hours ({@link GpuHour}) are summed per GPU type and
 * provider. When the watermark passes an hour end T, each use case with usage in its 24-hour window
 * is evaluated at T:
 *
 * <ul>
 *   <li>{@code ml:cost:gpu_share} and {@code ml:cost:volume_share}: its GPU cost and its inferences over
 *       the window, each divided by the sum over all use cases ({@link UseCaseRatios});
 *   <li>{@code ml:cost:budget_burn_ratio}: its month-to-date cost ÷ its catalog monthly budget (use
 *       cases with a budget above 0);
 *   <li>cost anomalies ({@link CostAnomalyCheck} over the windows and the month-end projections):
 *       a {@code firing} event when one starts to hold, {@code resolved} when it stops. An hour in
 *       which no use case had any usage (the input stopped or paused) changes no anomaly: silence is
 *       not a recovery.
 * </ul>
 *
 * {@code ml:cost:idle_gpu}: the idle cost of the hour, per GPU type and provider; with {@code
 * cost.idle.allocation: proportional}, split instead over the use cases in proportion to their GPU
 * cost of the hour ({@link LargestRemainder}: the parts add up to the idle cost exactly), and per GPU
 * type and provider when no use case had GPU cost in the hour.
 *
 * <p>{@code ml:cost:catalog_info{version}} = 1 at every evaluated T: the version of the catalog in
 * force ({@link CatalogInForce}) when the hour ending T was evaluated.
 */
public final class UseCaseCostFunction
        extends KeyedBroadcastProcessFunction<Byte, Either<UseCaseHour, GpuHour>, CatalogUpdate, PrometheusSample> {

    private static final long serialVersionUID = 1L;
    private static final long HOUR = CostUsageFunction.HOUR;
    private static final IntervalClock HOURLY = CostUsageFunction.HOURLY;

    /** Cost anomaly events for the events topic. */
    public static final OutputTag<EventRecord> EVENTS = new OutputTag<>("cost-events", EventRecordSerializer.TYPE_INFO);

    /** Each use case's cost of every hour in which some use case had usage, for {@link CostSpikeFunction}. */
    public static final OutputTag<UseCaseHourCost> HOUR_COSTS =
            new OutputTag<>("cost-use-case-hours", TypeInformation.of(UseCaseHourCost.class));

    private final CostSettings settings;
    private final CatalogInForce catalog;

    private transient MonthEndProjector projector;
    private transient CostAnomalyCheck check;
    private transient MapState<String, byte[]> ledgers;
    private transient MapState<String, byte[]> pendingHours;
    private transient MapState<String, Long> idleByHourTypeProvider;
    private transient ValueState<String> activeAnomalies;
    private transient ValueState<Long> lastEvaluatedHour;
    private transient Counter late;

    public UseCaseCostFunction(CostSettings settings) {
        this.settings = settings;
        this.catalog = new CatalogInForce(settings);
    }

    @Override
    public void processBroadcastElement(CatalogUpdate update, Context ctx, Collector<PrometheusSample> out)
            throws Exception {
        CatalogInForce.update(ctx.getBroadcastState(CatalogInForce.STATE), update);
    }

    /** A cost key's priced hour (left) or a GPU's capacity hour (right). */
    @Override
    public void processElement(Either<UseCaseHour, GpuHour> in, ReadOnlyContext ctx, Collector<PrometheusSample> out)
            throws Exception {
        if (in.isLeft()) {
            useCaseHour(in.left(), ctx);
        } else {
            gpuHour(in.right(), ctx);
        }
    }

    @Override
    public void open(OpenContext openContext) {
        projector = new MonthEndProjector(settings.config().projectionDays());
        check = new CostAnomalyCheck(settings.config().shareFactor());
        ledgers = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "use-case-ledgers", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        pendingHours = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "use-case-pending-hours", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        idleByHourTypeProvider =
                getRuntimeContext().getMapState(new MapStateDescriptor<>("idle-gpu-pending", Types.STRING, Types.LONG));
        activeAnomalies = getRuntimeContext().getState(new ValueStateDescriptor<>("active-anomalies", Types.STRING));
        lastEvaluatedHour = getRuntimeContext().getState(new ValueStateDescriptor<>("last-evaluated", Types.LONG));
        late = getRuntimeContext()
                .getMetricGroup()
                .addGroup("driftwatch")
                .addGroup("cost")
                .counter("late_use_case_hours");
    }

    private void useCaseHour(UseCaseHour h, ReadOnlyContext ctx) throws Exception {
        if (isLate(h.hourEndMillis())) {
            return;
        }
        // Held until the hour's timer: one upstream instance may be hours or days of event time ahead
        // of another in a replay, and an hour must be evaluated with the others' records of that hour.
        String key = GroupKey.of(List.of(Long.toString(h.hourEndMillis()), h.useCase()));
        byte[] old = pendingHours.get(key);
        HourCost sum = old == null ? h.cost() : decode(old).plus(h.cost());
        pendingHours.put(key, encode(sum));
        ctx.timerService().registerEventTimeTimer(h.hourEndMillis());
    }

    /**
     * A pending hour's state: cost and GPU cost in micros, inferences, tokens; 32 bytes; then failed
     * inferences only when there are any (40 bytes), so state without failures keeps its form.
     */
    static byte[] encode(HourCost sum) {
        ByteWriter w = new ByteWriter(40);
        w.writeFixedLong(sum.cost().micros());
        w.writeFixedLong(sum.gpuCost().micros());
        w.writeFixedLong(sum.inferences());
        w.writeFixedLong(sum.tokens());
        if (sum.failedInferences() != 0) {
            w.writeFixedLong(sum.failedInferences());
        }
        return w.toByteArray();
    }

    static HourCost decode(byte[] bytes) {
        ByteReader r = new ByteReader(bytes, "pending use-case hour");
        HourCost sum = new HourCost(
                Money.ofMicros(r.readFixedLong("cost")),
                Money.ofMicros(r.readFixedLong("GPU cost")),
                r.readFixedLong("inferences"),
                r.readFixedLong("tokens"),
                bytes.length >= 40 ? r.readFixedLong("failed inferences") : 0);
        r.expectEnd();
        return sum;
    }

    /** Moves the pending hours up to {@code t} into the use cases' ledgers. */
    private void closeHoursUpTo(long t) throws Exception {
        Map<String, CostLedger> touched = new TreeMap<>();
        TreeMap<Long, List<Map.Entry<String, HourCost>>> byHour = new TreeMap<>();
        for (Iterator<Map.Entry<String, byte[]>> it = pendingHours.iterator(); it.hasNext(); ) {
            Map.Entry<String, byte[]> e = it.next();
            List<String> k = GroupKey.values(e.getKey());
            long hourEnd = Long.parseLong(k.get(0));
            if (hourEnd <= t) {
                byHour.computeIfAbsent(hourEnd, x -> new ArrayList<>()).add(Map.entry(k.get(1), decode(e.getValue())));
                it.remove();
            }
        }
        for (var hour : byHour.entrySet()) {
            for (Map.Entry<String, HourCost> e : hour.getValue()) {
                CostLedger ledger = touched.get(e.getKey());
                if (ledger == null) {
                    byte[] bytes = ledgers.get(e.getKey());
                    ledger = bytes == null ? new CostLedger(CostSettings.WINDOW_HOURS) : CostLedger.fromBytes(bytes);
                    touched.put(e.getKey(), ledger);
                }
                ledger.record(hour.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, CostLedger> e : touched.entrySet()) {
            ledgers.put(e.getKey(), e.getValue().toBytes());
        }
    }

    private void gpuHour(GpuHour g, ReadOnlyContext ctx) throws Exception {
        if (isLate(g.hourEndMillis())) {
            return;
        }
        String key = GroupKey.of(List.of(Long.toString(g.hourEndMillis()), g.gpuType(), g.provider()));
        Long old = idleByHourTypeProvider.get(key);
        idleByHourTypeProvider.put(key, Math.addExact(old == null ? 0 : old, g.idleMicros()));
        ctx.timerService().registerEventTimeTimer(g.hourEndMillis());
    }

    private boolean isLate(long hourEnd) throws Exception {
        if (HOURLY.isEvaluated(HOURLY.slotOf(hourEnd), lastEvaluatedHour.value())) {
            late.inc();
            return true;
        }
        return false;
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<PrometheusSample> out) throws Exception {
        long hour = HOURLY.slotOf(t);
        if (HOURLY.isEvaluated(hour, lastEvaluatedHour.value())) {
            return;
        }
        lastEvaluatedHour.update(hour);
        closeHoursUpTo(t);
        PriceCatalog prices = catalog.pricesForHourEnding(ctx.getBroadcastState(CatalogInForce.STATE), t);
        out.collect(PrometheusSample.of(
                settings.series("catalog_info"),
                Labels.of("version", catalog.version(ctx.getBroadcastState(CatalogInForce.STATE))),
                t,
                1));

        Map<String, CostEvaluation> evaluations = new TreeMap<>();
        boolean anyUsageThisHour = false;
        for (Map.Entry<String, byte[]> e : ledgers.entries()) {
            CostLedger ledger = CostLedger.fromBytes(e.getValue());
            if (ledger.newestHourEnd().isPresent()
                    && ledger.newestHourEnd().getAsLong() > t - CostSettings.WINDOW_HOURS * HOUR) {
                evaluations.put(e.getKey(), CostEvaluation.of(t, ledger, e.getKey(), prices, projector));
                anyUsageThisHour |= !ledger.hour(t).isZero();
            }
        }
        List<UseCaseUsage> usages =
                evaluations.values().stream().map(CostEvaluation::windowUsage).toList();
        Map<String, UseCaseRatios> ratios = new LinkedHashMap<>();
        for (UseCaseRatios r : UseCaseRatios.of(usages, prices)) {
            ratios.put(r.useCase(), r);
        }
        for (CostEvaluation e : evaluations.values()) {
            String useCase = e.ratios().useCase();
            Labels plain = settings.useCaseLabels(useCase, false);
            out.collect(PrometheusSample.of(
                    settings.series("gpu_share"), plain, t, ratios.get(useCase).gpuCostShare()));
            out.collect(PrometheusSample.of(
                    settings.series("volume_share"),
                    plain,
                    t,
                    ratios.get(useCase).volumeShare()));
            Optional<Money> budget =
                    prices.useCase(useCase).map(UseCase::monthlyBudget).filter(b -> !b.isZero());
            budget.ifPresent(b -> out.collect(
                    PrometheusSample.of(settings.series("budget_burn_ratio"), plain, t, e.budgetBurnRatio(b))));
        }
        emitIdle(t, evaluations, out);
        if (anyUsageThisHour) {
            evaluations.forEach((useCase, e) -> ctx.output(
                    HOUR_COSTS, new UseCaseHourCost(useCase, t, e.hour().cost().micros())));
            publishAnomalyChanges(t, prices, evaluations, usages, ratios, ctx);
        }
    }

    private void emitIdle(long t, Map<String, CostEvaluation> evaluations, Collector<PrometheusSample> out)
            throws Exception {
        Map<List<String>, Long> idle =
                new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        for (Iterator<Map.Entry<String, Long>> it = idleByHourTypeProvider.iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            List<String> k = GroupKey.values(e.getKey());
            if (Long.parseLong(k.get(0)) <= t) {
                idle.merge(k.subList(1, 3), e.getValue(), Math::addExact);
                it.remove();
            }
        }
        if (idle.isEmpty()) {
            return;
        }
        Map<String, Long> gpuWeights = new HashMap<>();
        evaluations.forEach((useCase, e) -> {
            if (!e.hour().gpuCost().isZero()) {
                gpuWeights.put(useCase, e.hour().gpuCost().micros());
            }
        });
        if (settings.config().idle().allocation() == CostConfig.IdleAllocation.PROPORTIONAL && !gpuWeights.isEmpty()) {
            Money total = Money.ofMicros(
                    idle.values().stream().mapToLong(Long::longValue).reduce(0, Math::addExact));
            LargestRemainder.allocate(total, gpuWeights)
                    .forEach((useCase, part) -> out.collect(PrometheusSample.of(
                            settings.series("idle_gpu"), settings.useCaseLabels(useCase, true), t, part.toDouble())));
            return;
        }
        idle.forEach((typeProvider, micros) -> out.collect(PrometheusSample.of(
                settings.series("idle_gpu"),
                Labels.of(
                        "gpu_type",
                        typeProvider.get(0),
                        "provider",
                        typeProvider.get(1),
                        "currency",
                        settings.currency()),
                t,
                Money.ofMicros(micros).toDouble())));
    }

    private void publishAnomalyChanges(
            long t,
            PriceCatalog prices,
            Map<String, CostEvaluation> evaluations,
            List<UseCaseUsage> usages,
            Map<String, UseCaseRatios> ratios,
            OnTimerContext ctx)
            throws Exception {
        Map<String, MonthEndProjection> projections = new HashMap<>();
        evaluations.forEach((useCase, e) -> projections.put(useCase, e.projection()));
        Map<String, CostAnomaly> now = new TreeMap<>();
        for (CostAnomaly a : check.check(usages, prices, projections)) {
            now.put(GroupKey.of(List.of(a.useCase(), a.kind().name())), a);
        }
        // Active anomalies as one group key of (use case, kind) pairs.
        TreeSet<String> before = new TreeSet<>();
        List<String> stored = activeAnomalies.value() == null ? List.of() : GroupKey.values(activeAnomalies.value());
        for (int i = 0; i < stored.size(); i += 2) {
            before.add(GroupKey.of(stored.subList(i, i + 2)));
        }
        TreeSet<String> active = new TreeSet<>(now.keySet());
        for (Map.Entry<String, CostAnomaly> e : now.entrySet()) {
            if (!before.contains(e.getKey())) {
                CostAnomaly a = e.getValue();
                ctx.output(
                        EVENTS,
                        CostAnomalyEvents.of(
                                a.useCase(),
                                a.kind(),
                                true,
                                a.detail(),
                                evaluations.get(a.useCase()),
                                ratios.get(a.useCase()),
                                prices.useCase(a.useCase()),
                                settings));
            }
        }
        for (String k : before) {
            List<String> v = GroupKey.values(k);
            CostEvaluation e = evaluations.get(v.get(0));
            if (now.containsKey(k)) {
                continue;
            }
            if (e == null) {
                active.add(k); // no usage left in its window: it stays as it was (silence is not a recovery)
                continue;
            }
            CostAnomaly.Kind kind = CostAnomaly.Kind.valueOf(v.get(1));
            ctx.output(
                    EVENTS,
                    CostAnomalyEvents.of(
                            v.get(0),
                            kind,
                            false,
                            CostAnomalyEvents.anomalyName(kind) + " no longer holds",
                            e,
                            ratios.get(v.get(0)),
                            prices.useCase(v.get(0)),
                            settings));
        }
        List<String> flat = new ArrayList<>();
        active.forEach(k -> flat.addAll(GroupKey.values(k)));
        activeAnomalies.update(GroupKey.of(flat));
    }
}
