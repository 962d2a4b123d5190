package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.alert.MultiScaleAlert;
import io.driftwatch.drift.alert.MultiScaleAlert.Decision;
import io.driftwatch.drift.fdr.ScaleResult;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureComparison;
import io.driftwatch.drift.feature.FeatureComparison.Transition;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.MethodScore;
import io.driftwatch.drift.feature.QuantileGrid;
import io.driftwatch.jobs.drift.FeatureDriftEvents.Window;
import io.driftwatch.jobs.pipeline.GroupKey;
import io.driftwatch.jobs.pipeline.IntervalClock;
import io.driftwatch.jobs.pipeline.SubjectWarnings;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feature drift per (model_name, model_version, feature), in event time.
 *
 * <p>Each observation joins the summary of its evaluation interval {@code (T − I, T]}. When the
 * watermark passes T, the interval is closed and the feature is evaluated at T: the current window
 * {@code (T − W, T]} is the merge of its intervals' summaries, compared with the baseline by {@link
 * FeatureComparison}; the scores, p-values and sample counts are emitted as samples stamped T, and a
 * change of alert state as a {@code feature_drift} event on {@link #EVENTS}. Evaluation repeats every
 * interval while the current window holds data.
 *
 * <p><b>Short window</b> ({@code drift.short-window} S, 0 when off): at each evaluation the last S/I
 * intervals of the current window, {@code (max(T − S, current start), T]}, are merged too (grid counts
 * summed, sketches merged: no state beyond the intervals already kept) and compared with the same baseline
 * under {@link FeatureDriftSettings#shortPolicy()}; its series carry {@code window="short"}. One alert state
 * per feature ({@link MultiScaleAlert}): it fires when either window reaches its threshold and resolves when
 * both are below their resolve levels; the event names the window ({@code window}).
 *
 * <p><b>False discovery rate</b> ({@code drift.fdr-q} on): the verdict is taken per model version, not here.
 * Each evaluation goes as a {@link FeatureEvaluation} to {@link #EVALUATIONS}, stamped T, and {@link
 * ModelVersionVerdictFunction} decides all features of the model version at T together and writes the
 * thresholds, the verdict series and the events; scores, p-values and sample counts stay here. The alert state
 * kept here by an earlier version (state "firing") is handed over with the next evaluation and cleared.
 *
 * <p>Baseline, frozen: the intervals ending in {@code (F, F + P]}, F the start of the feature's first
 * interval with data, merged as they close; compared from {@code F + P} on and never changed. Rolling:
 * the P/1d whole days before the current window (each interval leaving the window is merged into its
 * day's summary), compared once the feature has that much history. State per feature is therefore
 * bounded: W/I interval summaries (plus any not yet closed), one baseline summary, and in rolling mode
 * P/1d day summaries.
 *
 * <p><b>Numeric features with a frozen baseline</b> keep far less (at most 64 KB per key at any traffic,
 * against 0.5 MB with a KLL sketch per interval): during the reference period each interval is merged
 * into the one baseline sketch as it closes and dropped (nothing is evaluated then, so nothing else needs
 * it); when the baseline freezes, a {@link QuantileGrid} of about 520 cells is derived from it (state
 * "grid") and every later interval counts its values exactly in the grid's cells (a {@link FeatureSummary}
 * on the grid, about a byte per cell). The current window is then the sum of the count vectors of its
 * intervals <em>after</em> the reference period: it never overlaps the baseline (so the first evaluation
 * is one interval after the baseline completes, and the window is full W after it), and is scored by
 * {@link FeatureComparison#compareOnGrid}. State written by an earlier version (interval summaries, KLL
 * ones read as bins by {@link FeatureSummary#fromBytes}) is converted on first access: summaries of
 * intervals in the reference period are dropped (they were merged into the baseline when they closed),
 * later ones are counted on the grid by their rounded values ({@link FeatureSummary#toGrid}), and the
 * grid is derived from the restored baseline.
 *
 * <p>Counted and dropped, never silently: observations for an interval already evaluated ({@code
 * driftwatch.drift.late_values}), and observations that do not fit the feature's summary, e.g. a string
 * for a numeric feature (the first value decides a feature's kind) or histogram bounds that changed
 * within an interval or between intervals of one window ({@code incompatible_values}); evaluations whose windows cannot be compared (bounds changed since the
 * baseline) are counted ({@code incomparable_evaluations}) and skipped.
 *
 * <p><b>Reference profiles</b> ({@code drift.baseline.mode: reference}): the broadcast input carries the
 * readable profiles of the reference topic ({@link ReferencesInForce}). At every evaluation, a feature whose
 * model version has a profile with a column of the feature's name is compared with that column's summary
 * (from the first evaluation on: no reference period), and with its fallback baseline (frozen or rolling,
 * built all along) otherwise; a profile published later replaces the baseline from the next evaluation.
 * Numeric features then keep every interval as a sketch (no grid), since either baseline may apply. The
 * series and events say which: {@code baseline="reference"}, else the fallback's kind.
 *
 * <p><b>Levels</b> ({@link FeatureLevel}): with {@code drift.segments} or {@code drift.rollups} the analysis
 * runs once per level, one instance of this class each. The finest receives the observations; every level
 * but the last also sends each interval it closes, as one summary per key on {@link #SUMMARIES}, to the
 * next, which merges it into the same interval as if it were an observation. Numeric windows are then kept
 * as sketches at every level ({@link FeatureDriftSettings#numericOnGrid()}).
 */
public final class FeatureDriftFunction
        extends KeyedBroadcastProcessFunction<String, FeatureObservation, ReferenceUpdate, PrometheusSample> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FeatureDriftFunction.class);

    /** The drift events (state changes). */
    public static final OutputTag<EventRecord> EVENTS =
            new OutputTag<>("feature-drift-events", TypeInformation.of(EventRecord.class));

    /** Each closed interval's summary, keyed for the next level (README, "Segments and roll-ups"). */
    public static final OutputTag<FeatureObservation> SUMMARIES =
            new OutputTag<>("feature-drift-summaries", TypeInformation.of(FeatureObservation.class));

    /** With {@code drift.fdr-q} on: every evaluation, for {@link ModelVersionVerdictFunction} to decide. */
    public static final OutputTag<FeatureEvaluation> EVALUATIONS =
            new OutputTag<>("feature-drift-evaluations", FeatureEvaluation.TYPE_INFO);

    private final FeatureDriftSettings settings;
    private final FeatureLevel level;
    private final IntervalClock clock;
    private final ReferencesInForce references = new ReferencesInForce();

    private transient MapState<Long, FeatureSummary> intervals;
    private transient ValueState<FeatureSummary> frozenBaseline;
    private transient MapState<Long, FeatureSummary> days;
    private transient ValueState<Long> firstSlot;
    private transient ValueState<Long> lastEvaluatedSlot;
    private transient ValueState<Boolean> firing;
    private transient ValueState<String> kind;
    private transient ValueState<QuantileGrid> grid;
    private transient SubjectWarnings warnings;
    private transient Counter lateValues;
    private transient Counter incompatibleValues;
    private transient Counter incomparable;
    private transient Counter evaluations;
    private transient Counter events;

    /** The finest level of {@code settings}. */
    public FeatureDriftFunction(FeatureDriftSettings settings) {
        this(settings, settings.levels().get(0));
    }

    FeatureDriftFunction(FeatureDriftSettings settings, FeatureLevel level) {
        this.settings = settings;
        this.level = level;
        this.clock = new IntervalClock(settings.intervalMillis());
    }

    @Override
    public void open(OpenContext openContext) {
        warnings = new SubjectWarnings(LOG);
        TypeInformation<FeatureSummary> summary = FeatureSummarySerializer.TYPE_INFO;
        intervals = getRuntimeContext().getMapState(new MapStateDescriptor<>("intervals", Types.LONG, summary));
        frozenBaseline = getRuntimeContext().getState(new ValueStateDescriptor<>("frozen-baseline", summary));
        days = getRuntimeContext().getMapState(new MapStateDescriptor<>("days", Types.LONG, summary));
        firstSlot = getRuntimeContext().getState(new ValueStateDescriptor<>("first-interval", Types.LONG));
        lastEvaluatedSlot = getRuntimeContext().getState(new ValueStateDescriptor<>("last-evaluated", Types.LONG));
        firing = getRuntimeContext().getState(new ValueStateDescriptor<>("firing", Types.BOOLEAN));
        kind = getRuntimeContext().getState(new ValueStateDescriptor<>("kind", Types.STRING));
        grid = getRuntimeContext().getState(new ValueStateDescriptor<>("grid", QuantileGridSerializer.TYPE_INFO));
        var group = getRuntimeContext().getMetricGroup().addGroup("driftwatch").addGroup("drift");
        lateValues = group.counter("late_values");
        incompatibleValues = group.counter("incompatible_values");
        incomparable = group.counter("incomparable_evaluations");
        evaluations = group.counter("evaluations");
        events = group.counter("events");
    }

    @Override
    public void processBroadcastElement(ReferenceUpdate u, Context ctx, Collector<PrometheusSample> out)
            throws Exception {
        ReferencesInForce.update(ctx.getBroadcastState(ReferencesInForce.STATE), u);
    }

    @Override
    public void processElement(FeatureObservation o, ReadOnlyContext ctx, Collector<PrometheusSample> out)
            throws Exception {
        long slot = clock.slotOf(o.timeMillis);
        if (clock.isEvaluated(slot, lastEvaluatedSlot.value())) {
            lateValues.inc();
            return;
        }
        if (o.isIdleIncrement()) {
            return; // an idle histogram interval must not start the frozen reference period
        }
        FeatureSummary summary = intervals.get(slot);
        try {
            // the first value decides the feature's kind for good
            String featureKind = kind.value();
            if (featureKind == null) {
                kind.update(o.kind.name());
            } else if (!featureKind.equals(o.kind.name())) {
                throw new IllegalArgumentException(
                        "a " + o.kind.name().toLowerCase() + " value for a " + featureKind.toLowerCase() + " feature");
            }
            QuantileGrid g = onGrid(o.kind) ? grid.value() : null;
            if (g == null && summary != null && summary.isOnGrid()) {
                // grid counts restored into reference mode: the window restarts as sketches
                incompatibleValues.inc(summary.observations());
                summary = null;
            }
            if (g != null) {
                summary = summary == null ? FeatureSummary.onGrid(g) : summary.toGrid(g);
                summary.add(g, o.number, o.weight);
            } else {
                summary = o.addTo(summary, settings); // a value, or a finer level's interval summary
            }
        } catch (IllegalArgumentException e) {
            incompatibleValues.inc();
            warnings.warn(ctx.getCurrentKey(), "feature value {} dropped: {}", o, e.getMessage());
            return;
        }
        intervals.put(slot, summary);
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
        lastEvaluatedSlot.update(slot);
        emitClosed(slot, timestamp, ctx);
        long first = firstSlot.value();
        if (onGrid(kindOf())) {
            onTimerFrozenNumeric(slot, first, timestamp, ctx, out);
            return;
        }
        FeatureSummary closed = intervals.get(slot);
        if (closed != null && closed.isOnGrid()) {
            closed = null; // grid counts of a job restored into reference mode (see processElement)
        }

        long windowStart = slot - settings.windowSlots();
        long shortStart = shortStart(slot, windowStart);
        FeatureSummary current = null;
        FeatureSummary recent = null;
        boolean windowHoldsData = false;
        for (Iterator<Map.Entry<Long, FeatureSummary>> it = intervals.iterator(); it.hasNext(); ) {
            Map.Entry<Long, FeatureSummary> e = it.next();
            long s = e.getKey();
            if (e.getValue().isOnGrid()) {
                it.remove(); // as above
            } else if (s <= windowStart) {
                if (settings.rolling()) {
                    mergeInto(days, Math.floorDiv(s - 1, settings.slotsPerDay()), e.getValue());
                }
                it.remove();
            } else if (s <= slot) {
                current = merge(current, e.getValue());
                recent = s > shortStart ? mergeShort(recent, e.getValue()) : recent;
                windowHoldsData = true;
            } else {
                windowHoldsData = true; // a later interval, not closed yet
            }
        }
        // after the eviction, so that a day completed by the interval that just left the window counts
        Baseline baseline = settings.rolling() ? rollingBaseline(slot, first) : frozenBaseline(slot, first, closed);
        ReferencesInForce.Reference reference = referenceOf(ctx);
        if (reference != null) {
            long published = clock.slotOf(reference.publishedMillis());
            baseline = new Baseline(reference.summary(), published, published, REFERENCE);
        }
        if (current != null) {
            evaluate(
                    ctx.getCurrentKey(),
                    timestamp,
                    new Windows(current, windowStart, recent, shortStart),
                    baseline,
                    null,
                    out,
                    ctx);
        }
        if (windowHoldsData) {
            ctx.timerService().registerEventTimeTimer(clock.endOf(slot + 1));
        }
    }

    /**
     * Sends the summary of the interval that just closed to the next level, stamped with its end T: the next
     * level's watermark passes T only after it, so that level's interval is complete when its timer fires.
     */
    private void emitClosed(long slot, long t, OnTimerContext ctx) throws Exception {
        FeatureSummary closed = level.next() == null ? null : intervals.get(slot);
        if (closed != null && !closed.isEmpty() && !closed.isOnGrid()) {
            ctx.output(SUMMARIES, FeatureObservation.summary(level.next().keyOf(ctx.getCurrentKey()), t, closed));
        }
    }

    /** Whether features of {@code k} count their current windows on a grid: numeric, frozen baseline. */
    private boolean onGrid(FeatureSummary.Kind k) {
        return k == FeatureSummary.Kind.NUMERIC && settings.numericOnGrid();
    }

    /** The reference of the current key's feature in its model version's profile, or null. */
    private ReferencesInForce.Reference referenceOf(OnTimerContext ctx) throws Exception {
        if (!settings.reference()) {
            return null;
        }
        List<String> names = GroupKey.values(ctx.getCurrentKey());
        return references.of(
                ctx.getBroadcastState(ReferencesInForce.STATE),
                GroupKey.of(List.of(names.get(0), names.get(1))),
                names.get(2));
    }

    private FeatureSummary.Kind kindOf() throws Exception {
        String k = kind.value();
        return k == null ? null : FeatureSummary.Kind.valueOf(k);
    }

    /** See the class doc: the reference period feeds only the baseline, later intervals are grid counts. */
    private void onTimerFrozenNumeric(
            long slot, long first, long timestamp, OnTimerContext ctx, Collector<PrometheusSample> out)
            throws Exception {
        long referenceEnd = first - 1 + settings.baselineSlots();
        if (slot <= referenceEnd) {
            FeatureSummary closed = intervals.get(slot);
            if (closed != null) {
                frozenBaseline.update(merge(frozenBaseline.value(), closed));
            }
            boolean later = false;
            // this interval, and any closed ones an earlier version kept after merging them into the baseline
            for (Iterator<Long> it = intervals.keys().iterator(); it.hasNext(); ) {
                if (it.next() <= slot) {
                    it.remove();
                } else {
                    later = true;
                }
            }
            if (slot == referenceEnd) {
                freeze();
            }
            if (slot < referenceEnd || later) {
                // a timer every interval until the baseline freezes, whether or not values arrive
                ctx.timerService().registerEventTimeTimer(clock.endOf(slot + 1));
            }
            return;
        }
        QuantileGrid g = grid.value();
        if (g == null) {
            g = freeze(); // restored from a version without grids, or no timer fired at the freeze
        }
        long windowStart = Math.max(slot - settings.windowSlots(), referenceEnd);
        long shortStart = shortStart(slot, windowStart);
        FeatureSummary current = null;
        FeatureSummary recent = null;
        boolean windowHoldsData = false;
        List<Map.Entry<Long, FeatureSummary>> converted = new ArrayList<>();
        for (Iterator<Map.Entry<Long, FeatureSummary>> it = intervals.iterator(); it.hasNext(); ) {
            Map.Entry<Long, FeatureSummary> e = it.next();
            long s = e.getKey();
            if (s <= windowStart) {
                it.remove();
                continue;
            }
            FeatureSummary summary = e.getValue();
            if (g != null && !summary.isOnGrid()) {
                summary = summary.toGrid(g);
                converted.add(Map.entry(s, summary));
            }
            if (s <= slot) {
                current = merge(current, summary);
                recent = s > shortStart ? mergeShort(recent, summary) : recent;
            }
            windowHoldsData = true;
        }
        for (Map.Entry<Long, FeatureSummary> e : converted) {
            intervals.put(e.getKey(), e.getValue());
        }
        if (current != null) {
            evaluate(
                    ctx.getCurrentKey(),
                    timestamp,
                    new Windows(current, windowStart, recent, shortStart),
                    new Baseline(frozenBaseline.value(), first - 1, referenceEnd, settings.fallbackKind()),
                    g,
                    out,
                    ctx);
        }
        if (windowHoldsData) {
            ctx.timerService().registerEventTimeTimer(clock.endOf(slot + 1));
        }
    }

    /** The grid of the complete frozen baseline, derived once and kept; null while there is no baseline. */
    private QuantileGrid freeze() throws Exception {
        FeatureSummary baseline = frozenBaseline.value();
        if (baseline == null || baseline.isEmpty() || baseline.isOnGrid()) {
            return null;
        }
        QuantileGrid g = QuantileGrid.of(baseline.numeric(), settings.policy().bins());
        grid.update(g);
        return g;
    }

    /** The {@code baseline} label of a reference profile. */
    private static final String REFERENCE = "reference";

    /**
     * A complete baseline, its bounds in intervals (a reference: the interval of its publication, twice)
     * and its kind (frozen, rolling, reference), or {@code summary == null} while incomplete.
     */
    private record Baseline(FeatureSummary summary, long fromSlot, long toSlot, String kind) {}

    private Baseline frozenBaseline(long slot, long first, FeatureSummary closed) throws Exception {
        long referenceEnd = first - 1 + settings.baselineSlots();
        FeatureSummary acc = frozenBaseline.value();
        if (closed != null && slot <= referenceEnd) {
            acc = merge(acc, closed);
            frozenBaseline.update(acc);
        }
        return new Baseline(slot >= referenceEnd ? acc : null, first - 1, referenceEnd, settings.fallbackKind());
    }

    private Baseline rollingBaseline(long slot, long first) throws Exception {
        int perDay = settings.slotsPerDay();
        long newestDay = Math.floorDiv(slot - settings.windowSlots(), perDay) - 1;
        long oldestDay = newestDay - settings.baselineDays() + 1;
        FeatureSummary acc = null;
        List<Long> expired = new ArrayList<>();
        for (Map.Entry<Long, FeatureSummary> e : days.entries()) {
            if (e.getKey() < oldestDay) {
                expired.add(e.getKey());
            } else if (e.getKey() <= newestDay) {
                acc = merge(acc, e.getValue());
            }
        }
        for (Long d : expired) {
            days.remove(d);
        }
        boolean complete = oldestDay >= Math.floorDiv(first - 1, perDay);
        return new Baseline(
                complete ? acc : null, oldestDay * perDay, (newestDay + 1) * perDay, settings.fallbackKind());
    }

    /**
     * The windows of one evaluation, as interval numbers {@code (start, T]}: the current one, and the short
     * one ({@code recent}: null when off or without observations; never starting before the current one).
     */
    private record Windows(FeatureSummary current, long currentStart, FeatureSummary recent, long shortStart) {}

    /** The interval after which the short window starts; {@code slot} itself (an empty window) when off. */
    private long shortStart(long slot, long windowStart) {
        return settings.shortWindowSlots() == 0 ? slot : Math.max(slot - settings.shortWindowSlots(), windowStart);
    }

    private void evaluate(
            String key,
            long t,
            Windows w,
            Baseline baseline,
            QuantileGrid g,
            Collector<PrometheusSample> out,
            OnTimerContext ctx)
            throws Exception {
        FeatureKey names = level.key(key);
        String p = settings.seriesPrefix();
        FeatureSummary current = w.current();
        out.collect(FeatureDriftSeries.samples(p, names, "current", t, current.observations()));
        if (baseline.summary() == null || baseline.summary().isEmpty()) {
            return;
        }
        List<MethodScore> scores;
        try {
            scores = score(baseline.summary(), g, current, settings.policy());
        } catch (IllegalArgumentException e) {
            incomparable.inc();
            warnings.warn(key, "feature {} not evaluated at {}: {}", names, t, e.getMessage());
            return;
        }
        evaluations.inc();
        long n = baseline.summary().observations();
        out.collect(FeatureDriftSeries.baselineSamples(p, names, baseline.kind(), t, n));
        FeatureDriftSeries.scores(p, names, scores, baseline.kind(), false, t, out);
        MethodScore alert = FeatureComparison.alertScore(scores, current.kind(), settings.policy());
        FeatureEvaluation e = FeatureEvaluation.of(
                key,
                t,
                current.kind(),
                baseline.kind(),
                new Window(clock.endOf(baseline.fromSlot()), clock.endOf(baseline.toSlot()), n),
                FeatureEvaluation.Scale.of(
                        alert,
                        ScaleResult.ksRankErrors(baseline.summary(), current),
                        current.observations(),
                        clock.endOf(w.currentStart())),
                shortScale(names, t, w, baseline, g, out));
        Boolean held = firing.value();
        if (!settings.fdr().isOff()) {
            // the verdict is the model version's (ModelVersionVerdictFunction), which owns the alert state now
            if (held != null) {
                e.firing = held;
                firing.clear();
            }
            ctx.output(EVALUATIONS, e);
            return;
        }
        boolean wasFiring = Boolean.TRUE.equals(held);
        Decision decision = FeatureDriftAlerts.decideAlone(e, wasFiring, settings);
        if (FeatureDriftAlerts.emit(p, names, e, wasFiring, decision, null, out, r -> ctx.output(EVENTS, r))) {
            firing.update(decision.transition() == Transition.FIRE);
            events.inc();
        }
    }

    /**
     * Scores the short window against the same baseline with the short window's policy and writes its
     * series ({@code window="short"}; its threshold goes with the verdict, {@link FeatureDriftAlerts}); null
     * when it is off, empty or not comparable (then the current window alone decides).
     */
    private FeatureEvaluation.Scale shortScale(
            FeatureKey names, long t, Windows w, Baseline baseline, QuantileGrid g, Collector<PrometheusSample> out) {
        FeatureSummary recent = w.recent();
        if (recent == null || recent.isEmpty()) {
            return null;
        }
        String p = settings.seriesPrefix();
        DriftPolicy policy = settings.shortPolicy();
        List<MethodScore> scores;
        try {
            scores = score(baseline.summary(), g, recent, policy);
        } catch (IllegalArgumentException e) {
            return null; // the current window, which holds these intervals, was comparable: cannot happen
        }
        out.collect(FeatureDriftSeries.samples(p, names, FeatureDriftSeries.SHORT, t, recent.observations()));
        FeatureDriftSeries.scores(p, names, scores, baseline.kind(), true, t, out);
        return FeatureEvaluation.Scale.of(
                FeatureComparison.alertScore(scores, recent.kind(), policy),
                ScaleResult.ksRankErrors(baseline.summary(), recent),
                recent.observations(),
                clock.endOf(w.shortStart()));
    }

    private static List<MethodScore> score(
            FeatureSummary baseline, QuantileGrid g, FeatureSummary window, DriftPolicy policy) {
        return window.isOnGrid()
                ? FeatureComparison.compareOnGrid(baseline, g, window, policy)
                : FeatureComparison.compare(baseline, window, policy);
    }

    /** {@code into} merged with a copy of {@code add}; a copy of {@code add} when {@code into} is null. */
    private FeatureSummary merge(FeatureSummary into, FeatureSummary add) {
        if (into == null) {
            return add.copy();
        }
        try {
            into.merge(add);
        } catch (IllegalArgumentException e) {
            // the feature changed kind or bounds between intervals: keep what is comparable
            incompatibleValues.inc(add.observations());
            if (incompatibleValues.getCount() <= 10) {
                LOG.warn("interval summary not merged: {}", e.getMessage());
            }
        }
        return into;
    }

    /** As {@link #merge}, for the short window: its intervals are the current window's, whose merge counted any misfit. */
    private static FeatureSummary mergeShort(FeatureSummary into, FeatureSummary add) {
        if (into == null) {
            return add.copy();
        }
        try {
            into.merge(add);
        } catch (IllegalArgumentException e) {
            // counted by the current window's merge
        }
        return into;
    }

    private void mergeInto(MapState<Long, FeatureSummary> map, long key, FeatureSummary add) throws Exception {
        map.put(key, merge(map.get(key), add));
    }
}
