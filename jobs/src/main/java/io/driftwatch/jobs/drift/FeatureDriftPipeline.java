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
 * <p>The spans come from an {@link OtlpInput}, as the metrics do, whose handler is {@link SpanFeaturesFunction}.
 */
public final class FeatureDriftPipeline {

    /** Stable operator ids: savepoints map state by them, so they never change. */
    static final String UID_DELTA = "feature-cumulative-to-delta";

    static final String UID_SPAN_SOURCE = "otlp-spans-source";
    static final String UID_SPAN_SPLIT = "span-features";
    static final String UID_SPAN_DEAD_LETTERS = "span-dead-letter-sink";
    static final String UID_DRIFT = "feature-drift";

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
        SingleOutputStreamOperator<PrometheusSample> samples = observations
                .keyBy(o -> o.key)
                .connect(ReferenceUpdates.attach(env, config))
                .process(new FeatureDriftFunction(
                        FeatureDriftSettings.of(drift, config.output().metricPrefix())))
                .uid(UID_DRIFT)
                .name("Feature drift");
        return new Outputs(samples, samples.getSideOutput(FeatureDriftFunction.EVENTS));
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
