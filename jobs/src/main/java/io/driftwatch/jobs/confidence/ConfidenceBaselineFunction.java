package io.driftwatch.jobs.confidence;

import io.driftwatch.codec.ByteReader;
import io.driftwatch.codec.ByteWriter;
import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.alert.MultiScaleAlert;
import io.driftwatch.drift.alert.MultiScaleAlert.Decision;
import io.driftwatch.drift.alert.ScaleVerdict;
import io.driftwatch.drift.confidence.BaselineAccumulator;
import io.driftwatch.drift.confidence.BaselineReference;
import io.driftwatch.drift.confidence.ConfidenceEvaluation;
import io.driftwatch.drift.confidence.HourOfWeekBaseline;
import io.driftwatch.drift.confidence.SlotAggregate;
import io.driftwatch.drift.confidence.SlotRing;
import io.driftwatch.drift.feature.FeatureComparison.Transition;
import io.driftwatch.jobs.confidence.ConfidenceDriftEvents.Window;
import io.driftwatch.jobs.pipeline.IntervalClock;
import io.driftwatch.jobs.pipeline.SubjectWarnings;
import java.util.function.IntFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confidence baselines per group (by default {@code model_name, model_version, use_case,
 * environment}), in event time, from delta histogram points of the confidence metric.
 *
 * <p>Each point is added to the evaluation interval {@code (T − I, T]} that contains its timestamp
 * (its Δcount, Δsum and the interpolated count at or below the low threshold). When the watermark
 * passes an interval end T, the interval is final: it joins the ring of recent intervals and, while
 * it lies in the reference period, the baseline. Then the group is evaluated at T with {@link
 * ConfidenceEvaluation} over the current window {@code (T − W, T]} and the baseline, and the results
 * are emitted as samples stamped T. Evaluation continues every interval while the current window
 * holds data. Points for an interval already evaluated are late: counted ({@code
 * driftwatch.confidence.late_points}) and dropped. Points the aggregation cannot use although the
 * decoder accepts them (no sum, no explicit bounds, an infinite bound or zero threshold, a zero count
 * with a non-zero sum) are counted ({@code driftwatch.confidence.unusable_points}), logged and
 * dropped. Points with zero increments add nothing, so they neither start the group's first interval
 * nor schedule an evaluation.
 *
 * <p>Baseline, frozen mode: the intervals ending in {@code (F, F + P]}, where F is the start of the
 * group's first interval with data; published from {@code F + P} on, then never changed. Rolling
 * mode: the intervals ending in {@code (T − W − P, T − W]}, published once the group has that much
 * history. Hour-of-week mode: the intervals of the frozen period, each added to the baseline of its
 * hour of the week ({@link HourOfWeekBaseline}), published from {@code F + P} on; the current window is
 * compared with the same hours of the week. Before a baseline is complete only the current-window
 * series are published.
 *
 * <p>Short window ({@code confidence.short-window} S, unless off): at each evaluation the window {@code
 * (T − S, T]} is evaluated against the same baseline (hour-of-week: the same hours of the week) and its
 * series are written with the label {@code window="short"}, beside the current window's unlabelled ones.
 *
 * <p>Alert: at each evaluation with a drift ratio, {@link MultiScaleAlert} decides from the group's one
 * alert state and both windows' verdicts ({@link io.driftwatch.drift.confidence.ConfidenceAlert} for the
 * current window, {@link io.driftwatch.drift.confidence.ShortWindowRule} for the short one) whether it
 * fires or resolves; each change is one {@code confidence_drift} event on {@link #EVENTS} (and a {@code
 * ml_driftwatch_event} sample). New state (the hour-of-week baseline, the alert state) lives in
 * descriptors of its own, so savepoints of earlier versions restore: their groups start with no alert
 * firing. The short window needs no state of its own: it is read from the ring of recent intervals.
 *
 * <p>Roll-ups ({@link ConfidenceLevel}): the same function keyed by fewer labels reads, instead of points,
 * the intervals its finer level closes ({@link #CLOSED_INTERVALS}, stamped with their end T), and merges
 * each into its own interval T exactly as it merges points (counts, sums and {@code below}s added). The
 * finer level emits them when the watermark passes T, before it forwards that watermark: a roll-up's
 * interval is complete when its own timer at T fires. Its series and events carry {@code rollup}.
 *
 * @param <IN> delta histogram points for the groups, {@link ClosedInterval}s for a roll-up
 */
public final class ConfidenceBaselineFunction<IN> extends KeyedProcessFunction<String, IN, PrometheusSample> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConfidenceBaselineFunction.class);

    /** The {@code confidence_drift} events (alert state changes). */
    public static final OutputTag<EventRecord> EVENTS =
            new OutputTag<>("confidence-drift-events", TypeInformation.of(EventRecord.class));

    /** The intervals this level closes, for the next roll-up (only when {@link ConfidenceLevel#feedsRollup()}). */
    public static final OutputTag<ClosedInterval> CLOSED_INTERVALS =
            new OutputTag<>("confidence-closed-intervals", TypeInformation.of(ClosedInterval.class));

    private final ConfidenceSettings settings;
    private final ConfidenceLevel level;
    private final IntervalInput<IN> input;
    private final IntervalClock clock;

    private transient MapState<Long, byte[]> pending;
    private transient ValueState<byte[]> ring;
    private transient ValueState<byte[]> baseline;
    private transient ValueState<Long> firstSlot;
    private transient ValueState<Long> lastEvaluatedSlot;
    private transient ValueState<byte[]> hourOfWeek;
    private transient ValueState<Boolean> firing;
    private transient Counter events;
    private transient SubjectWarnings warnings;
    private transient Counter latePoints;
    private transient Counter unusablePoints;
    private transient Counter evaluations;

    private ConfidenceBaselineFunction(ConfidenceSettings settings, ConfidenceLevel level, IntervalInput<IN> input) {
        this.settings = settings;
        this.level = level;
        this.input = input;
        this.clock = new IntervalClock(settings.intervalMillis());
    }

    /** The groups, from delta histogram points, handing no intervals to a roll-up. */
    public static ConfidenceBaselineFunction<MetricPoint> ofPoints(ConfidenceSettings settings) {
        return ofPoints(settings, ConfidenceLevel.groups(settings.groupBy(), false));
    }

    /** The groups ({@code level} of {@link ConfidenceLevel#groups}), from delta histogram points. */
    public static ConfidenceBaselineFunction<MetricPoint> ofPoints(ConfidenceSettings settings, ConfidenceLevel level) {
        return new ConfidenceBaselineFunction<>(settings, level, new HistogramInput(settings.lowThreshold()));
    }

    /** A roll-up, from the intervals its finer level closes. */
    public static ConfidenceBaselineFunction<ClosedInterval> ofClosedIntervals(
            ConfidenceSettings settings, ConfidenceLevel rollup) {
        return new ConfidenceBaselineFunction<>(settings, rollup, ClosedInterval.INPUT);
    }

    @Override
    public void open(OpenContext openContext) {
        warnings = new SubjectWarnings(LOG);
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>(
                        "pending-intervals", Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        ring = getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "interval-ring", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        baseline = getRuntimeContext()
                .getState(
                        new ValueStateDescriptor<>("baseline", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        firstSlot = getRuntimeContext().getState(new ValueStateDescriptor<>("first-interval", Types.LONG));
        lastEvaluatedSlot = getRuntimeContext().getState(new ValueStateDescriptor<>("last-evaluated", Types.LONG));
        hourOfWeek = getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "hour-of-week-baseline", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        firing = getRuntimeContext().getState(new ValueStateDescriptor<>("alert-firing", Types.BOOLEAN));
        var group = getRuntimeContext().getMetricGroup().addGroup("driftwatch").addGroup("confidence");
        latePoints = group.counter("late_points");
        unusablePoints = group.counter("unusable_points");
        evaluations = group.counter("evaluations");
        events = group.counter("events");
    }

    @Override
    public void processElement(IN point, Context ctx, Collector<PrometheusSample> out) throws Exception {
        long slot = clock.slotOf(input.timeMillis(point));
        if (clock.isEvaluated(slot, lastEvaluatedSlot.value())) {
            latePoints.inc();
            return;
        }
        SlotAggregate add;
        try {
            add = input.aggregate(point);
        } catch (IllegalArgumentException e) {
            unusablePoints.inc();
            warnings.warn(ctx.getCurrentKey(), "confidence point {} is unusable, dropped: {}", point, e.getMessage());
            return;
        }
        if (add.count() == 0) {
            // an idle interval must not start the frozen reference period (F is the first interval with data)
            return;
        }
        byte[] old = pending.get(slot);
        pending.put(slot, encode(old == null ? add : decode(old).plus(add)));
        if (clock.becomesFirst(slot, firstSlot.value())) {
            firstSlot.update(slot);
        }
        ctx.timerService().registerEventTimeTimer(clock.endOf(slot));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<PrometheusSample> out) throws Exception {
        long slot = clock.slotOf(timestamp);
        if (clock.isEvaluated(slot, lastEvaluatedSlot.value())) {
            return;
        }
        SlotRing recent = ringValue();
        byte[] closed = pending.get(slot);
        SlotAggregate closedAggregate = null;
        if (closed != null) {
            pending.remove(slot);
            closedAggregate = decode(closed);
            recent.add(slot, closedAggregate);
            if (level.feedsRollup()) {
                ctx.output(CLOSED_INTERVALS, ClosedInterval.of(ctx.getCurrentKey(), timestamp, closedAggregate));
            }
        }
        lastEvaluatedSlot.update(slot);

        IntFunction<BaselineReference> reference = updateBaseline(slot, closedAggregate, recent);
        ConfidenceEvaluation e = evaluate(recent, slot, settings.windowSlots(), reference);
        if (e != null) {
            evaluations.inc();
            Labels labels = level.labelsOf(ctx.getCurrentKey());
            ConfidenceSeries.emit(settings, e, labels, timestamp, out);
            ConfidenceEvaluation shortWindow = settings.shortWindowSlots() == 0
                    ? null
                    : evaluate(recent, slot, settings.shortWindowSlots(), reference);
            if (shortWindow != null) {
                ConfidenceSeries.emitShort(settings, shortWindow, labels, timestamp, out);
            }
            alert(e, shortWindow, slot, ctx, out);
        }
        ring.update(recent.toBytes());

        long next = slot + 1;
        if (recent.newestSlot().isPresent() && recent.newestSlot().getAsLong() > next - settings.windowSlots()) {
            ctx.timerService().registerEventTimeTimer(clock.endOf(next));
        }
    }

    /** The window of {@code windowSlots} intervals ending with {@code slot}, evaluated; null when it is empty. */
    private ConfidenceEvaluation evaluate(
            SlotRing recent, long slot, int windowSlots, IntFunction<BaselineReference> reference) {
        SlotAggregate window = recent.window(slot, windowSlots);
        if (window.count() == 0) {
            return null;
        }
        return ConfidenceEvaluation.evaluate(
                window, reference == null ? null : reference.apply(windowSlots), settings.adaptiveThresholdK());
    }

    /**
     * Returns the baseline to evaluate a window of so many intervals ending with slot {@code slot}
     * against (the same for every window but with hour-of-week), or null while it is incomplete.
     */
    private IntFunction<BaselineReference> updateBaseline(long slot, SlotAggregate closed, SlotRing recent)
            throws Exception {
        long first = firstSlot.value();
        int periodSlots = settings.baselineSlots();
        if (settings.rollingBaseline()) {
            long to = slot - settings.windowSlots();
            long from = to - periodSlots;
            if (from < first - 1) {
                return null;
            }
            BaselineReference r =
                    BaselineReference.of(BaselineAccumulator.ofRing(recent, from, to, settings.minCountPerInterval()));
            return windowSlots -> r;
        }
        long referenceEnd = first - 1 + periodSlots;
        if (settings.hourOfWeekBaseline()) {
            return updateHourOfWeek(slot, closed, recent, referenceEnd);
        }
        byte[] bytes = baseline.value();
        BaselineAccumulator acc = bytes == null
                ? new BaselineAccumulator(settings.minCountPerInterval())
                : BaselineAccumulator.fromBytes(bytes);
        if (closed != null && slot <= referenceEnd) {
            acc.addSlot(closed);
            baseline.update(acc.toBytes());
        }
        if (slot < referenceEnd) {
            return null;
        }
        BaselineReference r = BaselineReference.of(acc);
        return windowSlots -> r;
    }

    private IntFunction<BaselineReference> updateHourOfWeek(
            long slot, SlotAggregate closed, SlotRing recent, long referenceEnd) throws Exception {
        byte[] bytes = hourOfWeek.value();
        HourOfWeekBaseline acc = bytes == null
                ? new HourOfWeekBaseline(settings.minCountPerInterval())
                : HourOfWeekBaseline.fromBytes(bytes);
        if (closed != null && slot <= referenceEnd) {
            acc.addSlot(clock.endOf(slot - 1), closed);
            hourOfWeek.update(acc.toBytes());
        }
        if (slot < referenceEnd) {
            return null;
        }
        return windowSlots -> acc.reference(visitor ->
                recent.forEachSlot(slot - windowSlots, slot, (s, a) -> visitor.accept(clock.endOf(s - 1), a)));
    }

    /**
     * Applies the alert rule and writes its state as the verdict series (so dashboards and alerts read the
     * events' verdict, never a rule re-derived in PromQL); a change of state is also an event and its
     * annotation sample.
     */
    private void alert(
            ConfidenceEvaluation e,
            ConfidenceEvaluation shortWindow,
            long slot,
            OnTimerContext ctx,
            Collector<PrometheusSample> out)
            throws Exception {
        boolean wasFiring = Boolean.TRUE.equals(firing.value());
        ScaleVerdict shortVerdict = shortWindow == null
                ? ScaleVerdict.NONE
                : settings.shortWindowRule().verdict(shortWindow, settings.shortWindowSlots());
        Decision decision = MultiScaleAlert.decide(wasFiring, settings.alert().verdict(e), shortVerdict);
        Transition change = decision.transition();
        boolean nowFiring = change == Transition.NONE ? wasFiring : change == Transition.FIRE;
        String key = ctx.getCurrentKey();
        Labels labels = level.labelsOf(key);
        long t = clock.endOf(slot);
        if (!Double.isNaN(e.driftRatio())) {
            out.collect(PrometheusSample.of(settings.driftFiringSeries(), labels, t, nowFiring ? 1 : 0));
        }
        if (change == Transition.NONE) {
            return;
        }
        firing.update(nowFiring);
        events.inc();
        out.collect(ConfidenceDriftEvents.eventSample(settings.outputPrefix(), labels, nowFiring, t));
        boolean isShort = decision.window() == MultiScaleAlert.Window.SHORT;
        ConfidenceEvaluation reported = isShort ? shortWindow : e;
        int windowSlots = isShort ? settings.shortWindowSlots() : settings.windowSlots();
        double fireLevel = isShort
                ? settings.shortWindowRule().fireLevel(shortWindow, windowSlots)
                : settings.alert().threshold();
        Window window = new Window(clock.endOf(slot - windowSlots), t, reported.currentCount());
        ctx.output(
                EVENTS,
                ConfidenceDriftEvents.event(
                        level.subject(key),
                        level.rollup(),
                        labels,
                        nowFiring,
                        t,
                        reported,
                        settings,
                        new ConfidenceDriftEvents.Scale(decision.window().label(), fireLevel),
                        window,
                        baselineWindow(slot, reported)));
    }

    /** The baseline period {@code (start, end]}: the first period (frozen, hour-of-week) or the one before the window. */
    private Window baselineWindow(long slot, ConfidenceEvaluation e) throws Exception {
        long to = settings.rollingBaseline()
                ? slot - settings.windowSlots()
                : firstSlot.value() - 1 + settings.baselineSlots();
        return new Window(clock.endOf(to - settings.baselineSlots()), clock.endOf(to), e.baselineCount());
    }

    private SlotRing ringValue() throws Exception {
        byte[] bytes = ring.value();
        return bytes == null ? new SlotRing(settings.ringSlots()) : SlotRing.fromBytes(bytes);
    }

    /** A pending interval's state: count, sum and below, 24 bytes (package-private for the golden-bytes test). */
    static byte[] encode(SlotAggregate a) {
        ByteWriter w = new ByteWriter(24);
        w.writeFixedLong(a.count());
        w.writeDouble(a.sum());
        w.writeDouble(a.below());
        return w.toByteArray();
    }

    static SlotAggregate decode(byte[] b) {
        ByteReader r = new ByteReader(b, "pending interval");
        long count = r.readFixedLong("count");
        double sum = r.readDouble("sum");
        double below = r.readDouble("below");
        r.expectEnd();
        return SlotAggregate.of(count, sum, below);
    }
}
