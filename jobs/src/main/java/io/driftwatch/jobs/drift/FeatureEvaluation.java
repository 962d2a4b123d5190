package io.driftwatch.jobs.drift;

import io.driftwatch.drift.fdr.FeatureScales;
import io.driftwatch.drift.fdr.ScaleResult;
import io.driftwatch.drift.feature.AlertScale;
import io.driftwatch.drift.feature.DriftPolicy;
import io.driftwatch.drift.feature.FeatureSummary;
import io.driftwatch.drift.feature.Method;
import io.driftwatch.drift.feature.MethodScore;
import io.driftwatch.jobs.drift.FeatureDriftEvents.Window;
import io.driftwatch.jobs.pipeline.GroupKey;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * One feature's comparison at one evaluation T, everything its verdict and the verdict's series and event need:
 * what {@link FeatureDriftFunction} hands to {@link FeatureDriftAlerts} (directly, or via {@link
 * ModelVersionVerdictFunction} when {@code drift.fdr-q} is on).
 *
 * <p>A Flink POJO (public fields, no-arg constructor; {@link #shortWindow} and {@link #firing} may be null).
 */
public final class FeatureEvaluation {

    public static final TypeInformation<FeatureEvaluation> TYPE_INFO = TypeInformation.of(FeatureEvaluation.class);

    /** {@link GroupKey} of the feature's key: model_name, model_version, feature and any further key values. */
    public String key;
    /** The evaluation time T, epoch ms. */
    public long t;

    public FeatureSummary.Kind featureKind;
    /** frozen, rolling or reference. */
    public String baselineKind;

    public long baselineStartMillis;
    public long baselineEndMillis;
    public long baselineObservations;
    /** The current window. */
    public Scale current;
    /** The short window; null when it is off, empty or not comparable. */
    public Scale shortWindow;
    /**
     * The alert state an earlier version kept in {@link FeatureDriftFunction}'s state "firing", handed over once
     * (then cleared there) so that a feature firing at a savepoint stays firing under the verdict operator; null
     * otherwise.
     */
    public Boolean firing;

    public FeatureEvaluation() {}

    /** One window's alert score, observations, start (its end is T) and the summaries' KS rank errors. */
    public static final class Scale {
        public Method method;
        public double score;
        public double pValue;
        public double threshold;
        public double rankErrors;
        public long observations;
        public long startMillis;

        public Scale() {}

        static Scale of(MethodScore alert, double rankErrors, long observations, long startMillis) {
            Scale s = new Scale();
            s.method = alert.method();
            s.score = alert.score();
            s.pValue = alert.pValue();
            s.threshold = alert.threshold();
            s.rankErrors = rankErrors;
            s.observations = observations;
            s.startMillis = startMillis;
            return s;
        }

        MethodScore alert() {
            return new MethodScore(method, score, pValue, threshold);
        }
    }

    static FeatureEvaluation of(
            String key,
            long t,
            FeatureSummary.Kind featureKind,
            String baselineKind,
            Window baseline,
            Scale current,
            Scale shortWindow) {
        FeatureEvaluation e = new FeatureEvaluation();
        e.key = key;
        e.t = t;
        e.featureKind = featureKind;
        e.baselineKind = baselineKind;
        e.baselineStartMillis = baseline.startMillis();
        e.baselineEndMillis = baseline.endMillis();
        e.baselineObservations = baseline.samples();
        e.current = current;
        e.shortWindow = shortWindow;
        return e;
    }

    List<String> names() {
        return GroupKey.values(key);
    }

    /** The key of the feature's model version: (model_name, model_version). */
    static String modelVersionKey(List<String> names) {
        return GroupKey.of(names.subList(0, 2));
    }

    /** The feature's id within its model version: every key value after (model_name, model_version). */
    static String memberOf(List<String> names) {
        return GroupKey.of(names.subList(2, names.size()));
    }

    AlertScale currentScale(FeatureDriftSettings s) {
        return scale(current, s.policy());
    }

    /** The short window's scale, null without one. */
    AlertScale shortScale(FeatureDriftSettings s) {
        return shortWindow == null ? null : scale(shortWindow, s.shortPolicy());
    }

    /** Both windows as the BH family's {@link FeatureScales}. */
    FeatureScales scales(String member, boolean wasFiring, FeatureDriftSettings s) {
        return new FeatureScales(
                member,
                wasFiring,
                new ScaleResult(currentScale(s), current.rankErrors),
                shortWindow == null ? null : new ScaleResult(shortScale(s), shortWindow.rankErrors));
    }

    Window currentWindow() {
        return new Window(current.startMillis, t, current.observations);
    }

    Window shortWindowBounds() {
        return shortWindow == null ? null : new Window(shortWindow.startMillis, t, shortWindow.observations);
    }

    Window baselineWindow() {
        return new Window(baselineStartMillis, baselineEndMillis, baselineObservations);
    }

    private AlertScale scale(Scale w, DriftPolicy policy) {
        return new AlertScale(w.alert(), baselineObservations, w.observations, policy);
    }
}
