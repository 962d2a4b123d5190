package io.driftwatch.jobs.drift;

import io.driftwatch.connectors.events.EventRecord;
import io.driftwatch.connectors.otlp.Labels;
import io.driftwatch.connectors.otlp.MetricKind;
import io.driftwatch.connectors.otlp.MetricPoint;
import io.driftwatch.connectors.otlp.OtlpDeserializationSchema;
import io.driftwatch.connectors.remotewrite.PrometheusSample;
import io.driftwatch.jobs.config.DriftConfig;
import io.driftwatch.jobs.config.DriftwatchConfig;
import io.driftwatch.jobs.delta.SeriesDeltas;
import io.driftwatch.jobs.pipeline.GroupLabels;
import io.driftwatch.jobs.pipeline.OtlpInput;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The feature-drift analysis: feature values from histograms and from span attributes to the {@code
 * ml_feature_drift_*} series and the {@code feature_drift} events.
 *
 * <pre>
 * points ─▶ feature histograms ─▶ keyBy(series) cumulative→delta ─▶ bucket increments ─┐
 * KafkaSource(spans; decoded per partition) ─▶ values ──────────────────────────────────┼▶ keyBy(model, version, feature)
 *                                          └▶ dead letters ─▶ KafkaSink                  │   {@link FeatureDriftFunction}
 *                                                                         samples ◀──────┴─▶ events
 * </pre>
 *
 * <p>With {@code drift.fdr-q} on, the drift operator's evaluations go instead to {@link
 * ModelVersionVerdictFunction}, keyed by (model_name, model_version), which writes the verdicts and the events.
 *
 * <p>The spans come from an {@link OtlpInput}, as the metrics do, whose handler is {@link SpanFeaturesFunction}.
 */
public final class FeatureDriftPipeline {

    /** Stable operator ids: savepoints map state by them, so they never change. */
    static final String UID_DELTA = "feature-cumulative-to-delta";

    static final String UID_SPAN_SOURCE = "otlp-spans-source";
    static final String UID_SPAN_SPLIT = "span-features";
    static final String UID_SPAN_DEAD_LETTERS = "span-dead-letter-sink";
    static final String UID_DRIFT = "feature-drift";
    static final String UID_VERDICTS = "feature-drift-verdicts";

    private static final TypeInformation<FeatureObservation> OBSERVATION = TypeInformation.of(FeatureObservation.class);

    /** What the analysis produces. */
    public record Outputs(DataStream<PrometheusSample> samples, DataStream<EventRecord> events) {}

    private FeatureDriftPipeline() {}

    /** The OTLP metrics this analysis reads. */
    public static List<String> consumedMetrics(DriftwatchConfig config) {
        return List.of(config.drift().metric());
    }

    /** Adds the analysis to the job. */
    public static Outputs attach(
            StreamExecutionEnvironment env, DataStream<MetricPoint> points, DriftwatchConfig config) {
        DriftConfig drift = config.drift();
        String metric = drift.metric();
        String featureLabel = drift.featureLabel();
        DataStream<MetricPoint> histograms = points.filter(
                        p -> metric.equals(p.name()) && p.kind() == MetricKind.HISTOGRAM)
                .name("Feature histograms");
        DataStream<FeatureObservation> observations = SeriesDeltas.of(
                        histograms,
                        p -> project(p, featureLabel),
                        config.ingest().seriesStateTtl(),
                        UID_DELTA,
                        "Feature")
                .map(
                        p -> FeatureObservation.buckets(
                                FeatureObservation.keyOf(
                                        p.labels().getOrDefault("model_name", ""),
                                        p.labels().getOrDefault("model_version", ""),
                                        p.labels().getOrDefault("feature", "")),
                                p.timeMillis(),
                                p.explicitBounds(),
                                p.bucketCounts()),
                        OBSERVATION)
                .name("Bucket increments");
        if (drift.spans().enabled()) {
            observations = observations.union(spanObservations(env, config));
        }
        FeatureDriftSettings settings =
                FeatureDriftSettings.of(drift, config.output().metricPrefix());
        SingleOutputStreamOperator<PrometheusSample> samples = observations
                .keyBy(o -> o.key)
                .connect(ReferenceUpdates.attach(env, config))
                .process(new FeatureDriftFunction(settings))
                .uid(UID_DRIFT)
                .name("Feature drift");
        if (settings.fdr().isOff()) {
            return new Outputs(samples, samples.getSideOutput(FeatureDriftFunction.EVENTS));
        }
        SingleOutputStreamOperator<PrometheusSample> verdicts = attachVerdicts(samples, settings, UID_VERDICTS);
        return new Outputs(samples.union(verdicts), verdicts.getSideOutput(FeatureDriftFunction.EVENTS));
    }

    /**
     * The model versions' verdicts ({@code drift.fdr-q} on): {@link ModelVersionVerdictFunction} over the
     * evaluations {@code drift} emits, keyed by (model_name, model_version); its events are on {@link
     * FeatureDriftFunction#EVENTS}.
     */
    static SingleOutputStreamOperator<PrometheusSample> attachVerdicts(
            SingleOutputStreamOperator<PrometheusSample> drift, FeatureDriftSettings settings, String uid) {
        return drift.getSideOutput(FeatureDriftFunction.EVALUATIONS)
                .keyBy(ModelVersionVerdictFunction::keyOf)
                .process(new ModelVersionVerdictFunction(settings))
                .uid(uid)
                .name("Feature drift verdicts");
    }

    /** The point with only (model_name, model_version, feature) as labels, aliases resolved. */
    private static MetricPoint project(MetricPoint p, String featureLabel) {
        return p.toBuilder()
                .labels(Labels.of(
                        "model_name", GroupLabels.valueOf(p.labels(), "model_name"),
                        "model_version", GroupLabels.valueOf(p.labels(), "model_version"),
                        "feature", p.labels().getOrDefault(featureLabel, "")))
                .build();
    }

    /** The spans input: an {@link OtlpInput} whose handler turns span attributes into feature values. */
    private static DataStream<FeatureObservation> spanObservations(
            StreamExecutionEnvironment env, DriftwatchConfig config) {
        DriftConfig.SpanFeaturesConfig spans = config.drift().spans();
        return OtlpInput.attach(
                env,
                config,
                spans.inputs(),
                OtlpInput.decoderOptions(config).build(),
                OtlpDeserializationSchema::spans,
                new SpanFeaturesFunction(
                        new SpanFeatures(spans.attributePrefix(), spans.samplingProbabilityAttribute())),
                SpanFeaturesFunction.DEAD_LETTERS,
                new OtlpInput.Operators(
                        UID_SPAN_SOURCE,
                        "OTLP spans from Kafka",
                        UID_SPAN_SPLIT,
                        "Span feature values",
                        UID_SPAN_DEAD_LETTERS,
                        "Span dead letters to Kafka"));
    }
}
