package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.drift.fdr.FeatureScales;
import io.driftwatch.drift.fdr.FeatureVerdict.Rule;
import io.driftwatch.drift.fdr.MultiScaleVerdicts;
import io.driftwatch.drift.fdr.MultiScaleVerdicts.Verdict;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The drift verdicts of a model version's features, decided together ({@link MultiScaleVerdicts}: BH across the
 * (feature, window) p-values at {@code drift.fdr-q}), keyed by (model_name, model_version).
 *
 * <p>{@link FeatureDriftFunction} emits each feature's {@link FeatureEvaluation} of evaluation T from its timer at
 * T, so stamped T and before its watermark passes T; this operator's watermark passes T only once every upstream
 * instance has, so when its timer at T fires every evaluation of T is here (state "pending", keyed by T and
 * feature, since the records of T and T + I may both arrive before either timer). It then decides them in the
 * order of their feature ids (same input, same output), keeps the alert state per feature (state "firing", only
 * true entries) and writes what {@link FeatureDriftAlerts} writes.
 */
public final class ModelVersionVerdictFunction
        extends KeyedProcessFunction<String, FeatureEvaluation, PrometheusSample> {

    private static final long serialVersionUID = 1L;

    private final FeatureDriftSettings settings;
    private final FeatureLevel level;

    private transient MapState<String, FeatureEvaluation> pending;
    private transient MapState<String, Boolean> firing;
    private transient Counter events;

    /**
     * @param settings the feature-drift settings, with {@link FeatureDriftSettings#fdr()} on
     * @param level the drift level whose evaluations this operator decides
     */
    ModelVersionVerdictFunction(FeatureDriftSettings settings, FeatureLevel level) {
        if (settings.fdr().isOff()) {
            throw new IllegalArgumentException("the model version's verdicts need drift.fdr-q on");
        }
        this.settings = settings;
        this.level = level;
    }

    @Override
    public void open(OpenContext openContext) {
        pending = getRuntimeContext()
                .getMapState(new MapStateDescriptor<>("pending", Types.STRING, FeatureEvaluation.TYPE_INFO));
        firing = getRuntimeContext().getMapState(new MapStateDescriptor<>("firing", Types.STRING, Types.BOOLEAN));
        events = getRuntimeContext()
                .getMetricGroup()
                .addGroup("driftwatch")
                .addGroup("drift")
                .counter("events");
    }

    /** The key of the verdict operator: the (model_name, model_version) of an evaluation. */
    static String keyOf(FeatureEvaluation e) {
        return FeatureEvaluation.modelVersionKey(e.names());
    }

    @Override
    public void processElement(FeatureEvaluation e, Context ctx, Collector<PrometheusSample> out) throws Exception {
        pending.put(e.t + "/" + FeatureEvaluation.memberOf(e.names()), e);
        ctx.timerService().registerEventTimeTimer(e.t);
    }

    @Override
    public void onTimer(long t, OnTimerContext ctx, Collector<PrometheusSample> out) throws Exception {
        List<FeatureEvaluation> due = new ArrayList<>();
        for (Iterator<Map.Entry<String, FeatureEvaluation>> it = pending.iterator(); it.hasNext(); ) {
            FeatureEvaluation e = it.next().getValue();
            if (e.t == t) {
                due.add(e);
                it.remove();
            }
        }
        due.sort(Comparator.comparing(e -> e.key));
        List<FeatureScales> family = new ArrayList<>(due.size());
        for (FeatureEvaluation e : due) {
            String member = FeatureEvaluation.memberOf(e.names());
            Boolean held = firing.get(member);
            boolean wasFiring = held != null ? held : Boolean.TRUE.equals(e.firing); // e.firing: handed over once
            family.add(e.scales(member, wasFiring, settings));
        }
        List<Verdict> verdicts = MultiScaleVerdicts.decide(family, settings.fdr());
        for (int i = 0; i < due.size(); i++) {
            FeatureEvaluation e = due.get(i);
            Verdict v = verdicts.get(i);
            FeatureScales f = family.get(i);
            String rule = v.rule() == Rule.FDR ? "fdr" : "threshold";
            FeatureDriftEvents.Fdr fdr =
                    new FeatureDriftEvents.Fdr(v.adjusted(v.decision().window()), rule);
            if (FeatureDriftAlerts.emit(
                    settings.seriesPrefix(),
                    level.key(e.key),
                    e,
                    f.firing(),
                    v.decision(),
                    fdr,
                    out,
                    r -> ctx.output(FeatureDriftFunction.EVENTS, r))) {
                events.inc();
            }
            if (v.firing()) {
                firing.put(f.feature(), true);
            } else if (f.firing()) {
                firing.remove(f.feature());
            }
        }
    }
}
